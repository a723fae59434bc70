import Foundation
import KejinStore
import Testing
import ThrowawayPostgres

/// A temporary folder for a test's SQLite store, removed by the caller's `defer`.
func temporaryFolder(_ name: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.path + "/kejin-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

#if PostgreSQL
extension ThrowawayCluster {
    /// A new empty database on this cluster, opened as a store by its superuser.
    func openNewDatabase(_ name: String, readOnly: Bool = false) throws -> (PostgresBackend, PostgresAddress, [String: String]) {
        let (address, environment) = try newEmptyDatabase(name)
        return (try PostgresBackend.open(address, environment: environment, readOnly: readOnly), address, environment)
    }

    /// A new empty database on this cluster, not opened: its address and the environment
    /// holding the superuser's password (for `Store(address:environment:)`). On the shared
    /// cluster (`ThrowawayCluster.shared()`) its name is `name` made unique (`name_N`), and the
    /// test drops it when done (`dropDatabase`); `template`: a copy of that database.
    func newEmptyDatabase(_ name: String, template: String? = nil) throws -> (PostgresAddress, [String: String]) {
        let database: String
        if isShared {
            database = try newDatabase(name, template: template)
        } else {
            try psql("CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? ""))
            database = name
        }
        let address = PostgresAddress(host: "127.0.0.1", port: port, user: Self.superuser, database: database, sslMode: .disable)
        return (address, ["PGPASSWORD": superuserPassword])
    }
}

/// The demo store made once per test process: an SQLite file (`Store.importDemo`) and its copy
/// (`StoreCopy`) in a database of the shared cluster that no one opens, the template of every
/// test's own. Each test gets copies (a file copy; `CREATE DATABASE … TEMPLATE`), equal to
/// what it made itself before, in a fraction of the time. Both live in the shared cluster's
/// folder, so they go with it when the process ends.
enum SharedDemo {
    private static let made: Result<(sqlite: String, template: String), any Error> = Result {
        let cluster = try ThrowawayCluster.shared()
        let sqlite = cluster.directory + "/demo-template.sqlite"
        let store = try Store(path: sqlite)
        _ = try store.importDemo()
        store.close()
        let (address, environment) = try cluster.newEmptyDatabase("demo_template")
        let target = try PostgresBackend.open(address, environment: environment, readOnly: false)
        defer { target.close() }
        try StoreCopy.copy(from: SQLiteBackend(path: sqlite, readOnly: true), to: target)
        return (sqlite, address.database)
    }

    /// A copy of the demo's SQLite store at `path` (a new file).
    static func sqlite(at path: String) throws {
        let source = try made.get().sqlite
        try FileManager.default.copyItem(atPath: source, toPath: path)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: source + suffix) {
            try FileManager.default.copyItem(atPath: source + suffix, toPath: path + suffix)
        }
    }

    /// A new database of the shared cluster holding the demo (drop it with `dropDatabase`).
    static func postgres(_ name: String) throws -> (ThrowawayCluster, PostgresAddress, [String: String]) {
        let template = try made.get().template
        let cluster = try ThrowawayCluster.shared()
        let (address, environment) = try cluster.newEmptyDatabase(name, template: template)
        return (cluster, address, environment)
    }
}

/// Removes what a demo's set-up made before it failed: its folder and its database, if any.
private func discard(_ folder: String, _ made: (ThrowawayCluster, PostgresAddress)?) {
    if let (cluster, address) = made { cluster.dropDatabase(address.database) }
    try? FileManager.default.removeItem(atPath: folder)
}

/// The demo store in an SQLite file and its copy in a PostgreSQL database of its own, for the
/// tests that run one query on both engines and compare.
final class DemoOnBothEngines {
    let folder: String
    let cluster: ThrowawayCluster
    let database: String
    let sqlite: SQLiteBackend
    let postgres: PostgresBackend

    init(_ name: String) throws {
        let folder = try temporaryFolder(name)
        // A failure half-way leaves no folder or database behind (`close` is never called then).
        var made: (ThrowawayCluster, PostgresAddress)?
        do {
            let path = folder + "/kejin.sqlite"
            try SharedDemo.sqlite(at: path)
            let (cluster, address, environment) = try SharedDemo.postgres(name)
            made = (cluster, address)
            postgres = try PostgresBackend.open(address, environment: environment, readOnly: false)
            sqlite = try SQLiteBackend(path: path)
            (self.folder, self.cluster, database) = (folder, cluster, address.database)
        } catch {
            discard(folder, made)
            throw error
        }
    }

    /// `read` on both engines; records an issue naming `what` when they differ (named, not
    /// dumped: a whole Figures or list would bury the message).
    func both<T: Equatable>(_ what: String, _ read: (any StoreSession) throws -> T) throws -> T {
        let (a, b) = (try sqlite.read(read), try postgres.read(read))
        if a != b { Issue.record("\(what) differs between SQLite and PostgreSQL") }
        return a
    }

    func close() {
        postgres.close()
        cluster.dropDatabase(database)
        try? FileManager.default.removeItem(atPath: folder)
    }
}
/// The demo as two `Store`s: an SQLite file and its copy in a throwaway PostgreSQL database,
/// for the tests that run a command or an import on both (the operator's commands, the
/// programme's entities).
final class DemoStores {
    let folder: String
    let cluster: ThrowawayCluster
    let server: PostgresAddress
    let environment: [String: String]
    let sqlite: Store
    let postgres: Store

    init(_ name: String) throws {
        let folder = try temporaryFolder(name)
        var made: (ThrowawayCluster, PostgresAddress)?
        do {
            let path = folder + "/kejin.sqlite"
            try SharedDemo.sqlite(at: path)
            sqlite = try Store(path: path)
            let (cluster, server, environment) = try SharedDemo.postgres(name)
            made = (cluster, server)
            postgres = try Store(address: .postgres(server), environment: environment)
            (self.folder, self.cluster, self.server, self.environment) = (folder, cluster, server, environment)
        } catch {
            discard(folder, made)
            throw error
        }
    }

    var stores: [Store] { [sqlite, postgres] }

    func close() {
        postgres.close()
        cluster.dropDatabase(server.database)
        try? FileManager.default.removeItem(atPath: folder)
    }
}
#endif
