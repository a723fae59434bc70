import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL 15 cluster of its own for a test: `initdb` in a temporary folder, started with
/// `pg_ctl` on a free loopback port and a socket in that folder, so tests and CI never depend on
/// a server that happens to be running. `startReplica()` adds a hot standby streaming from it
/// (`pg_basebackup -R`).
///
/// Authentication: the Unix socket trusts (psql, pg_basebackup and the replica use it); TCP on
/// 127.0.0.1 asks for a SCRAM password (`superuserPassword` for `postgres`), so password faults
/// can be tested. initdb refuses root: as root, every server command runs as the `postgres`
/// user (`runuser`) and the folder is chowned to it.
///
/// Nothing outlives the test process: `stop()` (also from `deinit`), an `atexit` handler for
/// clusters still running at a normal exit, a watchdog process per cluster that stops it
/// (`pg_ctl stop -m immediate`) and removes its folder within a second of the test process
/// dying for any reason (a crash, SIGKILL), and a sweep of leftovers of dead processes when
/// the next cluster starts.
public final class ThrowawayCluster: @unchecked Sendable {
    public static let binDirectory = "/usr/lib/postgresql/15/bin"
    public static let superuser = "postgres"

    /// The cluster's folder: the socket lives here, the data in `data/`, the log in `log`.
    public let directory: String
    public var dataDirectory: String { directory + "/data" }
    public var socketDirectory: String { directory }
    public var logFile: String { directory + "/log" }
    public let port: Int
    public let superuserPassword: String
    /// The postmaster's process id while it runs (from `postmaster.pid`).
    public private(set) var postmasterPID: pid_t = 0
    public let isReplica: Bool
    private let lock = NSLock()
    private var stopped = false

