import Foundation
import Testing
@testable import KejinCore

/// Figures with one entity whose measure has exactly `value`, for any measure.
enum CraftedFigures {
    static let period = Period(year: 2025, month: 5)
    static let name = Names(zh: "对象", en: "Entity")

    static func figures(_ measure: AlertMeasure, _ value: Int64, rules: [AlertRule], period: Period = period) -> Figures {
        var tools: [RelendingToolFigures] = [], guarantors: [GuarantorFigures] = []
        var pools: [RiskPoolFigures] = [], chains: [ChainFigures] = []
        // City all loans grow 5.00% (10000 → 10500 fen): the chain-gap measure subtracts it.
        var allLoans = LoanMeasure(balance: Money(fen: 10_500), borrowers: 1, balanceYearAgo: Money(fen: 10_000))
        func tool(quota: Int64, drawn: Int64, exhausted: Int) -> RelendingToolFigures {
            RelendingToolFigures(code: "T", name: name, rate: nil, quota: Money(fen: quota), drawn: Money(fen: drawn),
                                 ledgerLoanBalance: .zero, ledgerLoans: 0, due30: .zero, due60: .zero, due90: .zero,
                                 rolloverExhaustedDue30: exhausted)
        }
        func guarantor(fee: Int64? = nil, share: Int64? = nil, balance: Int64 = 0, net: Int64? = nil) -> GuarantorFigures {
            GuarantorFigures(code: "G", name: name, firmsInForce: 1, balanceInForce: Money(fen: balance),
                             averageFeeRate: fee.map(BasisPoints.init), lowestBankRiskShare: share.map(BasisPoints.init),
                             netAssets: net.map { Money(fen: $0) })
        }
        func pool(paid: Int64, covered: Int64) -> RiskPoolFigures {
            RiskPoolFigures(code: "P", name: name, capital: Money(fen: 10_000), riskShare: BasisPoints(1_000),
                            breaker: BasisPoints(300), paidOut: Money(fen: paid), payouts: 1, coveredBalance: Money(fen: covered))
        }
        func chain(growth: Int64) -> ChainFigures {
            let tech = LoanMeasure(balance: Money(fen: 10_000 + growth), borrowers: 1, balanceYearAgo: Money(fen: 10_000))
            return ChainFigures(code: "C", name: name, leadBank: nil, loans: tech, techLoans: tech, trend: [],
                                relendingFunded: .zero, guaranteeBalance: .zero)
        }
        switch measure {
        case .relendingUsage: tools = [tool(quota: 10_000, drawn: value, exhausted: 0)]
        case .rolloverExhausted: tools = [tool(quota: 10_000, drawn: 10_000, exhausted: Int(value))]
        case .guaranteeFeeRate: guarantors = [guarantor(fee: value)]
        case .guarantorLeverage: guarantors = [guarantor(balance: value, net: 10_000)]
        case .bankRiskShare: guarantors = [guarantor(share: value)]
        case .poolLossRate: pools = [pool(paid: value, covered: 10_000)]
        case .poolRemaining: pools = [pool(paid: 10_000 - value, covered: 1_000_000)]
        case .chainTechGrowth: chains = [chain(growth: value)]
        case .chainGrowthGap:
            chains = [chain(growth: value + 500)]
            allLoans.balance = Money(fen: 10_500)
        case .reportingLate, .bankEvaluation, .subsidyClaimUse, .ledgerSpread, .techNPLGap: break  // below: a provisional period `value` days after its end; an evaluation
        case .relendingCapUse, .ineligibleLedgerLoans:
            // One bank with 10,000 fen of eligible ledger and a 100% cap: cap use = drawn in fen.
            var t = tool(quota: 1_000_000, drawn: measure == .relendingCapUse ? value : 10_000, exhausted: 0)
            let coverage = LedgerCoverage(drawn: t.drawn, eligibleLedger: Money(fen: 10_000),
                                          ineligibleLoans: measure == .ineligibleLedgerLoans ? Int(value) : 0, cap: BasisPoints(10_000))
            t.bankCoverage = [BankLedgerCoverage(tool: "T", bank: "B", bankName: name, coverage: coverage)]
            tools = [t]
        }
        let city = CityFigures(techLoans: .zero, techInnovationLoans: .zero, techTransformationLoans: .zero,
                               ipPledgeLoans: .zero, allLoans: allLoans)
        var f = Figures(period: period, lastChange: nil, city: city, chains: chains, relendingTools: tools,
                        guarantors: guarantors, pools: pools, alertRules: rules)
        if measure == .bankEvaluation {
            // One bank whose five scores add up to `value`.
            f.evaluation = BankEvaluation(evaluated: period, previous: nil, banks: BankEvaluation.ranked([
                (code: "B", name: name, scores: [Int(value), 0, 0, 0, 0], previousTotal: nil)]))
        }
        if measure == .subsidyClaimUse {
            // One bank with 10,000 fen allocated: claims ÷ allocation = claimed in fen.
            f.subsidy = InterestSubsidyFigures(budgets: [], banks: [
                .init(code: "B", name: name, allocated: Money(fen: 10_000), claims: LoanTally(amount: Money(fen: value), loans: 1),
                      loans: 1, paid: .zero)])
        }
        if measure == .ledgerSpread {
            // One bank whose widest ledger loan is `value` bp over its tool's rate (the average lower).
            f.ledgerSpreads = [FinancingCost.LedgerSpread(bank: "B", name: name, loans: 2, balance: Money(fen: 10_000),
                                                          spread: BasisPoints(value / 2), widest: BasisPoints(value))]
        }
        if measure == .techNPLGap {
            // One bank whose tech NPL ratio is `value` bp over its all-loan one (10,000 fen of each
            // kind of loan: a fen of NPL is a basis point of ratio).
            let over = max(value, 0), under = max(-value, 0)
            f.banksNPL = [BankNPL(code: "B", name: name, measure: NPLMeasure(
                balance: Money(fen: 10_000), npl: Money(fen: under), techBalance: Money(fen: 10_000), techNPL: Money(fen: over)))]
        }
        if measure == .reportingLate {
            // 2025-05-31 + value days.
            let asOf = Period(year: 2025, month: 5).endDate
            f.reporting = PeriodReporting(period: period, status: .provisional,
                                          reporters: [ReporterStatus(code: "B", name: name, delivery: nil)],
                                          asOf: CraftedFigures.day(asOf, plus: Int(value)))
        }
        return f
    }

