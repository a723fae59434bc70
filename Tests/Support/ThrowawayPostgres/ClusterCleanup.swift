import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The clusters this process runs, so that none outlives it: an `atexit` handler stops those
/// still running at a normal exit, and the first cluster of a process sweeps away leftovers of
/// dead processes (folders `c-PID-…` under `base` whose PID is gone).
final class ClusterRegistry: @unchecked Sendable {
    static let shared = ClusterRegistry()

    /// One folder per user, so root's and a user's clusters never share (or fight over) one.
    let base = (FileManager.default.temporaryDirectory.path.count < 40 ? FileManager.default.temporaryDirectory.path : "/tmp")
        + "/kejin-pgtest-\(getuid())"
    private let lock = NSLock()
    private var running: [ObjectIdentifier: String] = [:]  // cluster → data directory
    private var prepared = false

    func prepare() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !prepared else { return }
        guard FileManager.default.isExecutableFile(atPath: ThrowawayCluster.binDirectory + "/initdb") else {
            throw ClusterError("PostgreSQL 15 is not installed (no \(ThrowawayCluster.binDirectory)/initdb): run `bash .ci/setup`")
        }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        sweepLeftovers()
        atexit { ClusterRegistry.shared.stopAllAtExit() }
        prepared = true
    }

    func add(_ cluster: ThrowawayCluster) {
        lock.lock()
        running[ObjectIdentifier(cluster)] = cluster.dataDirectory
        lock.unlock()
    }

    func remove(_ cluster: ThrowawayCluster) {
        lock.lock()
        running[ObjectIdentifier(cluster)] = nil
        lock.unlock()
    }

    private func stopAllAtExit() {
        lock.lock()
        let dataDirectories = Array(running.values)
        running = [:]
        lock.unlock()
        for data in dataDirectories {
            ThrowawayCluster.stopServer(dataDirectory: data, mode: "immediate")
            try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
        }
    }

    /// Stops (immediate) and removes clusters left by processes that no longer exist.
    private func sweepLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for name in names where name.hasPrefix("c-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let pid = pid_t(parts[1]), pid != getpid() else { continue }
            guard !ThrowawayCluster.processRuns(pid) else { continue }  // its owner still runs
            let folder = base + "/" + name
            ThrowawayCluster.stopServer(dataDirectory: folder + "/data", mode: "immediate")
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}

/// A detached shell per cluster that waits for the test process to end and then stops the
/// cluster and removes its folder; it ends by itself once the folder is gone (a normal stop).
/// It covers what no code in the dying process can: a crash, SIGKILL, a test runner killed.
enum Watchdog {
    static func spawn(for cluster: ThrowawayCluster, owner: pid_t = getpid()) {
        let script = """
            pid=$1; dir=$2; shift 2
            while kill -0 "$pid" 2>/dev/null && [ -d "$dir" ]; do sleep 0.5; done
            if [ -d "$dir/data" ]; then cd / && "$@"; rm -rf "$dir"; fi
            """
        let stop = ThrowawayCluster.serverCommand("pg_ctl", "stop", "-D", cluster.dataDirectory, "-m", "immediate", "-w")
        _ = Shell.spawnAndWait(["/usr/bin/setsid", "-f", "/bin/sh", "-c", script, "watchdog",
                                String(owner), cluster.directory] + stop)
    }
}

/// Running the cluster's commands.
enum Shell {
    static var isRoot: Bool { geteuid() == 0 }

    /// As root, the server's tools run as the `postgres` user (initdb and postgres refuse root).
    static func asServerUser(_ command: [String]) -> [String] {
        isRoot ? ["/usr/sbin/runuser", "-u", ThrowawayCluster.superuser, "--"] + command : command
    }

    static func chownToServerUser(_ path: String) throws {
        guard isRoot else { return }
        guard let user = getpwnam(ThrowawayCluster.superuser) else {
            throw ClusterError("running as root, but there is no `postgres` user to run the server as (install postgresql-15)")
        }
        guard chown(path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw ClusterError("chown \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func append(_ text: String, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ClusterError("cannot open \(path)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Runs a command from `/` (the server user may not enter our folder), returning stdout and
    /// stderr together; throws with that output when it exits non-zero.
    @discardableResult
    static func run(_ command: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let status = wait(spawn(command, output: output))
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw ClusterError("\(command.joined(separator: " ")) exited \(status): \(text)")
        }
        return text
    }

    /// posix_spawn, then wait: no Foundation (usable from an atexit handler).
    @discardableResult
    static func spawnAndWait(_ command: [String]) -> Int32 { wait(spawn(command, output: nil)) }

    /// Starts `command` from `/` with stdin from /dev/null and stdout and stderr into `output`
    /// (or /dev/null), and no other descriptor of ours: a server started through it must not
    /// hold the test process's pipes or sockets. (Foundation's Process is not used: its
    /// waitUntilExit was seen to miss a child's exit here and hang.)
    static func spawn(_ command: [String], output: String?) -> pid_t {
        let wrapped = ["/bin/sh", "-c", "out=$1; shift; cd / && exec \"$@\" </dev/null >\"$out\" 2>&1", "sh",
                       output ?? "/dev/null"] + command
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var pid: pid_t = 0
        let argv = wrapped.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, wrapped[0], &actions, nil, argv, environ) == 0 else { return -1 }
        return pid
    }

    /// This process's open file descriptors (/proc/self/fd), to close in a child.
    private static func openDescriptors() -> [Int32] {
        guard let dir = opendir("/proc/self/fd") else { return [] }
        defer { closedir(dir) }
        let own = dirfd(dir)
        var fds: [Int32] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let fd = Int32(name), fd != own { fds.append(fd) }
        }
        return fds
    }

    /// The exit status of `pid` (waitpid), or -1.
    static func wait(_ pid: pid_t) -> Int32 {
        guard pid > 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, spelled out (macros are not imported).
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

/// A loopback TCP port nobody listens on at the moment of asking.
enum FreePort {
    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw ClusterError("bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
