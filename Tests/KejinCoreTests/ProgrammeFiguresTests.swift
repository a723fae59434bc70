import Testing
@testable import KejinCore

@Suite struct ProgrammeFiguresTests {
    /// Σ(amount × rate) ÷ Σ amount, rounded half away from zero, exact beyond 2^63 products.
    @Test func weightedRateRounds() {
        #expect(WeightedRate.of(weighted: 1_000 * 350 + 1_000 * 351, amount: 2_000, loans: 2)?.rate == BasisPoints(351))  // 350.5
        #expect(WeightedRate.of(weighted: 3 * 350 + 1 * 351, amount: 4, loans: 2)?.rate == BasisPoints(350))              // 350.25
        #expect(WeightedRate.of(weighted: -1_001, amount: 2, loans: 1)?.rate == BasisPoints(-501))                        // -500.5
        #expect(WeightedRate.of(weighted: 0, amount: 0, loans: 0) == nil)
        #expect(WeightedRate.of(weighted: 5, amount: 1, loans: 1)?.tally == LoanTally(amount: Money(fen: 1), loans: 1))
    }

    /// Equal totals share a rank (1, 2, 2, 4); the order is by total, then code.
    @Test func rankingSharesTies() {
        let n = Names(zh: "", en: "")
        let ranked = BankEvaluation.ranked([
            (code: "C", name: n, scores: [60, 60, 60, 60, 60], previousTotal: nil),
            (code: "A", name: n, scores: [90, 90, 90, 90, 90], previousTotal: 400),
            (code: "B", name: n, scores: [60, 60, 60, 60, 60], previousTotal: 320),
            (code: "D", name: n, scores: [59, 60, 60, 60, 60], previousTotal: nil),
        ], scale: EvaluationScale(rules: AlertEngine.defaultRules))
        #expect(ranked.map(\.code) == ["A", "B", "C", "D"])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
        #expect(ranked.map(\.trend) == [50, -20, nil, nil])
        // Default rule 13's critical line is 300: 299 is graded D and needs remediation, 300 is C.
        #expect(ranked.map(\.needsRemediation) == [false, false, false, true])
    }

    @Test func cumulativeCurveAddsUp() {
        let months = [100, 0, 250].enumerated().map {
            PolicyEffect.Month(period: Period(year: 2024, month: 1 + $0.offset), new: LoanTally(amount: Money(fen: Int64($0.element)), loans: 1))
        }
        let e = PolicyEffect(months: months, byKind: [:], total: .zero)
        #expect(e.cumulative == [Money(fen: 100), Money(fen: 100), Money(fen: 350)])
    }
}
