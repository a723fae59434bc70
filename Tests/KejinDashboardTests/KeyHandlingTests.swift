import KejinCore
import Testing
@testable import KejinDashboard

@Suite struct KeyHandlingTests {
    let periods = Fixture.periods  // 2024-05 … 2025-05

    @Test func numberKeysAndTabSwitchScreens() {
        var s = DashboardState()
        #expect(s.handle(.character("3"), periods: periods) == .redraw)
        #expect(s.screen == .relending)
        #expect(s.handle(.character("3"), periods: periods) == .none)
        #expect(s.handle(.tab, periods: periods) == .redraw)
        #expect(s.screen == .guarantees)
        _ = s.handle(.tab, periods: periods)
        #expect(s.screen == Screen.allCases[Screen.guarantees.rawValue + 1])
        // Without regions in the store there is no Regions view (RegionSelection.swift).
        s.screen = Screen.shown(regions: false).last!
        _ = s.handle(.tab, periods: periods)
        #expect(s.screen == .overview)  // wraps
        _ = s.handle(.backTab, periods: periods)
        #expect(s.screen == Screen.shown(regions: false).last!)
        #expect(s.handle(.character("9"), periods: periods) == .none)  // no ninth screen
    }

    @Test func periodMovesClampAtBothEnds() {
        var s = DashboardState()
        #expect(s.effectivePeriod(in: periods) == Period(year: 2025, month: 5))
        // At the latest already: a message, no reload.
        #expect(s.handle(.character("]"), periods: periods) == .redraw)
        #expect(s.period == nil)
        #expect(s.message == Str.atLastPeriod.text(.zh))
        #expect(s.handle(.character("["), periods: periods) == .periodChanged)
        #expect(s.period == Period(year: 2025, month: 4))
        #expect(s.message == nil)
        #expect(s.handle(.character("{"), periods: periods) == .periodChanged)
        #expect(s.period == Period(year: 2024, month: 5))
        #expect(s.handle(.left, periods: periods) == .redraw)
        #expect(s.period == Period(year: 2024, month: 5))
        #expect(s.message == Str.atFirstPeriod.text(.zh))
        #expect(s.handle(.character("]"), periods: periods) == .periodChanged)
        #expect(s.period == Period(year: 2024, month: 6))
        // Back to the latest means following the latest again.
        #expect(s.handle(.character("}"), periods: periods) == .periodChanged)
        #expect(s.period == nil)
    }

    @Test func aPeriodNoLongerStoredFallsBackToTheLatestBeforeIt() {
        let s = DashboardState(period: Period(year: 2030, month: 1))
        #expect(s.effectivePeriod(in: periods) == Period(year: 2025, month: 5))
        let early = DashboardState(period: Period(year: 2020, month: 1))
        #expect(early.effectivePeriod(in: periods) == Period(year: 2024, month: 5))
        var none = DashboardState()
        #expect(none.handle(.character("["), periods: []) == .redraw)
        #expect(none.message == Str.noPeriods.text(.zh))
    }

    @Test func rowsMoveWithinTheListAndPageByTheVisibleRows() {
        var s = DashboardState(screen: .chains)
        #expect(s.handle(.up, periods: periods, rowCount: 9, pageRows: 4) == .none)
        #expect(s.handle(.character("j"), periods: periods, rowCount: 9, pageRows: 4) == .redraw)
        #expect(s.cursor(.chains).selected == 1)
        _ = s.handle(.pageDown, periods: periods, rowCount: 9, pageRows: 4)
        #expect(s.cursor(.chains) == RowCursor(selected: 5, scroll: 2))
        _ = s.handle(.pageDown, periods: periods, rowCount: 9, pageRows: 4)
        #expect(s.cursor(.chains) == RowCursor(selected: 8, scroll: 5))
        #expect(s.handle(.down, periods: periods, rowCount: 9, pageRows: 4) == .none)
        _ = s.handle(.home, periods: periods, rowCount: 9, pageRows: 4)
        #expect(s.cursor(.chains) == RowCursor(selected: 0, scroll: 0))
        _ = s.handle(.character("k"), periods: periods, rowCount: 9, pageRows: 4)
        #expect(s.cursor(.chains).selected == 0)
        _ = s.handle(.end, periods: periods, rowCount: 9, pageRows: 4)
        #expect(s.cursor(.chains).selected == 8)
        // Each screen keeps its own cursor.
        #expect(s.cursor(.relending) == RowCursor())
    }

    @Test func handleWithTheFrameUsesTheScreensRowCount() {
        var s = DashboardState(screen: .relending)
        let input = Fixture.input()
        for _ in 0..<10 { _ = s.handle(.down, input: input, width: 80, height: 24) }
        #expect(s.cursor(.relending).selected == Fixture.tools.count - 1)
        let metrics = DashboardRenderer.listMetrics(input, state: s, width: 80, height: 24)
        #expect(metrics.rows == 4)
        #expect(metrics.visible >= 4)
    }

    @Test func helpOpensAndClosesAndOtherKeysStillAct() {
        var s = DashboardState()
        #expect(s.handle(.character("?"), periods: periods) == .redraw)
        #expect(s.showingHelp)
        #expect(s.handle(.escape, periods: periods) == .redraw)
        #expect(!s.showingHelp)
        #expect(s.handle(.escape, periods: periods) == .none)
        _ = s.handle(.character("?"), periods: periods)
        #expect(s.handle(.character("2"), periods: periods) == .redraw)
        #expect(!s.showingHelp && s.screen == .chains)
        _ = s.handle(.character("?"), periods: periods)
        #expect(s.handle(.character("x"), periods: periods) == .redraw)  // closes help
        #expect(!s.showingHelp)
        _ = s.handle(.character("?"), periods: periods)
        #expect(s.handle(.character("q"), periods: periods) == .quit)
    }

    @Test func clickingATabShowsItsScreen() {
        for language in Language.allCases {
            var s = DashboardState(language: language)
            let header = DashboardRenderer.render(Fixture.input(), state: s, width: 120, height: 40).text
                .components(separatedBy: "\n")[0]
            // Find where "3 再贷款" / "3 Re-lending" is drawn and click its middle.
            let label = "3 " + Str.screenRelending.text(language)
            let prefix = header.components(separatedBy: label)[0]
            let x = DisplayWidth.of(prefix) + 2
            #expect(s.handle(.click(x: x, y: 0), input: Fixture.input(), width: 120, height: 40) == .redraw)
            #expect(s.screen == .relending)
            #expect(s.handle(.click(x: x, y: 5), periods: periods) == .none)
            #expect(s.handle(.click(x: 1, y: 0), input: Fixture.input(), width: 200, height: 40) == .none)  // the app title
        }
    }

    @Test func appActions() {
        var s = DashboardState()
        #expect(s.handle(.character("t"), periods: periods) == .cycleTheme)
        #expect(s.handle(.character("r"), periods: periods) == .refresh)
        #expect(s.handle(.character("q"), periods: periods) == .quit)
        #expect(s.handle(.character("L"), periods: periods) == .redraw)
        #expect(s.language == .en)
        _ = s.handle(.character("L"), periods: periods)
        #expect(s.language == .zh)
    }
}
