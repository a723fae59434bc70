import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// The programme's figures (ProgrammeQuery) on a small store whose every figure is worked out
/// by hand below: tags starting and ending around loans' start dates, a loan before 2024, a
/// whitelist firm without any loan, ledger loans under two tool rates, two evaluations.
@Suite struct ProgrammeQueryTests {
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en,net_assets_yuan\nB1,bank,银行一,Bank One,\nB2,bank,银行二,Bank Two,\n"),
        ("chains.csv", "code,name_zh,name_en,lead_bank\nTEA,茶叶,Tea,B1\nNM,新型材料,New materials,B2\n"),
        ("enterprises.csv", """
            code,name_zh,name_en,chain
            E1,企业一,Firm 1,TEA
            E2,企业二,Firm 2,TEA
            E3,企业三,Firm 3,NM
            E4,企业四,Firm 4,
            E5,企业五,Firm 5,TEA
            E6,企业六,Firm 6,NM

            """),
        ("enterprise_tags.csv", """
            enterprise,tag,certificate,valid_from,valid_to
            E1,high_tech,GR1,2023-01-01,2025-12-31
            E1,srdi,ZJ1,2024-06-01,2026-12-31
            E2,tech_sme,KX2,2024-03-01,2024-12-31
            E2,little_giant,XJR2,2025-01-01,2027-12-31
            E3,whitelist,W3,2024-01-01,2025-12-31
            E4,whitelist,W4,2024-01-01,2025-12-31
            E5,whitelist,W5,2025-06-01,2025-12-31
            E6,whitelist,W6,2025-01-01,2025-12-31

            """),
        ("relending_tools.csv", "code,name_zh,name_en\nTI,科技创新再贷款,Tech re-lending\n"),
        ("relending_rates.csv", "tool,effective_from,rate_pct\nTI,2024-01-01,1.75\nTI,2025-03-01,1.5\n"),
        ("relending_draws.csv", """
            code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used,repaid_date
            D1,TI,B1,2024-02-01,2026-02-01,1000000,0,

            """),
        ("loans.csv", """
            code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw
            L1,B1,E1,,general,2023-06-01,2026-06-01,1000000,4,0,0,0,0,0,,
            L2,B1,E1,,general,2024-03-15,2026-03-15,500000,3.5,0,0,0,0,0,,
            L3,B1,E1,,tech_innovation,2024-07-01,2026-07-01,800000,3,0,0,0,0,0,,D1
            L4,B2,E2,,general,2024-05-10,2026-05-10,300000,4.2,0,0,0,0,0,,
            L5,B2,E2,,general,2025-02-01,2026-02-01,200000,4.4,0,0,0,0,0,,
            L6,B2,E3,,general,2025-05-20,2026-05-20,400000,3.8,1,0,0,0,0,,
            L7,B1,E1,,general,2025-05-05,2026-05-05,600000,3.6,0,0,0,0,0,,D1
            L8,B2,E4,,general,2024-01-20,2024-12-20,100000,5,1,0,0,0,0,,

            """),
        ("loan_balances-2024-12.csv", "loan,period,balance_yuan\nL1,2024-12,900000\nL2,2024-12,500000\nL3,2024-12,800000\nL4,2024-12,300000\n"),
        ("loan_balances-2025-05.csv", """
            loan,period,balance_yuan
            L1,2025-05,700000
            L2,2025-05,400000
            L3,2025-05,800000
            L4,2025-05,300000
            L5,2025-05,200000
            L6,2025-05,400000
            L7,2025-05,600000

            """),
        ("bank_scores.csv", """
            bank,period,policy_execution,product_innovation,service_network,risk_control,collaboration
            B1,2024-12,80,70,60,90,75
            B2,2024-12,66,55,70,81,60
            B1,2025-03,85,72,61,88,79
            B2,2025-03,50,55,60,60,55

            """),
    ]

    static func store() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try files.map { try f.write($0.0, $0.1) })
        return (f, store)
    }

    static func yuan(_ y: Int64) -> Money { .yuan(y) }

    @Test func mayFiguresWorkedOutByHand() throws {
        let (_, store) = try Self.store()
        let p = try #require(try store.programme(for: Period("2025-05")!, region: nil))

        // Policy effect: L2 (high-tech only: SRDI from June 2024), L3 and L7 (both), L4 (tech SME
        // until 2024-12), L5 (E2 a 小巨人 from 2025: SRDI); not L1 (2023), L6 and L8 (whitelist is
        // no tech kind).
        let e = p.policyEffect
        #expect(e.total == LoanTally(amount: Self.yuan(2_400_000), loans: 5))
        #expect(e.byKind[.highTech] == LoanTally(amount: Self.yuan(1_900_000), loans: 3))
        #expect(e.byKind[.techSME] == LoanTally(amount: Self.yuan(300_000), loans: 1))
        #expect(e.byKind[.srdi] == LoanTally(amount: Self.yuan(1_600_000), loans: 3))
        #expect(e.months.count == 17 && e.months.first?.period == Period("2024-01") && e.months.last?.period == Period("2025-05"))
        let monthly = Dictionary(uniqueKeysWithValues: e.months.filter { $0.new.loans > 0 }.map { ($0.period.key, $0.new.amount) })
        #expect(monthly == ["2024-03": Self.yuan(500_000), "2024-05": Self.yuan(300_000), "2024-07": Self.yuan(800_000),
                            "2025-02": Self.yuan(200_000), "2025-05": Self.yuan(600_000)])
        #expect(e.cumulative.last == Self.yuan(2_400_000) && e.cumulative[4] == Self.yuan(800_000))

        // Whitelist at 2025-05-31: E3, E4, E6 (E5 from June). E3 has L6's balance and first loan;
        // E4 had L8 (repaid, 2024); E6 has no loan.
        #expect(p.whitelist == WhitelistCoverage(listed: 3, withBalance: 1, balance: Self.yuan(400_000),
                                                 firstLoans: LoanTally(amount: Self.yuan(400_000), loans: 1), withoutCredit: 1))

        // Rates: May = L6 (3.80%, 40万) and L7 (3.60%, 60万) → 3.68%; 2025 adds L5 (4.40%, 20万) → 3.80%.
        let c = p.cost
        #expect(c.month == WeightedRate(rate: BasisPoints(368), tally: LoanTally(amount: Self.yuan(1_000_000), loans: 2)))
        #expect(c.yearToDate == WeightedRate(rate: BasisPoints(380), tally: LoanTally(amount: Self.yuan(1_200_000), loans: 3)))
        #expect(c.byChain.map(\.code) == ["TEA", "NM"])
        #expect(c.byChain.map { $0.yearToDate?.rate } == [BasisPoints(380), BasisPoints(380)])
        #expect(c.byChain.map { $0.month?.rate } == [BasisPoints(360), BasisPoints(380)])
        // Equal year-to-date amounts (60万 each): by code. B2: (20万 × 4.40% + 40万 × 3.80%) / 60万 = 4.00%.
        #expect(c.byBank.map(\.code) == ["B1", "B2"])
        #expect(c.byBank.map { $0.yearToDate?.rate } == [BasisPoints(360), BasisPoints(400)])
        // Ledger loans of B1: L3 (3.00% over 1.75% in force on 2024-07-01: +125 bp, 80万) and L7
        // (3.60% over 1.50% from 2025-03-01: +210 bp, 60万): (80 × 125 + 60 × 210) / 140 = 161.43 → 161 bp.
        #expect(c.spreads == [FinancingCost.LedgerSpread(bank: "B1", name: Names(zh: "银行一", en: "Bank One"), loans: 2,
                                                         balance: Self.yuan(1_400_000), spread: BasisPoints(161),
                                                         widest: BasisPoints(210))])

        // Evaluation of 2025-03 against 2024-12: B1 385 (+10), B2 280 (−52, below 300: remediation).
        let v = p.evaluation
        #expect(v.evaluated == Period("2025-03") && v.previous == Period("2024-12"))
        #expect(v.banks.map(\.code) == ["B1", "B2"] && v.banks.map(\.total) == [385, 280] && v.banks.map(\.rank) == [1, 2])
        #expect(v.banks.map(\.trend) == [10, -52])
        #expect(v.needingRemediation.map(\.code) == ["B2"])
    }

    /// A viewer keeps the evaluations per reference version (EvaluationBook); a scores import
    /// moves it, so the next figures grade the new scores.
    @Test func aViewerSeesScoresImportedAfterItRead() throws {
        let (f, store) = try Self.store()
        let viewer = try f.store(readOnly: true)
        let may = Period("2025-05")!
        #expect(try viewer.figures(for: may, region: nil).evaluation?.banks.map(\.total) == [385, 280])
        _ = try store.importFiles([try f.write("bank_scores.csv", """
            bank,period,policy_execution,product_innovation,service_network,risk_control,collaboration
            B2,2025-03,90,90,90,90,90

            """)])
        let after = try #require(try viewer.figures(for: may, region: nil).evaluation)
        #expect(after.banks.map(\.code) == ["B2", "B1"] && after.banks.map(\.total) == [450, 385])
        #expect(after.needingRemediation.isEmpty)
    }

    @Test func decemberSeesOnlyWhatHadHappened() throws {
        let (_, store) = try Self.store()
        let p = try #require(try store.programme(for: Period("2024-12")!, region: nil))
        #expect(p.policyEffect.total == LoanTally(amount: Self.yuan(1_600_000), loans: 3))
        #expect(p.policyEffect.months.count == 12)
        // E3 and E4 listed (E6 from 2025); E3's loan starts in 2025; L8 is E4's first loan of 2024, repaid.
        #expect(p.whitelist == WhitelistCoverage(listed: 2, withBalance: 0, balance: .zero,
                                                 firstLoans: LoanTally(amount: Self.yuan(100_000), loans: 1), withoutCredit: 1))
        // No loan started in December 2024; the year: L2, L3, L4, L8.
        #expect(p.cost.month == nil)
        #expect(p.cost.yearToDate?.tally == LoanTally(amount: Self.yuan(1_700_000), loans: 4))
        // (50 × 350 + 80 × 300 + 30 × 420 + 10 × 500) / 170 = 347.65 → 348 bp.
        #expect(p.cost.yearToDate?.rate == BasisPoints(348))
        #expect(p.cost.spreads.map(\.spread) == [BasisPoints(125)])
        #expect(p.evaluation.evaluated == Period("2024-12") && p.evaluation.previous == nil)
        #expect(p.evaluation.banks.map(\.total) == [375, 332] && p.evaluation.needingRemediation.isEmpty)
    }

    /// A region's viewer gets none (the figures are the whole store's).
    @Test func noneForARegion() throws {
        let (_, store) = try Self.store()
        #expect(try store.programme(for: Period("2025-05")!, region: "610921") == nil)
    }

    /// The book of new loans is read once per reference version: a balance import keeps it,
    /// a loans import reads it again (and the figures follow).
    @Test func newLoansFollowALoansImport() throws {
        let (f, store) = try Self.store()
        let may = Period("2025-05")!
        #expect(try store.programme(for: may, region: nil)?.policyEffect.total.loans == 5)
        _ = try store.importFiles([try f.write("loans.csv", """
            code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw
            L9,B2,E1,,general,2025-04-01,2026-04-01,250000,3.9,0,0,0,0,0,,

            """, folder: "more")])
        let p = try #require(try store.programme(for: may, region: nil))
        #expect(p.policyEffect.total == LoanTally(amount: Self.yuan(2_650_000), loans: 6))
        #expect(p.policyEffect.byKind[.srdi] == LoanTally(amount: Self.yuan(1_850_000), loans: 4))
    }
}
