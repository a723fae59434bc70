import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// Figures of the crafted fixture, worked out by hand from Fixture.files.
@Suite struct FiguresTests {
    let store: Store
    let fixture: Fixture
    let june: Figures

    init() throws {
        fixture = try Fixture()
        store = try fixture.store()
        _ = try store.importFiles(try fixture.writeAll())
        june = try store.figures(for: Period("2025-06")!)
    }

    private func measure(_ yuan: Int64, _ borrowers: Int, yearAgo: Int64?) -> LoanMeasure {
        LoanMeasure(balance: .yuan(yuan), borrowers: borrowers, balanceYearAgo: yearAgo.map { .yuan($0) })
    }

    @Test func periods() throws {
        #expect(try store.availablePeriods().map(\.key) == ["2024-06", "2025-05", "2025-06"])
        #expect(try !store.isEmpty())
        #expect(june.period == Period("2025-06")!)
        #expect(june.lastChange == (try store.importLog().last?.importedAt))
        #expect(june.alertRules == AlertEngine.defaultRules)
    }

    @Test func cityMeasures() {
        // all: L1 700000 + L2 0 + L3 600000 + L4 600000 + L5 300000 + L6 150000; E1..E4 borrow.
        // year ago (2024-06): 900000 + 500000 + 800000 + 200000.
        #expect(june.city.allLoans == measure(2_350_000, 4, yearAgo: 2_400_000))
        // tech: L1, L2 (E1 tagged 2023–2025) and L5 (E3 tagged from 2025-03-01; L4 started before).
        #expect(june.city.techLoans == measure(1_000_000, 2, yearAgo: 1_400_000))
        #expect(june.city.techLoans.growth == BasisPoints(-2_857))
        #expect(june.city.techInnovationLoans == measure(1_000_000, 2, yearAgo: 900_000))
        #expect(june.city.techTransformationLoans == measure(600_000, 1, yearAgo: 800_000))
        #expect(june.city.ipPledgeLoans == measure(1_300_000, 2, yearAgo: 900_000))
    }

    @Test func yearAgoIsNilWithoutDataForThatMonth() throws {
        let may = try store.figures(for: Period("2025-05")!)
        #expect(may.city.allLoans == measure(1_560_000, 3, yearAgo: nil))
        #expect(may.chains.allSatisfy { $0.loans.balanceYearAgo == nil })
        // June's year ago (2024-06) is present: a chain without loans then has 0, not nil.
        #expect(june.chains.first { $0.code == "SE" }?.loans.balanceYearAgo == .zero)
        // A month with no data at all: zero balances.
        let empty = try store.figures(for: Period("2023-01")!)
        #expect(empty.city.allLoans == .zero)
    }

    @Test func chains() {
        #expect(june.chains.map(\.code) == ["TEA", "SE", "NM"])
        let tea = june.chains[0], se = june.chains[1], nm = june.chains[2]
        #expect(tea.name == Names(zh: "茶叶", en: "Tea"))
        #expect(tea.leadBank == Names(zh: "银行一", en: "Bank One"))
        #expect(tea.loans == measure(1_300_000, 2, yearAgo: 2_200_000))
        #expect(tea.techLoans == measure(700_000, 1, yearAgo: 1_400_000))
        #expect(tea.relendingFunded == .yuan(1_300_000))   // L1 (D1) and L3 (D2)
        #expect(tea.guaranteeBalance == .yuan(1_500_000))  // GU1 and GU2 (starts on E)
        // 13 months 2024-06…2025-06: only 2024-06, 2025-05 and 2025-06 have balances.
        #expect(tea.trend == [.yuan(2_200_000)] + Array(repeating: .zero, count: 10) + [.yuan(1_400_000), .yuan(1_300_000)])

        #expect(se.leadBank == nil)
        #expect(se.loans == measure(900_000, 1, yearAgo: 0))
        #expect(se.techLoans == measure(300_000, 1, yearAgo: 0))
        #expect(se.relendingFunded == .yuan(300_000))  // L5 has a draw (repaid, still funded)
        #expect(se.guaranteeBalance == .zero)           // GU4 released on E, GU6 starts after

        #expect(nm.leadBank == Names(zh: "银行二", en: "Bank Two"))
        #expect(nm.loans == measure(0, 0, yearAgo: 0))
        #expect(nm.trend.count == 13 && nm.trend.allSatisfy { $0 == .zero })
    }

