import KejinCore

/// One period's figures as plain text for stdout (scripts, e-mail): the same tables the
/// screens draw, laid out at a fixed width with ASCII borders.
public enum TextReport {
    public static func render(_ figures: Figures, alerts: [Alert], language: Language, width: Int = 120) -> String {
        let state = DashboardState(period: figures.period, language: language, ascii: true)
        let input = FrameInput(figures: figures, alerts: alerts, periods: [figures.period], status: StatusInfo())
        let c = RenderContext(input: input, state: state)
        var out: [String] = []
        out.append("\(c.t(.appTitle))  \(c.t(.period)) \(figures.period.key)"
                   + (figures.lastChange.map { "  \(c.t(.updatedAt)) \($0)" } ?? ""))
        out.append("")
        let city = figures.city
        for (label, measure) in [(Str.tileTechLoans, city.techLoans), (.tileTechInnovation, city.techInnovationLoans),
                                 (.tileTechTransformation, city.techTransformationLoans), (.tileIPPledge, city.ipPledgeLoans)] {
            let growth = measure.growth.map { "  \(c.t(.yoy)) \(Format.change($0))" } ?? ""
            out.append(DisplayWidth.pad(c.t(label), to: 24) + DisplayWidth.pad(c.amount(measure.balance), to: 14, alignRight: true)
                       + "  " + Format.count(measure.borrowers, unit: .borrowersUnit, language) + growth)
        }
        let sections: [(Str, Table, Int)] = [
            (.chainsTitle, ChainTable.table.columns(width).table(figures.chains, context: c), figures.chains.count),
            (.relendingTitle, RelendingScreen.table.columns(width).table(figures.relendingTools, context: c),
             figures.relendingTools.count),
            (.guarantorsTitle, GuaranteesScreen.table.columns(width).table(figures.guarantors, context: c),
             figures.guarantors.count),
            (.alertsTitle, AlertList.table(alerts, context: c, withHeader: true), alerts.count),
        ]
        for (title, table, rows) in sections {
            let t = table
            var grid = CellGrid(width: width, height: rows + 1)
            t.draw(into: &grid, Rect(x: 0, y: 0, width: width, height: rows + 1))
            out.append("")
            out.append("\(c.t(title))")
            out.append(rows == 0 ? c.t(title == .alertsTitle ? .noAlerts : .noRows) : grid.text)
        }
        for pool in figures.pools {
            var grid = CellGrid(width: width, height: 12)
            let panel = GuaranteesScreen.pool(pool, context: c, width: width)
            panel.draw(into: &grid, Rect(x: 0, y: 0, width: min(width, 72), height: panel.height), glyphs: c.glyphs)
            out.append("")
            out.append(grid.text.split(separator: "\n", omittingEmptySubsequences: false).prefix(panel.height).joined(separator: "\n"))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
