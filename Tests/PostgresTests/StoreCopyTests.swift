#if PostgreSQL
import Foundation
import KejinCore
import KejinStore
import PostgresNIO
import Testing
import ThrowawayPostgres

/// `kejin store copy`: the demo store into a throwaway PostgreSQL database, all of it, and a
/// PostgreSQL store the connector recognises as a kejin store of this schema.
@Suite struct StoreCopyTests {
    @Test func theDemoStoreCopiesWhole() throws {
        let folder = try temporaryFolder("copy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/kejin.sqlite"
        try SharedDemo.sqlite(at: path)  // the demo, imported once per process
        let store = try Store(path: path)
        let may = try #require(Period("2025-05"))
        let figures = try store.figures(for: may)

        let cluster = try ThrowawayCluster.shared()
        let (backend, address, env) = try cluster.openNewDatabase("province")
        defer { cluster.dropDatabase(address.database) }
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

    /// SQLite → PostgreSQL → a new SQLite store: every period's figures, alerts and a drill-down
    /// list equal the original's, so PostgreSQL held every row exactly. A PostgreSQL store of
    /// another schema version is refused and leaves the new file's transaction unwritten.
    @Test func aStoreCopiedOutOfPostgreSQLReadsAsTheOriginal() throws {
        let folder = try temporaryFolder("copyback")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SharedDemo.sqlite(at: folder + "/a.sqlite")  // the demo, imported once per process
        let original = try Store(path: folder + "/a.sqlite")
        let cluster = try ThrowawayCluster.shared()
        let (backend, address, _) = try cluster.openNewDatabase("roundtrip")
        defer { cluster.dropDatabase(address.database) }
        defer { backend.close() }
        try StoreCopy.copy(from: SQLiteBackend(path: original.path, readOnly: true), to: backend)

        let path = folder + "/b.sqlite"
        _ = try Store(path: path)
        let tables = try StoreCopy.copy(from: backend, toNew: SQLiteBackend(path: path))
        #expect(tables.contains { $0.name == "loan_balances" && $0.rows > 10_000 })
        let copy = try Store(path: path, readOnly: true)
        #expect(try copy.holdsDemoData())
        let periods = try original.availablePeriods()
        #expect(try copy.availablePeriods() == periods && periods.count > 12)
        for period in periods {
            #expect(try copy.figures(for: period) == original.figures(for: period), "\(period.key)")
        }
        let may = try #require(Period("2025-05"))
        #expect(try copy.evaluatedAlerts(for: may, periods: periods).alerts == original.evaluatedAlerts(for: may, periods: periods).alerts)
        #expect(try copy.detail(.banks, period: may) == original.detail(.banks, period: may))
        // The copied summaries equal a recompute from the copied rows (the figures above read the summaries).
        let check = try copy.check()
        #expect(check.isConsistent, "\(check.findings)")

        // Another schema version on the PostgreSQL side: refused, the new store keeps its defaults.
        try backend.write(.other, waiting: {}) { try $0.execute("UPDATE schema SET version = version + 100") }
        let other = folder + "/c.sqlite"
        _ = try Store(path: other)
        let rules = try Store(path: other).alertRules()
        #expect(throws: StoreCopy.OtherVersion.self) { try StoreCopy.copy(from: backend, toNew: SQLiteBackend(path: other)) }
        #expect(try Store(path: other, readOnly: true).alertRules() == rules)
        #expect(try Store(path: other, readOnly: true).isEmpty())
    }
}
#endif
