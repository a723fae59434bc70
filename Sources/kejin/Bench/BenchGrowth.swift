import Foundation

/// `kejin bench --sizes a,b,c`: one table with a column per size. What a viewer does must stay
/// flat as the store grows (within 1.5× from the smallest size to the largest), while import
/// time grows in proportion to the rows.
struct BenchGrowth: Encodable {
    var reports: [BenchReport]

    /// The largest allowed ratio, largest size over smallest, of a flat measure.
    static let flatness = 1.5

    struct Row: Encodable {
        var name: String
        var unit: String
        /// One value per size (median), in the order of `reports`.
        var values: [Double]
        /// Checked for flatness (≤ 1.5× from the smallest size to the largest).
        var flat: Bool
        /// Largest size's value over the smallest's; whether a flat measure kept within 1.5×.
        var ratio: Double?
        var ok: Bool?

        init(name: String, unit: String, values: [Double], flat: Bool) {
            self.name = name; self.unit = unit; self.values = values; self.flat = flat
            ratio = values.count > 1 && values[0] > 0 ? values[values.count - 1] / values[0] : nil
            ok = flat ? ratio.map { $0 <= BenchGrowth.flatness } : nil
        }
    }

    var rows: [Row] {
        func row(_ name: String, _ unit: String, flat: Bool = false, _ value: (BenchReport) -> Double?) -> Row {
            Row(name: name, unit: unit, values: reports.map { value($0) ?? .nan }, flat: flat)
        }
        let worstOpen = { (r: BenchReport) in r.screens?.screens.map(\.openMs.median).max() }
        let worstMove = { (r: BenchReport) in r.screens?.screens.map(\.periodMoveMs.median).max() }
        return [
            row("first frame from spawn", "ms", flat: true) { $0.coldStart?.firstFrameFromSpawnMs.median },
            row("refresh after a commit", "ms", flat: true) { $0.refresh?.refreshMs.median },
            row("screen switch, slowest screen", "ms", flat: true, worstOpen),
            row("period move, slowest screen", "ms", flat: true, worstMove),
            row("viewer peak memory", "MiB", flat: true) { $0.coldStart.map { $0.peakMemoryKiB.median / 1024 } },
            row("import loans", "rows/s") { $0.importing?.loansPerSecond },
            row("import balances (median month)", "rows/s") { $0.importing.map { Stat($0.balanceRowsPerSecond).median } },
            row("import time, all files", "s") { $0.importing?.overallSeconds },
            row("store size", "MiB") { Double($0.storeBytes) / 1_048_576 },
        ]
    }

    func table() -> String {
        guard let first = reports.first, let last = reports.last else { return "" }
        var out = "kejin bench --sizes: \(reports.map { String($0.loans) }.joined(separator: ", ")) loans × \(first.months) months, "
            + "\(first.runs) runs, \(first.machine.build) build, \(first.machine.cores) cores\n\n"
        let header = ["measure (median)", "unit"] + reports.map { "\($0.loans)" } + ["\(last.loans)/\(first.loans)", "flat ≤ 1.5×", ""]
        let body = rows.map { r in
            [r.name, r.unit] + r.values.map(fmt) + [r.ratio.map { fmt($0) + "×" } ?? "-", r.flat ? "checked" : "",
                                                     r.ok.map { $0 ? "OK" : "MISS" } ?? ""]
        }
        out += textTable([header] + body, rightAligned: Set(2..<(header.count - 2)))
        let growth = Double(last.loans) / Double(first.loans)
        out += "\nsizes grow \(fmt(growth))×; import time should grow about as much (linear), the flat rows at most 1.5×.\n"
        let missed = rows.filter { $0.ok == false }.count
        out += missed == 0 ? "flat: all OK\n" : "flat: \(missed) measure(s) grew more than 1.5×\n"
        return out
    }

    func json() throws -> String {
        struct Document: Encodable { var growth: [Row]; var sizes: [BenchReport] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(Document(growth: rows, sizes: reports)), as: UTF8.self)
    }
}
