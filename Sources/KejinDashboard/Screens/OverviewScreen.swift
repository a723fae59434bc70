import KejinCore

/// Overview: four headline tiles, the chain table, the current alerts.
enum OverviewScreen {
    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        let tileHeight = area.height >= 30 ? 5 : 4
        let (tilesRect, rest) = area.takeTop(tileHeight)
        drawTiles(f, into: &grid, tilesRect, context: c)

        // The chain table takes what it needs; the alerts get at least three lines and the rest.
        let alertsWanted = max(1, c.input.alerts.count) + 2
        let minimumAlerts = min(alertsWanted, rest.height >= 30 ? 8 : 5)
        let tableWanted = f.chains.count + 3
        let tableHeight = max(4, min(tableWanted, rest.height - minimumAlerts))
        let (tableRect, alertsRect) = rest.takeTop(tableHeight)

        let table = ChainTable.overview(f, context: c)
        let visible = Table.visibleRows(height: tableRect.height - 2)
        let footer = f.chains.count > visible ? "\(visible)/\(f.chains.count)" : ""
        let inner = Box.draw(into: &grid, tableRect, title: c.t(.chainsTitle), titleRight: c.t(.keyChainsHint),
                             footer: footer, glyphs: c.glyphs)
        table.draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
        AlertList.draw(into: &grid, alertsRect, c.input.alerts, context: c)
    }

    static func drawTiles(_ f: Figures, into grid: inout CellGrid, _ rect: Rect, context c: RenderContext) {
        let tiles: [(Str, Str, LoanMeasure)] = [
            (.tileTechLoans, .tileTechLoansShort, f.city.techLoans),
            (.tileTechInnovation, .tileTechInnovationShort, f.city.techInnovationLoans),
            (.tileTechTransformation, .tileTechTransformationShort, f.city.techTransformationLoans),
            (.tileIPPledge, .tileIPPledgeShort, f.city.ipPledgeLoans),
        ]
        for (rect, (long, short, measure)) in zip(rect.columns(tiles.count), tiles) {
            // The long title when it fits between the corners, else the short one.
            let title = DisplayWidth.of(c.t(long)) + 2 <= rect.width - 4 ? c.t(long) : c.t(short)
            var lines: [(String, CellStyle)] = []
            if let g = measure.growth {
                let text = c.labelled(.yoy, Format.change(g, arrow: true, ascii: c.ascii))
                lines.append((text, CellStyle(Format.role(of: g), bold: true)))
            } else {
                lines.append((c.labelled(.yoy, c.t(.notAvailable)), CellStyle(.label)))
            }
            lines.append((Format.count(measure.borrowers, unit: .borrowersUnit, c.language), CellStyle(.label)))
            Tile(title: title, value: c.amount(measure.balance), lines: lines).draw(into: &grid, rect, glyphs: c.glyphs)
        }
    }
}
