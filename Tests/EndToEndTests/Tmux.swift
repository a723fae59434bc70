import Foundation

/// Runs a command in a detached pane of a private tmux server, so end-to-end tests see the
/// screen the way a user does (`capture-pane`) and type at it (`send-keys`).
final class TmuxSession {
    let socket: String
    let name = "kejin"

    /// Starts `command` (run by /bin/sh in the pane) at the given size. The pane stays after the
    /// command exits so its exit status can be read.
    init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        socket = "kejin-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let exports = environment.sorted { $0.key < $1.key }
            .map { "export \($0.key)=\(Self.quote($0.value));" }.joined(separator: " ")
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                  "sh -c \(Self.quote("\(exports) exec \(command)"))"])
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// The visible screen as text.
    func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Waits until the screen contains `text`; returns the screen. Throws with the last screen on timeout.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        try waitUntil(timeout: timeout, "screen never showed \(text)") { $0.contains(text) }
    }

    @discardableResult
    func waitUntil(timeout: TimeInterval = 10, _ what: String, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        }
        throw E2EError("\(what) within \(timeout) s; screen was:\n\(screen)")
    }

    /// Types keys (tmux key names such as `Tab`, `Escape`, or literal text).
    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pane's process id (the program, since the shell `exec`s it).
    func pid() throws -> Int32 {
        Int32(try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// nil while the program runs, else its exit status.
    func exitStatus() throws -> Int? {
        let out = try tmux(["display-message", "-p", "-t", name, "#{pane_dead} #{pane_dead_status}"])
        let parts = out.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.first == "1" else { return nil }
        return parts.count > 1 ? Int(parts[1]) : -1
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
        try run("/usr/bin/env", ["tmux", "-L", socket] + arguments)
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Runs a program to completion and returns its stdout; throws with stderr on failure.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw E2EError("\(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: errData, as: UTF8.self))")
    }
    return String(decoding: data, as: UTF8.self)
}

/// The `kejin` binary that `swift build` put next to this test bundle.
var kejinBinary: String {
    if let path = ProcessInfo.processInfo.environment["KEJIN_BINARY"] { return path }
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("kejin").path
}

/// A fresh directory for one test's store.
func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
