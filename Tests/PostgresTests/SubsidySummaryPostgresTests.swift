#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing

/// The interest-subsidy claims kept per bank and month (schema v27, Query/SubsidySummary.swift)
/// on PostgreSQL: the demo's kept rows are SQLite's and its claims'; an import of claims (a new
/// claim paid a month later, a claim's payment corrected) rebuilds them on both alike, `store
/// check` clean; a v26 store migrates with every month's subsidy figures as before.
@Suite struct SubsidySummaryPostgresTests {
    static func kept(_ store: Store, kept: Bool = true) throws -> [SubsidySummary.Row] {
        try store.readSession { try SubsidySummary.rows($0, kept: kept) }
    }

    @Test func theDemosRowsFollowAnImportOfClaimsAsOnSQLite() throws {
        let demo = try DemoStores("subsidysummary")
        defer { demo.close() }
        func expectSame(_ when: String) throws {
            let rows = try Self.kept(demo.postgres)
            #expect(try !rows.isEmpty && rows == Self.kept(demo.sqlite) && rows == Self.kept(demo.postgres, kept: false), "\(when)")
            for p in try demo.sqlite.availablePeriods() {
                #expect(try demo.postgres.figures(for: p).subsidy == demo.sqlite.figures(for: p).subsidy, "\(when) \(p.key)")
            }
            #expect(try demo.postgres.check().findings.map(\.description) == [], "\(when)")
        }
        try expectSame("copied")

        // A bank's first claim re-dated and paid a month after, and a new claim on its loan.
        let claim = try #require(try demo.sqlite.readSession {
            try $0.fetch("SELECT code, budget, bank, loan, claimed_date, claimed FROM subsidy_claims ORDER BY code LIMIT 1").first
        })
        let (code, budget, bank, loan): (String, String, String, String) = (try claim.get(0), try claim.get(1), try claim.get(2), try claim.get(3))
        let amount = Money(fen: try claim.get(5, as: Int64.self)).yuanText
        let file = demo.folder + "/subsidy_claims-fix.csv"
        try """
            code,budget,bank,loan,claimed_date,claimed_yuan,paid_date,paid_yuan
            \(code),\(budget),\(bank),\(loan),2025-04-30,\(amount),2025-05-02,\(amount)
            \(code)-X,\(budget),\(bank),\(loan),2025-05-20,1.23,2025-06-01,1.23

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try Self.kept(demo.postgres)
        for store in demo.stores { _ = try store.importFiles([URL(fileURLWithPath: file)], intoDemo: true) }
        try expectSame("claims imported")
        #expect(try Self.kept(demo.postgres) != before)
    }

    /// The demo imported by a v26 kejin and copied to PostgreSQL: v27 fills the table, every
    /// month's subsidy and re-lending figures as before, `store check` clean.
    @Test func aV26PostgreSQLStoreMigrates() throws {
        let older = try OlderDemoStore("subsidysummary-v26", version: 26)
        defer { older.close() }
        let v26 = try older.open(older.older)
        let periods = try v26.availablePeriods()
        let before = try periods.map { try v26.figures(for: $0) }
        #expect(try v26.readSession { try $0.tableExists(SubsidySummary.table) } == false)
        v26.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        #expect(try periods.map { try postgres.figures(for: $0) } == before)
        #expect(try !Self.kept(postgres).isEmpty && Self.kept(postgres) == Self.kept(postgres, kept: false))
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
