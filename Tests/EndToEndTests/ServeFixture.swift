import Foundation

/// A `kejin serve` started for a test: its own keys, authorized_keys, store, host key and audit
/// log in a temporary directory; loopback only, on a free port the server picks and prints.
/// The server runs in a private tmux pane (the same clean-signal start as every e2e program)
/// and is stopped with SIGTERM, then SIGKILL, on every path (deinit).
final class ServeFixture {
    let directory: URL
    let store: String
    let authorizedKeys: String
    let auditLog: String
    let server: TmuxSession
    let serverPID: Int32
    private(set) var port = 0

    /// The keys a fixture makes: `alice` is an operator, `bob` and `dave` plain viewers,
    /// `carol` is never authorized.
    static let keyNames = ["alice", "bob", "carol", "dave"]

    init(options: String = "") throws {
        let dir = try temporaryDirectory()
        directory = dir
        store = dir.appendingPathComponent("kejin.sqlite").path
        authorizedKeys = dir.appendingPathComponent("authorized_keys").path
        auditLog = dir.appendingPathComponent("audit.log").path
        for name in Self.keyNames {
            try run("/usr/bin/env", ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "\(name)@test",
                                     "-f", dir.appendingPathComponent(name).path])
        }
        try Self.writeAuthorizedKeys(["alice", "bob", "dave"], directory: dir, to: authorizedKeys)
        try DemoStore.copy(to: store)
        let command = [kejinBinary, "serve", "--listen", "127.0.0.1:0", "--store", store,
                       "--authorized-keys", authorizedKeys, "--audit-log", auditLog,
                       "--host-key", dir.appendingPathComponent("host_key").path]
            .map(TmuxSession.quote).joined(separator: " ")
        server = try TmuxSession(command: "\(command) \(options)", width: 200, height: 20)
        serverPID = try server.pid()
        let screen = try server.waitFor("connect: ssh -p", timeout: 30)
        guard let match = screen.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let number = Int(screen[match].split(separator: ":").last ?? "") else {
            throw E2EError("no port in the server's output:\n\(screen)")
        }
        port = number
    }

    deinit { stop() }

    /// SIGTERM (graceful), then SIGKILL if it is still there after 5 s.
    func stop() {
        guard processIsRunning(serverPID) else { return }
        kill(serverPID, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while processIsRunning(serverPID) && Date() < deadline { usleep(20_000) }
        if processIsRunning(serverPID) { kill(serverPID, SIGKILL) }
    }

    /// `operator,lang=…` before alice's key; the others plain.
    func writeAuthorizedKeys(_ names: [String]) throws {
        try Self.writeAuthorizedKeys(names, directory: directory, to: authorizedKeys)
    }

    static func writeAuthorizedKeys(_ names: [String], directory: URL, to authorizedKeys: String) throws {
        var lines = ["# kejin serve test keys", ""]
        for name in names {
            let key = try String(contentsOf: directory.appendingPathComponent("\(name).pub"), encoding: .utf8)
            lines.append((name == "alice" ? "operator " : "") + key.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try lines.joined(separator: "\n").write(toFile: authorizedKeys, atomically: true, encoding: .utf8)
    }

    /// The ssh client's command line for `key` (no host-key prompts, only that key, no agent).
    func ssh(_ key: String, _ extra: String = "") -> String {
        let k = TmuxSession.quote(directory.appendingPathComponent(key).path)
        return "ssh -i \(k) -p \(port) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
            + "-o IdentitiesOnly=yes -o BatchMode=yes -o LogLevel=ERROR -o SendEnv=LANG -F /dev/null \(extra) 127.0.0.1"
    }

    /// A dashboard session in a tmux pane of the given size: `ssh -tt`.
    func session(_ key: String, width: Int = 100, height: Int = 30,
                 environment: [String: String] = ["LANG": "C.UTF-8"]) throws -> TmuxSession {
        try TmuxSession(command: ssh(key, "-tt"), width: width, height: height, environment: environment)
    }

    /// Runs `ssh … command` without a terminal; returns the exit status, stdout and stderr.
    func exec(_ key: String, _ command: String, tty: String = "-T") throws -> (status: Int, out: String, err: String) {
        let out = directory.appendingPathComponent("exec.out").path, err = out + ".err", status = out + ".status"
        try run("/bin/sh", ["-c", "\(ssh(key, tty)) \(TmuxSession.quote(command)) < /dev/null > \(out) 2> \(err); echo $? > \(status)"])
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return (Int(read(status).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, read(out), read(err))
    }

    /// The audit log's events, parsed.
    func auditEvents() throws -> [[String: Any]] {
        // Missing for a moment while the log is rotated.
        try ((try? String(contentsOfFile: auditLog, encoding: .utf8)) ?? "").split(separator: "\n").map {
            guard let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
                throw E2EError("audit line is not a JSON object: \($0)")
            }
            return object
        }
    }

    /// Waits until the audit log holds an event matching `condition`; returns it.
    @discardableResult
    func waitForAudit(_ what: String, timeout: TimeInterval = 10,
                      _ condition: @escaping ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if let event = try auditEvents().first(where: condition) { return event }
            usleep(50_000)
        } while Date() < deadline
        throw E2EError("no \(what) in the audit log within \(timeout) s:\n" + ((try? String(contentsOfFile: auditLog, encoding: .utf8)) ?? ""))
    }

    /// The fingerprint `ssh-keygen -lf` prints for a key of this fixture.
    func fingerprint(_ key: String) throws -> String {
        let out = try run("/usr/bin/env", ["ssh-keygen", "-lf", directory.appendingPathComponent("\(key).pub").path])
        return String(out.split(separator: " ")[1])
    }

    /// The server's children: the sessions' dashboards (and exec commands while they run).
    func children() -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(serverPID)/task/\(serverPID)/children", encoding: .utf8)) ?? ""
        // Children of every thread: the pump threads and event loops spawn too.
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(serverPID)/task")) ?? []
        let all = threads.flatMap { tid in
            ((try? String(contentsOfFile: "/proc/\(serverPID)/task/\(tid)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { Int32($0) }
        }
        return Array(Set(all + text.split(separator: " ").compactMap { Int32($0) })).filter(processIsRunning)
    }
}
