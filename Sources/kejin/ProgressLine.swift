import Foundation
import KejinStore

/// The one-line progress report of a long import on stderr:
/// `loans.csv  120000 rows  95000 rows/s  48%  2s left`, redrawn in place (carriage return) at
/// most five times a second and erased when the work ends. Only when stderr is a terminal, so
/// a log or a pipe gets nothing extra.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false

    /// A reporter when stderr is a terminal and not `quiet`, else nil (no callback at all).
    static func forStderr(quiet: Bool) -> ProgressLine? {
        quiet || isatty(STDERR_FILENO) == 0 ? nil : ProgressLine()
    }

    /// The callback to put in `ImportOptions.progress`.
    var callback: @Sendable (ImportProgress) -> Void { { [self] in update($0) } }

    func update(_ p: ImportProgress) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.lock(); defer { lock.unlock() }
        // Five redraws a second at most; the summary stage is drawn at once (it may take a while).
        guard p.stage == .summary || now - lastDraw >= 200_000_000 || !drawn else { return }
        lastDraw = now
        drawn = true
        write("\r" + Self.text(p, seconds: Double(now - start) / 1e9, width: Self.columns()) + "\u{1B}[K")
    }

    /// Erases the line (before the summary is printed, or an error).
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { write("\r\u{1B}[K") }
        drawn = false
    }

    /// What the line says, cut to `width` columns.
    static func text(_ p: ImportProgress, seconds: Double, width: Int) -> String {
        var parts = [p.file, "\(p.rows) rows"]
        if seconds > 0.2 { parts.append("\(Int(Double(p.rows) / seconds)) rows/s") }
        switch p.stage {
        case .rows:
            let f = p.fraction
            parts.append("\(Int(f * 100))%")
            if f > 0.02, seconds > 1 { parts.append("\(Int((seconds * (1 - f) / f).rounded(.up)))s left") }
        case .summary:
            parts.append("updating period summaries...")
        }
        let line = parts.joined(separator: "  ")
        // File names are the only wide text; cut by characters, two columns for non-ASCII.
        var out = "", used = 0
        for c in line {
            let w = c.isASCII ? 1 : 2
            if used + w > width - 1 { break }
            out.append(c); used += w
        }
        return out
    }

    private static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
