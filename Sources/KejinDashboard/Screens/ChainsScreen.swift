import KejinCore

/// Chains: every chain with its measures (selectable), and a panel on the selected chain.
enum ChainsScreen {
    static let spec = ScreenSpec(title: .screenChains, content: .figures(draw), table: ChainTable.table.erased,
                                 showsCategories: true)

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        // The chains as shown (filtered, sorted); the selection indexes these.
        let chains = c.shown(f.chains)
        let cursor = c.cursor(rows: chains.count)
        let detail = chains.isEmpty ? nil : panel(chains[cursor.selected], context: c, width: area.width)
        // The table takes what it needs (at least four rows); the panel below it the rest.
        let tableWanted = chains.count + ListBox.chrome
        let panelMinimum = detail?.height ?? 0
        let showsPanel = detail != nil && area.height - panelMinimum >= Layout.minimumTable
        let tableHeight = showsPanel ? max(Layout.minimumTable, min(tableWanted, area.height - panelMinimum)) : area.height
        let (tableRect, panelRect) = area.takeTop(tableHeight)
        let panelHeight = showsPanel ? panelRect.height : 0
        let box = ListBox(tableRect, rows: chains.count, cursor: cursor)
        box.draw(into: &grid, title: c.t(.chainsTitle), titleRight: c.figureListNote,
                 empty: c.t(f.chains.isEmpty ? .noRows : .noMatches), context: &c) { c in
            ChainTable.table.columns(area.width).table(chains, sort: c.state.listView(.chains).sort, context: c)
        }
        if let d = detail, panelHeight > 0 {
            d.draw(into: &grid, panelRect, glyphs: c.glyphs)
            // Room under the lines: the trend as a bar chart, one bar per month.
            let chartRect = Rect(x: panelRect.x + 2, y: panelRect.y + 1 + d.lines.count + 1,
                                 width: panelRect.width - 4, height: min(Layout.chartHeight, panelRect.height - d.lines.count - 3))
            let chain = chains[cursor.selected]
            if chartRect.height >= Layout.smallestChart, chain.trend.count > 1 {
                let period = f.period
                let months = (0..<chain.trend.count).map { i in
                    let p = period.advanced(by: i - chain.trend.count + 1)
                    return p.month < 10 ? "0\(p.month)" : "\(p.month)"
                }
                BarChart.draw(into: &grid, chartRect, values: chain.trend.map(\.fen), labels: months,
                              axis: { c.money(Money(fen: $0)) }, glyphs: c.glyphs)
            }
        }
    }

    static func panel(_ ch: ChainFigures, context c: RenderContext, width: Int) -> DetailPanel {
        let labels: [Str] = [.chainLoans, .techLoans, .relendingFunded, .guaranteeInForce, .nplLoans, .trend]
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        typealias P = DetailPanel
        func measureLine(_ label: Str, _ m: LoanMeasure) -> [P.Segment] { P.measureLine(label, m, labelWidth: lw, context: c) }
        var lines: [[P.Segment]] = [measureLine(.chainLoans, ch.loans), measureLine(.techLoans, ch.techLoans)]
        var relending = [P.label(c.t(.relendingFunded), width: lw), P.value(c.amount(ch.relendingFunded).padding(12))]
        if let share = ch.relendingShare {
            relending += [P.gap(), (c.t(.shareOfChain) + " ", CellStyle(.label)), P.plain(Format.percent(share))]
        }
        lines.append(relending)
        lines.append([P.label(c.t(.guaranteeInForce), width: lw), P.value(c.amount(ch.guaranteeBalance))])
        // Non-performing loans (五级分类: substandard or worse) and the two ratios rule 16 compares per bank.
        if let n = ch.nplMeasure {
            var npl = [P.label(c.t(.nplLoans), width: lw), P.value(c.amount(n.npl).padding(12))]
            for (label, ratio) in [(Str.nplRatio, n.ratio), (.techNPLRatio, n.techRatio)] {
                npl += [P.gap(), (c.t(label) + " ", CellStyle(.label)), P.plain(ratio.map(Format.percent) ?? "-")]
            }
            lines.append(npl)
        }
        // "Of which": the chain's loans to each enterprise category (its firms are in the chain's too).
        if ch.categories == nil {
            lines.append([P.label(c.t(.ofWhich), width: lw), (c.t(.loading), CellStyle(.label))])
        }
        for m in ch.categories ?? [] {
            lines.append([P.label(c.t(.ofWhich), width: lw), P.value(c.amount(m.balance).padding(12)), P.gap(),
                          P.plain(Format.count(m.firms, unit: .borrowersUnit, c.language).padding(11)), P.gap(),
                          (c.t(m.category.label(short: false)), CellStyle(.label))])
        }
        if let first = ch.trend.first, let last = ch.trend.last {
            let spark = Sparkline.text(ch.trend, width: ch.trend.count, glyphs: c.glyphs)
            lines.append([P.label(c.t(.trend), width: lw), (spark, CellStyle(.sparkline)), P.gap(2),
                          P.plain(c.money(first) + " " + c.glyphs.rightArrow + " " + c.money(last)),
                          (" (\(ch.trend.count)" + c.t(.monthsUnit) + ")", CellStyle(.label))])
        }
        let bank = ch.leadBank.map { c.labelled(.leadBank, c.name($0)) } ?? ""
        return DetailPanel(title: c.name(ch.name), titleRight: bank, lines: lines)
    }
}
