import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The guidance fund (issue 12, item 6): the v22 files (Import/GuidanceFunds.swift) and
/// FundBook. On the bundled demo the store's query reaches Hanyin's 2000万元 at 1:5 (a 1亿元
/// ceiling) and 3 firms 1700万元 (check_demo.py recomputes them from the CSV files); a small store
/// is worked out by hand, the breaker tripping on the day the compensation reaches its line;
/// bad rows name file, row, column and value and change nothing; `store check` reads the
/// tables; a v21 store migrates.
@Suite struct GuidanceFundTests {
    static func fund(_ store: Store, _ key: String) throws -> GuidanceFund {
        let programme = try #require(try store.programme(for: Period(key)!, region: nil))
        return try #require(programme.guidanceFunds.first)
    }

    /// "联合政府设立2000万元科创引导基金 … 按照1:5的杠杆融资增信 … 累计发放产业基金贷款3户1700万元"
    /// (seed-figures.md), the 1500万元 graphite loan among them.
    @Test func theDemoReachesTheArticlesFund() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let may = try Self.fund(store, "2025-05")
        #expect(may.code == "GF-HY-01" && may.bank.zh == "汉阴农商银行")
        #expect(may.capital == .wan(2000) && may.leverage == 5 && may.ceiling == .wan(10_000))
        #expect(may.firms == 3 && may.backed == LoanTally(amount: .wan(1700), loans: 3))
        #expect(may.inUse == .wan(1700) && may.usage == BasisPoints(1700) && may.headroom == .wan(8300))
        #expect(may.compensated == .zero && may.breaker == BasisPoints(1000) && !may.tripped)
        // Backed on their start dates: 1500万 in 2024-08, 100万 in 2024-11, 100万 in 2025-02.
        #expect(try Self.fund(store, "2024-07").backed == .zero)
        #expect(try Self.fund(store, "2024-12").backed == LoanTally(amount: .wan(1600), loans: 2))
        let graphite = try store.readSession {
            try $0.fetch("""
                SELECT l.amount, e.name_zh FROM fund_loans f JOIN loans l ON l.code = f.loan JOIN enterprises e ON e.code = l.enterprise
                WHERE f.fund = 'GF-HY-01' ORDER BY l.amount DESC LIMIT 1
                """).first
        }
        #expect(try graphite?.get(0, as: Int64.self) == Money.wan(1500).fen)
        #expect(try graphite?.get(1, as: String.self).contains("石墨") == true)
    }

    /// Two funds small enough to add up by hand.
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\nG1,guarantor,担保一,Guarantor One\n"),
        ("enterprises.csv", "code,name_zh,name_en\nE1,企业一,Firm One\nE2,企业二,Firm Two\nE3,企业三,Firm Three\n"),
        ("loans.csv", """
            code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge
            L1,B1,E1,general,2024-03-10,2024-08-31,100,4,0,0,0,0,0
            L2,B1,E1,general,2024-05-20,2026-05-20,250.50,4,0,0,0,0,0
            L3,B1,E3,general,2024-06-05,2026-06-05,80,4,0,0,0,0,0
            L4,B2,E2,general,2024-06-05,2026-06-05,70,4,0,0,0,0,0

            """),
        ("guidance_funds.csv", """
            code,name_zh,name_en,bank,region,capital_yuan,leverage,breaker_pct,established_date
            F1,基金一,Fund One,B1,,200,3,10,2024-01-01
            F2,基金二,Fund Two,B2,,100,5,50,2024-01-01

            """),
        ("fund_loans.csv", """
            fund,loan,backed_date,compensated_date,compensated_yuan
            F1,L1,2024-03-10,,
            F1,L2,2024-05-25,,
            F1,L3,2024-06-05,2024-09-15,20
            F2,L4,2024-07-01,,

            """),
    ]

    static func imported() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try files.map { try f.write($0.0, $0.1) })
        return (f, store)
    }

    static func book(_ store: Store) throws -> FundBook { try store.readSession { try FundBook.read($0) } }

    @Test func aSmallStoreAddsUpByHand() throws {
        let (_, store) = try Self.imported()
        let book = try Self.book(store)
        func f1(_ p: String) throws -> GuidanceFund { try #require(book.funds(at: Period(p)!).first { $0.code == "F1" }) }
        // May: L1 (100) and L2 (250.50, backed 05-25), one firm; ceiling 200 × 3 = 600.
        let may = try f1("2024-05")
        #expect(may.ceiling == .yuan(600) && may.firms == 1 && may.backed == LoanTally(amount: Money(fen: 35_050), loans: 2))
        #expect(may.inUse == Money(fen: 35_050) && may.usage == BasisPoints(5842))   // 350.50 / 600
        // August: L1 matures on its last day (08-31 is not after the end): out of use, still backed.
        let august = try f1("2024-08")
        #expect(august.backed == LoanTally(amount: Money(fen: 43_050), loans: 3) && august.firms == 2)
        #expect(august.inUse == Money(fen: 33_050) && !august.tripped)
        // September: L3's compensation of 20 = 10% of the capital: the breaker (10%) trips, L3 leaves use.
        let september = try f1("2024-09")
        #expect(september.compensated == .yuan(20) && september.lossRate == BasisPoints(1000) && september.tripped)
        #expect(september.inUse == Money(fen: 25_050))
        // F2 backs L4 from 07-01; F2 has its own bank's loan only.
        let f2 = try #require(book.funds(at: Period("2024-07")!).first { $0.code == "F2" })
        #expect(f2.ceiling == .yuan(500) && f2.backed == LoanTally(amount: .yuan(70), loans: 1) && f2.bank.zh == "银行二")
        #expect(try #require(book.funds(at: Period("2024-06")!).first { $0.code == "F2" }).backed == .zero)
        // Through the store (ProgrammeQuery), the same.
        let figures = try #require(try store.programme(for: Period("2024-09")!, region: nil))
        #expect(figures.guidanceFunds.map(\.code) == ["F1", "F2"] && figures.guidanceFunds.first == september)
        #expect(try store.check().findings.map(\.description) == [])
    }

    static let fundHeader = "code,name_zh,name_en,bank,region,capital_yuan,leverage,breaker_pct,established_date"
    static let loanHeader = "fund,loan,backed_date,compensated_date,compensated_yuan"

    /// A bad row names file, row, column and value, and nothing is stored.
    @Test(arguments: [
        ("guidance_funds.csv", fundHeader, "F3,基金三,Three,B1,,100,2,10,2024-01-01",
         "F4,基金四,Four,G1,,100,2,10,2024-01-01", "bank", "G1", "is a guarantor, not a bank"),
        ("guidance_funds.csv", fundHeader, "F3,基金三,Three,B1,,100,2,10,2024-01-01",
         "F4,基金四,Four,B1,,100,0,10,2024-01-01", "leverage", "0", "is not between 1 and 100"),
        ("guidance_funds.csv", fundHeader, "F3,基金三,Three,B1,,100,2,10,2024-01-01",
         "F4,基金四,Four,B1,,100,1.5,10,2024-01-01", "leverage", "1.5", "is not a whole number"),
        ("guidance_funds.csv", fundHeader, "F3,基金三,Three,B1,,100,2,10,2024-01-01",
         "F4,基金四,Four,B1,,100,2,ten,2024-01-01", "breaker_pct", "ten", "is not a percentage (at most two decimals, e.g. 1.75)"),
        ("guidance_funds.csv", fundHeader, "F3,基金三,Three,B1,,100,2,10,2024-01-01",
         "F4,基金四,Four,B1,,-5,2,10,2024-01-01", "capital_yuan", "-5", nil),
        ("guidance_funds.csv", fundHeader, "F3,基金三,Three,B1,,100,2,10,2024-01-01",
         "F4,基金四,Four,B1,610921,100,2,10,2024-01-01", "region", "610921", "is not a known region code"),
        ("fund_loans.csv", loanHeader, "F2,L4,2024-06-05,,", "F9,L4,2024-06-05,,", "fund", "F9", "is not a known guidance fund code"),
        ("fund_loans.csv", loanHeader, "F2,L4,2024-06-05,,", "F1,L9,2024-06-05,,", "loan", "L9", "is not a known loan code"),
        ("fund_loans.csv", loanHeader, "F2,L4,2024-06-05,,", "F1,L4,2024-06-05,,", "loan", "L4", "is a loan of B2, not of the fund's bank B1"),
        ("fund_loans.csv", loanHeader, "F2,L4,2024-06-05,,", "F1,L3,2024-06-04,,", "backed_date", "2024-06-04",
         "is before the loan's start (2024-06-05)"),
        ("fund_loans.csv", loanHeader, "F2,L4,2024-06-05,,", "F1,L3,2024-06-05,2024-06-04,10", "compensated_date", "2024-06-04",
         "is before backed_date (2024-06-05)"),
        ("fund_loans.csv", loanHeader, "F2,L4,2024-06-05,,", "F1,L3,2024-06-05,2024-07-01,", "compensated_yuan", "",
         "is empty; a compensation names its amount"),
        ("fund_loans.csv", loanHeader, "F2,L4,2024-06-05,,", "F1,L3,2024-06-05,,10", "compensated_date", "",
         "is empty; a compensation names its date"),
        ("fund_loans.csv", loanHeader, "F2,L4,2024-06-05,,", "F1,L3,2024-06-05,2024-07-01,80.01", "compensated_yuan", "80.01",
         "is more than the loan's amount"),
    ] as [(String, String, String, String, String, String, String?)])
    func aBadRowNamesFileRowAndColumnAndChangesNothing(_ name: String, header: String, good: String, bad: String,
                                                       column: String, value: String, reason: String?) throws {
        let (f, store) = try Self.imported()
        try expectBadRowRefused(f, store, name, header: header, good: good, bad: bad, column: column, value: value, reason: reason)
    }

    /// Importing the same files again changes nothing; a compensation added later trips F1.
    @Test func reImportIsIdempotent() throws {
        let (f, store) = try Self.imported()
        let urls = try Self.files.map { try f.write($0.0, $0.1, folder: "again") }
        let dry = try store.importFiles(Array(urls.suffix(2)), options: ImportOptions(dryRun: true))
        #expect(dry.files.map(\.new) == [0, 0] && dry.files.map(\.changed) == [0, 0])
        let figures = try store.programme(for: Period("2024-09")!, region: nil)
        _ = try store.importFiles(urls)
        #expect(try store.programme(for: Period("2024-09")!, region: nil) == figures)
        _ = try store.importFiles([try f.write("fund_loans-fix.csv", "\(Self.loanHeader)\nF2,L4,2024-07-01,2024-10-02,50\n", folder: "fix")])
        let f2 = try #require(try Self.book(store).funds(at: Period("2024-10")!).first { $0.code == "F2" })
        #expect(f2.tripped && f2.lossRate == BasisPoints(5000) && f2.inUse == .zero)
    }

    /// `store check` reads the new tables: a code that names nothing, a negative amount.
    @Test func storeCheckCoversTheFunds() throws {
        let (_, store) = try Self.imported()
        try store.writeSession { s in
            try s.execute("UPDATE fund_loans SET fund = 'F7' WHERE loan = 'L4'")
            try s.execute("UPDATE guidance_funds SET capital = -1, bank = 'G1' WHERE code = 'F1'")
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings.contains("reference: fund_loans.fund: 1 row(s) name a code that is not in guidance_funds (first: \"F7\")"))
        #expect(findings.contains("reference: guidance_funds.bank: 1 row(s) name a code that is not a bank in institutions (first: \"G1\")"))
        #expect(findings.contains("money: guidance_funds.capital: 1 row(s) are not a whole, non-negative number of fen"))
    }

    /// A v21 store (before the funds) opened by this kejin gets the tables, empty, and takes
    /// the files.
    @Test func aV21StoreMigrates() throws {
        let (f, store) = try Self.imported()
        try store.dbQueue.write { db in
            try db.execute(sql: Self.backToV21)
        }
        try store.dbQueue.close()
        let old = try DatabaseQueue(path: f.storePath)
        #expect(try old.read { try Schema.storedVersion($0) } == 21)
        #expect(try old.read { try FundBook.read(SQLiteSession(db: $0)) }.funds(at: Period("2024-09")!) == [])
        try old.close()
        let migrated = try f.store()
        #expect(try migrated.schemaVersion() == Schema.version && Schema.version >= 22)
        #expect(try migrated.readSession { try $0.fetchOne("SELECT count(*) FROM fund_loans", as: Int.self) } == 0)
        #expect(try migrated.check().findings == [])
        _ = try migrated.importFiles(try Self.files.suffix(2).map { try f.write($0.0, $0.1, folder: "v22") })
        #expect(try Self.book(migrated).funds(at: Period("2024-09")!).first?.tripped == true)
    }

    /// What takes a store back to v21 (the tests of older versions run it first): v23 off, then v22.
    static let backToV21 = WhitelistPipelineTests.backToV22 + """
        DROP TABLE guidance_funds; DROP TABLE fund_loans;
        DROP TABLE subsidy_budgets; DROP TABLE subsidy_allocations; DROP TABLE subsidy_claims;
        \(Schema.forgetting(from: 22))
        """

    @Test func theDeclarationsMakeTheTables() {
        #expect(GuidanceFunds.funds.tableDDL == "CREATE TABLE guidance_funds(code TEXT NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, "
                + "bank TEXT NOT NULL, region TEXT, capital INTEGER NOT NULL, leverage INTEGER NOT NULL, breaker INTEGER NOT NULL, "
                + "established_date TEXT NOT NULL, PRIMARY KEY(code)) WITHOUT ROWID")
        #expect(GuidanceFunds.loans.tableDDL == "CREATE TABLE fund_loans(fund TEXT NOT NULL, loan TEXT NOT NULL, backed_date TEXT NOT NULL, "
                + "compensated_date TEXT, compensated INTEGER, PRIMARY KEY(fund, loan)) WITHOUT ROWID")
        #expect(Entity.fundLoans.required == ["fund", "loan", "backed_date"])
        #expect(Entity.fundLoans.optional == ["compensated_date", "compensated_yuan"])
    }
}
