import KejinCore

/// Reporting (报送情况): who has delivered for the shown period — rows, time (UTC), import
/// log entry — and, beside it, whether each reporter delivered in the periods before.
/// A provisional period lists its missing reporters first.
enum ReportingScreen {
    static let spec = ScreenSpec(title: .screenReporting, content: .figures(draw))

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        let rows = ordered(f.reporting)
        let cursor = c.cursor(rows: rows.count)
        // The period's revision history under the reporters, when it has any and there is room.
        var listRect = area
        let historyHeight = min(f.revisions.count + 2, area.height - max(rows.count + ListBox.chrome, Layout.minimumTable))
        if !f.revisions.isEmpty, historyHeight >= 3 {
            let (top, bottom) = area.takeTop(area.height - historyHeight)
            listRect = top
            let inner = Box.draw(into: &grid, bottom, title: c.t(.revisionsTitle), titleRight: "\(f.revisions.count)",
                                 footer: "", glyphs: c.glyphs)
            // Newest first: the latest change is what a supervisor is asked about.
            for (i, r) in f.revisions.reversed().prefix(inner.height).enumerated() {
                grid.put(" " + RevisionReport.line(r, c.language), x: inner.x, y: inner.y + i, style: CellStyle(.normal), maxWidth: inner.width)
            }
        }
        let box = ListBox(listRect, rows: rows.count, cursor: cursor)
        let title = f.reporting.map { ReportingText.line($0, c.language) } ?? c.t(.reportingTitle)
        box.draw(into: &grid, title: title, titleRight: "", empty: c.t(.noRows), context: &c) { c in
            table(rows, history: f.reportingHistory, width: area.width, context: c)
        }
    }

    /// Missing reporters first, then by code.
    static func ordered(_ r: PeriodReporting?) -> [ReporterStatus] {
        (r?.reporters ?? []).sorted { ($0.delivery == nil ? 0 : 1, $0.code) < ($1.delivery == nil ? 0 : 1, $1.code) }
    }

    static func table(_ rows: [ReporterStatus], history: [PeriodReporting], width: Int, context c: RenderContext) -> Table {
        var columns = [TableColumn(c.t(.colReporter), minWidth: 14, maxWidth: 30, priority: 100),
                       TableColumn(c.t(.colDeliveryStatus), priority: 90),
                       TableColumn(c.t(.colRows), .right, priority: 80),
                       TableColumn(c.t(.colDeliveredAt), priority: 60),
                       TableColumn(c.t(.colImportID), .right, priority: 40)]
        // One narrow column per earlier period, titled by its month ("05"); newest kept longest.
        for (i, h) in history.enumerated() {
            let m = h.period.month
            columns.append(TableColumn(m < 10 ? "0\(m)" : "\(m)", priority: 20 + i))
        }
        let cells = rows.map { r -> [TableCell] in
            var line: [TableCell] = [.text(c.name(r.name))]
            if let d = r.delivery {
                line += [.text(c.t(.delivered), .up), .text(c.count(d.rows)), .text(d.at ?? "-", .label),
                         .text(d.importID.map { "\($0)" } ?? "-", .label)]
            } else {
                line += [.flagged(c.t(.notDelivered), .warning, .warning), .text("-", .label), .text("-", .label), .text("-", .label)]
            }
            for h in history {
                let status = h.reporters.first { $0.code == r.code }
                line.append(status == nil ? .text("-", .label) : status?.delivery != nil ? .text(mark(true, c)) : .text(mark(false, c), .warning))
            }
            return line
        }
        return Table(columns: columns, rows: cells, glyphs: c.glyphs)
    }

    private static func mark(_ delivered: Bool, _ c: RenderContext) -> String {
        delivered ? (c.ascii ? "y" : "✓") : (c.ascii ? "x" : "✗")
    }
}
