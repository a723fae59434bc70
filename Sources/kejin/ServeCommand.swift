import ArgumentParser
import Foundation
import KejinServe

/// `kejin serve`: an SSH server whose only offer is the dashboard (and the read-only reports).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard over SSH: public-key login, read-only, no shell.",
        discussion: """
            Each SSH session gets the live dashboard on its own pseudo-terminal; `ssh -p PORT HOST report …` \
            and `… alerts …` run those read-only commands. Keys: OpenSSH authorized_keys format, Ed25519 or \
            ECDSA, read again at every login; kejin's options per key: operator (may acknowledge alerts), \
            lang=en|zh, theme=NAME. Events go to the audit log, one JSON object a line (SIGHUP reopens it). \
            SIGTERM ends the sessions with a message and stops.
            """
    )

    @Option(help: "Address and port to listen on.") var listen = "127.0.0.1:2222"
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var newStore: NewStoreOptions
    @Option(help: "Authorized public keys (default: $XDG_CONFIG_HOME/kejin/authorized_keys).")
    var authorizedKeys: String?
    @Option(help: "Ed25519 host key, created 0600 if missing (default: $XDG_STATE_HOME/kejin/ssh_host_ed25519_key).")
    var hostKey: String?
    @Option(help: "Audit log, JSON lines (default: $XDG_STATE_HOME/kejin/serve-audit.log).")
    var auditLog: String?
    @Option(help: "Sessions open at once, in total.") var maxSessions = 64
    @Option(help: "Sessions open at once with one key.") var maxSessionsPerKey = 8
    @Option(help: "Failed logins per minute from one address before it is turned away.") var maxAuthFailures = 10
    @Option(help: "Hide the figures after this long without a key (90s, 10m, 1h; off).") var idleLock = IdleDuration.minutes(10)
    @Option(help: "Close a session after this long without input (off: never).") var idleTimeout = IdleDuration.minutes(60)

    func validate() throws {
        guard parseListen() != nil else { throw ValidationError("--listen \(listen): expected ADDRESS:PORT, e.g. 127.0.0.1:2222") }
        guard maxSessions > 0, maxSessionsPerKey > 0, maxAuthFailures > 0 else {
            throw ValidationError("--max-sessions, --max-sessions-per-key and --max-auth-failures must be at least 1")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"] ?? NSHomeDirectory()
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        let keysPath = absolute(authorizedKeys ?? config + "/kejin/authorized_keys")
        guard FileManager.default.fileExists(atPath: keysPath) else {
            throw CLIError("""
                kejin serve: no authorized keys at \(keysPath). Add a viewer's public key there, one a line, e.g.
                  ssh-keygen -t ed25519 -f ~/.ssh/kejin        (makes ~/.ssh/kejin.pub)
                  cat ~/.ssh/kejin.pub >> \(keysPath)
                """)
        }
        let parsed = try AuthorizedKeys.load(path: keysPath)
        for problem in parsed.problems { printError("kejin serve: \(keysPath) \(problem) (skipped)") }
        if parsed.keys.isEmpty { printError("kejin serve: \(keysPath) has no usable key yet; nobody can log in until one is added") }

        // Each session's `kejin dashboard --store` gets the file's absolute path, or the URL.
        let storePath = storeOptions.isPostgres ? storeOptions.path : absolute(storeOptions.path)
        if !storeOptions.isPostgres {
            try DashboardCommand.loadDemoIfEmpty(path: storePath, access: newStore.access)  // once here, not in 50 sessions at once
        }
        let (host, port) = parseListen()!
        let hostKey = try HostKey.loadOrCreate(path: absolute(self.hostKey ?? state + "/kejin/ssh_host_ed25519_key"))
        let audit = try AuditLog(path: absolute(auditLog ?? state + "/kejin/serve-audit.log"))
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? absolute(CommandLine.arguments[0])
        let server = SSHServer(configuration: ServeConfiguration(
            host: host, port: port, storePath: storePath, authorizedKeysPath: keysPath,
            auditLogPath: audit.path, maxSessions: maxSessions, maxSessionsPerKey: maxSessionsPerKey,
            maxFailuresPerMinute: maxAuthFailures, idleLock: idleLock.duration, idleTimeout: idleTimeout.duration,
            kejinExecutable: executable), hostKey: hostKey, audit: audit)
        try server.run { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    }

    /// `ADDR:PORT`, `[v6]:PORT`.
    private func parseListen() -> (String, Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    private func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
    }
}

/// A duration option: `90s`, `10m`, `1h`, `1h30m`, plain seconds, or `off`.
struct IdleDuration: ExpressibleByArgument {
    let duration: Duration?

    static func minutes(_ n: Int64) -> IdleDuration { IdleDuration(duration: .seconds(n * 60)) }
    private init(duration: Duration?) { self.duration = duration }

    init?(argument: String) {
        if argument == "off" { duration = nil; return }
        guard let parsed = DurationText.parse(argument) else { return nil }
        duration = parsed
    }

    var defaultValueDescription: String { duration.map(DurationText.format) ?? "off" }
}
