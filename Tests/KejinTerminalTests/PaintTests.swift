import CNcurses
import Glibc
import Testing
import KejinDashboard
@testable import KejinTerminal

/// ncurses and the locale are global: every suite that touches them nests in this one, and
/// `.serialized` runs all of them one test at a time.
@Suite(.serialized) enum Ncurses {}

extension Ncurses {
@Suite struct PaintTests {
    @Test func cjkAndBoxDrawingLandInTheRightCells() throws {
        let term = try headless()
        defer { term.restore() }
        #expect(term.capabilities.unicode)
        var grid = CellGrid(width: 40, height: 6)
        grid.put("┌──────┐", x: 0, y: 0, style: CellStyle(.border))
        grid.put("│科金ab│", x: 0, y: 1)
        grid.put("└──────┘", x: 0, y: 2, style: CellStyle(.border))
        grid.put("贷款余额 ↑12.5%", x: 10, y: 4)
        term.paint(grid)
        #expect(term.row(0) == "┌──────┐")
        #expect(term.row(1) == "│科金ab│")
        #expect(term.row(2) == "└──────┘")
        #expect(term.row(4) == String(repeating: " ", count: 10) + "贷款余额 ↑12.5%")
        // 科 occupies columns 1–2, 金 3–4, then 'a' in column 5.
        #expect(term.cell(x: 1, y: 1)?.character == "科")
        #expect(term.cell(x: 3, y: 1)?.character == "金")
        #expect(term.cell(x: 5, y: 1)?.character == "a")
        #expect(term.cell(x: 7, y: 1)?.character == "│")
    }

    @Test func repaintSendsOnlyChangedCells() throws {
        let term = try headless()
        defer { term.restore() }
        var grid = CellGrid(width: 40, height: 6)
        grid.put("时间 12:00:00", x: 0, y: 0)
        term.paint(grid)
        let first = term.cellsWritten
        #expect(first == 40 * 6 - 2)   // every cell once, minus the two continuations
        term.paint(grid)
        #expect(term.cellsWritten == first)   // nothing changed, nothing written
        grid.put("时间 12:00:01", x: 0, y: 0)
        term.paint(grid)
        #expect(term.cellsWritten == first + 1)
        #expect(term.row(0) == "时间 12:00:01")
        grid.put("科", x: 20, y: 3)   // one wide character: one cell written, continuation skipped
        term.paint(grid)
        #expect(term.cellsWritten == first + 2)
        grid.put("ab", x: 20, y: 3)   // replaces both halves: two cells
        term.paint(grid)
        #expect(term.cellsWritten == first + 4)
        #expect(term.row(3) == String(repeating: " ", count: 20) + "ab")
    }

    @Test func invalidateAndThemeChangeRepaintEverything() throws {
        let term = try headless(width: 10, height: 2)
        defer { term.restore() }
        let grid = CellGrid(width: 10, height: 2)
        term.paint(grid)
        #expect(term.cellsWritten == 20)
        term.setTheme(Theme.builtinDefault)
        term.paint(grid)
        #expect(term.cellsWritten == 40)
        term.invalidate()
        term.paint(grid)
        #expect(term.cellsWritten == 60)
    }

    @Test func gridLargerThanScreenIsClipped() throws {
        let term = try headless(width: 10, height: 2)
        defer { term.restore() }
        var grid = CellGrid(width: 30, height: 5)
        grid.put("0123456789abcdef", x: 0, y: 0)
        grid.put("xxxxxxxx科", x: 0, y: 1)   // 科 at columns 8–9: fits exactly
        term.paint(grid)
        #expect(term.row(0) == "0123456789")
        #expect(term.row(1) == "xxxxxxxx科")
    }

