import Foundation
import KejinStore
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
        try psql("CREATE DATABASE \(name)")
        let address = PostgresAddress(host: "127.0.0.1", port: port, user: Self.superuser, database: name, sslMode: .disable)
        let environment = ["PGPASSWORD": superuserPassword]
        return (try PostgresBackend.open(address, environment: environment, readOnly: readOnly), address, environment)
    }
}
#endif
