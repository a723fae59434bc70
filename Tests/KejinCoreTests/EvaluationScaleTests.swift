import Testing
@testable import KejinCore

/// The bank evaluation's grade scale comes from the alert rules (EvaluationScale): the lines
/// of rule 13 on `bank_evaluation`, never numbers in code; the same rule alerts on the banks.
@Suite struct EvaluationScaleTests {
    @Test func theDefaultRuleGradesDBelow300AndAFrom450() throws {
        let scale = try #require(EvaluationScale(rules: AlertEngine.defaultRules))
        #expect([0, 299, 300, 374, 375, 449, 450, 500].map(scale.grade) == [.d, .d, .c, .c, .b, .b, .a, .a])
        #expect(scale.grade(299).needsRemediation && !scale.grade(300).needsRemediation)
    }

    /// Moved lines move the grades; a disabled, scoped or one-sided rule gives no scale.
    @Test func theScaleFollowsTheRule() {
        let moved = AlertRule(id: 13, measure: .bankEvaluation, warnBelow: 400, criticalBelow: 350)
        #expect(EvaluationScale(rules: [moved]) == EvaluationScale(warnBelow: 400, criticalBelow: 350))
        #expect(EvaluationScale(rules: [moved])?.aFrom == 450 && EvaluationScale(rules: [moved])?.grade(349) == .d)
        var off = moved; off.enabled = false
        var scoped = moved; scoped.scope = "ICBC"
        let warnOnly = AlertRule(id: 14, measure: .bankEvaluation, warnBelow: 400)
        #expect(EvaluationScale(rules: [off]) == nil && EvaluationScale(rules: [scoped]) == nil && EvaluationScale(rules: [warnOnly]) == nil)
    }

    /// Rule 13 alerts on the evaluation in force: critical for D (remediation), warning for C.
    @Test func rule13AlertsOnLowGrades() {
        let banks = BankEvaluation.ranked([
            (code: "ABC", name: Names(zh: "农业银行", en: "ABC"), scores: [93, 94, 92, 86, 90], previousTotal: 441),
            (code: "CAB", name: Names(zh: "长安银行", en: "CAB"), scores: [68, 62, 64, 70, 66], previousTotal: 340),
            (code: "XYRCB", name: Names(zh: "旬阳农商银行", en: "XYRCB"), scores: [60, 56, 58, 55, 62], previousTotal: 310),
        ], scale: EvaluationScale(rules: AlertEngine.defaultRules))
        #expect(banks.map(\.grade) == [.a, .c, .d] && banks.map(\.trend) == [14, -10, -19])
        let city = CityFigures(techLoans: .zero, techInnovationLoans: .zero, techTransformationLoans: .zero,
                               ipPledgeLoans: .zero, allLoans: .zero)
        var f = Figures(period: Period("2025-05")!, lastChange: nil, city: city, chains: [], relendingTools: [], guarantors: [],
                        pools: [], alertRules: AlertEngine.defaultRules)
        f.evaluation = BankEvaluation(evaluated: Period("2024-12"), previous: Period("2023-12"), banks: banks)
        let alerts = AlertEngine.alerts(for: f).filter { $0.measure == .bankEvaluation }
        #expect(alerts.map { "\($0.entityCode) \($0.severity) \($0.value) \($0.threshold)" } == ["XYRCB critical 291 300", "CAB warning 330 375"])
    }
}
