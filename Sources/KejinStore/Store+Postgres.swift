import Foundation

// Opening a store in a PostgreSQL database. The server's own refusals (unreachable, password,
// no such database, not a kejin store, a newer schema) come from `PostgresConnector`; this adds
// what a kejin store needs: a writable open of an empty database creates the store (the schema
// of a new SQLite store, copied in: the migrations stay the one declaration of the tables), a
// viewer of an empty database or an older schema is refused.
extension Store {
    convenience init(postgres server: PostgresAddress, readOnly: Bool, environment: [String: String],
                     warn: @escaping @Sendable (String) -> Void) throws {
        #if PostgreSQL
        let backend = try PostgresBackend.open(server, environment: environment, readOnly: readOnly, warn: warn)
        do {
            let found = try backend.read { s in
                try s.tableExists("schema") ? try s.fetchOne("SELECT max(version) FROM schema", as: Int.self) ?? 0 : 0
            }
            if found == 0 {
                if readOnly { throw PostgresStoreError.emptyDatabase(address: "\(server)") }
                try Self.createSchema(in: backend)
            } else if found < Schema.version {
                throw PostgresStoreError.schemaTooOld(address: "\(server)", found: found, expected: Schema.version)
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
    static func createSchema(in backend: PostgresBackend) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("new.sqlite").path
        _ = try Store(path: path)
        try StoreCopy.copy(from: SQLiteBackend(path: path, readOnly: true), to: backend)
    }

    /// Closes the PostgreSQL connection (SQLite's closes with the object).
    public func close() {
        (backend as? PostgresBackend)?.close()
    }
    #else
    public func close() {}
    #endif
}
