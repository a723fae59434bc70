#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The importer on the seam writes the same store on PostgreSQL as on SQLite: a new empty store
/// copied into a throwaway database, the demo data set imported on both sides by the same
/// `Importer` (upserts, references, summaries, eligibility, the import log and deliveries),
/// then every table compared; and a bad row refused with the same message on both, leaving
/// PostgreSQL as it was.
@Suite(.serialized) struct PortedImportTests {
    @Test func theDemoImportWritesTheSameStoreOnBothEngines() throws {
        let folder = try temporaryFolder("ported-import")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/kejin.sqlite"
        _ = try Store(path: path)  // a new store: the migrations, no rows of data
        let cluster = try ThrowawayCluster.shared()
        let (postgres, address, _) = try cluster.openNewDatabase("ported_import")
        defer { cluster.dropDatabase(address.database) }
        defer { postgres.close() }
        let sqlite = try SQLiteBackend(path: path)
        try StoreCopy.copy(from: sqlite, to: postgres)
        try sqlite.database.write { try $0.execute(sql: StoreGeneration.createTable + "; " + StoreGeneration.seed) }

        let files = try Store.demoFiles()
        let summaries = try [sqlite, postgres as any StoreBackend].map { engine in
            try engine.write(.importFiles, waiting: {}) { try Importer(session: $0).run(files) }
        }
        #expect(summaries[0].files.map(\.rows) == summaries[1].files.map(\.rows))
        #expect(summaries[0].files.reduce(0) { $0 + $1.rows } > 50_000)

        // Every table: its rows, and the sum of each integer column (money, counts, flags, ids).
        let tables = try sqlite.read { s in
            try s.fetchColumn("""
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  AND name NOT IN ('grdb_migrations', 'store_generation') ORDER BY name
                """, as: String.self)
        }
        func fingerprints(_ engine: any StoreBackend) throws -> [String: [SQLValue]] {
            let integers = try sqlite.read { s in
                try Dictionary(uniqueKeysWithValues: tables.map { table in
                    (table, try s.fetch("SELECT name FROM pragma_table_info(?1) WHERE upper(type) = 'INTEGER' ORDER BY cid", table)
                        .map { try $0.get(0, as: String.self) })
                })
            }
            return try engine.read { s in
                try Dictionary(uniqueKeysWithValues: tables.map { table in
                    let check = "SELECT count(*)" + integers[table]!.map { ", sum(\($0))" }.joined() + " FROM \(table)"
                    return (table, try s.fetch(check)[0].values)
                })
            }
        }
        let written = try fingerprints(sqlite)
        let there = try fingerprints(postgres)
        for table in tables where written[table] != there[table] {
            Issue.record("\(table): \(written[table]!) on SQLite, \(there[table]!) on PostgreSQL")
        }
        for table in ["loans", "loan_balances", "period_summary", "bank_summary", "region_summary", "region_bank_summary",
                      "enterprise_summary", "draw_summary", "draw_ineligible_summary", "ledger_ineligible", "deliveries"] {
            #expect((written[table]?[0].integer ?? 0) > 0, "\(table) is empty after the demo import")
        }
        // The figures' rows themselves, not only their sums.
        for table in ["period_summary", "bank_summary", "enterprise_summary", "draw_summary"] {
            let rows = "SELECT * FROM \(table) ORDER BY 1, 2, 3, 4"  // the longest key: enterprise_summary's four columns
            let a = try sqlite.read { try $0.fetch(rows).map(\.values) }, b = try postgres.read { try $0.fetch(rows).map(\.values) }
            #expect(a == b, "\(table) rows differ")
        }

        // A bad row: the same message on both engines, and nothing written on PostgreSQL.
        let bad = folder + "/loan_balances-bad.csv"
        try "loan,period,balance_yuan\nL000001,2025-06,12.3x\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let messages = [sqlite, postgres as any StoreBackend].map { engine -> String in
            do {
                _ = try engine.write(.importFiles, waiting: {}) { try Importer(session: $0).run([URL(fileURLWithPath: bad)]) }
                return "imported"
            } catch {
                return "\(error)"
            }
        }
        #expect(messages[0] == messages[1])
        #expect(messages[0].contains("loan_balances-bad.csv: row 2, column balance_yuan"), "\(messages[0])")
        #expect(try fingerprints(postgres) == there)
    }
}
#endif
