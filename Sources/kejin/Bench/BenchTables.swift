import Foundation

/// The ≤ 20 ms target of every screen switch, drill-down level and period move.
let screenTargetMs = 20.0

extension BenchReport {
    /// A row per screen and drill-down level: switching to it (or opening it) and a period
    /// move on it, each key → finished frame, median / min / max, against ≤ 20 ms.
    func screenTable(_ s: BenchMeasurements.Screens) -> String {
        func mmm(_ st: Stat) -> String { "\(fmt(st.median)) / \(fmt(st.min)) / \(fmt(st.max))" }
        // On a server: the statements a period move sends and the answers it waits for.
        let counted = s.screens.contains { $0.statementsPerMove != nil }
        let header = ["per screen (key → frame, ms)", "switch or open", "period move"] + (counted ? ["stmts / waits"] : [])
            + ["target", ""]
        let rows = s.screens.map { t in
            [t.name, mmm(t.openMs), mmm(t.periodMoveMs)]
                + (counted ? ["\(fmt(t.statementsPerMove ?? 0)) / \(fmt(t.waitsPerMove ?? 0))"] : [])
                + ["≤ \(fmt(screenTargetMs)) ms", t.worstMedian <= screenTargetMs ? "OK" : "MISS"]
        }
        return textTable([header] + rows, rightAligned: counted ? [1, 2, 3] : [1, 2]) + "(median / min / max over \(runs) runs)\n"
    }
}

/// Columns padded to their widest cell (display width: CJK names count two), a rule under the
/// header, trailing spaces trimmed.
func textTable(_ rows: [[String]], rightAligned: Set<Int>) -> String {
    func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && $1.properties.isIdeographic ? 2 : 1) } }
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? width($0[c]) : 0 }.max() ?? 0 }
    var out = ""
    for (i, r) in rows.enumerated() {
        let cells = r.enumerated().map { c, s in
            let pad = String(repeating: " ", count: widths[c] - width(s))
            return rightAligned.contains(c) ? pad + s : s + pad
        }
        out += cells.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        if i == 0 { out += String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) + "\n" }
    }
    return out
}
