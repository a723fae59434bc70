import KejinCore

/// A panel on the selected row of a detail list listing every field, label and value, in as
/// many columns as fit: columns the table dropped for width are still readable here.
enum DetailCard {
    static func panel(_ row: DetailRow, _ d: DetailRows, width: Int, context c: RenderContext) -> DetailPanel {
        typealias P = DetailPanel
        // Every column but the name, which is the card's title.
        let entries = DetailList.columns(d).dropFirst().map { column -> (String, String, Role) in
            let (text, role) = plain(column.cell(row, c), c)
            return (column.title.map(c.t) ?? "", text, role)
        }
        let labelWidth = entries.map { DisplayWidth.of($0.0) }.max() ?? 0
        let valueWidth = entries.map { DisplayWidth.of($0.1) }.max() ?? 0
        let cellWidth = labelWidth + 1 + valueWidth + 3
        let columns = max(1, (width - 4) / max(1, cellWidth))
        var lines: [[P.Segment]] = []
        var start = 0
        while start < entries.count {
            let slice = entries[start..<min(entries.count, start + columns)]
            start += slice.count
            var line: [P.Segment] = []
            for (i, e) in slice.enumerated() {
                if i > 0 { line.append(P.gap()) }
                line.append(P.label(e.0, width: labelWidth))
                line.append((DisplayWidth.pad(e.1, to: valueWidth, alignRight: true), CellStyle(e.2, bold: e.2 == .value)))
            }
            lines.append(line)
        }
        let code = row.code != row.name.zh && !row.code.isEmpty ? row.code : ""
        return DetailPanel(title: c.name(row.name), titleRight: code, lines: lines)
    }

    /// A table cell as text and role.
    static func plain(_ cell: TableCell, _ c: RenderContext) -> (String, Role) {
        switch cell {
        case .text(let s, let role, _), .flagged(let s, let role, _): return (s, role)
        case .sparkline(let v): return (Sparkline.text(v, width: v.count, glyphs: c.glyphs), .sparkline)
        case .gauge(_, let label, _): return (label, .normal)
        case .empty: return ("", .normal)
        }
    }
}
