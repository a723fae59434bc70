import KejinCore

/// Regions (地区): the regions within the one shown (the top-level regions for the whole
/// store), ranked like the chain table — loans, growth, tech share, re-lending share,
/// guarantees, open alerts. Enter shows the selected region (every screen then shows its
/// figures), Esc goes up to the parent (RegionSelection.swift).
enum RegionsScreen {
    static let spec = ScreenSpec(title: .screenRegions, content: .figures(draw), table: table.erased)

    typealias C = Column<RegionFigures>
    static let name = C.name(.colRegion, minWidth: 8) { $0.region.name }
    static let level = C(nil, priority: 20, cell: { r, c in .text(c.t(levelTitle(r.region.level)), .label) },
                         sort: { r, _ in .count(r.region.level.rank) })
    static let balance = C(.colBalance, .right, priority: 90,
                           cell: { r, c in .text(c.money(r.loans.balance), .value) }, sort: { r, _ in .money(r.loans.balance) })
    static let borrowers = C(.colBorrowers, .right, priority: 50,
                             cell: { r, c in .text(c.count(r.loans.borrowers)) }, sort: { r, _ in .count(r.loans.borrowers) })
    static let yoy = C(.colYoY, .right, priority: 85,
                       cell: { r, c in c.changeCell(r.loans.growth) }, sort: { r, _ in .rate(r.loans.growth) })
    static let techLoans = C(.colTechLoans, .right, priority: 60,
                             cell: { r, c in .text(c.money(r.techLoans.balance)) }, sort: { r, _ in .money(r.techLoans.balance) })
    static let techShare = C(.colTechShare, .right, priority: 80,
                             cell: { r, _ in .text(r.techShare.map(Format.percent) ?? "-") }, sort: { r, _ in .rate(r.techShare) })
    static let relendingShare = C(.colRelendingShare, .right, priority: 70,
                                  cell: { r, _ in .text(r.relendingShare.map(Format.percent) ?? "-") },
                                  sort: { r, _ in .rate(r.relendingShare) })
    static let guarantee = C(.colGuarantee, .right, priority: 65,
                             cell: { r, c in .text(c.money(r.guaranteeBalance)) }, sort: { r, _ in .money(r.guaranteeBalance) })
    static let alerts = C(.colAlerts, .right, priority: 75,
                          cell: { r, _ in .text(r.alerts > 0 ? "\(r.alerts)" : "0", r.alerts > 0 ? .warning : .normal) },
                          sort: { r, _ in .count(r.alerts) })

    /// Enter on a region changes the scope instead of opening a list (`enterRegion`), so
    /// `open` is never asked; it names the Banks list only to satisfy FigureTable.
    static let table = FigureTable<RegionFigures>(
        rows: \.childRegions, code: \.region.code, name: \.region.name,
        columns: { _ in [name, level, balance, borrowers, yoy, techLoans, techShare, relendingShare, guarantee, alerts] },
        open: { _ in .banks })

    static func levelTitle(_ level: RegionLevel) -> Str {
        switch level {
        case .province: .regionLevelProvince
        case .city: .regionLevelCity
        case .county: .regionLevelCounty
        }
    }

    /// "陕西省 › 安康市", or 全部地区 for the whole store.
    static func path(_ f: Figures, context c: RenderContext) -> String {
        guard let code = f.region?.code else { return c.t(.wholeStore) }
        return f.regionTree.path(to: code).map { c.name($0.name) }.joined(separator: c.ascii ? " > " : " › ")
    }

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        let regions = c.shown(f.childRegions)
        let cursor = c.cursor(rows: regions.count)
        // The table takes what it needs (at least four rows), the selected region's panel the rest.
        let detail = regions.isEmpty ? nil : panel(regions[cursor.selected], context: c)
        let tableWanted = regions.count + ListBox.chrome
        let showsPanel = detail.map { area.height - $0.height >= Layout.minimumTable } ?? false
        let tableHeight = showsPanel ? max(Layout.minimumTable, min(tableWanted, area.height - detail!.height)) : area.height
        let (tableRect, panelRect) = area.takeTop(tableHeight)
        let box = ListBox(tableRect, rows: regions.count, cursor: cursor)
        box.draw(into: &grid, title: c.t(.regionsTitle) + " " + path(f, context: c), titleRight: c.figureListNote,
                 empty: c.t(f.childRegions.isEmpty ? .noRegions : .noMatches), context: &c) { c in
            table.columns(area.width).table(regions, sort: c.state.listView(.regions).sort, context: c)
        }
        if let d = detail, showsPanel { d.draw(into: &grid, panelRect, glyphs: c.glyphs) }
    }

    /// The selected region: its loans and tech loans with growth, re-lending and guarantees.
    static func panel(_ r: RegionFigures, context c: RenderContext) -> DetailPanel {
        typealias P = DetailPanel
        let labels: [Str] = [.regionLoans, .techLoans, .relendingFunded, .guaranteeInForce, .colAlerts]
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        var relending = [P.label(c.t(.relendingFunded), width: lw), P.value(c.amount(r.relendingFunded).padding(12))]
        if let share = r.relendingShare { relending += [P.gap(), P.plain(Format.percent(share))] }
        let lines: [[P.Segment]] = [
            P.measureLine(.regionLoans, r.loans, labelWidth: lw, context: c),
            P.measureLine(.techLoans, r.techLoans, labelWidth: lw, context: c), relending,
            [P.label(c.t(.guaranteeInForce), width: lw), P.value(c.amount(r.guaranteeBalance))],
            [P.label(c.t(.colAlerts), width: lw), P.value("\(r.alerts)", r.alerts > 0 ? .warning : .value)],
        ]
        return DetailPanel(title: c.name(r.region.name), titleRight: c.t(levelTitle(r.region.level)) + " " + r.region.code, lines: lines)
    }
}

extension DetailPanel {
    /// "科技贷款  4.31亿  42户  同比 +109.14% ↑": a loan measure's line (the chain and region panels).
    static func measureLine(_ title: Str, _ m: LoanMeasure, labelWidth lw: Int, context c: RenderContext) -> [Segment] {
        var line = [label(c.t(title), width: lw), value(c.amount(m.balance).padding(12)),
                    gap(), plain(Format.count(m.borrowers, unit: .borrowersUnit, c.language).padding(11)), gap()]
        if let g = m.growth {
            line.append((c.t(.yoy) + " ", CellStyle(.label)))
            line.append(value(Format.change(g, arrow: true, ascii: c.ascii), Format.role(of: g)))
        }
        return line
    }
}
