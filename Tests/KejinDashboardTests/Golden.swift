import Foundation
import Testing

/// Golden files: a rendered screen as plain text in `Golden/<name>.txt`, beside this file.
/// `KEJIN_UPDATE_GOLDEN=1 swift test` writes them; otherwise a difference fails the test with
/// the differing lines.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["KEJIN_UPDATE_GOLDEN"] == "1" {
            try? (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let data = try? Data(contentsOf: url), let stored = String(data: data, encoding: .utf8) else {
            Issue.record("missing golden \(name).txt; run with KEJIN_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
        guard expected != actual else { return }
        Issue.record(Comment(rawValue: "golden \(name).txt differs:\n" + diff(expected, actual)), sourceLocation: sourceLocation)
    }

    /// The differing lines, numbered, expected then actual.
    static func diff(_ expected: String, _ actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let l = i < e.count ? e[i] : "<none>", r = i < a.count ? a[i] : "<none>"
            if l != r { out.append("line \(i + 1)\n  - \(l)\n  + \(r)") }
        }
        return out.joined(separator: "\n")
    }
}
