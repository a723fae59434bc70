import Testing
@testable import KejinCore

@Suite struct MoneyTests {
    @Test(arguments: [
        ("12345", Int64(1_234_500)), ("0.5", 50), ("0.05", 5), ("-3.20", -320),
        ("1,234.56", 123_456), ("4581000000", 458_100_000_000),
    ])
    func parsesYuanExactly(text: String, fen: Int64) {
        #expect(Money(yuanText: text)?.fen == fen)
    }

    @Test(arguments: ["", "-", "1.234", "1e5", "abc", "1.", ".5", "12,3x", "1.2.3", "0x10"])
    func rejectsWhatIsNotYuan(text: String) {
        #expect(Money(yuanText: text) == nil)
    }

    @Test func roundTripsThroughYuanText() {
        for fen: Int64 in [0, 1, 99, 100, 123_456, -5, -100_001] {
            #expect(Money(yuanText: Money(fen: fen).yuanText)?.fen == fen)
        }
    }

    @Test func unitsAreExact() {
        #expect(Money.yi(1).fen == 10_000_000_000)
        #expect(Money.wan(1050).fen == 1_050_000_000)
        #expect(Money.yi(45) + Money.wan(8100) == Money(yuanText: "4581000000"))
    }
}

@Suite struct BasisPointsTests {
    @Test func parsesPercent() {
        #expect(BasisPoints(percentText: "1.75")?.value == 175)
        #expect(BasisPoints(percentText: "10")?.value == 1000)
        #expect(BasisPoints(percentText: "1.755") == nil)
    }

    @Test func ratioRoundsHalfAwayFromZero() {
        #expect(BasisPoints.ratio(1, 3)?.value == 3333)
        #expect(BasisPoints.ratio(2, 3)?.value == 6667)
        #expect(BasisPoints.ratio(-2, 3)?.value == -6667)
        #expect(BasisPoints.ratio(1, 20_000)?.value == 1)   // 0.5 bp rounds up
        #expect(BasisPoints.ratio(5, 0) == nil)
    }

    @Test func growthMatchesTheArticlesDefinition() {
        // 45.81亿 against 40.03亿 a year earlier is +14.44%; against 40.0262亿 it is +14.45%.
        let now = Money(yuanText: "4581000000")!
        #expect(BasisPoints.growth(from: Money(yuanText: "4003000000")!, to: now)?.value == 1444)
        #expect(BasisPoints.growth(from: Money(yuanText: "4002620000")!, to: now)?.value == 1445)
    }

    @Test func crossMultipliedComparison() {
        #expect(ratio(95, 100, atLeast: BasisPoints(9_500)))
        #expect(!ratio(9_499, 10_000, atLeast: BasisPoints(9_500)))
    }
}

@Suite struct PoolBreakerTests {
    static func pool(paid: Int64, covered: Int64, breaker: Int64) -> RiskPoolFigures {
        RiskPoolFigures(code: "p", name: Names(zh: "池", en: "pool"), capital: Money(fen: 1_000_000), riskShare: BasisPoints(5000),
                        breaker: BasisPoints(breaker), paidOut: Money(fen: paid), payouts: 1, coveredBalance: Money(fen: covered))
    }

    @Test func tripsExactlyAtTheBreakerWithoutRounding() {
        // 3% of 10,000 is 300: at it trips; one fen under does not, though both round to 3.00%.
        #expect(Self.pool(paid: 300, covered: 10_000, breaker: 300).tripped)
        #expect(!Self.pool(paid: 2_999_999, covered: 100_000_000, breaker: 300).tripped)
        #expect(Self.pool(paid: 3_000_000, covered: 100_000_000, breaker: 300).tripped)
        // Nothing covered: no loss rate, not tripped.
        #expect(!Self.pool(paid: 0, covered: 0, breaker: 300).tripped)
    }
}
