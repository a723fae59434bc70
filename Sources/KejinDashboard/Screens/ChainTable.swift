import KejinCore

/// The industry-chain tables of the overview and the chains screen.
enum ChainTable {
    /// Overview: chain, lead bank, balance, borrowers, growth, tech loans, then extras as room allows.
    static func overview(_ f: Figures, context c: RenderContext) -> Table {
        let columns = [
            TableColumn(c.t(.colChain), minWidth: 8, priority: 100),
            TableColumn(c.t(.colLeadBank), minWidth: 8, priority: 40),
            TableColumn(c.t(.colBalance), .right, priority: 90),
            TableColumn(c.t(.colBorrowers), .right, priority: 80),
            TableColumn(c.t(.colYoY), .right, priority: 85),
            TableColumn(c.t(.colTechLoans), .right, priority: 30),
            TableColumn(c.t(.colTechYoY), .right, priority: 15),
            TableColumn(c.t(.colRelendingShare), .right, priority: 12),
            TableColumn(c.t(.colGuarantee), .right, priority: 10),
            TableColumn(c.t(.colTrend), minWidth: 6, maxWidth: 13, priority: 20),
        ]
        let rows = f.chains.map { ch -> [TableCell] in
            [
                .text(c.name(ch.name), .normal, bold: true),
                .text(ch.leadBank.map(c.name) ?? "-", .label),
                .text(c.money(ch.loans.balance), .value),
                .text(c.count(ch.loans.borrowers)),
                c.changeCell(ch.loans.growth),
                .text(c.money(ch.techLoans.balance)),
                c.changeCell(ch.techLoans.growth, severity: growthAlert(ch, c)),
                .text(ch.relendingShare.map(Format.percent) ?? "-"),
                .text(c.money(ch.guaranteeBalance)),
                .sparkline(ch.trend.map(\.fen)),
            ]
        }
        return Table(columns: columns, rows: rows, glyphs: c.glyphs)
    }

    /// Chains screen: every measure per chain, selectable.
    static func full(_ chains: [ChainFigures], cursor: RowCursor, context c: RenderContext) -> Table {
        let columns = c.marked([
            TableColumn(c.t(.colChain), minWidth: 8, priority: 100),
            TableColumn(c.t(.colBalance), .right, priority: 90),
            TableColumn(c.t(.colBorrowers), .right, priority: 80),
            TableColumn(c.t(.colYoY), .right, priority: 85),
            TableColumn(c.t(.colTrend), minWidth: 13, maxWidth: 13, priority: 70),
            TableColumn(c.t(.colRelendingShare), .right, priority: 60),
            TableColumn(c.t(.colGuarantee), .right, priority: 55),
            TableColumn(c.t(.colLeadBank), minWidth: 8, priority: 40),
            TableColumn(c.t(.colTechLoans), .right, priority: 30),
            TableColumn(c.t(.colTechBorrowers), .right, priority: 20),
            TableColumn(c.t(.colTechYoY), .right, priority: 25),
        ])
        let rows = chains.map { ch -> [TableCell] in
            [
                .text(c.name(ch.name), .normal, bold: true),
                .text(c.money(ch.loans.balance), .value),
                .text(c.count(ch.loans.borrowers)),
                c.changeCell(ch.loans.growth),
                .sparkline(ch.trend.map(\.fen)),
                .text(ch.relendingShare.map(Format.percent) ?? "-"),
                .text(c.money(ch.guaranteeBalance)),
                .text(ch.leadBank.map(c.name) ?? "-", .label),
                .text(c.money(ch.techLoans.balance)),
                .text(c.count(ch.techLoans.borrowers)),
                c.changeCell(ch.techLoans.growth, severity: growthAlert(ch, c)),
            ]
        }
        return Table(columns: columns, rows: rows, selected: cursor.selected, scroll: cursor.scroll, glyphs: c.glyphs)
    }

    /// The worse of the chain's two growth alerts (negative growth; slower than all loans).
    static func growthAlert(_ ch: ChainFigures, _ c: RenderContext) -> Severity? {
        [c.alert(.chainTechGrowth, ch.code), c.alert(.chainGrowthGap, ch.code)].compactMap { $0 }.max()
    }
}
