import Foundation

/// One throwaway primary for every test of this process that needs no more than databases of
/// its own (not a restart, TLS, roles or a replica): `initdb` once instead of once per test.
/// Each test gets a fresh database (`newDatabase`), so tests stay independent and may run in
/// parallel; it drops it when done. The cluster lives until the process ends and is stopped
/// there like any other (the registry's `atexit` handler; the watchdog after a crash or kill).
extension ThrowawayCluster {
    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var sharedCluster: ThrowawayCluster?
    nonisolated(unsafe) private static var databaseCount = 0

    /// The process's shared primary, started by the first test that asks. More connections than
    /// a cluster of one test's own: several suites use it at once.
    public static func shared() throws -> ThrowawayCluster {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let sharedCluster, sharedCluster.isRunning { return sharedCluster }
        let cluster = try startPrimary(maxConnections: 200)
        sharedCluster = cluster
        return cluster
    }

    /// True for the process's shared primary.
    public var isShared: Bool { Self.sharedLock.withLock { Self.sharedCluster === self } }

    /// A new empty database on this cluster named after `prefix` and unique in it (`prefix_N`).
    /// `template`: a copy of that database instead (which nobody may be connected to).
    public func newDatabase(_ prefix: String, template: String? = nil) throws -> String {
        let name = Self.sharedLock.withLock {
            Self.databaseCount += 1
            return "\(prefix)_\(Self.databaseCount)"
        }
        // A template's last session may still be ending on the server after its client closed
        // (seen in CI: "source database … is being accessed by other users"): wait for it.
        var attempts = 0
        while true {
            do {
                try psql("CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0) STRATEGY FILE_COPY" } ?? ""))
                return name
            } catch where template != nil && attempts < 100 && "\(error)".contains("is being accessed by other users") {
                attempts += 1
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// Drops a database made by `newDatabase`, ending its sessions first. Errors are ignored
    /// (the cluster may be gone): a database left behind goes with its cluster.
    public func dropDatabase(_ name: String) {
        _ = try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