    @Test func rolesGetTheirColourPairsAndAttributes() throws {
        let term = try headless()
        defer { term.restore() }
        #expect(term.capabilities.colorDepth == .c256)
        var grid = CellGrid(width: 40, height: 6)
        grid.put("T", x: 0, y: 0, style: CellStyle(.title))
        grid.put("L", x: 1, y: 0, style: CellStyle(.label))
        grid.put("C", x: 2, y: 0, style: CellStyle(.critical))
        grid.put("U", x: 3, y: 0, style: CellStyle(.up, underline: true))
        grid.put("S", x: 4, y: 0, style: CellStyle(.selection))
        term.paint(grid)
        let title = try #require(term.cell(x: 0, y: 0))
        let label = try #require(term.cell(x: 1, y: 0))
        let critical = try #require(term.cell(x: 2, y: 0))
        let up = try #require(term.cell(x: 3, y: 0))
        let selection = try #require(term.cell(x: 4, y: 0))
        #expect(title.attributes & kejin_a_bold() != 0)
        #expect(term.colors(ofPair: title.pair) == (14, -1))          // bright-cyan on default
        #expect(term.colors(ofPair: label.pair) == (248, -1))         // #a8a8a8 → 248
        #expect(term.colors(ofPair: critical.pair) == (15, 1))        // bright-white on red
        #expect(up.attributes & kejin_a_underline() != 0)             // the cell's own attribute
        #expect(term.colors(ofPair: selection.pair) == (0, 6))
        #expect(selection.attributes & kejin_a_reverse() == 0)        // colour carries selection
        #expect(Set([title.pair, label.pair, critical.pair, up.pair, selection.pair]).count == 5)
        #expect(term.cell(x: 5, y: 0)?.pair == Int32(Role.allCases.firstIndex(of: .normal)! + 1))
    }

    @Test func noColorUsesAttributesOnly() throws {
        let term = try headless(noColor: true)
        defer { term.restore() }
        #expect(term.capabilities.colorDepth == .none)
        var grid = CellGrid(width: 40, height: 6)
        grid.put("S", x: 0, y: 0, style: CellStyle(.selection))
        grid.put("C", x: 1, y: 0, style: CellStyle(.critical))
        grid.put("n", x: 2, y: 0)
        term.paint(grid)
        let selection = try #require(term.cell(x: 0, y: 0))
        let critical = try #require(term.cell(x: 1, y: 0))
        let normal = try #require(term.cell(x: 2, y: 0))
        #expect([selection.pair, critical.pair, normal.pair] == [0, 0, 0])
        #expect(selection.attributes & kejin_a_reverse() != 0)
        #expect(critical.attributes & kejin_a_bold() != 0 && critical.attributes & kejin_a_reverse() != 0)
        #expect(normal.attributes == kejin_a_normal())
    }

    @Test func eightColourTerminalGetsDegradedColours() throws {
        let term = try headless(terminalName: "xterm")
        defer { term.restore() }
        #expect(term.capabilities.colorDepth == .eight)
        var grid = CellGrid(width: 40, height: 6)
        grid.put("T", x: 0, y: 0, style: CellStyle(.title))
        grid.put("G", x: 1, y: 0, style: CellStyle(.gauge))
        term.paint(grid)
        #expect(term.colors(ofPair: try #require(term.cell(x: 0, y: 0)).pair) == (6, -1))  // bright-cyan → cyan
        #expect(term.colors(ofPair: try #require(term.cell(x: 1, y: 0)).pair) == (4, -1))  // #5fafff → blue
    }

    @Test func directColourTerminalGetsTheThemesRGB() throws {
        let term = try headless(terminalName: "xterm-direct")
        defer { term.restore() }
        #expect(term.capabilities.colorDepth == .direct)
        var grid = CellGrid(width: 40, height: 6)
        grid.put("G", x: 0, y: 0, style: CellStyle(.gauge))
        term.paint(grid)
        #expect(term.colors(ofPair: try #require(term.cell(x: 0, y: 0)).pair).fg == 0x5fafff)  // #5fafff as is
    }

    @Test func colortermTruecolorChoosesXtermDirect() {
        let truecolor = ["COLORTERM": "truecolor", "TERMINFO": "/nonexistent"]
        let installed = Terminal.directColorName(for: "xterm-256color", environment: truecolor)
        #expect(installed == nil || installed == "xterm-direct")
        #expect(Terminal.directColorName(for: "xterm-256color", environment: [:]) == nil)
        #expect(Terminal.directColorName(for: "tmux-256color", environment: truecolor) == nil)
        #expect(Terminal.directColorName(for: "xterm-256color", environment: ["COLORTERM": "yes"]) == nil)
    }