    /// initdb + start. `tls`: the server also offers TLS, with a self-signed certificate made
    /// by `openssl`. `maxConnections`: more for a cluster many tests share (`shared()`).
    /// Throws `ClusterError` with the server log when it cannot start.
    public static func startPrimary(tls: Bool = false, maxConnections: Int = 40) throws -> ThrowawayCluster {
        try ClusterRegistry.shared.prepare()
        let directory = try makeDirectory()
        let password = UUID().uuidString
        let passwordFile = directory + "/pw"
        try password.write(toFile: passwordFile, atomically: false, encoding: .utf8)
        try Shell.chownToServerUser(passwordFile)
        try Shell.run(serverCommand("initdb", "-D", directory + "/data", "-U", superuser, "-E", "UTF8",
                                    "--locale=C", "--no-sync", "--auth-local=trust",
                                    "--auth-host=scram-sha-256", "--pwfile=" + passwordFile))
        try? FileManager.default.removeItem(atPath: passwordFile)
        // Quick and small: a test cluster needs no durability. Replication settings are 15's defaults.
        let settings = """
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            shared_buffers = 16MB
            max_connections = \(maxConnections)
            wal_keep_size = 64MB
            """
        try Shell.append(settings + "\n", to: directory + "/data/postgresql.conf")
        if tls {
            // In the data folder (as the server user), where postgres expects its key: 0600.
            try Shell.run(Shell.asServerUser(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                              "-subj", "/CN=localhost", "-days", "2",
                                              "-keyout", directory + "/data/server.key",
                                              "-out", directory + "/data/server.crt"]))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory + "/data/server.key")
            try Shell.append("ssl = on\n", to: directory + "/data/postgresql.conf")
        }
        return try start(directory: directory, password: password, isReplica: false)
    }

    /// A hot standby streaming from this cluster through its socket (`pg_basebackup -R`).
    public func startReplica() throws -> ThrowawayCluster {
        let directory = try Self.makeDirectory()
        try Shell.run(Self.serverCommand("pg_basebackup", "-h", socketDirectory, "-p", String(port),
                                         "-U", Self.superuser, "-D", directory + "/data", "-R",
                                         "-X", "stream", "-c", "fast", "--no-sync"))
        return try Self.start(directory: directory, password: superuserPassword, isReplica: true)
    }

    /// Runs an SQL script through `psql -f` on the socket as the superuser (or `user`): each
    /// statement in its own transaction, psql's meta-commands (`\c db`) allowed, stopping at the
    /// first error (thrown). Returns the unaligned, tuples-only output without the last newline.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", user: String = superuser) throws -> String {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("psql-\(UUID().uuidString).sql").path
        try sql.write(toFile: script, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let output = try Shell.run([Self.binDirectory + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                    "-h", socketDirectory, "-p", String(port), "-U", user, "-d", database,
                                    "-f", script])
        return output.hasSuffix("\n") ? String(output.dropLast()) : output
    }

    /// Stops the server (fast, then immediate) and removes its folder. Safe to call twice.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        ClusterRegistry.shared.remove(self)
        Self.stopServer(dataDirectory: dataDirectory, mode: "fast")
        if postmasterPID > 0, Self.processRuns(postmasterPID) {
            Self.stopServer(dataDirectory: dataDirectory, mode: "immediate")
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// Stops the server but keeps its folder, so `resume()` starts it again on the same port
    /// (a server restart, for tests of a store that loses its server and gets it back).
    public func pause() {
        Self.stopServer(dataDirectory: dataDirectory, mode: "fast")
    }

    /// Starts the server `pause()` stopped, on the same port and socket.
    public func resume() throws {
        try Shell.run(Self.serverCommand("pg_ctl", "start", "-D", dataDirectory, "-l", logFile,
                                         "-w", "-t", "60", "-o", "-k \(directory) -h 127.0.0.1 -p \(port)"))
        lock.lock()
        defer { lock.unlock() }
        postmasterPID = try Self.readPostmasterPID(dataDirectory)
    }

    /// A process of the test's own (see `stopWhenProcessEnds`), and waiting for its end.
    public static func startProcess(_ command: [String]) -> pid_t { Shell.spawn(command, output: nil) }
    public static func reap(_ pid: pid_t) { _ = Shell.wait(pid) }

    /// One more watchdog: stops this cluster when process `owner` ends (to test the watchdog).
    public func stopWhenProcessEnds(_ owner: pid_t) { Watchdog.spawn(for: self, owner: owner) }

    /// True while the postmaster process runs.
    public var isRunning: Bool { postmasterPID > 0 && Self.processRuns(postmasterPID) }

    /// True when process `pid` exists and is not a zombie (a server that has exited stays a
    /// zombie until init reaps it, as it is no child of ours).
    public static func processRuns(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state != nil && state != "Z" && state != "X"
    }

    // MARK: - Starting

    private init(directory: String, port: Int, password: String, isReplica: Bool) {
        self.directory = directory
        self.port = port
        self.superuserPassword = password
        self.isReplica = isReplica
    }

    private static func start(directory: String, password: String, isReplica: Bool) throws -> ThrowawayCluster {
        var lastError: (any Error)?
        for _ in 0..<3 {  // a free port found can be taken by someone else before the server binds it
            let port = try FreePort.find()
            let cluster = ThrowawayCluster(directory: directory, port: port, password: password, isReplica: isReplica)
            do {
                try Shell.run(serverCommand("pg_ctl", "start", "-D", directory + "/data", "-l", directory + "/log",
                                            "-w", "-t", "60", "-o", "-k \(directory) -h 127.0.0.1 -p \(port)"))
                cluster.postmasterPID = try readPostmasterPID(directory + "/data")
                ClusterRegistry.shared.add(cluster)
                Watchdog.spawn(for: cluster)
                return cluster
            } catch {
                cluster.stopped = true  // nothing running: deinit must not remove the folder yet
                lastError = error
            }
        }
        let log = (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? ""
        stopServer(dataDirectory: directory + "/data", mode: "immediate")
        try? FileManager.default.removeItem(atPath: directory)
        throw ClusterError("could not start PostgreSQL in \(directory): \(lastError.map { "\($0)" } ?? "")\n\(log)")
    }

    private static func readPostmasterPID(_ dataDirectory: String) throws -> pid_t {
        let text = try String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)
        guard let line = text.split(separator: "\n").first, let pid = pid_t(line) else {
            throw ClusterError("no process id in \(dataDirectory)/postmaster.pid")
        }
        return pid
    }

    /// A new folder under the registry's base, named after this process (for the leftover sweep).
    private static func makeDirectory() throws -> String {
        let path = ClusterRegistry.shared.base + "/c-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        try Shell.chownToServerUser(path)
        return path
    }

    /// A server binary's command line, run as the `postgres` user when we are root.
    static func serverCommand(_ tool: String, _ arguments: String...) -> [String] {
        Shell.asServerUser([binDirectory + "/" + tool] + arguments)
    }

    /// `pg_ctl stop`; errors are ignored (the server may be gone already). Uses posix_spawn,
    /// so it also works from the atexit handler.
    static func stopServer(dataDirectory: String, mode: String) {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") else { return }
        _ = Shell.spawnAndWait(serverCommand("pg_ctl", "stop", "-D", dataDirectory, "-m", mode, "-w", "-t", "30"))
    }
}

public struct ClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
