import CNcurses
import CTerminalSignals
import Foundation
import Glibc
import KejinDashboard

/// The only door to ncurses: paints `CellGrid`s, reports keys, resizes and signals.
/// One at a time per process (ncurses state is global). Not thread-safe: use it from the
/// run loop's thread only.
public final class Terminal {
    public let capabilities: TerminalCapabilities
    let options: TerminalOptions
    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    /// True for the test screen (newterm on a temporary file): no signals, no tty.
    let headless: Bool
    var palette: RolePalette
    /// What the screen shows now; nil forces a full repaint.
    var lastGrid: CellGrid?
    /// The physical screen may be garbage (resize, resume): clear it before the next paint.
    var needsClear = false
    var signalRead: Int32 = -1
    var signalWrite: Int32 = -1
    var consecutiveInputErrors = 0
    var hungUp = false
    var restored = false
    /// Another thread's way to wake `nextEvent` (it returns `.wakeUp`).
    public let wakeUp: WakeUpPipe
    /// Cells handed to ncurses since start (tests check that unchanged cells are skipped).
    var cellsWritten = 0

    /// Starts curses on the controlling terminal. Throws (leaving the terminal untouched)
    /// when stdin/stdout is not a tty or TERM is unknown.
    public init(options: TerminalOptions) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        let term = options.environment["TERM"] ?? ""
        guard !term.isEmpty else { throw TerminalError.unknownTerminal(term) }
        wakeUp = try WakeUpPipe()
        let locale = LocaleSetup.configure(environment: options.environment)
        kejin_save_tty()
        // Only worth asking when we would draw box characters; KEJIN_AMBIGUOUS=narrow|wide skips it.
        let ambiguousWide: Bool
        switch options.environment["KEJIN_AMBIGUOUS"] {
        case "wide": ambiguousWide = true
        case "narrow": ambiguousWide = false
        default: ambiguousWide = locale.unicode && !options.forceASCII && AmbiguousWidthProbe.drawsAmbiguousWide()
        }
        // A terminal that says it has 24-bit colour (COLORTERM) gets xterm's direct-colour entry
        // when one is installed; otherwise its own, where themes degrade to 256/16/8 colours.
        let direct = Terminal.directColorName(for: term, environment: options.environment)
        guard let screen = direct.flatMap({ newterm($0, kejin_stdout(), kejin_stdin()) })
                ?? newterm(term, kejin_stdout(), kejin_stdin()) else { throw TerminalError.unknownTerminal(term) }
        guard Terminal.canAddressCursor() else {
            endwin(); delscreen(screen)
            throw TerminalError.unknownTerminal(term)
        }
        self.screen = screen
        self.window = kejin_stdscr()
        self.options = options
        self.headless = false
        let depth = Terminal.startColors(options: options)
        let notes = [locale.note, ambiguousWide ? .ambiguousWide : nil].compactMap { $0 }
        capabilities = TerminalCapabilities(unicode: locale.unicode && !options.forceASCII, notes: notes,
                                            colorDepth: depth, terminalName: term, ambiguousWide: ambiguousWide)
        palette = RolePalette(theme: options.theme, depth: depth)
        configureInput()
        do { try installSignals() } catch {
            restore()
            throw error
        }
        kejin_install_backstops()
        kejin_set_curses_active(1)
    }

    /// `xterm-direct` for an xterm-like `term` when COLORTERM says `truecolor` or `24bit`
    /// (the convention terminals use) and that terminfo entry is installed; else nil.
    /// tmux and screen are left alone: they pass 24-bit colour only when configured to.
    static func directColorName(for term: String, environment: [String: String]) -> String? {
        let claim = environment["COLORTERM"]?.lowercased()
        guard claim == "truecolor" || claim == "24bit", term.hasPrefix("xterm"), !term.contains("direct") else { return nil }
        let dirs = [environment["TERMINFO"], environment["HOME"].map { $0 + "/.terminfo" },
                    "/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"].compactMap { $0 }
        let installed = dirs.contains { FileManager.default.fileExists(atPath: $0 + "/x/xterm-direct") }
        return installed ? "xterm-direct" : nil
    }

    /// A real ncurses screen writing to a temporary file, for tests: no tty, no signals.
    init(headlessWidth width: Int, height: Int, options: TerminalOptions, terminalName: String = "xterm-256color") throws {
        let locale = LocaleSetup.configure(environment: options.environment)
        wakeUp = try WakeUpPipe()
        guard let out = tmpfile(), let input = fopen("/dev/null", "r"),
              let screen = newterm(terminalName, out, input) else {
            throw TerminalError.setupFailed("newterm(\(terminalName)) on a temporary file failed")
        }
        self.screen = screen
        self.window = kejin_stdscr()
        self.options = options
        self.headless = true
        resizeterm(Int32(height), Int32(width))
        let depth = Terminal.startColors(options: options)
        capabilities = TerminalCapabilities(unicode: locale.unicode && !options.forceASCII, notes: [locale.note].compactMap { $0 },
                                            colorDepth: depth, terminalName: terminalName)
        palette = RolePalette(theme: options.theme, depth: depth)
        configureInput()
    }

    deinit { restore() }

    /// Columns of the terminal on file descriptor `fd`, nil when it is not a terminal (a file,
    /// a pipe). Needs no ncurses screen: for commands that print text.
    public static func columns(of fd: Int32) -> Int? {
        guard isatty(fd) == 1 else { return nil }
        var rows: Int32 = 0, cols: Int32 = 0
        return kejin_winsize(fd, &rows, &cols) == 0 ? Int(cols) : nil
    }

    /// Columns and rows of the screen as ncurses knows them (updated on `.resized`).
    public var size: (width: Int, height: Int) {
        var h: Int32 = 0, w: Int32 = 0
        kejin_getmaxyx(window, &h, &w)
        return (Int(w), Int(h))
    }

    /// Swaps the role → colour table; the next paint redraws everything.
    public func setTheme(_ theme: Theme) {
        palette = RolePalette(theme: theme, depth: capabilities.colorDepth)
        lastGrid = nil
    }

    /// Leaves curses: cursor back, modes restored, signal handlers back to default. Idempotent;
    /// an atexit hook and fatal-signal handlers are the backstop if it is never called.
    public func restore() {
        guard !restored else { return }
        restored = true
        if !headless {
            if options.mouse { mousemask(0, nil) }
            curs_set(1)
            kejin_default_signal_handlers()
        }
        endwin()
        delscreen(screen)
        if !headless { kejin_set_curses_active(0) }
        for fd in [signalRead, signalWrite] where fd >= 0 { close(fd) }
        signalRead = -1; signalWrite = -1
    }

    private func configureInput() {
        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        nodelay(window, true)   // we sleep in poll(); ncurses must never block
        set_escdelay(25)
        curs_set(0)
        leaveok(window, true)
        if options.mouse {
            mousemask(kejin_button1_clicks(), nil)
            mouseinterval(0)
        }
    }

    private func installSignals() throws {
        (signalRead, signalWrite) = try nonBlockingPipe()
        guard kejin_install_signal_handlers(signalWrite) == 0 else {
            throw TerminalError.setupFailed("sigaction: \(String(cString: strerror(errno)))")
        }
    }

    private static func canAddressCursor() -> Bool {
        guard let cup = tigetstr("cup") else { return false }
        return Int(bitPattern: cup) != -1
    }
}
