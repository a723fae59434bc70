import KejinCore

/// Guarantees: the guarantors (selectable) and the risk-compensation pools.
enum GuaranteesScreen {
    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        // The selectable list runs through the guarantors, then the pools (Enter opens either).
        // The guarantors as shown (filtered, sorted); the selection indexes these, then the pools.
        let guarantors = c.shown(f.guarantors)
        let cursor = c.cursor(rows: guarantors.count + f.pools.count)
        let pools = f.pools.map { pool($0, context: c, width: area.width) }
        let tableWanted = guarantors.count + 3
        // Pools below the table, as many as fit while the table keeps four rows.
        var shownPools: [DetailPanel] = []
        var used = 0
        for p in pools where area.height - used - p.height >= min(tableWanted, 7) {
            shownPools.append(p); used += p.height
        }
        let tableHeight = min(tableWanted, area.height - used)
        let (tableRect, poolArea) = area.takeTop(tableHeight)
        let visible = Table.visibleRows(height: tableRect.height - 2)
        c.list = (guarantors.count + f.pools.count, visible)
        c.listTop = tableRect.y + 2
        c.listStart = Table.windowStart(selected: cursor.selected < guarantors.count ? cursor.selected : nil,
                                        scroll: cursor.scroll, visible: visible, count: guarantors.count)

        let inner = Box.draw(into: &grid, tableRect, title: c.t(.guarantorsTitle), titleRight: c.figureListNote,
                             footer: guarantors.isEmpty || cursor.selected >= guarantors.count ? ""
                                : "\(cursor.selected + 1)/\(guarantors.count)",
                             glyphs: c.glyphs, focused: true)
        if guarantors.isEmpty {
            grid.put(" " + c.t(f.guarantors.isEmpty ? .noRows : .noMatches), x: inner.x, y: inner.y, style: CellStyle(.label))
        } else {
            table(guarantors, cursor: cursor, context: c)
                .draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
        }
        var rest = poolArea
        for (i, p) in shownPools.enumerated() {
            let (r, next) = rest.takeTop(p.height)
            p.draw(into: &grid, r, glyphs: c.glyphs, focused: cursor.selected == guarantors.count + i)
            rest = next
        }
        // Leftover room lists this screen's alerts.
        let measures: [AlertMeasure] = [.guaranteeFeeRate, .guarantorLeverage, .bankRiskShare, .poolLossRate, .poolRemaining]
        if rest.height >= 3 {
            AlertList.draw(into: &grid, rest, c.input.alerts.filter { measures.contains($0.measure) }, context: c)
        }
    }

    static func table(_ guarantors: [GuarantorFigures], cursor: RowCursor, context c: RenderContext) -> Table {
        let columns = c.marked([
            TableColumn(c.t(.colGuarantor), minWidth: 8, priority: 100),
            TableColumn(c.t(.colFirmsInForce), .right, priority: 80),
            TableColumn(c.t(.colBalanceInForce), .right, priority: 90),
            TableColumn(c.t(.colAverageFee), .right, priority: 70),
            TableColumn(c.t(.colLowestBankShare), .right, priority: 60),
            TableColumn(c.t(.colNetAssets), .right, priority: 30),
            TableColumn(c.t(.colLeverage), .right, priority: 65),
        ])
        let rows = guarantors.map { g -> [TableCell] in
            [
                .text(c.name(g.name), .normal, bold: true),
                .text(c.count(g.firmsInForce)),
                .text(c.money(g.balanceInForce), .value),
                c.flagged(g.averageFeeRate.map(Format.percent) ?? "-", c.alert(.guaranteeFeeRate, g.code)),
                c.flagged(g.lowestBankRiskShare.map(Format.percent) ?? "-", c.alert(.bankRiskShare, g.code)),
                .text(g.netAssets.map(c.money) ?? "-"),
                c.flagged(g.leverage.map { Format.leverage($0, ascii: c.ascii) } ?? "-", c.alert(.guarantorLeverage, g.code)),
            ]
        }
        return Table(columns: columns, rows: rows, selected: cursor.selected, scroll: cursor.scroll, glyphs: c.glyphs)
    }

    /// Whether the pool has reached its breaker: pay-outs ÷ covered business ≥ breaker, exactly.
    static func tripped(_ p: RiskPoolFigures) -> Bool {
        p.coveredBalance.fen > 0 && ratio(p.paidOut.fen, p.coveredBalance.fen, atLeast: p.breaker)
    }

    static func pool(_ p: RiskPoolFigures, context c: RenderContext, width: Int) -> DetailPanel {
        typealias P = DetailPanel
        let labels: [Str] = [.capital, .coveredBalance, .lossRate]
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        let isTripped = tripped(p)
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
        let barWidth = max(10, min(40, width - lw - 36))
        lines.append([P.label(c.t(.lossRate), width: lw), (Gauge.bar(fill, width: barWidth, glyphs: c.glyphs), CellStyle(.gauge)),
                      P.gap(1), P.value((p.lossRate.map(Format.percent) ?? "-") + (lossAlert.map { " " + RenderContext.marker($0) } ?? ""),
                                        lossAlert.map(RenderContext.role) ?? .value),
                      (" / " + c.labelled(.breaker, Format.percent(p.breaker)), CellStyle(.label))])
        return DetailPanel(title: c.name(p.name), titleRight: "", lines: lines)
    }
}
