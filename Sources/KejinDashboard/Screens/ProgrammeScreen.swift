import KejinCore

/// 政策 / Programme: the "3456" model's measures the store can give (ProgrammeFigures), one
/// panel per pillar — 三维协同 (the whitelist's credit, its pushes to banks and the meetings), 四链融合 (new-loan rates per chain),
/// 五大矩阵 (rates and re-lending ledger spread per bank), 六项保障 (policy effect since 2024,
/// bank evaluation). Each panel ends with the measures still waiting for data ("—").
/// Wide and tall screens show the four panels 2×2; smaller ones one panel, j/k (↑ ↓) moving
/// between them like rows. No drill-down yet.
enum ProgrammeScreen {
    static let spec = ScreenSpec(title: .screenProgramme, content: .figures(draw), showsCategories: true)
    typealias Pillar = ProgrammeFigures.Pillar
    typealias P = DetailPanel

    /// The panels j/k (↑ ↓) move between: the pillars in order, each followed by its further
    /// panels — 五大矩阵's banks' products (一链一行), 六项保障's 四贷 service stations and interest
    /// subsidy (their tables do not fit beside the pillar's own). Four at once (2×2), a further
    /// panel takes its pillar's place while selected.
    enum Panel: Int, CaseIterable {
        case coordination, chains, matrix, products, safeguards, stations, subsidy

        /// The panel listing the entity of an alert on `measure` (the Alerts screen's Enter),
        /// nil when the entity is on another screen.
        static func listing(_ measure: AlertMeasure) -> Panel? {
            switch measure {
            case .ledgerSpread: .matrix
            case .subsidyClaimUse: .subsidy
            default: nil
            }
        }

        /// A pillar's further panel: no awaited measures of its own, its pillar's place in 2×2.
        var isExtra: Bool { self == .products || self == .stations || self == .subsidy }

        var pillar: Pillar {
            switch self {
            case .coordination: .coordination
            case .chains: .chains
            case .matrix, .products: .matrix
            case .safeguards, .stations, .subsidy: .safeguards
            }
        }
    }

    /// The 一链一行 panel is selected, so the load reads the banks' products (only then: two
    /// months of product rows on every move otherwise).
    static func showsProducts(_ cursor: RowCursor) -> Bool { Panel(rawValue: cursor.selected) == .products }

    /// Room for the four panels at once: two across, two down.
    static let allPanelsWidth = 120, allPanelsHeight = 34

    static func title(_ p: Pillar) -> Str {
        switch p {
        case .coordination: .pillarCoordination
        case .chains: .pillarChains
        case .matrix: .pillarMatrix
        case .safeguards: .pillarSafeguards
        }
    }

    /// The strip's word for a panel.
    static func tab(_ p: Panel) -> Str {
        switch p {
        case .products: .productsTab
        case .stations: .stationsTab
        case .subsidy: .subsidyTab
        default: title(p.pillar)
        }
    }

