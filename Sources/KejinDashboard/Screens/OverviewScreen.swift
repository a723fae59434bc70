import KejinCore

/// Overview: four headline tiles, the chain table, the current alerts.
enum OverviewScreen {
    static let spec = ScreenSpec(title: .screenOverview, content: .figures(draw))

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        let tileHeight = area.height >= Layout.tall ? Layout.tileLines.tall : Layout.tileLines.short
        let (tilesRect, rest) = area.takeTop(tileHeight)
        drawTiles(f, into: &grid, tilesRect, context: c)

        // The chain table takes what it needs; the alerts get at least three lines and the rest.
        let alertsWanted = max(1, c.input.alerts.count) + Box.chrome
        let minimumAlerts = min(alertsWanted, rest.height >= Layout.tall ? Layout.overviewAlerts.tall : Layout.overviewAlerts.short)
        let tableWanted = f.chains.count + ListBox.chrome
        let tableHeight = max(Layout.overviewSmallestTable, min(tableWanted, rest.height - minimumAlerts))
        var (tableRect, alertsRect) = rest.takeTop(tableHeight)
        // With room to spare, a row of summaries: re-lending usage and the pools' state.
        let summaryHeight = max(f.relendingTools.count, f.pools.count) + Box.chrome
        if alertsRect.height - summaryHeight >= alertsWanted, alertsRect.width >= Layout.summaries, summaryHeight > Box.chrome {
            let (summaryRect, below) = alertsRect.takeTop(summaryHeight)
            drawSummaries(f, into: &grid, summaryRect, context: c)
            alertsRect = below
        }

        let table = ChainTable.overview.table(f.chains, context: c)
        let visible = Table.visibleRows(height: tableRect.height - Box.chrome)
        let footer = f.chains.count > visible ? "\(visible)/\(f.chains.count)" : ""
        let inner = Box.draw(into: &grid, tableRect, title: c.t(.chainsTitle), titleRight: "\(Screen.chains.key) " + c.t(.keyChainsHint),
                             footer: footer, glyphs: c.glyphs)
        table.draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
        AlertList.draw(into: &grid, alertsRect, c.input.alerts, context: c)
    }

    static func drawSummaries(_ f: Figures, into grid: inout CellGrid, _ rect: Rect, context c: RenderContext) {
        let halves = rect.columns(2)
        let usage = Table(columns: [TableColumn("", minWidth: 8, priority: 100),
                                    TableColumn("", .right, maxWidth: 50, priority: 90, fills: true)],
                          rows: f.relendingTools.map { t in
                              [.text(c.name(t.name)),
                               .gauge(t.usage ?? BasisPoints(0), label: t.usage.map(Format.percent) ?? "-",
                                      c.alert(.relendingUsage, t.code))]
                          }, glyphs: c.glyphs)
        var inner = Box.draw(into: &grid, halves[0], title: c.t(.relendingUsageTitle), titleRight: "\(Screen.relending.key)", glyphs: c.glyphs)
        var table = usage
        table.showsHeader = false
        table.draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))

        let pools = Table(columns: [TableColumn("", minWidth: 8, priority: 100),
                                    TableColumn("", .right, maxWidth: 50, priority: 80, fills: true),
                                    TableColumn("", priority: 90)],
                          rows: f.pools.map { p in
                              let fill = p.lossRate.flatMap { BasisPoints.ratio($0.value, p.breaker.value) } ?? BasisPoints(0)
                              let label = (p.lossRate.map(Format.percent) ?? "-") + "/" + Format.percent(p.breaker)
                              let tripped = p.tripped
                              return [.text(c.name(p.name)), .gauge(fill, label: label, c.alert(.poolLossRate, p.code)),
                                      .text(c.t(tripped ? .poolTripped : .poolNormal), tripped ? .critical : .up, bold: tripped)]
                          }, glyphs: c.glyphs)
        inner = Box.draw(into: &grid, halves[1], title: c.t(.poolsTitle), titleRight: "\(Screen.guarantees.key)", glyphs: c.glyphs)
        table = pools
        table.showsHeader = false
        table.draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
    }

    static func drawTiles(_ f: Figures, into grid: inout CellGrid, _ rect: Rect, context c: RenderContext) {
        let tiles: [(Str, Str, LoanMeasure, RevisedMeasure)] = [
            (.tileTechLoans, .tileTechLoansShort, f.city.techLoans, .techLoans),
            (.tileTechInnovation, .tileTechInnovationShort, f.city.techInnovationLoans, .innovation),
            (.tileTechTransformation, .tileTechTransformationShort, f.city.techTransformationLoans, .transformation),
            (.tileIPPledge, .tileIPPledgeShort, f.city.ipPledgeLoans, .ipPledge),
        ]
        for (rect, (long, short, measure, revised)) in zip(rect.columns(tiles.count), tiles) {
            // The long title when it fits between the corners, else the short one.
            let title = DisplayWidth.of(c.t(long)) + 2 <= rect.width - 4 ? c.t(long) : c.t(short)
            var lines: [(String, CellStyle)] = []
            if let g = measure.growth {
                // A provisional month's change is marked (`*`, in place of the arrow) and not
                // coloured, as in the tables: the month is not complete.
                let text = c.labelled(.yoy, Format.change(g, arrow: f.isSettled, ascii: c.ascii))
                    + (f.isSettled ? "" : Format.provisionalMark)
                lines.append((text, f.isSettled ? CellStyle(Format.role(of: g), bold: true) : CellStyle(.label)))
            } else {
                lines.append((c.labelled(.yoy, c.t(.notAvailable)), CellStyle(.label)))
            }
            lines.append((Format.count(measure.borrowers, unit: .borrowersUnit, c.language), CellStyle(.label)))
            // "修订": the figure changed after the month had been shown complete (`kejin revisions`).
            let value = c.amount(measure.balance) + (f.isRevised(revised) ? " " + c.t(.revisedMark) : "")
            Tile(title: title, value: value, lines: lines).draw(into: &grid, rect, glyphs: c.glyphs)
        }
    }
}
