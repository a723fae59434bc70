import KejinCore

/// Re-lending: one row per tool (quota, drawn, usage, maturities), and a panel on the
/// selected tool with its ledger loans and maturity ladder.
enum RelendingScreen {
    static let spec = ScreenSpec(title: .screenRelending, content: .figures(draw), table: table.erased)

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        // The tools as shown (filtered, sorted); the selection indexes these.
        let tools = c.shown(f.relendingTools)
        let cursor = c.cursor(rows: tools.count)
        if drawAllPanels(f, into: &grid, area, cursor: cursor, context: &c) { return }
        let detail = tools.isEmpty ? nil : panel(tools[cursor.selected], context: c, width: area.width)
        let tableWanted = tools.count + ListBox.chrome
        let panelHeight = detail.map { area.height - $0.height >= min(tableWanted, Layout.tableBesidePanel) ? $0.height : 0 } ?? 0
        let tableHeight = panelHeight > 0 ? min(tableWanted, area.height - panelHeight) : area.height
        let (tableRect, rest) = area.takeTop(tableHeight)
        drawTable(tools, f, into: &grid, tableRect, cursor: cursor, width: area.width, context: &c)
        guard let d = detail, panelHeight > 0 else { return }
        let (panelRect, alertsRect) = rest.takeTop(d.height)
        d.draw(into: &grid, panelRect, glyphs: c.glyphs)
        // Leftover room lists this screen's alerts.
        if alertsRect.height >= Layout.smallestAlertList {
            AlertList.draw(into: &grid, alertsRect, alerts(c), context: c)
        }
    }

    static func alerts(_ c: RenderContext) -> [Alert] {
        c.input.alerts.filter { [.relendingUsage, .rolloverExhausted, .relendingCapUse, .ineligibleLedgerLoans].contains($0.measure) }
    }

    static func drawTable(_ tools: [RelendingToolFigures], _ f: Figures, into grid: inout CellGrid, _ rect: Rect,
                          cursor: RowCursor, width: Int, context c: inout RenderContext) {
        let box = ListBox(rect, rows: tools.count, cursor: cursor)
        box.draw(into: &grid, title: c.t(.relendingTitle), titleRight: c.figureListNote,
                 empty: c.t(f.relendingTools.isEmpty ? .noRows : .noMatches), context: &c) { c in
            table.columns(width).table(tools, sort: c.state.listView(.relending).sort, context: c)
        }
    }

    /// On a large screen every tool gets its panel, two across, the selected one emphasised.
    /// Returns false when they do not fit.
    static func drawAllPanels(_ f: Figures, into grid: inout CellGrid, _ area: Rect, cursor: RowCursor,
                              context c: inout RenderContext) -> Bool {
        let tools = c.shown(f.relendingTools)
        guard area.width >= Layout.wide, tools.count > 1 else { return false }
        let half = area.width / 2
        let panels = tools.map { panel($0, context: c, width: half) }
        let panelHeight = panels.map(\.height).max() ?? 0
        let panelRows = (tools.count + 1) / 2
        let tableHeight = tools.count + ListBox.chrome
        let mine = alerts(c)
        let alertsHeight = min(max(1, mine.count), Layout.alertsUnderPanels) + Box.chrome
        guard tableHeight + panelRows * panelHeight + alertsHeight <= area.height else { return false }

        let (tableRect, rest) = area.takeTop(tableHeight)
        drawTable(tools, f, into: &grid, tableRect, cursor: cursor, width: area.width, context: &c)
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
        if alertsRect.height >= Layout.smallestAlertList { AlertList.draw(into: &grid, alertsRect, mine, context: c) }
        return true
    }

    typealias C = Column<RelendingToolFigures>

    /// The tools' table, one column a line.
    static let table = FigureTable<RelendingToolFigures>(
        rows: \.relendingTools, code: \.code, name: \.name,
        columns: { width in [
            C.name(.colTool, minWidth: 12) { $0.name },
            C(.colQuota, .right, priority: 85, cell: { t, c in .text(c.money(t.quota)) }, sort: { t, _ in .money(t.quota) }),
            C(.colDrawn, .right, priority: 90, cell: { t, c in .text(c.money(t.drawn) + c.revisedMark(.relendingDrawn, t.code), .value) },
              sort: { t, _ in .money(t.drawn) }),
            // The usage bar shows when the screen is wide enough to keep it with the other columns.
            C(.colUsage, .right, minWidth: width >= Layout.wide ? 20 : 9, maxWidth: 40, priority: 95, fills: true,
              cell: { t, c in
                  .gauge(t.usage ?? BasisPoints(0), label: t.usage.map(Format.percent) ?? "-", c.alert(.relendingUsage, t.code))
              },
              sort: { t, _ in .rate(t.usage) }),
            C(.colCoverage, .right, priority: 55,
              cell: { t, c in .flagged(coverageText(t.coverage), .normal, coverageAlert(t, c)) },
              sort: { t, _ in .rate(t.coverage?.coverage) }),
            C(.colRate, .right, priority: 70, cell: { t, _ in .text(t.rate.map(Format.percent) ?? "-") }, sort: { t, _ in .rate(t.rate) }),
            C(.colLedger, .right, priority: 50,
              cell: { t, c in .text(c.money(t.ledgerLoanBalance)) }, sort: { t, _ in .money(t.ledgerLoanBalance) }),
            C(.colLedgerCount, .right, priority: 45,
              cell: { t, c in .text(c.count(t.ledgerLoans)) }, sort: { t, _ in .count(t.ledgerLoans) }),
            C(.colDue30, .right, priority: 60, cell: { t, c in .text(c.money(t.due30)) }, sort: { t, _ in .money(t.due30) }),
            C(.colDue60, .right, priority: 40, cell: { t, c in .text(c.money(t.due60)) }, sort: { t, _ in .money(t.due60) }),
            C(.colDue90, .right, priority: 35, cell: { t, c in .text(c.money(t.due90)) }, sort: { t, _ in .money(t.due90) }),
            C(.colRollover, .right, priority: 80,
              cell: { t, c in
                  let n = t.rolloverExhaustedDue30
                  return .flagged(c.count(n), n > 0 ? .critical : .label, c.alert(.rolloverExhausted, t.code))
              },
              sort: { t, _ in .count(t.rolloverExhaustedDue30) }),
        ] },
        open: { .toolDraws(tool: $0.code) })

    /// "96.12% / 100.00%": drawn ÷ eligible ledger loans against the cap in force ("-" for either missing).
    static func coverageText(_ cov: LedgerCoverage?) -> String {
        (cov?.coverage.map(Format.percent) ?? "-") + " / " + (cov?.cap.map(Format.percent) ?? "-")
    }

    /// The most severe cap or eligibility alert on any of the tool's banks (entities `TOOL/BANK`).
    static func coverageAlert(_ t: RelendingToolFigures, _ c: RenderContext) -> Severity? {
        c.input.alerts.filter {
            [.relendingCapUse, .ineligibleLedgerLoans].contains($0.measure) && $0.entityCode.hasPrefix(t.code + "/")
        }.map(\.severity).max()
    }

    /// "台账覆盖 96.12% / 上限 100.00%  资格不符 2笔 !!".
    static func coverageLine(_ cov: LedgerCoverage, label: DetailPanel.Segment, severity: Severity?,
                             context c: RenderContext) -> [DetailPanel.Segment] {
        typealias P = DetailPanel
        let role = severity.map(RenderContext.role) ?? .value
        let percent = cov.coverage.map(Format.percent) ?? "-"
        var line = [label, P.value(String(repeating: " ", count: max(0, 7 - percent.count)) + percent, role),
                    (" / " + c.t(.capWord) + " ", CellStyle(.label)), P.plain(cov.cap.map(Format.percent) ?? "-")]
        if cov.ineligibleLoans > 0 {
            line += [P.gap(), (c.t(.ineligibleWord) + " ", CellStyle(.label)),
                     P.value(Format.count(cov.ineligibleLoans, unit: .loansUnit, c.language), role)]
        }
        if let severity { line.append((" " + RenderContext.marker(severity), CellStyle(RenderContext.role(severity), bold: true))) }
        return line
    }

    static func panel(_ t: RelendingToolFigures, context c: RenderContext, width: Int) -> DetailPanel {
        typealias P = DetailPanel
        let labels: [Str] = [.quota, .usage, .ledgerLoans, .maturities, .rollovers]
        // Amounts line up in a column as wide as the widest of them.
        let amountWidth = [t.quota, t.ledgerLoanBalance].map { DisplayWidth.of(c.amount($0)) }.max()!
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        let severity = c.alert(.relendingUsage, t.code)
        let usageRole = severity.map(RenderContext.role) ?? .value
        let barWidth = Layout.panelBar.clamp(width - lw - 16)
        let ladderWidth = Layout.ladderBar.clamp(width - lw - 44)
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
        if let share = t.refinancedShare {
            ledger += [P.gap(), (c.t(.refinancedShare) + " ", CellStyle(.label)), P.plain(Format.percent(share))]
        }
        lines.append(ledger)
        // The first loan the tool refinanced (首笔: the article's ICBC 500万元 for the tech tool).
        if let first = t.firstLoan {
            lines.append([P.label(c.t(.firstLedgerLoan), width: lw), P.value(c.amount(first.amount).padding(amountWidth)), P.gap(),
                          P.plain(first.startDate + "  " + c.name(first.bank) + " " + c.glyphs.rightArrow + " " + c.name(first.enterprise))])
        }
        if let cov = t.coverage {
            lines.append(coverageLine(cov, label: P.label(c.t(.ledgerCoverage), width: lw), severity: coverageAlert(t, c), context: c))
            // Each drawing bank: the rule applies per bank, so a bank over its cap shows here.
            let names = t.bankCoverage.map { "  " + c.name($0.bankName) }
            let bankWidth = min(names.map(DisplayWidth.of).max() ?? 0, max(lw, width - 36))
            for (b, name) in zip(t.bankCoverage, names) {
                let s = [c.alert(.relendingCapUse, b.id), c.alert(.ineligibleLedgerLoans, b.id)].compactMap { $0 }.max()
                lines.append(coverageLine(b.coverage, label: P.label(name, width: max(lw, bankWidth)), severity: s, context: c))
            }
        }
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