    /// The box's title: the pillar's, and for a further panel "六项保障 · 四贷服务站".
    static func boxTitle(_ p: Panel, context c: RenderContext) -> String {
        switch p {
        case .products: c.t(.pillarMatrix) + " · " + c.t(.productsTab)
        case .stations: c.t(.pillarSafeguards) + " · " + c.t(.stationsTitle)
        case .subsidy: c.t(.pillarSafeguards) + " · " + c.t(.subsidyTitle)
        default: c.t(title(p.pillar))
        }
    }

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        guard let p = f.programme else {
            let text = c.t(f.region != nil ? .programmeWholeStoreOnly : .loading)
            let inner = Box.draw(into: &grid, area, title: c.t(.screenProgramme), glyphs: c.glyphs)
            grid.put(text, x: inner.x + 1, y: inner.y, style: CellStyle(.label), maxWidth: inner.width - 2)
            return
        }
        let panels = Panel.allCases
        let selected = panels[min(c.cursor(rows: panels.count).selected, panels.count - 1)]
        if area.width >= allPanelsWidth, area.height >= allPanelsHeight {
            c.list = (rows: panels.count, visible: panels.count)
            let (top, bottom) = area.takeTop(area.height / 2)
            let shown: [Panel] = [.coordination, .chains, selected.pillar == .matrix ? selected : .matrix,
                                  selected.isExtra && selected.pillar == .safeguards ? selected : .safeguards]
            for (panel, rect) in zip(shown, top.columns(2) + bottom.columns(2)) {
                self.panel(panel, p, chains: f.chains, rect, into: &grid, focused: panel == selected, context: c)
            }
            return
        }
        c.list = (rows: panels.count, visible: 1)
        let (strip, rest) = area.takeTop(1)
        var x = strip.x + 1
        // A space between tabs where the strip has room for it and the j/k hint (at 80 columns
        // Chinese keeps the hint without the spaces, English has room for neither).
        let hint = c.t(.programmePanelHint)
        let tabs = panels.reduce(0) { $0 + DisplayWidth.of(c.t(tab($1))) + 3 }
        let spaced = tabs + panels.count + DisplayWidth.of(hint) + 2 < strip.width
        // Where the tabs do not fit (English at 80 columns), a window of them around the
        // selected one, "…" marking those left out.
        var shown = panels.indices
        let ellipsis = DisplayWidth.of(c.glyphs.ellipsis)
        func width(_ r: Range<Int>) -> Int {
            r.reduce(0) { $0 + DisplayWidth.of(c.t(tab(panels[$1]))) + 2 } + (r.lowerBound > 0 ? ellipsis : 0)
                + (r.upperBound < panels.count ? ellipsis : 0)
        }
        let at = selected.rawValue
        while !spaced, width(shown) > strip.width - 2, shown.count > 1 {
            shown = at - shown.lowerBound > shown.upperBound - 1 - at ? shown.dropFirst() : shown.dropLast()
        }
        if shown.lowerBound > 0 { x += grid.put(c.glyphs.ellipsis, x: x, y: strip.y, style: CellStyle(.label)) }
        for panel in panels[shown] {
            // No numbers: 1–9 and 0 are the screens' keys; j/k (↑ ↓) move between panels.
            let on = panel == selected
            let text = on ? "[\(c.t(tab(panel)))]" : " \(c.t(tab(panel))) "
            x += grid.put(text + (spaced ? " " : ""), x: x, y: strip.y, style: CellStyle(on ? .title : .label, bold: on))
        }
        if shown.upperBound < panels.count { x += grid.put(c.glyphs.ellipsis, x: x, y: strip.y, style: CellStyle(.label)) }
        let hintX = strip.maxX - 1 - DisplayWidth.of(hint)
        if hintX > x { grid.put(hint, x: hintX, y: strip.y, style: CellStyle(.label)) }
        panel(selected, p, chains: f.chains, rest, into: &grid, focused: false, context: c)
    }

    /// One panel's box: its lines on top, its table (if any) below them.
    /// `namesWhole`: the report's (no name cut to a column's cap).
    static func panel(_ panel: Panel, _ p: ProgrammeFigures, chains: [ChainFigures] = [], _ rect: Rect, into grid: inout CellGrid,
                      focused: Bool, namesWhole: Bool = false, context c: RenderContext) {
        let (lines, table) = content(panel, p, chains: chains, width: rect.width - 4, height: rect.height - 2,
                                     namesWhole: namesWhole, context: c)
        // The table takes what the lines leave; the rows it cannot show (a province's banks and
        // stations) are counted on the bottom border, as the alerts are.
        let innerHeight = max(0, rect.height - 2), shownLines = min(lines.count, innerHeight)
        let tableHeight = innerHeight - shownLines
        let hidden = table.map { tableHeight >= 2 ? max(0, $0.rows.count + $0.omitted - Table.visibleRows(height: tableHeight, header: $0.showsHeader)) : 0 } ?? 0
        let inner = Box.draw(into: &grid, rect, title: boxTitle(panel, context: c), titleRight: p.period.key,
                             footer: hidden > 0 ? c.t(.moreAlerts) + " \(hidden)" : "", glyphs: c.glyphs, focused: focused)
        guard inner.height > 0 else { return }
        var y = inner.y
        for line in lines.prefix(shownLines) {
            var x = inner.x + 1
            for seg in line where x < inner.maxX - 1 {
                x += grid.put(seg.text, x: x, y: y, style: seg.style, maxWidth: inner.maxX - 1 - x)
            }
            y += 1
        }
        if let table, tableHeight >= 2 {
            table.draw(into: &grid, Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: tableHeight))
        }
    }

    /// A label as wide as its text (`DetailPanel.label` pads or cuts to a width).
    static func caption(_ text: String) -> P.Segment { P.label(text, width: DisplayWidth.of(text)) }

    /// A pillar's lines and table, `width` cells wide; `height`: the rows they may take (the
    /// low-cost funds' tools fold into one line below it).
    /// `chains`: the period's chains, whose "of which" per enterprise category 四链融合 lists.
    static func content(_ panel: Panel, _ p: ProgrammeFigures, chains: [ChainFigures] = [], width: Int, height: Int = .max,
                        namesWhole: Bool = false, context c: RenderContext) -> (lines: [[P.Segment]], table: Table?) {
        switch panel {
        case .coordination:
            return (whitelistLines(p.whitelist, width: width, context: c) + PipelinePanel.lines(p.pipeline, period: p.period, width: width, context: c),
                    p.pipeline.banks.isEmpty ? nil : PipelinePanel.table(p.pipeline, context: c))
        case .chains:
            return (categoryLines(chains, context: c) + [rateLine(p.cost, width: width, context: c)], chainTable(p.cost, context: c))
        case .matrix:
            return (FundLines.lines(p.guidanceFunds, width: width, context: c)
                        + OutreachPanels.cooperationLines(p.cooperation, width: width, context: c) + [rateLine(p.cost, width: width, context: c)],
                    bankTable(p.cost, context: c))
        case .products:
            // Read when the panel is selected (`LoadRequest.products`): until then, "loading".
            guard let products = p.products else { return ([[P.plain(c.t(.loading))]], nil) }
            return (ProductsPanel.lines(products, context: c),
                    products.products.isEmpty ? nil : ProductsPanel.table(products, rows: height, namesWhole: namesWhole, context: c))
        case .subsidy:
            return (SubsidyPanel.lines(p.subsidy, width: width, context: c),
                    p.subsidy.banks.isEmpty ? nil : SubsidyPanel.table(p.subsidy, context: c))
        case .stations:
            return (OutreachPanels.stationLines(p.stations, context: c), p.stations.isEmpty ? nil : OutreachPanels.stationTable(p.stations, context: c))
        case .safeguards:
            let e = p.evaluation
            let header = c.t(.evaluationTitle) + (e.evaluated.map { " " + $0.key } ?? "")
            let evaluation: [P.Segment] = e.banks.isEmpty ? [caption(header), P.plain(c.t(.noEvaluation))]
                : [P.value(header, .title)]
            let policy = policyLines(p.policyEffect, width: width, context: c)
            let tableRows = e.banks.isEmpty ? 0 : e.banks.count + 1
            var funds = lowCostLines(p.lowCostFunds, width: width, byTool: true, context: c)
            if policy.count + funds.count + 1 + tableRows > height {
                funds = lowCostLines(p.lowCostFunds, width: width, byTool: false, context: c)
            }
            return (policy + funds + [evaluation], e.banks.isEmpty ? nil : evaluationTable(e, context: c))
        }
    }

    static func whitelistLines(_ w: WhitelistCoverage, width: Int, context c: RenderContext) -> [[P.Segment]] {
        let labels: [Str] = [.whitelistListed, .whitelistWithBalance, .whitelistFirstLoans, .whitelistWithoutCredit]
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        let firms = { (n: Int) in Format.count(n, unit: .borrowersUnit, c.language) }
        // The counts in one column, the amounts in the next.
        let counts = [firms(w.listed), firms(w.withBalance), Format.count(w.firstLoans.loans, unit: .loansUnit, c.language),
                      firms(w.withoutCredit)]
        let cw = counts.map { DisplayWidth.of($0) }.max()!
        let count = { (i: Int) in DisplayWidth.pad(counts[i], to: cw, alignRight: true) + "  " }
        let amounts = [c.amount(w.balance), c.amount(w.firstLoans.amount)]
        let aw = amounts.map { DisplayWidth.of($0) }.max()! + 2
        var balance = [P.label(c.t(.whitelistWithBalance), width: lw), P.value(count(1)),
                       P.plain(DisplayWidth.pad(amounts[0], to: aw - 2, alignRight: true) + "  ")]
        if let share = w.coverage {
            let room = width - DisplayWidth.of(balance.map(\.text).joined()) - 10
            if room >= 5 { balance.append((Gauge.bar(share, width: min(room, 20), glyphs: c.glyphs) + " ", CellStyle(.gauge))) }
            balance.append(P.plain(Format.percent(share)))
        }
        return [
            [P.value(c.t(.whitelistTitle), .title)],
            [P.label(c.t(.whitelistListed), width: lw), P.value(count(0))],
            balance,
            [P.label(c.t(.whitelistFirstLoans), width: lw), P.value(count(2)),
             P.plain(DisplayWidth.pad(amounts[1], to: aw - 2, alignRight: true))],
            [P.label(c.t(.whitelistWithoutCredit), width: lw), P.value(count(3), w.withoutCredit > 0 ? .warning : .value)],
        ]
    }

    /// "茶叶 其中  省级小微企业重点客户  4901.50万  9户": the chains' enterprise categories
    /// (EnterpriseCategory), under a title; none when no chain has a categorised firm.
    static func categoryLines(_ chains: [ChainFigures], context c: RenderContext) -> [[P.Segment]] {
        let rows = chains.flatMap { ch in (ch.categories ?? []).map { (chain: c.name(ch.name) + " " + c.t(.ofWhich), m: $0) } }
        guard !rows.isEmpty else { return [] }
        let chainWidth = rows.map { DisplayWidth.of($0.chain) }.max()!
        let nameWidth = rows.map { DisplayWidth.of(c.t($0.m.category.label(short: false))) }.max()!
        let amountWidth = rows.map { DisplayWidth.of(c.amount($0.m.balance)) }.max()!
        return [[P.value(c.t(.categoriesTitle), .title)]] + rows.map { row in
            [P.label(row.chain, width: chainWidth), P.label(c.t(row.m.category.label(short: false)), width: nameWidth),
             P.value(DisplayWidth.pad(c.amount(row.m.balance), to: amountWidth, alignRight: true) + "  "),
             P.plain(Format.count(row.m.firms, unit: .borrowersUnit, c.language))]
        }
    }

    static func rateText(_ r: WeightedRate?) -> String { r.map { Format.percent($0.rate) } ?? "-" }

    /// "新发放贷款加权利率  本月 3.85%  本年 3.90%".
    /// Narrower than `width`: "Month"/"YTD" for "This month"/"Year to date".
    static func rateLine(_ cost: FinancingCost, width: Int, context c: RenderContext) -> [P.Segment] {
        func line(_ month: Str, _ year: Str) -> [P.Segment] {
            [caption(c.t(.costTitle)), P.gap(1), caption(c.t(month)), P.value(rateText(cost.month)),
             P.gap(), caption(c.t(year)), P.value(rateText(cost.yearToDate))]
        }
        let full = line(.costMonth, .costYearToDate)
        return DisplayWidth.of(full.map(\.text).joined()) <= width ? full : line(.colMonthRate, .colYearRate)
    }

    static func chainTable(_ cost: FinancingCost, context c: RenderContext) -> Table {
        let columns = [TableColumn(c.t(.colChainName), minWidth: 8, priority: 100),
                       TableColumn(c.t(.colMonthRate), .right, priority: 90), TableColumn(c.t(.colYearRate), .right, priority: 95),
                       TableColumn(c.t(.colYearAmount), .right, priority: 80)]
        let rows: [[TableCell]] = cost.byChain.map { g in
            [.text(c.name(g.name)), .text(rateText(g.month)), .text(rateText(g.yearToDate), .value),
             .text(c.money(g.yearToDate?.tally.amount ?? .zero))]
        }
        return Table(columns: columns, rows: rows, glyphs: c.glyphs)
    }

    /// Banks with new loans this year or ledger loans, by year-to-date amount.
    static func bankTable(_ cost: FinancingCost, context c: RenderContext) -> Table {
        let spreads = Dictionary(uniqueKeysWithValues: cost.spreads.map { ($0.bank, $0) })
        var banks = cost.byBank.map { (code: $0.code, name: $0.name, group: Optional($0)) }
        for s in cost.spreads where !banks.contains(where: { $0.code == s.bank }) { banks.append((s.bank, s.name, nil)) }
        let columns = [TableColumn(c.t(.colBankName), minWidth: 8, priority: 100),
                       TableColumn(c.t(.colMonthRate), .right, priority: 70), TableColumn(c.t(.colYearRate), .right, priority: 95),
                       TableColumn(c.t(.colSpread), .right, priority: 90), TableColumn(c.t(.colSpreadWidest), .right, priority: 85),
                       TableColumn(c.t(.colSpreadLoans), .right, priority: 60)]
        let rows: [[TableCell]] = banks.map { b in
            let s = spreads[b.code]
            // Rule 15 reads the widest loan, not the balance-weighted spread beside it: the
            // widest carries its marker, so a bank named by the alert shows why.
            return [.text(c.name(b.name)), .text(rateText(b.group?.month)), .text(rateText(b.group?.yearToDate), .value),
                    .text(s.map { Format.change($0.spread) } ?? "-"),
                    c.flagged(s.map { Format.change($0.widest) } ?? "-", c.alert(.ledgerSpread, b.code)),
                    .text(s.map { c.count($0.loans) } ?? "-")]
        }
        return Table(columns: columns, rows: rows, glyphs: c.glyphs)
    }

    static func policyLines(_ e: PolicyEffect, width: Int, context c: RenderContext) -> [[P.Segment]] {
        let kinds: [(TechKind, Str)] = [(.highTech, .kindHighTech), (.techSME, .kindTechSME), (.srdi, .kindSRDI)]
        let lw = (kinds.map { DisplayWidth.of(c.t($0.1)) } + [DisplayWidth.of(c.t(.cumulative))]).max()!
        let tallies = [e.total] + kinds.map { e.byKind[$0.0] ?? .zero }
        let aw = tallies.map { DisplayWidth.of(c.amount($0.amount)) }.max()! + 2
        let nw = tallies.map { DisplayWidth.of(Format.count($0.loans, unit: .loansUnit, c.language)) }.max()!
        var total = [P.label(c.t(.cumulative), width: lw), P.value(DisplayWidth.pad(c.amount(e.total.amount), to: aw - 2, alignRight: true) + "  "),
                     P.plain(DisplayWidth.pad(Format.count(e.total.loans, unit: .loansUnit, c.language), to: nw, alignRight: true))]
        let room = width - DisplayWidth.of(total.map(\.text).joined()) - 3
        if room >= 4 { total += [P.gap(2), (Sparkline.text(e.cumulative, width: min(room, e.months.count), glyphs: c.glyphs), CellStyle(.sparkline))] }
        return [[P.value(c.t(.policyEffectTitle), .title)], total] + kinds.map { kind, title in
            let t = e.byKind[kind] ?? .zero
            return [P.label(c.t(title), width: lw), P.plain(DisplayWidth.pad(c.amount(t.amount), to: aw - 2, alignRight: true) + "  "),
                    P.plain(DisplayWidth.pad(Format.count(t.loans, unit: .loansUnit, c.language), to: nw, alignRight: true))]
        }
    }

    /// "低成本资金": the cumulative total since 2024 with its monthly curve, the RRR cuts'
    /// releases, re-lending and rediscount together and, `byTool`, each tool under them.
    static func lowCostLines(_ f: LowCostFunds, width: Int, byTool: Bool, context c: RenderContext) -> [[P.Segment]] {
        let indent = "  "
        let tools = byTool ? f.tools : []
        let labels = [c.t(.cumulative), c.t(.channelRRRCuts), c.t(.channelTools)] + tools.map { indent + c.name($0.name) }
        let amounts = [f.total, f.rrrCuts, f.toolTotal] + tools.map(\.amount)
        let counts = ["", Format.count(f.cuts, unit: .cutsUnit, c.language), Format.count(f.toolDraws, unit: .drawsUnit, c.language)]
            + tools.map { Format.count($0.draws, unit: .drawsUnit, c.language) }
        let aw = amounts.map { DisplayWidth.of(c.amount($0)) }.max()!
        let nw = counts.map { DisplayWidth.of($0) }.max()!
        // Labels as wide as the longest where the curve keeps its room beside them (a report's
        // text: names whole); else a long tool name (科技创新和技术改造再贷款) is cut, at 24
        // cells at least. The figures always keep their room.
        let base = labels.prefix(3).map { DisplayWidth.of($0) }.max()!
        let lw = min(labels.map { DisplayWidth.of($0) }.max()!, max(base, 24, width - aw - nw - 5 - f.months.count),
                     max(8, width - aw - nw - 4))
        let rows: [[P.Segment]] = zip(labels, zip(amounts, counts)).enumerated().map { i, row in
            let (full, (amount, count)) = row
            let label = DisplayWidth.of(full) > lw ? DisplayWidth.truncate(full, to: lw - 1) + c.glyphs.ellipsis : full
            let figure = DisplayWidth.pad(c.amount(amount), to: aw, alignRight: true) + "  "
            return [P.label(label, width: lw), i == 0 ? P.value(figure) : P.plain(figure), P.plain(DisplayWidth.pad(count, to: nw, alignRight: true))]
        }
        var total = rows[0]
        let room = width - lw - aw - nw - 2 - 3
        if room >= 4 { total += [P.gap(2), (Sparkline.text(f.cumulative, width: min(room, f.months.count), glyphs: c.glyphs), CellStyle(.sparkline))] }
        return [[P.value(c.t(.lowCostTitle), .title)], total] + rows.dropFirst()
    }

    /// Rank, bank, total, grade (D with its remediation mark, in the critical role), ▲/▼ on the evaluation before.
    static func evaluationTable(_ e: BankEvaluation, context c: RenderContext) -> Table {
        let columns = [TableColumn(c.t(.colRank), .right, priority: 90), TableColumn(c.t(.colBankName), minWidth: 8, priority: 100),
                       TableColumn(c.t(.colTotalScore), .right, priority: 95), TableColumn(c.t(.colGrade), priority: 93),
                       TableColumn(c.t(.colScoreChange), .right, priority: 70)]
        let rows: [[TableCell]] = e.banks.map { b in
            [.text("\(b.rank)"), .text(c.name(b.name)), .text("\(b.total)", b.needsRemediation ? .critical : .value),
             DetailColumns.gradeCell(b.grade, context: c), DetailColumns.scoreChangeCell(b.trend, context: c)]
        }
        return Table(columns: columns, rows: rows, glyphs: c.glyphs)
    }
}
