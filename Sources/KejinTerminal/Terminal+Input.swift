import CNcurses
import CTerminalSignals
import Glibc
import KejinDashboard

extension Terminal {
    /// Waits for a key, a resize, a signal, a wake-up or the timeout, asleep in `poll()` on
    /// standard input, the signal pipe and the wake-up pipe. Never spins: input EOF/errors and POLLHUP/POLLERR/POLLNVAL report
    /// `.hangup`.
    public func nextEvent(timeout: Duration) -> TerminalEvent {
        if hungUp || restored { return .hangup }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            // Signals first, so a stream of keys cannot hold back Ctrl-C or a resize.
            if signalRead >= 0, let event = handleSignals() { return event }
            // ncurses may hold bytes it already read (the rest of an escape sequence).
            switch readKey() {
            case .key(let key): consecutiveInputErrors = 0; return .key(key)
            case .ignored: consecutiveInputErrors = 0; continue
            case .nothing: break
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if headless {   // the test screen reads from /dev/null, not from our stdin
                var wake = pollfd(fd: wakeUp.readFD, events: Int16(POLLIN), revents: 0)
                guard poll(&wake, 1, Terminal.milliseconds(remaining)) > 0 else { return .timeout }
                wakeUp.drain()
                return .wakeUp
            }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signalRead, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeUp.readFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 3, Terminal.milliseconds(remaining))
            if ready < 0 {
                if errno == EINTR { continue }
                return hangUp()
            }
            if fds[1].revents & Int16(POLLIN) != 0, let event = handleSignals() { return event }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return hangUp() }
            if fds[0].revents & Int16(POLLIN) != 0 {
                switch readKey() {
                case .key(let key): consecutiveInputErrors = 0; return .key(key)
                case .ignored: consecutiveInputErrors = 0
                case .nothing:
                    // Readable yet nothing to read: EOF or EIO. A partial UTF-8 sequence can do
                    // this once; a dead terminal does it every time.
                    consecutiveInputErrors += 1
                    if errno == EIO || consecutiveInputErrors >= 8 { return hangUp() }
                }
                continue
            }
            // After keys: typing goes first; a finished load waits for the next look.
            if fds[2].revents & Int16(POLLIN) != 0 {
                wakeUp.drain()
                return .wakeUp
            }
            if ready == 0 || remaining <= .zero { return .timeout }
        }
    }

    private func hangUp() -> TerminalEvent {
        hungUp = true
        return .hangup
    }

    static func milliseconds(_ d: Duration) -> Int32 {
        if d <= .zero { return 0 }
        let (seconds, attoseconds) = d.components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000  // round up: never wake early
        return Int32(clamping: ms)
    }

    // MARK: Signals

    /// Drains the signal pipe and reports the most important signal seen: terminate, hangup,
    /// stop/continue, then resize (a storm of SIGWINCH becomes one `.resized`).
    func handleSignals() -> TerminalEvent? {
        var seen = Set<Int32>()
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(signalRead, &buffer, buffer.count)
            if n <= 0 { break }
            for b in buffer[0..<n] { seen.insert(Int32(b)) }
        }
        for sig in [SIGINT, SIGTERM, SIGQUIT] where seen.contains(sig) { return .terminate(signal: sig) }
        if seen.contains(SIGHUP) { return hangUp() }
        if seen.contains(SIGTSTP) { suspend(); return .resumed }
        if seen.contains(SIGCONT) { resume(); return .resumed }
        if seen.contains(SIGWINCH) {
            let (w, h) = resizeToKernelSize()
            return .resized(width: w, height: h)
        }
        return nil
    }

    /// Ctrl-Z: give the terminal back, stop, and come back in curses mode.
    func suspend() {
        endwin()
        kejin_stop_self()          // returns after SIGCONT
        resume()
    }

    /// Back in curses after a stop: the size may have changed and the screen holds the shell's
    /// output, so everything is redrawn.
    func resume() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(signalRead, &buffer, buffer.count) > 0 {}   // the SIGCONT we just handled
        _ = resizeToKernelSize()
        keypad(window, true)
        curs_set(0)
        invalidate()
        wnoutrefresh(window)
        doupdate()
    }

    /// Asks the kernel for the window size (LINES/COLS are stale after SIGWINCH) and tells
    /// ncurses; the next paint is a full one.
    @discardableResult
    func resizeToKernelSize() -> (width: Int, height: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        if kejin_winsize(STDOUT_FILENO, &rows, &cols) == 0 || kejin_winsize(STDIN_FILENO, &rows, &cols) == 0 {
            resizeterm(rows, cols)
        }
        invalidate()
        return size
    }

    // MARK: Keys

    enum KeyRead { case key(Key), ignored, nothing }

    /// One non-blocking `wget_wch`, mapped to a `Key`.
    func readKey() -> KeyRead {
        var ch: wint_t = 0
        errno = 0
        switch wget_wch(window, &ch) {
        case KEY_CODE_YES: return functionKey(Int32(bitPattern: ch)).map(KeyRead.key) ?? .ignored
        case OK: return character(UInt32(ch)).map(KeyRead.key) ?? .ignored
        default: return .nothing
        }
    }

    private func character(_ value: UInt32) -> Key? {
        switch value {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_BTAB: return .backTab
        case KEY_MOUSE: return mouseClick()
        case (KEY_F0 + 1)...(KEY_F0 + 63): return .function(Int(code - KEY_F0))
        default: return nil   // KEY_RESIZE among others: SIGWINCH is handled by us
        }
    }

    private func mouseClick() -> Key? {
        var event = MEVENT()
        guard options.mouse, getmouse(&event) == OK, kejin_is_button1_click(event.bstate) != 0 else { return nil }
        return .click(x: Int(event.x), y: Int(event.y))
    }
}
