import Foundation

/// Runs a command in a detached pane of a private tmux server, so end-to-end tests see the
/// screen the way a user does (`capture-pane`) and type at it (`send-keys`).
final class TmuxSession {
    let socket: String
    let name = "kejin"

    /// The shell writes the program's exit status here: tmux itself may not report it (it
    /// sometimes leaves the child a zombie with `pane_dead_status` empty).
    let statusFile: String

    /// Starts `command` under /bin/sh in the pane at the given size; the shell stays the pane's
    /// process and the program is its child. `NO_COLOR`, which `swift test` sets for itself,
    /// is removed unless `environment` sets it.
    init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        socket = "kejin-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).status").path
        let exports = environment.sorted { $0.key < $1.key }
            .map { "export \($0.key)=\(Self.quote($0.value));" }.joined(separator: " ")
        let script = "unset NO_COLOR; \(exports) \(command); echo $? > \(Self.quote(statusFile))"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                  "sh -c \(Self.quote(script))"])
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        unlink(statusFile)
    }

    /// The visible screen as text.
    func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// The visible screen with SGR escapes for colours and attributes (`capture-pane -e`).
    func captureWithEscapes() throws -> String { try tmux(["capture-pane", "-p", "-e", "-t", name]) }

    /// The pane's size as tmux has it: (columns, rows).
    func paneSize() throws -> (width: Int, height: Int) {
        let out = try tmux(["display-message", "-p", "-t", name, "#{pane_width} #{pane_height}"])
        let n = out.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return (n.first ?? -1, n.count > 1 ? n[1] : -1)
    }

    /// Waits until the screen contains `text`; returns the screen. Throws with the last screen on timeout.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        try waitUntil(timeout: timeout, "screen never showed \(text)") { $0.contains(text) }
    }

    @discardableResult
    func waitUntil(timeout: TimeInterval = 10, _ what: String, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        var matched: String?
        while Date() < deadline {
            screen = try capture()
            if condition(screen) {
                // A frame reaches tmux in pieces, so a capture can show the header of a frame
                // whose rows and status line are still coming: return a screen once a second
                // capture agrees with it, or, if it never settles, the last one that matched.
                matched = screen
                usleep(30_000)
                let again = try capture()
                if again == screen { return screen }
                continue
            }
            usleep(50_000)
        }
        if let matched { return matched }
        throw E2EError("\(what) within \(timeout) s; screen was:\n\(screen)")
    }

    /// Types keys (tmux key names such as `Tab`, `Escape`, or literal text).
    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The program's process id: the first child of the pane's shell.
    func pid(timeout: TimeInterval = 5) throws -> Int32 {
        let shell = Int32(try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            if let child = children.split(separator: " ").compactMap({ Int32($0) }).first { return child }
            usleep(20_000)
        } while Date() < deadline
        throw E2EError("no program under the pane's shell (pid \(shell))")
    }

    /// nil while the program runs, else its exit status (-1 when the shell died with it).
    func exitStatus() throws -> Int? {
        if let status = writtenStatus() { return status }
        let out = try tmux(["display-message", "-p", "-t", name, "#{pane_dead}"])
        guard out.trimmingCharacters(in: .whitespacesAndNewlines) == "1" else { return nil }
        return writtenStatus() ?? -1   // the shell may have written it just before it ended
    }

    private func writtenStatus() -> Int? {
        guard let text = try? String(contentsOfFile: statusFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits for the program to end and returns its exit status.
    func waitForExit(timeout: TimeInterval = 5) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = try exitStatus() { return status }
            usleep(20_000)
        }
        throw E2EError("the program was still running after \(timeout) s; screen:\n\(try capture())")
    }

    /// Closes the pane's terminal, as a dropped SSH connection does.
    func killPane() throws { try tmux(["kill-pane", "-t", name]) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try run("/usr/bin/env", ["tmux", "-u", "-L", socket] + arguments)
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Runs a program to completion and returns its stdout; throws with stderr on failure.
/// posix_spawn + waitpid, output to temporary files: Foundation's `Process` here can hang in
/// `waitUntilExit` (the child is left a zombie), and a pipe would stay open in the tmux
/// server that `new-session` forks, so reading it to EOF would never end.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
         timeout: TimeInterval = 60) throws -> String {
    let dir = FileManager.default.temporaryDirectory
    let outPath = dir.appendingPathComponent("kejin-run-\(UUID().uuidString).out").path
    let errPath = outPath.replacingOccurrences(of: ".out", with: ".err")
    defer { unlink(outPath); unlink(errPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    // The test runner blocks and ignores some signals; the tmux server and the panes it
    // starts would inherit that (no SIGCHLD: dead panes unnoticed; no SIGHUP/SIGTERM for kejin).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t(), allSignals = sigset_t()
    sigemptyset(&noSignals); sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard rc == 0 else { throw E2EError("cannot start \(executable): \(String(cString: strerror(rc)))") }
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while true {
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { break }
        if r < 0 && errno != EINTR { throw E2EError("waitpid: \(String(cString: strerror(errno)))") }
        if Date() > deadline {
            kill(pid, SIGKILL); _ = waitpid(pid, &status, 0)
            throw E2EError("\(arguments.joined(separator: " ")) still running after \(timeout) s")
        }
        usleep(5_000)
    }
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    let exited = status & 0x7f == 0
    let code = (status >> 8) & 0xff
    guard exited && code == 0 else {
        throw E2EError("\(arguments.joined(separator: " ")) \(exited ? "exited \(code)" : "killed by signal \(status & 0x7f)"): \(err)")
    }
    return out
}

/// True while `pid` exists and is not a zombie.
func processIsRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// The `kejin` binary that `swift build` put next to this test bundle.
var kejinBinary: String {
    if let path = ProcessInfo.processInfo.environment["KEJIN_BINARY"] { return path }
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("kejin").path
}

/// The folder of this test process's directories, removed when the process exits: a run of
/// the suite used to leave some sixty stores (1.5 GB) in /tmp.
private let processFolder = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-e2e-\(getpid())")
private let removeProcessFolderAtExit: Void = { atexit { try? FileManager.default.removeItem(at: processFolder) } }()

/// A fresh directory for one test's store.
func temporaryDirectory() throws -> URL {
    _ = removeProcessFolderAtExit
    let dir = processFolder.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