    @Test func trendOmitsMonthsBeforeTheFirstPeriod() throws {
        let may = try store.figures(for: Period("2025-05")!)
        let tea = try #require(may.chains.first { $0.code == "TEA" })
        // 2024-05 is before the first period (2024-06): 12 months.
        #expect(tea.trend.count == 12)
        #expect(tea.trend.first == .yuan(2_200_000))
        #expect(tea.trend.last == .yuan(1_400_000))
    }

    @Test func relendingTools() {
        #expect(june.relendingTools.map(\.code) == ["AG", "TI"])
        let ag = june.relendingTools[0], ti = june.relendingTools[1]
        // AG: no rate or quota; D5 falls due exactly on E + 30 days (2025-07-30), which counts.
        var expected = RelendingToolFigures(code: "AG", name: Names(zh: "支农再贷款", en: "Agriculture re-lending"),
                                            rate: nil, quota: .zero, drawn: .yuan(1_000), ledgerLoanBalance: .zero,
                                            ledgerLoans: 0, due30: .yuan(1_000), due60: .yuan(1_000), due90: .yuan(1_000),
                                            rolloverExhaustedDue30: 1)
        // No caps in this data set: coverage without a cap; D5 (B2) funds no ledger loan.
        let cover = LedgerCoverage(drawn: .yuan(1_000), eligibleLedger: .zero, ineligibleLoans: 0, cap: nil)
        expected.bankCoverage = [BankLedgerCoverage(tool: "AG", bank: "B2", bankName: Names(zh: "银行二", en: "Bank Two"), coverage: cover)]
        expected.coverage = cover
        #expect(ag == expected)
        #expect(ag.usage == nil)
        #expect(ti.rate == BasisPoints(150))           // 1.5% from 2025-05-08
        #expect(ti.quota == .yuan(2_000_000))         // from 2025-06-01
        #expect(ti.drawn == .yuan(800_000))           // D1 + D2; D3 repaid, D4 later
        #expect(ti.ledgerLoanBalance == .yuan(1_300_000))  // L1 (D1) 700000 + L3 (D2) 600000
        #expect(ti.ledgerLoans == 2)
        #expect(ti.due30 == .yuan(500_000))           // D1 due 2025-07-15 ≤ 2025-07-30
        #expect(ti.due60 == .yuan(500_000))           // D2 due 2025-09-20 > 2025-08-29
        #expect(ti.due90 == .yuan(800_000))           // ≤ 2025-09-28
        #expect(ti.rolloverExhaustedDue30 == 1)       // D1: both rollovers used
        #expect(ti.usage == BasisPoints(4_000))
    }

