#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// Migrations written once (Schema.migrations, v17 on) run on both engines. No real v17 is
/// invented: the store's list is extended by a test-only migration that adds a table.
@Suite(.serialized) struct MigrationTests {
    static let next = Schema.version + 1
    /// The store's list plus one migration: a table with a row.
    static let extended = Schema.migrations + [
        StoreMigration(version: next, name: "v\(next) test table") { s in
            try s.execute("CREATE TABLE migration_test(id BIGINT PRIMARY KEY, note TEXT NOT NULL)")
            try s.execute("INSERT INTO migration_test(id, note) VALUES (1, 'added by the test migration')")
        },
    ]
    /// The store's list plus one migration that fails half-way (its table is made, then an error).
    static let failing = Schema.migrations + [
        StoreMigration(version: next, name: "v\(next) failing") { s in
            try s.execute("CREATE TABLE migration_test(id BIGINT PRIMARY KEY)")
            try s.execute("INSERT INTO no_such_table VALUES (1)")
        },
    ]

    static func versions(_ s: any StoreSession) throws -> [Int] {
        try s.fetchColumn("SELECT version FROM schema ORDER BY version", as: Int.self)
    }

    @Test func theListRunsInSQLitesMigrator() throws {
        let folder = try temporaryFolder("migrate-sqlite")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let current = folder + "/current.sqlite"
        _ = try Store(path: current)
        #expect(try Store(path: current, readOnly: true).schemaVersion() == Schema.version)
        // A viewer with the longer list finds the store older; a writer migrates it.
        #expect(throws: StoreError.schemaTooOld(path: current, found: Schema.version, expected: Self.next)) {
            try Store(path: current, readOnly: true, busyTimeout: 1, migrations: Self.extended)
        }
        let migrated = try Store(path: current, readOnly: false, busyTimeout: 1, migrations: Self.extended)
        #expect(try migrated.readSession(Self.versions) == Array(1...Self.next))
        #expect(try migrated.readSession { try $0.fetchColumn("SELECT note FROM migration_test", as: String.self) }
                == ["added by the test migration"])
        // This kejin's own list: a newer store.
        #expect(throws: StoreError.schemaTooNew(path: current, found: Self.next, expected: Schema.version)) {
            try Store(path: current, readOnly: true)
        }
        // A new store with the longer list has every version.
        let fresh = try Store(path: folder + "/fresh.sqlite", readOnly: false, busyTimeout: 1, migrations: Self.extended)
        #expect(try fresh.readSession(Self.versions) == Array(1...Self.next))
    }

    @Test func aWriterMigratesAPostgreSQLStoreAndViewersAreToldWhatTheyFound() throws {
        let cluster = try ThrowawayCluster.shared()
        let (server, environment) = try cluster.newEmptyDatabase("migrate")
        defer { cluster.dropDatabase(server.database) }
        func open(readOnly: Bool, _ list: [StoreMigration] = Schema.migrations) throws -> Store {
            try Store(postgres: server, readOnly: readOnly, environment: environment, warn: { _ in }, migrations: list)
        }
        // A store at this kejin's version (made by a writable open of the empty database).
        let writer = try open(readOnly: false)
        #expect(try writer.schemaVersion() == Schema.version)
        let generation = try writer.changeCounter()
        writer.close()
        let viewer = try open(readOnly: true)
        defer { viewer.close() }

        // A viewer with the longer list does not migrate: schemaTooOld (exit 7), the store unchanged.
        #expect {
            try open(readOnly: true, Self.extended)
        } throws: { error in
            guard let error = error as? PostgresStoreError, error.exitCode == 7 else { return false }
            return error == .schemaTooOld(address: "\(server)", found: Schema.version, expected: Self.next)
                && error.description.contains("importer role")
        }
        // A migration that fails leaves the store as it was (one transaction each).
        #expect(throws: (any Error).self) { try open(readOnly: false, Self.failing) }
        #expect(try viewer.schemaVersion() == Schema.version)
        #expect(try viewer.readSession { try $0.tableExists("migration_test") } == false)

        // A writer with the longer list migrates: the version recorded, the table there, the
        // generation moved (viewers reload).
        let migrated = try open(readOnly: false, Self.extended)
        #expect(try migrated.readSession(Self.versions) == Array(1...Self.next))
        #expect(try migrated.readSession { try $0.fetchColumn("SELECT note FROM migration_test", as: String.self) }
                == ["added by the test migration"])
        #expect(try viewer.changeCounter() > generation)
        migrated.close()

        // This kejin's own list now finds a newer store, whoever opens it.
        for readOnly in [true, false] {
            #expect(throws: PostgresStoreError.schemaTooNew(address: "\(server)", found: Self.next, expected: Schema.version)) {
                try open(readOnly: readOnly)
            }
        }
    }
}
#endif
