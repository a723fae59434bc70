import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The fiscal interest subsidy (issue 12, item 4): the v22 files (Import/InterestSubsidy.swift),
/// SubsidyBook and default rule 14. On the bundled demo the store's query reaches the article's
/// 500万元 (the city's 300万 and 汉阴县's 200万), what was disbursed and what is left
/// (check_demo.py recomputes them from the CSV files); a small store is worked out by hand; a
/// bank claiming past its allocation raises rule 14; bad rows name file, row, column and value
/// and change nothing; `store check` reads the tables; a v21 store migrates and gets rule 14.
@Suite struct InterestSubsidyTests {
    /// "推动市县两级财政出资500万元, 用于地方法人机构使用再贷款支持科技型中小企业 … 的贴息支持".
    @Test func theDemoReachesTheArticlesBudget() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let may = try #require(try store.programme(for: Period("2025-05")!, region: nil)).subsidy
        #expect(may.budgets.map(\.code) == ["SUB-CITY", "SUB-HY"] && may.budgets.map(\.amount) == [.wan(300), .wan(200)])
        #expect(may.budget == .wan(500) && may.allocated == .wan(500))
        #expect(may.banks.map(\.code) == ["AKRCB", "HYRCB", "XYRCB"])
        #expect(may.banks.map(\.allocated) == [.wan(200), .wan(200), .wan(100)])
        #expect(may.banks.map(\.claims) == [LoanTally(amount: .yuan(573_500), loans: 16), LoanTally(amount: .yuan(383_000), loans: 1),
                                            LoanTally(amount: .yuan(123_700), loans: 4)])
        #expect(may.banks.map(\.paid) == [.yuan(543_500), .yuan(383_000), .yuan(123_700)])
        #expect(may.paid == .yuan(1_050_200) && may.left == .yuan(3_949_800) && may.paidShare == BasisPoints(2100))
        // Claims stay within the allocations: rule 14 raises nothing in the demo.
        let figures = try store.figures(for: Period("2025-05")!)
        #expect(figures.subsidy == may)
        #expect(!AlertEngine.alerts(for: figures).contains { $0.measure == .subsidyClaimUse })
        // 2024-02: the county's budget is not funded yet (2024-03-01).
        let february = try #require(try store.programme(for: Period("2024-02")!, region: nil)).subsidy
        #expect(february.budget == .wan(300) && february.banks.map(\.code) == ["AKRCB", "XYRCB"])
    }

    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\nG1,guarantor,担保一,Guarantor One\n"),
        ("enterprises.csv", "code,name_zh,name_en\nE1,企业一,Firm One\nE2,企业二,Firm Two\n"),
        ("relending_tools.csv", "code,name_zh,name_en\nT1,支小再贷款,SME re-lending\n"),
        ("relending_draws.csv", "code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used\nD1,T1,B1,2024-01-05,2025-01-05,1000,0\n"
            + "D2,T1,B2,2024-01-05,2025-01-05,1000,0\n"),
        ("loans.csv", """
            code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,relending_draw
            L1,B1,E1,general,2024-01-10,2025-01-10,500,4,0,0,0,0,0,D1
            L2,B1,E2,general,2024-02-10,2025-02-10,400,4,0,0,0,0,0,D1
            L3,B2,E2,general,2024-02-10,2025-02-10,300,4,0,0,0,0,0,D2
            L4,B2,E1,general,2024-02-10,2025-02-10,300,4,0,0,0,0,0,

            """),
        ("subsidy_budgets.csv", """
            code,name_zh,name_en,level,region,budget_yuan,funded_date
            S2,县预算,County budget,county,,40,2024-03-01
            S1,市预算,City budget,city,,60,2024-01-01

            """),
        ("subsidy_allocations.csv", "budget,bank,allocated_yuan,allocated_date\nS1,B1,30,2024-01-15\nS1,B2,30,2024-01-15\nS2,B1,10,2024-03-05\n"),
        ("subsidy_claims.csv", """
            code,budget,bank,loan,claimed_date,claimed_yuan,paid_date,paid_yuan
            C1,S1,B1,L1,2024-02-01,20,2024-02-29,20
            C2,S1,B1,L1,2024-03-01,5,2024-04-02,4.50
            C3,S2,B1,L2,2024-03-10,10,,
            C4,S1,B2,L3,2024-04-20,12.34,2024-04-30,12.34

            """),
    ]

    static func imported() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try files.map { try f.write($0.0, $0.1) })
        return (f, store)
    }

    static func book(_ store: Store) throws -> SubsidyBook { try store.readSession { try SubsidyBook.read($0) } }

    @Test func aSmallStoreAddsUpByHand() throws {
        let (_, store) = try Self.imported()
        let book = try Self.book(store)
        // February: the city's budget only; B1 claimed 20 and was paid on 02-29 (the month's end).
        let february = book.figures(at: Period("2024-02")!)
        #expect(february.budgets.map(\.code) == ["S1"] && february.budget == .yuan(60) && february.allocated == .yuan(60))
        #expect(february.banks.map(\.code) == ["B1", "B2"] && february.paid == .yuan(20) && february.left == .yuan(40))
        #expect(february.banks[0].claimUse == BasisPoints(6667))   // 20 / 30
        // March: the county's 40 (the city's first); B1 claims 20 + 5 + 10 on two loans against 30 + 10, paid 20 so far.
        let march = book.figures(at: Period("2024-03")!)
        #expect(march.budgets.map(\.code) == ["S1", "S2"] && march.budget == .yuan(100))
        #expect(march.banks[0] == InterestSubsidyFigures.Bank(code: "B1", name: Names(zh: "银行一", en: "Bank One"), allocated: .yuan(40),
                                                              claims: LoanTally(amount: .yuan(35), loans: 3), loans: 2, paid: .yuan(20)))
        #expect(march.banks[0].claimUse == BasisPoints(8750))
        // April: C2 paid 4.50 of its 5; B2's claim and payment; left = 100 − 20 − 4.50 − 12.34.
        let april = book.figures(at: Period("2024-04")!)
        #expect(april.paid == Money(fen: 3_684) && april.left == Money(fen: 6_316) && april.claimed == Money(fen: 4_734))
        #expect(book.figures(at: Period("2023-12")!) == .empty)
        // Through the store (ProgrammeQuery and the figures), the same.
        #expect(try store.programme(for: Period("2024-04")!, region: nil)?.subsidy == april)
        #expect(try store.figures(for: Period("2024-04")!).subsidy == april)
        #expect(try store.check().findings.map(\.description) == [])
    }

    /// Rule 14: B2 claims 30 more in May (42.34 against its 30): critical, on B2 only; a region
    /// gets no subsidy figure, so no such alert.
    @Test func aBankClaimingPastItsAllocationRaisesRule14() throws {
        let (f, store) = try Self.imported()
        let rule = try #require(try store.alertRule(id: 14))
        #expect(rule.measure == .subsidyClaimUse && rule.criticalAbove == 10_000 && rule.enabled)
        #expect(AlertEngine.alerts(for: try store.figures(for: Period("2024-04")!)).filter { $0.ruleID == 14 }.isEmpty)
        _ = try store.importFiles([try f.write("subsidy_claims-may.csv", "code,budget,bank,loan,claimed_date,claimed_yuan\nC5,S1,B2,L3,2024-05-06,30\n",
                                               folder: "may")])
        let alerts = AlertEngine.alerts(for: try store.figures(for: Period("2024-05")!)).filter { $0.ruleID == 14 }
        #expect(alerts.map(\.entityCode) == ["B2"] && alerts.first?.severity == .critical && alerts.first?.value == 14_113)  // 42.34 / 30
        #expect(alerts.first?.threshold == 10_000 && alerts.first?.below == false)
        // The figure itself, from the book.
        let book = try Self.book(store)
        #expect(book.figures(at: Period("2024-05")!).banks.first { $0.code == "B2" }?.claimUse == BasisPoints(14_113))
    }

    static let budgetHeader = "code,name_zh,name_en,level,region,budget_yuan,funded_date"
    static let allocationHeader = "budget,bank,allocated_yuan,allocated_date"
    static let claimHeader = "code,budget,bank,loan,claimed_date,claimed_yuan,paid_date,paid_yuan"

    /// A bad row names file, row, column and value, and nothing is stored.
    @Test(arguments: [
        ("subsidy_budgets.csv", budgetHeader, "S3,预算三,Three,county,,10,2024-01-01", "S4,预算四,Four,province,,10,2024-01-01",
         "level", "province", "is not one of: city, county"),
        ("subsidy_budgets.csv", budgetHeader, "S3,预算三,Three,county,,10,2024-01-01", "S4,预算四,Four,county,,1.234,2024-01-01",
         "budget_yuan", "1.234", nil),
        ("subsidy_budgets.csv", budgetHeader, "S3,预算三,Three,county,,10,2024-01-01", "S4,预算四,Four,county,,10,2024-02-30",
         "funded_date", "2024-02-30", "is not a date (YYYY-MM-DD)"),
        ("subsidy_allocations.csv", allocationHeader, "S2,B2,10,2024-03-05", "S9,B1,10,2024-03-05", "budget", "S9",
         "is not a known subsidy budget code"),
        ("subsidy_allocations.csv", allocationHeader, "S2,B2,10,2024-03-05", "S2,G1,10,2024-03-05", "bank", "G1",
         "is a guarantor, not a bank"),
        ("subsidy_allocations.csv", allocationHeader, "S2,B2,10,2024-03-05", "S2,B1,30.01,2024-03-05", "allocated_yuan", "30.01",
         "takes the budget's allocations past its 40.00 yuan"),
        ("subsidy_claims.csv", claimHeader, "C8,S1,B2,L3,2024-05-01,1,,", "C9,S1,B1,L3,2024-05-01,1,,", "loan", "L3",
         "is a loan of B2, not of the claiming bank B1"),
        ("subsidy_claims.csv", claimHeader, "C8,S1,B2,L3,2024-05-01,1,,", "C9,S1,B2,L4,2024-05-01,1,,", "loan", "L4",
         "is not funded by re-lending (no relending_draw)"),
        ("subsidy_claims.csv", claimHeader, "C8,S1,B2,L3,2024-05-01,1,,", "C9,S1,B2,L9,2024-05-01,1,,", "loan", "L9",
         "is not a known loan code"),
        ("subsidy_claims.csv", claimHeader, "C8,S1,B2,L3,2024-05-01,1,,", "C9,S1,B2,L3,2024-05-01,1,2024-04-30,1", "paid_date", "2024-04-30",
         "is before claimed_date (2024-05-01)"),
        ("subsidy_claims.csv", claimHeader, "C8,S1,B2,L3,2024-05-01,1,,", "C9,S1,B2,L3,2024-05-01,1,2024-05-30,", "paid_yuan", "",
         "is empty; a payment names its amount"),
        ("subsidy_claims.csv", claimHeader, "C8,S1,B2,L3,2024-05-01,1,,", "C9,S1,B2,L3,2024-05-01,1,,1", "paid_date", "",
         "is empty; a payment names its date"),
        ("subsidy_claims.csv", claimHeader, "C8,S1,B2,L3,2024-05-01,1,,", "C9,S1,B2,L3,2024-05-01,1,2024-05-30,1.01", "paid_yuan", "1.01",
         "is more than claimed_yuan"),
    ] as [(String, String, String, String, String, String, String?)])
    func aBadRowNamesFileRowAndColumnAndChangesNothing(_ name: String, header: String, good: String, bad: String,
                                                       column: String, value: String, reason: String?) throws {
        let (f, store) = try Self.imported()
        try expectBadRowRefused(f, store, name, header: header, good: good, bad: bad, column: column, value: value, reason: reason)
    }

    /// Importing the same files again changes nothing; `store check` reads the tables.
    @Test func reImportIsIdempotentAndStoreCheckCoversTheTables() throws {
        let (f, store) = try Self.imported()
        let urls = try Self.files.suffix(3).map { try f.write($0.0, $0.1, folder: "again") }
        let dry = try store.importFiles(urls, options: ImportOptions(dryRun: true))
        #expect(dry.files.map(\.new) == [0, 0, 0] && dry.files.map(\.changed) == [0, 0, 0])
        try store.writeSession { s in
            try s.execute("UPDATE subsidy_claims SET loan = 'L9', paid = -1 WHERE code = 'C1'")
            try s.execute("UPDATE subsidy_allocations SET budget = 'S7' WHERE bank = 'B2'")
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings.contains("reference: subsidy_claims.loan: 1 row(s) name a code that is not in loans (first: \"L9\")"))
        #expect(findings.contains("reference: subsidy_allocations.budget: 1 row(s) name a code that is not in subsidy_budgets (first: \"S7\")"))
        #expect(findings.contains("money: subsidy_claims.paid: 1 row(s) are not a whole, non-negative number of fen"))
    }

    /// A v21 store opened by this kejin gets the tables, empty, and default rule 14.
    @Test func aV21StoreMigratesWithRule14() throws {
        let (f, store) = try Self.imported()
        try store.dbQueue.write { db in
            try db.execute(sql: GuidanceFundTests.backToV21)
            try db.execute(sql: "DELETE FROM alert_rules WHERE id = 14")
        }
        try store.dbQueue.close()
        let old = try DatabaseQueue(path: f.storePath)
        #expect(try old.read { try Schema.storedVersion($0) } == 21)
        #expect(try old.read { try SubsidyBook.read(SQLiteSession(db: $0)) }.figures(at: Period("2024-04")!) == .empty)
        try old.close()
        let migrated = try f.store()
        #expect(try migrated.schemaVersion() == Schema.version)
        #expect(try migrated.alertRule(id: 14) == AlertEngine.defaultRules.first { $0.id == 14 })
        #expect(try migrated.readSession { try $0.fetchOne("SELECT count(*) FROM subsidy_claims", as: Int.self) } == 0)
        #expect(try migrated.check().findings == [])
        _ = try migrated.importFiles(try Self.files.suffix(3).map { try f.write($0.0, $0.1, folder: "v22") })
        #expect(try Self.book(migrated).figures(at: Period("2024-04")!).paid == Money(fen: 3_684))
    }

    @Test func theDeclarationsMakeTheTables() {
        #expect(InterestSubsidy.claims.tableDDL == "CREATE TABLE subsidy_claims(code TEXT NOT NULL, budget TEXT NOT NULL, bank TEXT NOT NULL, "
                + "loan TEXT NOT NULL, claimed_date TEXT NOT NULL, claimed INTEGER NOT NULL, paid_date TEXT, paid INTEGER, PRIMARY KEY(code)) WITHOUT ROWID")
        #expect(InterestSubsidy.allocations.tableDDL == "CREATE TABLE subsidy_allocations(budget TEXT NOT NULL, bank TEXT NOT NULL, "
                + "allocated INTEGER NOT NULL, allocated_date TEXT NOT NULL, PRIMARY KEY(budget, bank)) WITHOUT ROWID")
        #expect(Entity.subsidyClaims.required == ["code", "budget", "bank", "loan", "claimed_date", "claimed_yuan"])
        #expect(Entity.subsidyClaims.optional == ["paid_date", "paid_yuan"])
    }
}
