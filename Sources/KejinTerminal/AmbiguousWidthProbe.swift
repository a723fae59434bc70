import Glibc

/// Asks the terminal how wide it draws an East-Asian ambiguous character (`─`): print it at
/// the start of a line, ask for the cursor position (DSR 6), read the answer. zh_CN set-ups
/// (some Xshell/SecureCRT/PuTTY profiles, terminals with "ambiguous = wide") answer column 3,
/// and then box drawing, `…`, `·` and arrows would push every border out of line: the caller
/// switches to ASCII glyphs. The same trick vim uses for 'ambiwidth'.
enum AmbiguousWidthProbe {
    /// True when the terminal drew `─` two cells wide; false when one, or no answer in time.
    /// Runs before curses starts, on the raw tty; erases what it printed.
    static func drawsAmbiguousWide(timeoutMilliseconds: Int32 = 300) -> Bool {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return false }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        raw.c_cc.6 = 0   // VMIN: reads return what is there
        raw.c_cc.5 = 0   // VTIME
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return false }
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }

        let probe = Array("\r\u{2500}\u{1B}[6n".utf8)
        guard probe.withUnsafeBytes({ write(STDOUT_FILENO, $0.baseAddress, $0.count) }) == probe.count else { return false }
        var reply: [UInt8] = []
        var deadline = timeoutMilliseconds
        while deadline > 0, !reply.contains(UInt8(ascii: "R")) {
            var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let start = monotonicMilliseconds()
            guard poll(&fd, 1, deadline) > 0, fd.revents & Int16(POLLIN) != 0 else { break }
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = read(STDIN_FILENO, &buffer, buffer.count)
            if n <= 0 { break }
            reply += buffer[0..<n]
            deadline -= Int32(monotonicMilliseconds() - start)
        }
        let erase = Array("\r\u{1B}[K".utf8)
        _ = erase.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        return column(inCursorReport: reply) == 3
    }

    /// The column of a cursor position report `ESC [ row ; col R` (the last one in `bytes`).
    static func column(inCursorReport bytes: [UInt8]) -> Int? {
        guard let r = bytes.lastIndex(of: UInt8(ascii: "R")),
              let esc = bytes[..<r].lastIndex(of: 0x1B),
              esc + 1 < r, bytes[esc + 1] == UInt8(ascii: "[") else { return nil }
        let body = String(decoding: bytes[(esc + 2)..<r], as: UTF8.self)
        let parts = body.split(separator: ";")
        guard parts.count == 2, Int(parts[0]) != nil else { return nil }
        return Int(parts[1])
    }

    private static func monotonicMilliseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }
}
