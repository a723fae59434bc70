#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The programme's kept sums (schema v17, ProgrammeSummary.swift) on PostgreSQL: a store made
/// at v16 with the demo migrates (the tables filled for every period), checks clean, and gives
/// the figures an SQLite store of the same imports gives, by delta (an existing month, a new
/// one) and after a whitelist tag (a recompute). (ProgrammeSummaryTests prove the SQLite
/// figures equal the per-firm reads.)
@Suite struct ProgrammeSummaryPostgresTests {
    @Test func aV16PostgreSQLStoreMigratesAndKeepsTheSumsAsSQLite() throws {
        let folder = try temporaryFolder("programme-sums")
        let cluster = try ThrowawayCluster.shared()
        let (server, environment) = try cluster.newEmptyDatabase("programme_sums")
        defer {
            cluster.dropDatabase(server.database)
            try? FileManager.default.removeItem(atPath: folder)
        }
        func open(_ migrations: [StoreMigration]) throws -> Store {
            try Store(postgres: server, readOnly: false, environment: environment, warn: { _ in }, migrations: migrations)
        }
        // The v16 store: the demo imported by a v16 kejin into SQLite and copied over as `kejin
        // store copy` does (an import through the debug build's client took most of this test).
        let v16File = folder + "/v16.sqlite"
        let v16SQLite = try Store(path: v16File, readOnly: false, busyTimeout: 5, migrations: [])
        _ = try v16SQLite.importDemo()
        v16SQLite.close()
        let target = try PostgresBackend.open(server, environment: environment, readOnly: false)
        try StoreCopy.copy(from: SQLiteBackend(path: v16File, readOnly: true), to: target)
        target.close()
        let v16 = try open([])
        #expect(try v16.schemaVersion() == 16)
        #expect(try v16.readSession { try $0.tableExists(ProgrammeSummary.whitelistTable) } == false)
        v16.close()

        let postgres = try open(Schema.migrations)
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        // v18, written once for both engines: the RRR releases' table, empty until an import.
        #expect(try postgres.readSession { try $0.fetchOne("SELECT count(*) FROM \(RRRReleases.table)", as: Int.self) } == 0)
        let sqlite = try Store(path: folder + "/kejin.sqlite")
        _ = try sqlite.importDemo()

        func expectSame(_ when: String) throws {
            let periods = try sqlite.readSession { try PeriodSummary.periods($0) }
            #expect(try postgres.readSession { try PeriodSummary.periods($0) } == periods, "\(when)")
            #expect(periods.count > 1)
            for p in periods {
                let a = try sqlite.programme(for: p, region: nil), b = try postgres.programme(for: p, region: nil)
                #expect(a?.whitelist == b?.whitelist, "\(when): whitelist \(p.key)")
                #expect(a?.cost.spreads == b?.cost.spreads, "\(when): spreads \(p.key)")
                #expect(try sqlite.chainCategories(for: p, region: nil) == postgres.chainCategories(for: p, region: nil),
                        "\(when): of which \(p.key)")
            }
            let rows = "SELECT * FROM \(ProgrammeSummary.whitelistTable) ORDER BY 1, 2"
            let spreads = "SELECT * FROM \(ProgrammeSummary.spreadTable) ORDER BY 1, 2, 3"
            // v21: the chains' "of which" per firm and category (CategorySummary.swift).
            let categories = "SELECT * FROM \(CategorySummary.table) ORDER BY 1, 2, 3"
            for sql in [rows, spreads, categories] {
                #expect(try sqlite.readSession { try $0.fetch(sql).map(\.values) } == postgres.readSession { try $0.fetch(sql).map(\.values) },
                        "\(when): \(sql)")
            }
        }
        try expectSame("migrated")
        #expect(try postgres.readSession { try $0.fetchOne("SELECT count(DISTINCT period) FROM programme_spread", as: Int.self) } ?? 0 > 1)

        // Balances of listed firms' and ledger loans: the last month changed, a new month.
        let (last, listed, loans) = try sqlite.readSession { s in
            let last = try PeriodSummary.periods(s).last!
            let listed = try s.fetchColumn("""
                SELECT l.code FROM loans l JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id AND b.balance > 0
                WHERE l.enterprise IN (SELECT enterprise FROM enterprise_tags WHERE tag = 'whitelist' AND valid_from <= ?2 AND valid_to >= ?2)
                ORDER BY l.code LIMIT 3
                """, last.key, last.endDate, as: String.self)
            let ledger = try s.fetchColumn("""
                SELECT l.code FROM loans l JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id AND b.balance > 0
                WHERE l.relending_draw IS NOT NULL ORDER BY l.code LIMIT 3
                """, last.key, as: String.self)
            return (last, listed, ledger)
        }
        #expect(listed.count == 3 && loans.count == 3)
        let edit = folder + "/loan_balances-edit.csv"
        try (["loan,period,balance_yuan", "\(listed[0]),\(last.key),0", "\(listed[1]),\(last.key),1234567.89",
              "\(loans[0]),\(last.key),0", "\(loans[1]),\(last.key),7654321"]
             + (listed + loans).map { "\($0),\(last.next.key),100000" }).joined(separator: "\n")
            .appending("\n").write(toFile: edit, atomically: true, encoding: .utf8)
        for store in [sqlite, postgres] { _ = try store.importFiles([URL(fileURLWithPath: edit)], intoDemo: true) }
        try expectSame("after a balance delta")

        // A firm put on the whitelist: every period it covers recomputed.
        let firm = try sqlite.readSession { s in
            try s.fetchOne("""
                SELECT min(l.enterprise) FROM loans l JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id AND b.balance > 0
                WHERE l.enterprise NOT IN (SELECT enterprise FROM enterprise_tags WHERE tag = 'whitelist')
                """, last.key, as: String.self)
        }
        let tags = folder + "/enterprise_tags-more.csv"
        try "enterprise,tag,certificate,valid_from,valid_to\n\(firm!),whitelist,TEST1,2024-01-01,2026-12-31\n"
            .write(toFile: tags, atomically: true, encoding: .utf8)
        let listedBefore = try postgres.programme(for: last, region: nil)!.whitelist.listed
        for store in [sqlite, postgres] { _ = try store.importFiles([URL(fileURLWithPath: tags)], intoDemo: true) }
        #expect(try postgres.programme(for: last, region: nil)!.whitelist.listed == listedBefore + 1)
        try expectSame("after a whitelist tag")
        // Every kept table against a recompute, once at the end: each step above already
        // compared the kept sums row for row with SQLite's (ProgrammeSummaryTests prove those).
        #expect(try postgres.check().findings.map(\.description) == [])
    }

    /// The demo imported by a v28 kejin and copied to PostgreSQL: v29 sums the chains' "of
    /// which" per category and region (CategorySummary.Totals) for every period, v30 the draw
    /// ledgers per tool and bank (DrawSummary.Groups); each period's "of which" and Re-lending
    /// figures as before, and `store check` compares both with their recomputation.
    @Test func aV28PostgreSQLStoreGetsTheCategoryTotalsAndDrawSums() throws {
        let older = try OlderDemoStore("category-totals-v28", version: 28)
        defer { older.close() }
        let v28 = try older.open(older.older)
        let periods = try v28.availablePeriods()
        let before = try periods.map { try v28.chainCategories(for: $0, region: nil) }
        let tools = try periods.map { try v28.figures(for: $0).relendingTools }
        #expect(try v28.readSession { try $0.tableExists(CategorySummary.Totals.table) || $0.tableExists(DrawSummary.Groups.table) } == false)
        v28.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        for table in [CategorySummary.Totals.table, DrawSummary.Groups.table] {
            #expect(try postgres.readSession { try $0.fetchOne("SELECT count(*) FROM \(table)", as: Int.self) } ?? 0 > 0, "\(table)")
        }
        #expect(try periods.map { try postgres.chainCategories(for: $0, region: nil) } == before)
        #expect(try periods.map { try postgres.figures(for: $0).relendingTools } == tools)
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
