import KejinCore
@testable import KejinDashboard
import Testing

/// The Re-lending screen with a bank over its ledger cap and ineligible ledger loans (issue 17):
/// the coverage column and panel lines carry the alerts, and Enter on such an alert selects the tool.
@Suite struct RelendingCoverageScreenTests {
    /// The fixture with 支农 at a second bank, 旬阳农商, drawn 110% of its eligible ledger with 2 ineligible loans.
    static func input() -> FrameInput {
        var f = Fixture.figures
        let i = f.relendingTools.firstIndex { $0.code == "agri" }!
        let over = LedgerCoverage(drawn: .yuan(1_100_000), eligibleLedger: .yuan(1_000_000), ineligibleLoans: 2, cap: BasisPoints(10_000))
        f.relendingTools[i].bankCoverage.append(BankLedgerCoverage(tool: "agri", bank: "XYRCB",
                                                                   bankName: Names(zh: "旬阳农商银行", en: "Xunyang RCB"), coverage: over))
        return Fixture.input(f)
    }

    @Test func alertsFireAndShowInTheToolsPanel() throws {
        let input = Self.input()
        let ids = input.alerts.filter { [.relendingCapUse, .ineligibleLedgerLoans].contains($0.measure) }.map(\.id).sorted()
        #expect(ids == ["11:agri/XYRCB", "12:agri/XYRCB"])
        let screen = GoldenRenderTests.render(.relending, .zh, width: 120, height: 40, selected: 1, input: input)
        #expect(screen.contains("旬阳农商银行 110.00% / 上限 100.00%   资格不符 2笔 !!"), "\(screen)")
        let en = GoldenRenderTests.render(.relending, .en, width: 120, height: 40, selected: 1, input: input)
        #expect(en.contains("Xunyang RCB 110.00% / cap 100.00%   ineligible 2 loans"), "\(en)")
    }

    @Test func enterOnACoverageAlertSelectsTheTool() throws {
        let input = Self.input()
        let ordered = AlertsScreen.ordered(input.alerts)
        let index = try #require(ordered.firstIndex { $0.measure == .relendingCapUse })
        var state = DashboardState(screen: .alerts)
        state.cursors[.alerts] = RowCursor(selected: index)
        #expect(state.handle(.enter, input: input, width: 120, height: 40) == .redraw)
        #expect(state.screen == .relending)
        let figures = try #require(input.figures)
        #expect(figures.relendingTools[state.cursor(.relending).selected].code == "agri")
    }
}
