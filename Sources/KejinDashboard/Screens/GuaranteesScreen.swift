import KejinCore

/// Guarantees: the guarantors (selectable) and the risk-compensation pools.
enum GuaranteesScreen {
    static let spec = ScreenSpec(
        title: .screenGuarantees, content: .figures(draw), table: table.erased,
        trailing: { f in f.pools.map { DrillFrame(request: .poolPayouts(pool: $0.code), title: $0.name) } })

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        // The selectable list runs through the guarantors, then the pools (Enter opens either).
        // The guarantors as shown (filtered, sorted); the selection indexes these, then the pools.
        let guarantors = c.shown(f.guarantors)
        let cursor = c.cursor(rows: guarantors.count + f.pools.count)
        let pools = f.pools.map { pool($0, context: c, width: area.width) }
        let tableWanted = guarantors.count + ListBox.chrome
        // Pools below the table, as many as fit while the table keeps four rows.
        var shownPools: [DetailPanel] = []
        var used = 0
        for p in pools where area.height - used - p.height >= min(tableWanted, Layout.minimumTable) {
            shownPools.append(p); used += p.height
        }
        let tableHeight = min(tableWanted, area.height - used)
        let (tableRect, poolArea) = area.takeTop(tableHeight)
        let box = ListBox(tableRect, rows: guarantors.count, trailing: f.pools.count, cursor: cursor)
        box.draw(into: &grid, title: c.t(.guarantorsTitle), titleRight: c.figureListNote,
                 empty: c.t(f.guarantors.isEmpty ? .noRows : .noMatches), trailing: f.pools.count, context: &c) { c in
            table.columns(area.width).table(guarantors, sort: c.state.listView(.guarantees).sort, context: c)
        }
        var rest = poolArea
        for (i, p) in shownPools.enumerated() {
            let (r, next) = rest.takeTop(p.height)
            p.draw(into: &grid, r, glyphs: c.glyphs, focused: cursor.selected == guarantors.count + i)
            rest = next
        }
        // Leftover room lists this screen's alerts.
        let measures: [AlertMeasure] = [.guaranteeFeeRate, .guarantorLeverage, .bankRiskShare, .poolLossRate, .poolRemaining]
        if rest.height >= Layout.smallestAlertList {
            AlertList.draw(into: &grid, rest, c.input.alerts.filter { measures.contains($0.measure) }, context: c)
        }
    }

    typealias C = Column<GuarantorFigures>

    /// The guarantors' table, one column a line.
    static let table = FigureTable<GuarantorFigures>(
        rows: \.guarantors, code: \.code, name: \.name,
        columns: { _ in [
            C.name(.colGuarantor, minWidth: 8) { $0.name },
            C(.colFirmsInForce, .right, priority: 80,
              cell: { g, c in .text(c.count(g.firmsInForce)) }, sort: { g, _ in .count(g.firmsInForce) }),
            C(.colBalanceInForce, .right, priority: 90,
              cell: { g, c in .text(c.money(g.balanceInForce), .value) }, sort: { g, _ in .money(g.balanceInForce) }),
            C(.colAverageFee, .right, priority: 70,
              cell: { g, c in c.flagged(g.averageFeeRate.map(Format.percent) ?? "-", c.alert(.guaranteeFeeRate, g.code)) },
              sort: { g, _ in .rate(g.averageFeeRate) }),
            C(.colLowestBankShare, .right, priority: 60,
              cell: { g, c in c.flagged(g.lowestBankRiskShare.map(Format.percent) ?? "-", c.alert(.bankRiskShare, g.code)) },
              sort: { g, _ in .rate(g.lowestBankRiskShare) }),
            C(.colNetAssets, .right, priority: 30,
              cell: { g, c in .text(g.netAssets.map(c.money) ?? "-") }, sort: { g, _ in .money(g.netAssets) }),
            C(.colLeverage, .right, priority: 65,
              cell: { g, c in
                  c.flagged(g.leverage.map { Format.leverage($0, ascii: c.ascii) } ?? "-", c.alert(.guarantorLeverage, g.code))
              },
              sort: { g, _ in .rate(g.leverage) }),
        ] },
        open: { .guarantorGuarantees(guarantor: $0.code) })

    static func pool(_ p: RiskPoolFigures, context c: RenderContext, width: Int) -> DetailPanel {
        typealias P = DetailPanel
        let labels: [Str] = [.capital, .coveredBalance, .lossRate]
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        let isTripped = p.tripped
        let status = isTripped ? "!! " + c.t(.poolTripped) : c.t(.poolNormal)
        let statusSegment = (c.labelled(.status, status), CellStyle(isTripped ? .critical : .up, bold: true))
        let remainingAlert = c.alert(.poolRemaining, p.code)
        var remaining = [(c.t(.remaining) + " ", CellStyle(.label)),
                         P.value(c.amount(p.remaining), remainingAlert.map(RenderContext.role) ?? .value)]
        if let a = remainingAlert { remaining.append((" " + RenderContext.marker(a), CellStyle(RenderContext.role(a), bold: true))) }
        var lines: [[P.Segment]] = [
            [P.label(c.t(.capital), width: lw), P.value(c.amount(p.capital).padding(12)), P.gap(),
             (c.t(.paidOut) + " ", CellStyle(.label)), P.plain(c.amount(p.paidOut).padding(12)),
             P.plain((" " + Format.count(p.payouts, unit: .payoutsUnit, c.language)).padding(8)), P.gap()] + remaining,
            [P.label(c.t(.coveredBalance), width: lw), P.value(c.amount(p.coveredBalance).padding(12)), P.gap(),
             (c.t(.riskShare) + " ", CellStyle(.label)), P.plain(Format.percent(p.riskShare)), P.gap(), statusSegment],
        ]
        // Loss rate against the breaker: the bar is full when the pool trips.
        let lossAlert = c.alert(.poolLossRate, p.code)
        let fill = p.lossRate.flatMap { l in BasisPoints.ratio(l.value, p.breaker.value) } ?? BasisPoints(0)
        let barWidth = Layout.panelBar.clamp(width - lw - 36)
        lines.append([P.label(c.t(.lossRate), width: lw), (Gauge.bar(fill, width: barWidth, glyphs: c.glyphs), CellStyle(.gauge)),
                      P.gap(1), P.value((p.lossRate.map(Format.percent) ?? "-") + (lossAlert.map { " " + RenderContext.marker($0) } ?? ""),
                                        lossAlert.map(RenderContext.role) ?? .value),
                      (" / " + c.labelled(.breaker, Format.percent(p.breaker)), CellStyle(.label))])
        return DetailPanel(title: c.name(p.name), titleRight: "", lines: lines)
    }
}
