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
    /// holding the superuser's password (for `Store(address:environment:)`).
    func newEmptyDatabase(_ name: String) throws -> (PostgresAddress, [String: String]) {
        try psql("CREATE DATABASE \(name)")
        let address = PostgresAddress(host: "127.0.0.1", port: port, user: Self.superuser, database: name, sslMode: .disable)
        return (address, ["PGPASSWORD": superuserPassword])
    }
}

/// The demo store in an SQLite file and its copy in a throwaway PostgreSQL database, for the
/// tests that run one query on both engines and compare.
final class DemoOnBothEngines {
    let folder: String
    let cluster: ThrowawayCluster
    let sqlite: SQLiteBackend
    let postgres: PostgresBackend

    init(_ name: String) throws {
        folder = try temporaryFolder(name)
        let path = folder + "/kejin.sqlite"
        _ = try Store(path: path).importDemo()
        cluster = try ThrowawayCluster.startPrimary()
        (postgres, _, _) = try cluster.openNewDatabase(name)
        sqlite = try SQLiteBackend(path: path)
        try StoreCopy.copy(from: sqlite, to: postgres)
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
        cluster.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
#endif
