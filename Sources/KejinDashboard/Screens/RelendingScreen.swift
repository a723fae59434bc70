import KejinCore

/// Re-lending: one row per tool (quota, drawn, usage, maturities), and a panel on the
/// selected tool with its ledger loans and maturity ladder.
enum RelendingScreen {
    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        let tools = f.relendingTools
        let cursor = c.cursor(rows: tools.count)
        let detail = tools.isEmpty ? nil : panel(tools[cursor.selected], context: c, width: area.width)
        let tableWanted = tools.count + 3
        let panelHeight = detail.map { area.height - $0.height >= min(tableWanted, 6) ? $0.height : 0 } ?? 0
        let tableHeight = panelHeight > 0 ? min(tableWanted, area.height - panelHeight) : area.height
        let (tableRect, rest) = area.takeTop(tableHeight)
        let visible = Table.visibleRows(height: tableRect.height - 2)
        c.list = (tools.count, visible)

        let inner = Box.draw(into: &grid, tableRect, title: c.t(.relendingTitle), titleRight: c.t(.keyRowsHint),
                             footer: tools.isEmpty ? "" : "\(cursor.selected + 1)/\(tools.count)",
                             glyphs: c.glyphs, focused: true)
        if tools.isEmpty {
            grid.put(" " + c.t(.noRows), x: inner.x, y: inner.y, style: CellStyle(.label))
        } else {
            table(f, cursor: cursor, width: area.width, context: c)
                .draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
        }
        guard let d = detail, panelHeight > 0 else { return }
        let (panelRect, alertsRect) = rest.takeTop(d.height)
        d.draw(into: &grid, panelRect, glyphs: c.glyphs)
        // Leftover room lists this screen's alerts.
        let mine = c.input.alerts.filter { [.relendingUsage, .rolloverExhausted].contains($0.measure) }
        if alertsRect.height >= 3 {
            AlertList.draw(into: &grid, alertsRect, mine, context: c)
        }
    }

    static func table(_ f: Figures, cursor: RowCursor, width: Int, context c: RenderContext) -> Table {
        let columns = [
            TableColumn(c.t(.colTool), minWidth: 12, priority: 100),
            TableColumn(c.t(.colQuota), .right, priority: 85),
            TableColumn(c.t(.colDrawn), .right, priority: 90),
            // The usage bar shows when the screen is wide enough to keep it with the other columns.
            TableColumn(c.t(.colUsage), .right, minWidth: width >= 110 ? 20 : 9, maxWidth: 40, priority: 95, fills: true),
            TableColumn(c.t(.colRate), .right, priority: 70),
            TableColumn(c.t(.colLedger), .right, priority: 50),
            TableColumn(c.t(.colLedgerCount), .right, priority: 45),
            TableColumn(c.t(.colDue30), .right, priority: 60),
            TableColumn(c.t(.colDue60), .right, priority: 40),
            TableColumn(c.t(.colDue90), .right, priority: 35),
            TableColumn(c.t(.colRollover), .right, priority: 80),
        ]
        let rows = f.relendingTools.map { t -> [TableCell] in
            let severity = c.alert(.relendingUsage, t.code)
            let rollover = t.rolloverExhaustedDue30
            return [
                .text(c.name(t.name), .normal, bold: true),
                .text(c.money(t.quota)),
                .text(c.money(t.drawn), .value),
                .gauge(t.usage ?? BasisPoints(0), label: t.usage.map(Format.percent) ?? "-", severity),
                .text(t.rate.map(Format.percent) ?? "-"),
                .text(c.money(t.ledgerLoanBalance)),
                .text(c.count(t.ledgerLoans)),
                .text(c.money(t.due30)),
                .text(c.money(t.due60)),
                .text(c.money(t.due90)),
                .flagged(c.count(rollover), rollover > 0 ? .critical : .label, c.alert(.rolloverExhausted, t.code)),
            ]
        }
        return Table(columns: columns, rows: rows, selected: cursor.selected, scroll: cursor.scroll, glyphs: c.glyphs)
    }

    static func panel(_ t: RelendingToolFigures, context c: RenderContext, width: Int) -> DetailPanel {
        typealias P = DetailPanel
        let labels: [Str] = [.quota, .usage, .ledgerLoans, .maturities]
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        let severity = c.alert(.relendingUsage, t.code)
        let usageRole = severity.map(RenderContext.role) ?? .value
        let barWidth = max(10, min(40, width - lw - 40))
        var lines: [[P.Segment]] = []
        lines.append([P.label(c.t(.quota), width: lw), P.value(c.amount(t.quota).padding(12)), P.gap(),
                      (c.t(.drawn) + " ", CellStyle(.label)), P.value(c.amount(t.drawn).padding(12)), P.gap(),
                      (c.t(.rate) + " ", CellStyle(.label)), P.plain(t.rate.map(Format.percent) ?? "-")])
        if let u = t.usage {
            lines.append([P.label(c.t(.usage), width: lw), (Gauge.bar(u, width: barWidth, glyphs: c.glyphs), CellStyle(.gauge)),
                          P.gap(1), P.value(Format.percent(u) + (severity.map { " " + RenderContext.marker($0) } ?? ""), usageRole)])
        }
        var ledger = [P.label(c.t(.ledgerLoans), width: lw), P.value(c.amount(t.ledgerLoanBalance).padding(12)), P.gap(),
                      P.plain(Format.count(t.ledgerLoans, unit: .loansUnit, c.language))]
        if let share = BasisPoints.ratio(t.drawn.fen, t.ledgerLoanBalance.fen) {
            ledger += [P.gap(), (c.t(.refinancedShare) + " ", CellStyle(.label)), P.plain(Format.percent(share))]
        }
        lines.append(ledger)
        // The maturity ladder, each bar against the amount drawn.
        let ladder: [(Str, Money)] = [(.within30, t.due30), (.within60, t.due60), (.within90, t.due90)]
        for (i, (label, due)) in ladder.enumerated() {
            let ratio = BasisPoints.ratio(due.fen, t.drawn.fen) ?? BasisPoints(0)
            var line = [P.label(i == 0 ? c.t(.maturities) : "", width: lw), (c.t(label) + " ", CellStyle(.label)),
                        (Gauge.bar(ratio, width: max(10, barWidth - 8), glyphs: c.glyphs), CellStyle(.gauge)),
                        P.gap(1), P.value(c.amount(due), .normal)]
            if i == 0, t.rolloverExhaustedDue30 > 0 {
                line += [P.gap(2), ("!! " + c.t(.rolloverExhausted) + " "
                                    + Format.count(t.rolloverExhaustedDue30, unit: .loansUnit, c.language),
                                    CellStyle(.critical, bold: true))]
            }
            lines.append(line)
        }
        return DetailPanel(title: c.name(t.name), lines: lines)
    }
}
