import ArgumentParser
import KejinCore
import KejinStore

/// `--region CODE` on dashboard, report and alerts: the figures of one region and the regions
/// within it (regions.csv; default the whole store). `--region-root CODE` (hidden; `kejin serve`
/// passes it for a key with `region=CODE`) restricts the viewer to that region and its children:
/// `--region` must lie within it and defaults to it.
struct RegionOptions: ParsableArguments {
    @Option(help: "Region code from regions.csv: its figures and those of the regions within it (default: the whole store).")
    var region: String?
    @Option(help: .hidden) var regionRoot: String?

    /// The region to show (nil: the whole store), checked against the store's regions.
    func select(_ store: FigureSource) throws -> String? {
        guard let code = region ?? regionRoot else { return nil }
        let tree = try store.regionTree()
        for c in [regionRoot, code].compactMap({ $0 }) where tree[c] == nil {
            let known = tree.regions.map(\.code)
            throw CLIError("--region \(c): no such region in the store"
                           + (known.isEmpty ? " (it has no regions)" : "; regions: " + known.prefix(20).joined(separator: ", ")
                              + (known.count > 20 ? " …" : "")))
        }
        if let root = regionRoot, !tree.contains(root, code) {
            throw CLIError("--region \(code): outside \(root), the region this viewer may see")
        }
        return code
    }
}
