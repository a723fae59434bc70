import KejinCore
import Testing
@testable import KejinDashboard

/// The Alerts screen: order, acknowledged rows, Enter to the entity, `a` in a viewer and in
/// operator mode.
@Suite struct AlertsScreenTests {
    /// The fixture's alerts with the first warning acknowledged.
    static func inputWithAnAcknowledgement() -> FrameInput {
        var input = Fixture.input()
        if let i = input.alerts.firstIndex(where: { $0.severity == .warning }) {
            let a = input.alerts[i]
            input.alerts[i].acknowledgement = AlertAck(ruleID: a.ruleID, entityCode: a.entityCode, severity: a.severity,
                                                       period: Fixture.period, by: "zhang", at: "2025-06-01 09:30:00")
        }
        return input
    }

    /// Where Enter on this alert goes.
    static func screen(of alert: Alert) -> Screen {
        switch alert.measure {
        case .chainTechGrowth, .chainGrowthGap: return .chains
        case .relendingUsage, .rolloverExhausted, .relendingCapUse, .ineligibleLedgerLoans: return .relending
        case .guaranteeFeeRate, .guarantorLeverage, .bankRiskShare, .poolLossRate, .poolRemaining: return .guarantees
        case .reportingLate: return .reporting
        case .bankEvaluation, .techNPLGap: return .banks
        case .subsidyClaimUse, .ledgerSpread: return .programme
        }
    }

    @Test func goldens() {
        let input = Self.inputWithAnAcknowledgement()
        for language in Language.allCases {
            for (w, h) in GoldenRenderTests.sizes {
                Golden.check("alerts-ack-\(language)-\(w)x\(h)",
                             GoldenRenderTests.render(.alerts, language, width: w, height: h, selected: 1, input: input))
            }
        }
        Golden.check("alerts-ack-en-ascii-80x24", GoldenRenderTests.render(.alerts, .en, ascii: true, width: 80, height: 24, input: input))
    }

    @Test func orderIsSeverityThenOpenBeforeAcknowledged() {
        let ordered = AlertsScreen.ordered(Self.inputWithAnAcknowledgement().alerts)
        #expect(!ordered.isEmpty)
        let ranks = ordered.map { ($0.severity == .critical ? 0 : 1) * 2 + ($0.isOpen ? 0 : 1) }
        #expect(ranks == ranks.sorted())
        #expect(ordered.contains { !$0.isOpen })
    }

    @Test func theAcknowledgedRowSaysWhoAndWhenAndIsNotCountedAsOpen() {
        let input = Self.inputWithAnAcknowledgement()
        let text = GoldenRenderTests.render(.alerts, .zh, width: 120, height: 40, input: input)
        #expect(text.contains("✓ 已确认 zhang 2025-06-01"))
        let open = input.alerts.filter(\.isOpen).count
        #expect(open == input.alerts.count - 1)
        #expect(text.contains("未确认 \(open)"))
        // Selected, its panel gives the time and the month it was acknowledged in.
        let row = AlertsScreen.ordered(input.alerts).firstIndex { !$0.isOpen }!
        let selected = GoldenRenderTests.render(.alerts, .en, width: 120, height: 40, selected: row, input: input)
        #expect(selected.contains("✓ ack'd zhang 2025-06-01 09:30:00 UTC  from 2025-05"))
    }

