import KejinCore
import Testing
@testable import KejinDashboard

/// A provisional period is marked on every screen ("报送中 2/3" in the header, the missing
/// reporters on the status line), and the Reporting screen lists who delivered what.
@Suite struct ProvisionalMarkRenderTests {
    static let names = [("ICBC", "中国工商银行安康分行", "ICBC Ankang Branch"),
                        ("AKRCB", "安康农商银行", "Ankang Rural Commercial Bank"),
                        ("CCB", "中国建设银行安康分行", "China Construction Bank Ankang Branch")]

    /// ICBC and CCB delivered; AKRCB is missing in the shown period (it delivered before).
    static func reporting(_ period: Period, missing: Set<String>) -> PeriodReporting {
        let reporters = names.enumerated().map { i, n in
            ReporterStatus(code: n.0, name: Names(zh: n.1, en: n.2),
                           delivery: missing.contains(n.0) ? nil : Delivery(rows: 100 * (i + 1), at: "2025-06-0\(i + 3) 10:15:00", importID: Int64(40 + i)))
        }
        let status = PeriodReporting.status(expected: reporters.count, delivered: reporters.count - missing.count, closed: false)
        return PeriodReporting(period: period, status: status, reporters: reporters)
    }

    static func input(provisional: Bool) -> FrameInput {
        var f = Fixture.figures
        f.reporting = reporting(f.period, missing: provisional ? ["AKRCB"] : [])
        f.reportingHistory = (1...3).reversed().map { reporting(f.period.advanced(by: -$0), missing: $0 == 2 ? ["CCB"] : []) }
        return Fixture.input(f)
    }

    static func render(_ screen: Screen, _ language: Language, _ w: Int, _ h: Int, provisional: Bool = true) -> [String] {
        let state = DashboardState(screen: screen, language: language)
        let input = DetailFixture.input(Self.input(provisional: provisional), for: state)
        return DashboardRenderer.render(input, state: state, width: w, height: h).text.components(separatedBy: "\n")
    }

    @Test(arguments: Screen.allCases)
    func everyScreenMarksAProvisionalPeriod(_ screen: Screen) {
        for (w, h) in [(60, 16), (80, 24), (120, 40), (200, 60)] {
            for (language, mark, missing) in [(Language.zh, "报送中 2/3", "未报送 安康农商"), (.en, "provisional 2/3", "Missing Ankang")] {
                let lines = Self.render(screen, language, w, h)
                #expect(lines[0].contains(mark), "\(screen) \(w)x\(h): \(lines[0])")
                #expect(lines[0].contains(Fixture.figures.period.key), "\(screen) \(w)x\(h): \(lines[0])")
                #expect(lines.last!.contains(missing), "\(screen) \(w)x\(h): \(lines.last!)")
                let settled = Self.render(screen, language, w, h, provisional: false)
                #expect(!settled[0].contains(mark) && !settled.last!.contains(missing))
            }
        }
    }

    @Test(arguments: Language.allCases)
    func goldens(_ language: Language) {
        for (w, h) in [(80, 24), (120, 40)] {
            Golden.check("provisional-overview-\(language)-\(w)x\(h)", Self.render(.overview, language, w, h).joined(separator: "\n"))
            Golden.check("reporting-provisional-\(language)-\(w)x\(h)", Self.render(.reporting, language, w, h).joined(separator: "\n"))
        }
    }
}

/// Figures revised after the month was shown complete read "修订" beside them, and the
/// Reporting screen lists the history.
@Suite struct RevisionMarkRenderTests {
    static func input() -> FrameInput {
        var f = Fixture.figures
        f.reporting = ProvisionalMarkRenderTests.reporting(f.period, missing: [])
        let chain = f.chains[1]
        f.revisions = [
            Revision(id: 1, period: f.period, chain: nil, chainName: nil, measure: .techLoans, before: f.city.techLoans.balance.fen + 3_000_000_000,
                     after: f.city.techLoans.balance.fen, importID: 41, cause: "import 41 loan_balances-2025-05-icbc.csv", at: "2025-06-12 08:00:00"),
            Revision(id: 2, period: f.period, chain: chain.code, chainName: chain.name, measure: .balance,
                     before: chain.loans.balance.fen + 3_000_000_000, after: chain.loans.balance.fen, importID: 41,
                     cause: "import 41 loan_balances-2025-05-icbc.csv", at: "2025-06-12 08:00:00"),
        ]
        return Fixture.input(f)
    }

    @Test(arguments: Language.allCases)
    func revisedFiguresAreMarked(_ language: Language) {
        let mark = Str.revisedMark.text(language)
        for (w, h) in [(80, 24), (120, 40)] {
            let state = DashboardState(screen: .overview, language: language)
            let overview = DashboardRenderer.render(Self.input(), state: state, width: w, height: h).text.components(separatedBy: "\n")
            // The first tile (tech loans) and the revised chain's row, nothing else.
            #expect(overview[2].components(separatedBy: mark).count == 2, "\(w)x\(h): \(overview[2])")
            let revisedChain = Fixture.figures.chains[1].name.text(language)
            let marked = overview.filter { $0.contains(mark) }
            #expect(marked.count == 2 && marked.contains { $0.contains(String(revisedChain.prefix(3))) }, "\(marked)")
            let reporting = DashboardRenderer.render(Self.input(), state: DashboardState(screen: .reporting, language: language),
                                                     width: w, height: h).text
            Golden.check("reporting-revised-\(language)-\(w)x\(h)", reporting)
        }
    }
}

/// The viewer follows the latest complete period; `]` still reaches a provisional one.
@Suite struct DefaultPeriodTests {
    @Test func theDefaultIsTheLatestSettledPeriodAndTheNextKeyReachesTheProvisionalOne() {
        let periods = Fixture.periods
        var s = DashboardState()
        s.defaultPeriod = periods[periods.count - 2]
        #expect(s.effectivePeriod(in: periods) == periods[periods.count - 2])
        #expect(s.handle(.character("]"), periods: periods) == .periodChanged)
        #expect(s.period == periods.last && s.effectivePeriod(in: periods) == periods.last)
        #expect(s.handle(.character("["), periods: periods) == .periodChanged)
        #expect(s.period == nil)  // back on the default: following it again
        // The month completes: the default moves and the viewer follows.
        s.defaultPeriod = periods.last
        #expect(s.effectivePeriod(in: periods) == periods.last)
    }
}
