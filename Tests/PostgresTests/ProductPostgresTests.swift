#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The banks' products (schema v24, Import/Products.swift, Query/ProductSummary.swift) on
/// PostgreSQL: the demo copied there gives every period's products as SQLite does, kept rows
/// and all; balance imports keep them by delta on both engines alike, `store check` clean; a bad
/// loans row is refused with SQLite's message; a v23 store's free text becomes products (the
/// migration written once for both engines) with the figures the demo's own products give.
@Suite struct ProductPostgresTests {
    static let kept = "SELECT * FROM product_summary ORDER BY 1, 2, 3"

    static func figures(_ store: Store, _ p: Period) throws -> [String] {
        try #require(try store.products(for: p, region: nil)).products
            .map { "\($0.bank) \($0.code) \($0.balance.fen) \($0.borrowers) \($0.growth.map { "\($0.value)" } ?? "-")" }.sorted()
    }

    @Test func theDemosProductsAsOnSQLiteThroughADelta() throws {
        let demo = try DemoStores("products")
        defer { demo.close() }
        let (folder, sqlite, postgres) = (demo.folder, demo.sqlite, demo.postgres)
        func expectSame(_ when: String) throws {
            let periods = try sqlite.readSession { try PeriodSummary.periods($0) }
            for p in periods {
                let a = try sqlite.products(for: p, region: nil), b = try postgres.products(for: p, region: nil)
                #expect(a == b && a?.products.isEmpty == false, "\(when) \(p.key)")
            }
            #expect(try sqlite.readSession { try $0.fetch(Self.kept).map(\.values) } == postgres.readSession { try $0.fetch(Self.kept).map(\.values) },
                    "\(when)")
            #expect(try postgres.check().findings.map(\.description) == [], "\(when)")
        }
        try expectSame("copied")
        let may = try #require(try postgres.products(for: Period(year: 2025, month: 5), region: nil))
        #expect(may.products.first { $0.bank == "ABC" && $0.code == "XLD" }.map { ($0.balance, $0.borrowers) }! == (.yuan(164_305_400), 19))

        // Three of ABC's 硒链贷 loans: one repaid, one moved, and a new month; by delta on both.
        let codes = try sqlite.readSession {
            try $0.fetchColumn("SELECT l.code FROM loans l JOIN loan_balances b ON b.period = '2025-05' AND b.loan_id = l.id AND b.balance > 0 WHERE l.bank = 'ABC' AND l.product = 'XLD' ORDER BY l.code LIMIT 3", as: String.self)
        }
        #expect(codes.count == 3)
        let file = folder + "/loan_balances-fix.csv"
        try ("loan,period,balance_yuan\n\(codes[0]),2025-05,0\n\(codes[1]),2025-05,1.23\n\(codes[2]),2025-06,777\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        for store in [sqlite, postgres] { _ = try store.importFiles([URL(fileURLWithPath: file)], intoDemo: true) }
        try expectSame("after a delta")

        // A loan naming another bank's product: SQLite's message on both engines, nothing kept.
        let bad = folder + "/loans-bad.csv"
        try """
            code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge
            L-BAD,ICBC,E-GEN-ZL01,CYLED,general,2025-05-02,2026-05-02,100,4,0,0,0,0,0

            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let expected = ImportError(file: "loans-bad.csv", row: 2, column: "product", value: "CYLED", reason: "is a product of ABC, not of the loan's bank ICBC")
        #expect(throws: expected) { try sqlite.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(throws: expected) { try postgres.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
    }

    /// The demo imported by a v23 kejin (its products.csv ignored, the codes kept as the loans'
    /// text) and copied to PostgreSQL: v24 makes a product of each (bank, text), with the same
    /// balances, borrowers and growth the demo's own products.csv gives on SQLite.
    @Test func aV23PostgreSQLStoreMigrates() throws {
        let older = try OlderDemoStore("products-v23", version: 23)
        defer { older.close() }
        let v23 = try older.open(older.older)
        #expect(try v23.readSession { try $0.tableExists("products") } == false)
        v23.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        let folder = try temporaryFolder("products-sqlite")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sqlite = try Store(path: folder + "/kejin.sqlite")
        _ = try sqlite.importDemo()
        #expect(try postgres.readSession { try $0.fetchOne("SELECT count(*) FROM products", as: Int.self) }
                == sqlite.readSession { try $0.fetchOne("SELECT count(*) FROM products", as: Int.self) })
        for key in ["2024-05", "2025-03", "2025-05"] {
            #expect(try Self.figures(postgres, Period(key)!) == Self.figures(sqlite, Period(key)!), "\(key)")
        }
        #expect(try Self.figures(postgres, Period(year: 2025, month: 5)).count > 100)
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