    @Test func enterGoesToTheEntityWithItsRowSelected() throws {
        let input = Fixture.input()
        let figures = try #require(input.figures)
        let ordered = AlertsScreen.ordered(input.alerts)
        for (index, alert) in ordered.enumerated() {
            var state = DashboardState(screen: .alerts)
            state.cursors[.alerts] = RowCursor(selected: index)
            #expect(state.handle(.enter, input: input, width: 120, height: 40) == .redraw)
            switch alert.measure {
            case .chainTechGrowth, .chainGrowthGap:
                #expect(state.screen == .chains)
                #expect(figures.chains[state.cursor(.chains).selected].code == alert.entityCode)
            case .relendingUsage, .rolloverExhausted:
                #expect(state.screen == .relending)
                #expect(figures.relendingTools[state.cursor(.relending).selected].code == alert.entityCode)
            case .guaranteeFeeRate, .guarantorLeverage, .bankRiskShare:
                #expect(state.screen == .guarantees)
                #expect(figures.guarantors[state.cursor(.guarantees).selected].code == alert.entityCode)
            case .poolLossRate, .poolRemaining:
                #expect(state.screen == .guarantees)
            case .reportingLate:
                #expect(state.screen == .reporting)
            case .bankEvaluation:
                #expect(state.screen == .banks)
            case .techNPLGap:
                // The Banks list, filtered to the bank.
                #expect(state.screen == .banks && state.activeFrame?.filter == alert.entityCode)
            case .subsidyClaimUse, .ledgerSpread:
                #expect(state.screen == .programme)
            case .relendingCapUse, .ineligibleLedgerLoans:
                #expect(state.screen == .relending)
                #expect(figures.relendingTools[state.cursor(.relending).selected].code + "/" == alert.entityCode.prefix { $0 != "/" } + "/")
            }
        }
    }

    /// Below 2×2 the Programme screen shows one panel: Enter on a bank's ledger-spread or
    /// subsidy alert selects the panel that lists the bank, whichever panel was shown before.
    @Test func enterOnAProgrammeAlertSelectsThePanelListingTheBank() {
        var input = Fixture.input()
        let names = Names(zh: "汉阴农商银行", en: "Hanyin Rural Commercial Bank")
        let expected: [(AlertMeasure, ProgrammeScreen.Panel)] = [(.ledgerSpread, .matrix), (.subsidyClaimUse, .subsidy)]
        for (measure, panel) in expected {
            input.alerts = [Alert(ruleID: 15, measure: measure, severity: .warning, entityCode: "HYRCB", entity: names,
                                  value: 270, threshold: 200, below: false)]
            var state = DashboardState(screen: .alerts)
            state.cursors[.programme] = RowCursor(selected: ProgrammeScreen.Panel.coordination.rawValue)
            #expect(state.handle(.enter, input: input, width: 80, height: 24) == .redraw)
            #expect(state.screen == .programme && state.cursor(.programme).selected == panel.rawValue, "\(measure)")
        }
    }

    @Test func aInAViewerSaysHowAndInOperatorModeAsksToAcknowledge() throws {
        let input = Fixture.input()
        let first = try #require(AlertsScreen.ordered(input.alerts).first)
        var viewer = DashboardState(screen: .alerts, language: .en)
        #expect(viewer.handle(.character("a"), input: input, width: 120, height: 40) == .redraw)
        let message = try #require(viewer.message)
        #expect(message.contains("kejin alerts ack \(first.id)") && message.contains("--operator"))

        var operatorState = DashboardState(screen: .alerts)
        operatorState.operatorMode = true
        #expect(operatorState.handle(.character("a"), input: input, width: 120, height: 40) == .acknowledge(alertID: first.id))

        // An acknowledged alert is not acknowledged twice.
        let acked = Self.inputWithAnAcknowledgement()
        let quiet = try #require(AlertsScreen.ordered(acked.alerts).firstIndex { !$0.isOpen })
        operatorState.cursors[.alerts] = RowCursor(selected: quiet)
        #expect(operatorState.handle(.character("a"), input: acked, width: 120, height: 40) == .redraw)
        #expect(operatorState.message?.contains("zhang") == true)
    }

    @Test func aAndEnterElsewhereKeepTheirMeaning() {
        var state = DashboardState(screen: .chains)
        state.operatorMode = true
        #expect(state.handle(.character("a"), input: Fixture.input(), width: 120, height: 40) == .none)
        #expect(state.screen == .chains)
    }
}
