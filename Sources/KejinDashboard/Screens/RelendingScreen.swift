import KejinCore

/// Re-lending: one row per tool (quota, drawn, usage, maturities), and a panel on the
/// selected tool with its ledger loans and maturity ladder.
enum RelendingScreen {
    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        // The tools as shown (filtered, sorted); the selection indexes these.
        let tools = c.shown(f.relendingTools)
        let cursor = c.cursor(rows: tools.count)
        if drawAllPanels(f, into: &grid, area, cursor: cursor, context: &c) { return }
        let detail = tools.isEmpty ? nil : panel(tools[cursor.selected], context: c, width: area.width)
        let tableWanted = tools.count + 3
        let panelHeight = detail.map { area.height - $0.height >= min(tableWanted, 6) ? $0.height : 0 } ?? 0
        let tableHeight = panelHeight > 0 ? min(tableWanted, area.height - panelHeight) : area.height
        let (tableRect, rest) = area.takeTop(tableHeight)
        let visible = Table.visibleRows(height: tableRect.height - 2)
        c.list = (tools.count, visible)
        c.listTop = tableRect.y + 2
        c.listStart = Table.windowStart(selected: cursor.selected, scroll: cursor.scroll, visible: visible, count: tools.count)

        let inner = Box.draw(into: &grid, tableRect, title: c.t(.relendingTitle), titleRight: c.figureListNote,
                             footer: tools.isEmpty ? "" : "\(cursor.selected + 1)/\(tools.count)",
                             glyphs: c.glyphs, focused: true)
        if tools.isEmpty {
            grid.put(" " + c.t(f.relendingTools.isEmpty ? .noRows : .noMatches), x: inner.x, y: inner.y, style: CellStyle(.label))
        } else {
            table(tools, cursor: cursor, width: area.width, context: c)
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

    /// On a large screen every tool gets its panel, two across, the selected one emphasised.
    /// Returns false when they do not fit.
    static func drawAllPanels(_ f: Figures, into grid: inout CellGrid, _ area: Rect, cursor: RowCursor,
                              context c: inout RenderContext) -> Bool {
        let tools = c.shown(f.relendingTools)
        guard area.width >= 110, tools.count > 1 else { return false }
        let half = area.width / 2
        let panels = tools.map { panel($0, context: c, width: half) }
        let panelHeight = panels.map(\.height).max() ?? 0
        let panelRows = (tools.count + 1) / 2
        let tableHeight = tools.count + 3
        let mine = c.input.alerts.filter { [.relendingUsage, .rolloverExhausted].contains($0.measure) }
        let alertsHeight = min(max(1, mine.count), 5) + 2
        guard tableHeight + panelRows * panelHeight + alertsHeight <= area.height else { return false }

        let (tableRect, rest) = area.takeTop(tableHeight)
        c.list = (tools.count, tools.count)
        c.listTop = tableRect.y + 2
        let inner = Box.draw(into: &grid, tableRect, title: c.t(.relendingTitle), titleRight: c.figureListNote,
                             footer: "\(cursor.selected + 1)/\(tools.count)", glyphs: c.glyphs, focused: true)
        table(tools, cursor: cursor, width: area.width, context: c)
            .draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
        let (allPanels, alertsRect) = rest.takeTop(panelRows * panelHeight)
        var panelsRect = allPanels
        for row in 0..<panelRows {
            let (rowRect, below) = panelsRect.takeTop(panelHeight)
            panelsRect = below
            for (column, rect) in rowRect.columns(2).enumerated() where row * 2 + column < tools.count {
                let i = row * 2 + column
                panels[i].draw(into: &grid, rect, glyphs: c.glyphs, focused: i == cursor.selected)
            }
        }
        if alertsRect.height >= 3 { AlertList.draw(into: &grid, alertsRect, mine, context: c) }
        return true
    }

    static func table(_ tools: [RelendingToolFigures], cursor: RowCursor, width: Int, context c: RenderContext) -> Table {
        let columns = c.marked([
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
        ])
        let rows = tools.map { t -> [TableCell] in
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
        let labels: [Str] = [.quota, .usage, .ledgerLoans, .maturities, .rollovers]
        // Amounts line up in a column as wide as the widest of them.
        let amountWidth = [t.quota, t.ledgerLoanBalance].map { DisplayWidth.of(c.amount($0)) }.max()!
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        let severity = c.alert(.relendingUsage, t.code)
        let usageRole = severity.map(RenderContext.role) ?? .value
        let barWidth = max(10, min(40, width - lw - 16))
        let ladderWidth = max(10, min(32, width - lw - 44))
        var lines: [[P.Segment]] = []
        lines.append([P.label(c.t(.quota), width: lw), P.value(c.amount(t.quota).padding(amountWidth)), P.gap(),
                      (c.t(.drawn) + " ", CellStyle(.label)), P.value(c.amount(t.drawn).padding(amountWidth)), P.gap(),
                      (c.t(.rate) + " ", CellStyle(.label)), P.plain(t.rate.map(Format.percent) ?? "-")])
        if let u = t.usage {
            lines.append([P.label(c.t(.usage), width: lw), (Gauge.bar(u, width: barWidth, glyphs: c.glyphs), CellStyle(.gauge)),
                          P.gap(1), P.value(Format.percent(u) + (severity.map { " " + RenderContext.marker($0) } ?? ""), usageRole)])
        }
        var ledger = [P.label(c.t(.ledgerLoans), width: lw), P.value(c.amount(t.ledgerLoanBalance).padding(amountWidth)), P.gap(),
                      P.plain(Format.count(t.ledgerLoans, unit: .loansUnit, c.language).padding(amountWidth))]
        if let share = BasisPoints.ratio(t.drawn.fen, t.ledgerLoanBalance.fen) {
            ledger += [P.gap(), (c.t(.refinancedShare) + " ", CellStyle(.label)), P.plain(Format.percent(share))]
        }
        lines.append(ledger)
        // The maturity ladder, each bar against the amount drawn.
        let ladder: [(Str, Money)] = [(.within30, t.due30), (.within60, t.due60), (.within90, t.due90)]
        for (i, (label, due)) in ladder.enumerated() {
            let ratio = BasisPoints.ratio(due.fen, t.drawn.fen) ?? BasisPoints(0)
            let line = [P.label(i == 0 ? c.t(.maturities) : "", width: lw), (c.t(label) + " ", CellStyle(.label)),
                        (Gauge.bar(ratio, width: ladderWidth, glyphs: c.glyphs), CellStyle(.gauge)),
                        P.gap(1), P.value(c.amount(due), .normal)]
            lines.append(line)
        }
        if t.rolloverExhaustedDue30 > 0 {
            let count = Format.count(t.rolloverExhaustedDue30, unit: .loansUnit, c.language)
            lines.append([P.label(c.t(.rollovers), width: lw),
                          ("!! " + count + (c.language == .zh ? "" : ": ") + c.t(.rolloverExhausted), CellStyle(.critical, bold: true))])
        }
        return DetailPanel(title: c.name(t.name), lines: lines)
    }
}
