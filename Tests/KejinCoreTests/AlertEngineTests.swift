import Testing
@testable import KejinCore

@Suite struct AlertEngineTests {
    func figures(drawn: Int64, quota: Int64, rules: [AlertRule]) -> Figures {
        let tool = RelendingToolFigures(
            code: "KJZD", name: Names(zh: "科技创新和技术改造再贷款", en: "Sci-tech re-lending"),
            rate: BasisPoints(175), quota: .wan(quota), drawn: .wan(drawn),
            ledgerLoanBalance: .zero, ledgerLoans: 0, due30: .zero, due60: .zero, due90: .zero,
            rolloverExhaustedDue30: 0)
        let city = CityFigures(techLoans: .zero, techInnovationLoans: .zero, techTransformationLoans: .zero,
                               ipPledgeLoans: .zero, allLoans: .zero)
        return Figures(period: Period("2025-05")!, lastChange: nil, city: city, chains: [],
                       relendingTools: [tool], guarantors: [], pools: [], alertRules: rules)
    }

    let usageRule = AlertRule(id: 1, measure: .relendingUsage, warnBelow: 9_500, criticalBelow: 8_000, criticalAbove: 10_000)

    @Test func usageAtThresholdIsQuiet() {
        #expect(AlertEngine.alerts(for: figures(drawn: 9_500, quota: 10_000, rules: [usageRule])).isEmpty)
    }

    @Test func usageJustBelowWarns() {
        let alerts = AlertEngine.alerts(for: figures(drawn: 9_499, quota: 10_000, rules: [usageRule]))
        #expect(alerts.map(\.severity) == [.warning])
        #expect(alerts.first?.threshold == 9_500)
        #expect(alerts.first?.below == true)
    }

    @Test func usageFarBelowOrAboveIsCritical() {
        #expect(AlertEngine.alerts(for: figures(drawn: 7_000, quota: 10_000, rules: [usageRule])).map(\.severity) == [.critical])
        let over = AlertEngine.alerts(for: figures(drawn: 10_001, quota: 10_000, rules: [usageRule]))
        #expect(over.map(\.severity) == [.critical])
        #expect(over.first?.below == false)
    }

    @Test func disabledAndOutOfScopeRulesAreSilent() {
        var disabled = usageRule; disabled.enabled = false
        #expect(AlertEngine.alerts(for: figures(drawn: 1, quota: 10_000, rules: [disabled])).isEmpty)
        var scoped = usageRule; scoped.scope = "OTHER"
        #expect(AlertEngine.alerts(for: figures(drawn: 1, quota: 10_000, rules: [scoped])).isEmpty)
    }
}
