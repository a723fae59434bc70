import KejinCore

/// Reporting (报送情况): who has delivered for the shown period — rows, time (UTC), import
/// log entry — and, beside it, whether each reporter delivered in the periods before.
/// A provisional period lists its missing reporters first. Enter on a reporter opens the
/// import log entries behind its delivery for the period (`[` `]` move the period).
enum ReportingScreen {
    static let spec = ScreenSpec(title: .screenReporting, content: .figures(draw), table: table.erased)

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        let rows = c.shown(ordered(f.reporting))
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
        let view = c.state.listView(.reporting)
        let note = view.filter.isEmpty && view.sort == nil ? "" : c.figureListNote
        box.draw(into: &grid, title: title, titleRight: note, empty: c.t(.noRows), context: &c) { c in
            table(rows, history: f.reportingHistory, sort: view.sort, width: area.width, context: c)
        }
    }

    /// Missing reporters first, then by code and file.
    static func ordered(_ r: PeriodReporting?) -> [ReporterStatus] {
        (r?.reporters ?? []).sorted {
            ($0.delivery == nil ? 0 : 1, $0.code, $0.entity) < ($1.delivery == nil ? 0 : 1, $1.code, $1.entity)
        }
    }

    typealias C = Column<ReporterStatus>

    /// The reporters' table (filter, sort, Enter); the earlier periods' marks follow it.
    static let table = FigureTable<ReporterStatus>(
        rows: { ordered($0.reporting) }, code: \.code, name: \.name,
        columns: { width in [
            // A guarantor's or a bank's draws file is named before the reporter; a bank's ledger
            // is the default. A wide screen shows whole names ("再贷款提款 · 汉阴农商银行").
            C(.colReporter, minWidth: 14, maxWidth: width >= Layout.wideReporterNames ? 48 : 30, priority: 100,
              cell: { r, c in .text(label(r, c.language), .normal) },
              sort: { r, l in .text(label(r, l)) }, filter: { $0.name.both + [$0.entity] }),
            C(.colDeliveryStatus, priority: 90,
              cell: { r, c in r.delivery == nil ? .flagged(c.t(.notDelivered), .warning, .warning) : .text(c.t(.delivered), .up) },
              sort: { r, _ in .number(r.delivery == nil ? 0 : 1) }),
            C(.colRows, .right, priority: 80,
              cell: { r, c in r.delivery.map { .text(c.count($0.rows)) } ?? .text("-", .label) },
              sort: { r, _ in r.delivery.map { .count($0.rows) } ?? .missing }),
            C(.colDeliveredAt, priority: 60,
              cell: { r, _ in .text(r.delivery?.at ?? "-", .label) },
              sort: { r, _ in r.delivery?.at.map { .text($0) } ?? .missing }),
            C(.colImportID, .right, priority: 40,
              cell: { r, _ in .text(r.delivery?.importID.map { "\($0)" } ?? "-", .label) },
              sort: { r, _ in r.delivery?.importID.map { .number($0) } ?? .missing }),
        ] },
        open: { .deliveries(reporter: $0.code) })

    /// "担保业务 · 安康市融资担保" for a file other than a bank's ledger (the file first, so a
    /// narrow column still tells a bank's draws from its ledger).
    static func label(_ r: ReporterStatus, _ l: Language) -> String {
        r.entity == ReportedFile.loanBalances.rawValue ? r.name.text(l) : ReportingText.file(r.entity).text(l) + " · " + r.name.text(l)
    }

    static func table(_ rows: [ReporterStatus], history: [PeriodReporting], sort: DetailSort?, width: Int,
                      context c: RenderContext) -> Table {
        let own = table.columns(width)
        var columns = own.enumerated().map { i, column in column.tableColumn(c, mark: DrillScreen.sortMark(sort, column: i, context: c)) }
        // One narrow column per earlier period, titled by its month ("05"); newest kept longest.
        for (i, h) in history.enumerated() {
            let m = h.period.month
            columns.append(TableColumn(m < 10 ? "0\(m)" : "\(m)", priority: 20 + i))
        }
        let cells = rows.map { r -> [TableCell] in
            var line = own.map { $0.cell(r, c) }
            for h in history {
                let status = h.reporters.first { $0.code == r.code && $0.entity == r.entity }
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
