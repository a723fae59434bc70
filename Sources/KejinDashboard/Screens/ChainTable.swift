import KejinCore

/// The industry-chain columns, each declared once, and the two tables made of them: the
/// Chains screen's (every measure, selectable, sortable) and the overview's.
enum ChainTable {
    typealias C = Column<ChainFigures>

    static let chain = C.name(.colChain, minWidth: 8) { $0.name }
    /// The balance, with "修订" when one of the chain's figures was revised after the month
    /// had been shown complete.
    static let balance = C(.colBalance, .right, priority: 90,
                           cell: { ch, c in
                               let revised = c.input.figures?.revisions.contains { $0.chain == ch.code && $0.measure.isLoanMeasure } ?? false
                               return .text(c.money(ch.loans.balance) + (revised ? " " + c.t(.revisedMark) : ""), .value)
                           }, sort: { ch, _ in .money(ch.loans.balance) })
    static let borrowers = C(.colBorrowers, .right, priority: 80,
                             cell: { ch, c in .text(c.count(ch.loans.borrowers)) }, sort: { ch, _ in .count(ch.loans.borrowers) })
    static let yoy = C(.colYoY, .right, priority: 85,
                       cell: { ch, c in c.changeCell(ch.loans.growth) }, sort: { ch, _ in .rate(ch.loans.growth) })
    static let trend = C(.colTrend, minWidth: Layout.trendWidth, maxWidth: Layout.trendWidth, priority: 70,
                         cell: { ch, _ in .sparkline(ch.trend.map(\.fen)) }, sort: { ch, _ in .money(ch.trend.last) })
    static let relendingShare = C(.colRelendingShare, .right, priority: 60,
                                  cell: { ch, c in .text(ch.relendingShare.map(Format.percent) ?? "-") },
                                  sort: { ch, _ in .rate(ch.relendingShare) })
    static let guarantee = C(.colGuarantee, .right, priority: 55,
                             cell: { ch, c in .text(c.money(ch.guaranteeBalance) + c.revisedMark(.guaranteesInForce, ch.code)) },
                             sort: { ch, _ in .money(ch.guaranteeBalance) })
    static let leadBank = C(.colLeadBank, minWidth: 8, priority: 40,
                            cell: { ch, c in .text(ch.leadBank.map(c.name) ?? "-", .label) }, sort: { .name($0.leadBank, $1) })
    static let techLoans = C(.colTechLoans, .right, priority: 30,
                             cell: { ch, c in .text(c.money(ch.techLoans.balance)) }, sort: { ch, _ in .money(ch.techLoans.balance) })
    static let techBorrowers = C(.colTechBorrowers, .right, priority: 20,
                                 cell: { ch, c in .text(c.count(ch.techLoans.borrowers)) },
                                 sort: { ch, _ in .count(ch.techLoans.borrowers) })
    static let techYoY = C(.colTechYoY, .right, priority: 25,
                           cell: { ch, c in c.changeCell(ch.techLoans.growth, severity: growthAlert(ch, c)) },
                           sort: { ch, _ in .rate(ch.techLoans.growth) })
    /// Tech NPL ÷ tech loans (五级分类); "-" without tech loans or classifications. Low
    /// priority: it gives way first at 80 columns.
    static let techNPL = C(.colTechNPL, .right, priority: 15,
                           cell: { ch, c in .text(ch.nplMeasure?.techRatio.map(Format.percent) ?? "-") },
                           sort: { ch, _ in .rate(ch.nplMeasure?.techRatio) })

    /// The Chains screen's table: every measure per chain.
    static let table = FigureTable<ChainFigures>(
        rows: \.chains, code: \.code, name: \.name,
        columns: { _ in [chain, balance, borrowers, yoy, trend, relendingShare, guarantee, leadBank, techLoans,
                         techBorrowers, techYoY, techNPL] },
        open: { .chainBanks(chain: $0.code) })

    /// The overview's: the headline measures first, extras as room allows.
    static let overview: [C] = [
        chain, leadBank, balance, borrowers, yoy, techLoans, techYoY.with(priority: 15),
        relendingShare.with(priority: 12), guarantee.with(priority: 10), trend.with(minWidth: 6, priority: 20),
    ]

    /// The worse of the chain's two growth alerts (negative growth; slower than all loans).
    static func growthAlert(_ ch: ChainFigures, _ c: RenderContext) -> Severity? {
        [c.alert(.chainTechGrowth, ch.code), c.alert(.chainGrowthGap, ch.code)].compactMap { $0 }.max()
    }
}
