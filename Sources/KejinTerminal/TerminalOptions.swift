import Foundation
import KejinDashboard

/// How the CLI wants the terminal set up.
public struct TerminalOptions: Sendable {
    /// ASCII borders and English labels even when the locale could show CJK (`--ascii`).
    public var forceASCII: Bool
    /// No colours, attributes only. Defaults to `NO_COLOR` being set and non-empty.
    public var noColor: Bool
    public var theme: Theme
    /// Report mouse clicks as `Key.click`.
    public var mouse: Bool
    /// Where TERM, NO_COLOR and COLORTERM are read from (tests pass their own).
    public var environment: [String: String]

    public init(theme: Theme = .builtinDefault, forceASCII: Bool = false, noColor: Bool? = nil,
                mouse: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.theme = theme; self.forceASCII = forceASCII; self.mouse = mouse; self.environment = environment
        self.noColor = noColor ?? !(environment["NO_COLOR"] ?? "").isEmpty
    }
}

/// What the terminal turned out to support, for the app to choose labels and borders.
public struct TerminalCapabilities: Sendable, Equatable {
    /// UTF-8 is usable: CJK labels and box drawing. False → English labels, ASCII borders.
    public var unicode: Bool
    /// Why the screen is not drawn the way the user's locale or terminal asks, for the status
    /// line (empty when all is well).
    public var notes: [TerminalNote]
    public var colorDepth: ColorDepth
    /// The TERM name ncurses was started with.
    public var terminalName: String
    /// The terminal draws East-Asian ambiguous characters (`─ · … ↑`) two cells wide: use
    /// ASCII glyphs, or borders and columns drift.
    public var ambiguousWide: Bool = false
}

/// What `Terminal.nextEvent` reports.
public enum TerminalEvent: Equatable, Sendable {
    case key(Key)
    /// The window changed size (storms coalesced); repaint everything.
    case resized(width: Int, height: Int)
    case timeout
    /// The terminal went away (SIGHUP, EOF or error on input): restore and exit.
    case hangup
    /// SIGINT, SIGTERM or SIGQUIT: restore and exit (0 for SIGINT, or 128 + signal).
    case terminate(signal: Int32)
    /// Back from Ctrl-Z (SIGTSTP … SIGCONT): the screen was redrawn from scratch.
    case resumed
    /// Another thread signalled `Terminal.wakeUp` (a background load finished).
    case wakeUp
}

/// Why a terminal could not be started. The terminal is left untouched.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    case notATerminal
    case unknownTerminal(String)
    case setupFailed(String)

    public var description: String {
        switch self {
        case .notATerminal: return "standard input and output must be a terminal (tty); the dashboard cannot run in a pipe"
        case .unknownTerminal(let t):
            return t.isEmpty ? "TERM is not set: cannot drive the terminal (try TERM=xterm-256color)"
                             : "terminal type \"\(t)\" is unknown or cannot address the cursor (try TERM=xterm-256color)"
        case .setupFailed(let why): return "cannot set up the terminal: \(why)"
        }
    }
}
