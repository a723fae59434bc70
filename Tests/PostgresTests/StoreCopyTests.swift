#if PostgreSQL
import Foundation
import KejinCore
import KejinStore
import PostgresNIO
import Testing
import ThrowawayPostgres

/// `kejin store copy`: the demo store into a throwaway PostgreSQL database, all of it, and a
/// PostgreSQL store the connector recognises as a kejin store of this schema.
@Suite(.serialized) struct StoreCopyTests {
    @Test func theDemoStoreCopiesWhole() throws {
        let folder = try temporaryFolder("copy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/kejin.sqlite"
        let store = try Store(path: path)
        try store.importDemo()
        let may = try #require(Period("2025-05"))
        let figures = try store.figures(for: may)

        let cluster = try ThrowawayCluster.startPrimary()
        defer { cluster.stop() }
        let (backend, address, env) = try cluster.openNewDatabase("province")
        defer { backend.close() }
        let source = try SQLiteBackend(path: path, readOnly: true)
        let tables = try StoreCopy.copy(from: source, to: backend)

        // Every table of the SQLite store, with its rows.
        let names = try source.read { try $0.fetch("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY rowid") }
            .map { $0[0].text! }
        #expect(tables.map(\.name) == names)
        for table in tables {
            #expect(try backend.read { try $0.fetchValue("SELECT count(*) FROM \(table.name)") } == .integer(table.rows), "\(table.name)")
        }
        #expect(tables.first { $0.name == "loan_balances" }.map(\.rows) ?? 0 > 10_000)

        // The published tech-loan balance, summed on PostgreSQL from the copied ledgers.
        let tech = try backend.read {
            try $0.fetchValue("""
                SELECT sum(b.balance) FROM loan_balances b JOIN loans l ON l.id = b.loan_id
                WHERE b.period = ?1 AND l.is_tech = 1
                """, [.text(may.key)])
        }
        #expect(tech == .integer(figures.city.techLoans.balance.fen))

        // A kejin store of this schema to the connector; new rows continue the copied ids.
        let session = try PostgresBackend.open(address, environment: env, readOnly: true)
        session.close()
        let version = try backend.read { try $0.fetchValue("SELECT max(version) FROM schema") }
        let sourceVersion = try source.read { try $0.fetchValue("SELECT max(version) FROM schema") }
        #expect(version != nil && version == sourceVersion)
        let (maxID, newID) = try backend.write(.other, waiting: {}) { s in
            (try s.fetchValue("SELECT max(id) FROM import_log"),
             try s.fetchValue("INSERT INTO import_log(file, checksum, rows, imported_at) VALUES ('x', 'y', 0, 'now') RETURNING id"))
        }
        #expect(newID == .integer(maxID!.integer! + 1))

        // Into a database that already holds a store: refused, nothing changed.
        let before = try backend.generation()
        #expect(throws: StoreCopy.NotEmpty.self) { try StoreCopy.copy(from: source, to: backend) }
        #expect(try backend.generation() == before)
    }
}
#endif