    /// `YYYY-MM-DD` plus `days` (within the next year: enough for the cases).
    static func day(_ start: String, plus days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = start.split(separator: "-").map { Int($0)! }
        let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        let c = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: date)!)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}

/// Every default rule (metrics.md) on crafted figures at, just below and just above each threshold.
@Suite struct AlertRulesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let rule: Int64, value: Int64, expected: Severity?
        var testDescription: String { "rule \(rule) at \(value) → \(expected.map { "\($0)" } ?? "quiet")" }
    }

    static let cases: [Case] = [
        // 1 re-lending usage: warn below 95%, critical below 80% or above 100%.
        Case(rule: 1, value: 9_500, expected: nil), Case(rule: 1, value: 9_499, expected: .warning),
        Case(rule: 1, value: 9_501, expected: nil), Case(rule: 1, value: 8_000, expected: .warning),
        Case(rule: 1, value: 7_999, expected: .critical), Case(rule: 1, value: 8_001, expected: .warning),
        Case(rule: 1, value: 10_000, expected: nil), Case(rule: 1, value: 10_001, expected: .critical),
        Case(rule: 1, value: 9_999, expected: nil),
        // 2 rollover exhausted: any draw due within 30 days with both rollovers used.
        Case(rule: 2, value: 0, expected: nil), Case(rule: 2, value: 1, expected: .critical),
        Case(rule: 2, value: 3, expected: .critical),
        // 3 guarantee fee above 1%.
        Case(rule: 3, value: 100, expected: nil), Case(rule: 3, value: 99, expected: nil),
        Case(rule: 3, value: 101, expected: .warning),
        // 4 leverage critical above 10×.
        Case(rule: 4, value: 100_000, expected: nil), Case(rule: 4, value: 99_999, expected: nil),
        Case(rule: 4, value: 100_001, expected: .critical),
        // 5 bank risk share below 20%.
        Case(rule: 5, value: 2_000, expected: nil), Case(rule: 5, value: 1_999, expected: .warning),
        Case(rule: 5, value: 2_001, expected: nil),
        // 6 pool loss rate above 3%.
        Case(rule: 6, value: 300, expected: nil), Case(rule: 6, value: 299, expected: nil),
        Case(rule: 6, value: 301, expected: .critical),
        // 7 pool remaining: warn below 50%, critical below 20%.
        Case(rule: 7, value: 5_000, expected: nil), Case(rule: 7, value: 4_999, expected: .warning),
        Case(rule: 7, value: 5_001, expected: nil), Case(rule: 7, value: 2_000, expected: .warning),
        Case(rule: 7, value: 1_999, expected: .critical), Case(rule: 7, value: 2_001, expected: .warning),
        // 8 chain tech growth negative.
        Case(rule: 8, value: 0, expected: nil), Case(rule: 8, value: -1, expected: .warning),
        Case(rule: 8, value: 1, expected: nil),
        // 9 chain tech growth below all-loan growth.
        Case(rule: 9, value: 0, expected: nil), Case(rule: 9, value: -1, expected: .warning),
        Case(rule: 9, value: 1, expected: nil),
        // 10 reporting late: warn when still missing more than 15 days after the month's end.
        Case(rule: 10, value: 15, expected: nil), Case(rule: 10, value: 16, expected: .warning),
        Case(rule: 10, value: 0, expected: nil), Case(rule: 10, value: 200, expected: .warning),
        // 11 a bank's drawn balance per tool above cap × eligible ledger loans (cap use above 100%).
        Case(rule: 11, value: 10_000, expected: nil), Case(rule: 11, value: 9_999, expected: nil),
        Case(rule: 11, value: 10_001, expected: .critical),
        // 12 ineligible ledger loans: any.
        Case(rule: 12, value: 0, expected: nil), Case(rule: 12, value: 1, expected: .warning),
        Case(rule: 12, value: 3, expected: .warning),
        // 13 bank evaluation total: warn below 375 points (grade C), critical below 300 (D, remediation).
        Case(rule: 13, value: 375, expected: nil), Case(rule: 13, value: 374, expected: .warning),
        Case(rule: 13, value: 300, expected: .warning), Case(rule: 13, value: 299, expected: .critical),
        Case(rule: 13, value: 500, expected: nil),
        // 14 a bank's interest-subsidy claims above its allocation.
        Case(rule: 14, value: 10_000, expected: nil), Case(rule: 14, value: 0, expected: nil),
        Case(rule: 14, value: 10_001, expected: .critical),
        // 15 a bank's widest re-lending ledger spread above two percentage points.
        Case(rule: 15, value: 200, expected: nil), Case(rule: 15, value: 199, expected: nil),
        Case(rule: 15, value: 201, expected: .warning), Case(rule: 15, value: -50, expected: nil),
        // 16 a bank's tech NPL ratio three percentage points or more over its all-loan NPL ratio.
        Case(rule: 16, value: 300, expected: .warning), Case(rule: 16, value: 299, expected: nil),
        Case(rule: 16, value: 301, expected: .warning), Case(rule: 16, value: -120, expected: nil),
    ]

    @Test(arguments: cases)
    func defaultRule(_ c: Case) throws {
        let rule = try #require(AlertEngine.defaultRules.first { $0.id == c.rule })
        let alerts = AlertEngine.alerts(for: CraftedFigures.figures(rule.measure, c.value, rules: [rule]))
        #expect(alerts.map(\.severity) == (c.expected.map { [$0] } ?? []))
        if let a = alerts.first {
            #expect(a.value == c.value)
            #expect(a.ruleID == c.rule)
            #expect(a.id == "\(c.rule):\(a.entityCode)")
        }
    }

    @Test func everyDefaultRuleHasCases() {
        #expect(Set(Self.cases.map(\.rule)) == Set(AlertEngine.defaultRules.map(\.id)))
        #expect(Set(AlertEngine.defaultRules.map(\.measure)) == Set(AlertMeasure.allCases))
    }

    @Test func defaultHysteresisIsFiftyBasisPointsOrNoneForCounts() {
        for rule in AlertEngine.defaultRules {
            #expect(rule.hysteresis == (rule.measure.isCount ? 0 : 50))
        }
    }
}