    @Test func guarantorsAndInForceBoundaries() throws {
        #expect(june.guarantors.map(\.code) == ["G1", "G2"])
        let g1 = june.guarantors[0], g2 = june.guarantors[1]
        // In force at 2025-06-30: GU1, GU2 (start = E), GU5 (released after E).
        // Not: GU3 (end = E), GU4 (released = E), GU6 (starts after E).
        #expect(g1.firmsInForce == 3)
        #expect(g1.balanceInForce == .yuan(1_700_000))
        // (1000000×80 + 500000×120 + 200000×90) / 1700000 = 92.94 → 93 bp.
        #expect(g1.averageFeeRate == BasisPoints(93))
        #expect(g1.lowestBankRiskShare == BasisPoints(2_000))
        #expect(g1.netAssets == .yuan(10_000_000))
        #expect(g1.leverage == BasisPoints(1_700))
        #expect(g2 == GuarantorFigures(code: "G2", name: Names(zh: "担保二", en: "Guarantor Two"), firmsInForce: 0,
                                       balanceInForce: .zero, averageFeeRate: nil, lowestBankRiskShare: nil,
                                       netAssets: nil))
        // A month earlier (E = 2025-05-31): GU1, GU3, GU4, GU5 in force; GU2 not yet.
        let may = try store.figures(for: Period("2025-05")!)
        #expect(may.guarantors[0].balanceInForce == .yuan(2_300_000))
        #expect(may.guarantors[0].firmsInForce == 3)  // E1 (twice), E3, E4
        #expect(may.guarantors[0].lowestBankRiskShare == BasisPoints(1_000))
        #expect(may.pools[0].coveredBalance == .yuan(2_100_000))  // GU1 + GU3 + GU4
    }

    @Test func pools() {
        #expect(june.pools.count == 1)
        let p = june.pools[0]
        #expect(p.capital == .yuan(10_500_000))
        #expect(p.riskShare == BasisPoints(1_000))
        #expect(p.breaker == BasisPoints(300))
        #expect(p.paidOut == Money(fen: 3_000_050))  // PO1 20000 + PO2 10000.50 (on E); PO3 after
        #expect(p.payouts == 2)
        #expect(p.coveredBalance == .yuan(1_000_000))  // GU1 only
    }

    @Test func reimportIsIdempotent() throws {
        let counts = try Fixture.counts(store)
        let summary = try store.importFiles(try fixture.writeAll())
        #expect(summary.files.count == Fixture.files.count)
        var after = try Fixture.counts(store)
        #expect(after["import_log"] == 2 * Fixture.files.count)
        after["import_log"] = counts["import_log"]
        #expect(after == counts)
        #expect(try store.figures(for: Period("2025-06")!).city == june.city)
        #expect(try store.figures(for: Period("2025-06")!).chains == june.chains)
    }

    @Test func changedRowsReplaceStoredOnesAndSummaryFollows() throws {
        // A corrected June balance and a newly tagged enterprise (E2: L3 becomes a tech loan).
        _ = try store.importFiles([
            try fixture.write("loan_balances-fix.csv", "loan,period,balance_yuan\nL6,2025-06,50000\n", folder: "fix"),
            try fixture.write("enterprise_tags.csv", "enterprise,tag,valid_from,valid_to\nE2,whitelist,2024-01-01,2024-12-31\n", folder: "fix"),
        ])
        let f = try store.figures(for: Period("2025-06")!)
        #expect(f.city.allLoans.balance == .yuan(2_250_000))
        #expect(f.city.techLoans == measure(1_600_000, 3, yearAgo: 2_200_000))
    }

    @Test func reimportedLoanUpdatesEveryPeriodItHasBalancesIn() throws {
        // L3 becomes a general IP-pledge loan; it has balances in all three periods.
        let header = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw"
        _ = try store.importFiles([try fixture.write(
            "loans-fix.csv", "\(header)\nL3,B2,E2,,general,2024-06-01,2026-06-01,800000,3.8,1,0,0,0,1,GU2,D2\n", folder: "fix")])
        let f = try store.figures(for: Period("2025-06")!)
        #expect(f.city.techTransformationLoans == measure(0, 0, yearAgo: 0))
        #expect(f.city.ipPledgeLoans == measure(1_900_000, 3, yearAgo: 1_700_000))
        #expect(f.city.allLoans == june.city.allLoans)
        let may = try store.figures(for: Period("2025-05")!)
        #expect(may.city.ipPledgeLoans.balance == .yuan(1_400_000))  // L1 750000 + L3 650000
    }

    @Test func enterpriseMovedToAnotherChainMovesItsLoans() throws {
        _ = try store.importFiles([try fixture.write(
            "enterprises.csv", "code,name_zh,name_en,chain\nE4,企业四,Firm 4,NM\n", folder: "fix")])
        let f = try store.figures(for: Period("2025-06")!)
        let nm = try #require(f.chains.first { $0.code == "NM" })
        #expect(nm.loans == measure(150_000, 1, yearAgo: 200_000))
        #expect(nm.trend.first == .yuan(200_000))
        #expect(nm.guaranteeBalance == .yuan(200_000))  // GU5 for E4
        #expect(f.chains.map(\.code) == ["TEA", "SE", "NM"])
        #expect(f.city == june.city)
    }

    @Test func importLogRecordsEachFile() throws {
        let log = try store.importLog()
        #expect(log.map(\.file).sorted() == Fixture.files.map(\.0).sorted())
        let loans = try #require(log.first { $0.file == "loans.csv" })
        #expect(loans.rows == 6)
        let bytes = try Data(contentsOf: fixture.dir.appendingPathComponent("in/loans.csv"))
        #expect(loans.checksum == FNV1a64.hex(bytes))
        #expect(loans.importedAt.count == 19)
        #expect(loans.importedAt.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/) != nil)
    }

    @Test func alertRulesAreUpsertedById() throws {
        _ = try store.importFiles([try fixture.write("alert_rules.csv", """
            id,measure,scope,warn_below,critical_below,warn_above,critical_above,enabled
            3,guarantee_fee_rate,,,,80,,1
            22,pool_remaining,P1,6000,,,,0

            """, folder: "rules")])
        let rules = try store.alertRules()
        #expect(rules.count == AlertEngine.defaultRules.count + 1)
        #expect(rules.first { $0.id == 3 } == AlertRule(id: 3, measure: .guaranteeFeeRate, warnAbove: 80))
        #expect(rules.last == AlertRule(id: 22, measure: .poolRemaining, scope: "P1", warnBelow: 6_000, enabled: false))
        #expect(try store.figures(for: Period("2025-06")!).alertRules == rules)
    }
}