    @Test func asciiModeDrawsLineDrawingThroughACS() throws {
        let term = try headless(forceASCII: true)
        defer { term.restore() }
        #expect(!term.capabilities.unicode)
        var grid = CellGrid(width: 40, height: 6)
        grid.put("┌─┐科x", x: 0, y: 0)
        term.paint(grid)
        // Box drawing goes out as ACS (reads back as its letters lqk); the CJK character
        // becomes "??" so the columns stay right.
        #expect(term.row(0) == "lqk??x")
    }

    @Test func keysMapFromNcursesCodes() throws {
        let term = try headless()
        defer { term.restore() }
        let codes: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end),
            (KEY_BTAB, .backTab), (KEY_BACKSPACE, .backspace), (KEY_ENTER, .enter), (KEY_F0 + 5, .function(5)),
        ]
        for (code, key) in codes {
            ungetch(code)
            #expect(term.nextEvent(timeout: .zero) == .key(key))
        }
        let chars: [(UInt32, Key)] = [
            (13, .enter), (10, .enter), (27, .escape), (9, .tab), (127, .backspace),
            (UInt32(("q" as Unicode.Scalar).value), .character("q")), (0x4E2D, .character("中")),
        ]
        for (value, key) in chars {
            unget_wch(wchar_t(bitPattern: value))
            #expect(term.nextEvent(timeout: .zero) == .key(key))
        }
        ungetch(KEY_RESIZE)   // ours come from SIGWINCH; ncurses' own is ignored
        #expect(term.nextEvent(timeout: .zero) == .timeout)
    }

    @Test func restoreIsIdempotent() throws {
        let term = try headless()
        term.restore()
        term.restore()
        #expect(term.nextEvent(timeout: .zero) == .hangup)
    }
}
}

extension Ncurses {
/// The signal pipe's bytes (what the C handler writes) become events, most important first,
/// and a storm of SIGWINCH becomes one `.resized`.
@Suite struct SignalEventTests {
    private func withSignalPipe(_ signals: [Int32], _ check: (Terminal) -> Void) throws {
        let term = try headless()
        defer { term.restore() }
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        term.signalRead = fds[0]; term.signalWrite = fds[1]
        var bytes = signals.map { UInt8($0) }
        _ = write(fds[1], &bytes, bytes.count)
        check(term)
    }

    @Test func terminateWinsOverResize() throws {
        try withSignalPipe([SIGWINCH, SIGTERM, SIGWINCH]) { term in
            #expect(term.nextEvent(timeout: .zero) == .terminate(signal: SIGTERM))
            #expect(term.nextEvent(timeout: .zero) == .timeout)   // the pipe was drained
        }
    }

    @Test func resizeStormIsOneEvent() throws {
        try withSignalPipe(Array(repeating: SIGWINCH, count: 50)) { term in
            #expect(term.nextEvent(timeout: .zero) == .resized(width: 40, height: 6))
            #expect(term.nextEvent(timeout: .zero) == .timeout)
        }
    }

    @Test func hangupStaysHungUp() throws {
        try withSignalPipe([SIGHUP]) { term in
            #expect(term.nextEvent(timeout: .zero) == .hangup)
            #expect(term.nextEvent(timeout: .seconds(5)) == .hangup)   // immediately, no wait
        }
    }

    @Test func signalsBeatPendingKeys() throws {
        try withSignalPipe([SIGINT]) { term in
            ungetch(KEY_UP)
            #expect(term.nextEvent(timeout: .zero) == .terminate(signal: SIGINT))
            #expect(term.nextEvent(timeout: .zero) == .key(.up))
        }
    }

    @Test func resizeForcesFullRepaint() throws {
        try withSignalPipe([SIGWINCH]) { term in
            let grid = CellGrid(width: 40, height: 6)
            term.paint(grid)
            let before = term.cellsWritten
            _ = term.nextEvent(timeout: .zero)
            term.paint(grid)
            #expect(term.cellsWritten == before + 240)
        }
    }
}
}
