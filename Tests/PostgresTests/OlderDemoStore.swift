#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import ThrowawayPostgres

/// The demo as a kejin of schema `version` left it on PostgreSQL: imported into an SQLite store
/// made with the migrations up to `version` only, then copied into a new database of the shared
/// cluster as `kejin store copy` does. `open(older)` opens it as that kejin would, `open()` as
/// this one (migrating it). For the tests of a migration that adds declared entities.
final class OlderDemoStore {
    let older: [StoreMigration]
    let folder: String
    let cluster: ThrowawayCluster
    let server: PostgresAddress
    let environment: [String: String]

    init(_ name: String, version: Int) throws {
        older = Array(Schema.migrations.prefix { $0.version <= version })
        precondition(Schema.version(of: older) == version)
        folder = try temporaryFolder(name)
        cluster = try ThrowawayCluster.shared()
        (server, environment) = try cluster.newEmptyDatabase(name.replacingOccurrences(of: "-", with: "_"))
        let file = folder + "/v\(version).sqlite"
        let sqlite = try Store(path: file, readOnly: false, busyTimeout: 5, migrations: older)
        _ = try sqlite.importDemo()
        sqlite.close()
        let target = try PostgresBackend.open(server, environment: environment, readOnly: false)
        defer { target.close() }
        try StoreCopy.copy(from: SQLiteBackend(path: file, readOnly: true), to: target)
    }

    /// The store opened with `migrations` (this kejin's when not given).
    func open(_ migrations: [StoreMigration] = Schema.migrations) throws -> Store {
        try Store(postgres: server, readOnly: false, environment: environment, warn: { _ in }, migrations: migrations)
    }

    func close() {
        cluster.dropDatabase(server.database)
        try? FileManager.default.removeItem(atPath: folder)
    }
}
#endif
