import Foundation

// Opening a store in a PostgreSQL database. The server's own refusals (unreachable, password,
// no such database, not a kejin store, a newer schema) come from `PostgresConnector`; this adds
// what a kejin store needs: a writable open of an empty database creates the store (the schema
// of a new SQLite store, copied in: the migrations stay the one declaration of the tables) and
// a writable open of an older store (v16 on) runs the migrations it lacks (`Schema.migrate`);
// a viewer of an empty database or an older schema is refused.
extension Store {
    /// `migrations`: the store's own (Schema.swift), or a test's longer list.
    convenience init(postgres server: PostgresAddress, readOnly: Bool, environment: [String: String],
                     warn: @escaping @Sendable (String) -> Void, migrations: [StoreMigration] = Schema.migrations) throws {
        #if PostgreSQL
        let backend = try PostgresBackend.open(server, environment: environment, readOnly: readOnly, warn: warn)
        let expected = Schema.version(of: migrations)
        do {
            let found = try backend.read(Schema.storedVersion)
            if found > expected {
                throw PostgresStoreError.schemaTooNew(address: "\(server)", found: found, expected: expected)
            } else if found == 0 {
                if readOnly { throw PostgresStoreError.emptyDatabase(address: "\(server)") }
                try Self.createSchema(in: backend, migrations: migrations)
            } else if found < expected {
                // Before v16 a store on PostgreSQL cannot be (it was made by a copy at v16 or later).
                if readOnly || found < Schema.baseVersion {
                    throw PostgresStoreError.schemaTooOld(address: "\(server)", found: found, expected: expected)
                }
                try Schema.migrate(backend, migrations) { warn("waiting for an import to finish before migrating the store") }
            }
        } catch {
            backend.close()
            throw error
        }
        self.init(address: .postgres(server), readOnly: readOnly, backend: backend)
        #else
        throw PostgresStoreError.notBuilt(address: "\(server)")
        #endif
    }

    #if PostgreSQL
    /// The tables of a new store, made by this kejin's migrations in a throwaway SQLite file and
    /// copied into the empty database (one transaction, as `kejin store copy`).
    static func createSchema(in backend: PostgresBackend, migrations: [StoreMigration] = Schema.migrations) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("new.sqlite").path
        _ = try Store(path: path, readOnly: false, busyTimeout: 5, migrations: migrations)
        try StoreCopy.copy(from: SQLiteBackend(path: path, readOnly: true), to: backend)
    }

    /// Closes the PostgreSQL connection (SQLite's closes with the object).
    public func close() {
        (backend as? PostgresBackend)?.close()
    }

    /// After a bulk load (a month of balances, a province's first load): PostgreSQL's
    /// `VACUUM (ANALYZE)`, so the new rows' pages are marked all-visible (index-only scans read
    /// no table page for them) and the planner's statistics are whole — what autovacuum does
    /// some time later, done now. SQLite needs nothing (no visibility map; each import takes its
    /// statistics).
    public func vacuumAfterBulkLoad() throws {
        try mapped { try (backend as? PostgresBackend)?.vacuum() }
    }
    #else
    public func close() {}
    public func vacuumAfterBulkLoad() throws {}
    #endif
}
