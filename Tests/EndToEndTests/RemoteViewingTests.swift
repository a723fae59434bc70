import Foundation
import Testing

/// Issue 3, "remote viewing that never breaks", checked through tmux: resizes, locales,
/// colour and themes, ASCII, a restored terminal after quitting, several viewers on one store.
@Suite(.serialized) struct RemoteViewingTests {
    func viewer(_ arguments: String = "", width: Int = 120, height: Int = 40,
                environment: [String: String] = ["LANG": "C.UTF-8"], store: String? = nil) throws -> TmuxSession {
        let path = try store ?? DashboardEndToEndTests.sharedStore.get()
        return try TmuxSession(command: "\(kejinBinary) --store \(TmuxSession.quote(path)) \(arguments)",
                               width: width, height: height, environment: environment)
    }

    func quit(_ tmux: TmuxSession) throws {
        try tmux.send("q")
        let status = try tmux.waitForExit()
        let screen = try tmux.capture()
        #expect(status == 0, "exit status \(status); screen:\n\(screen)")
    }

    // MARK: Resize

    /// Every line fits the width, and the screen has exactly the pane's rows.
    static func fits(_ screen: String, width: Int, height: Int) -> Bool {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.last == "" ? lines.count - 1 : lines.count
        return rows == height && lines.allSatisfy { Self.cells($0) <= width }
    }

    static func cells(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { n, s in
            n + ((0x2E80...0x9FFF).contains(s.value) || (0xFF00...0xFF60).contains(s.value) ? 2 : 1)
        }
    }

    @Test func eachSizeRedrawsAtThatSize() throws {
        let tmux = try viewer()
        try tmux.waitFor("2025-05")
        for (w, h) in [(80, 24), (200, 60), (100, 30), (60, 16)] {
            try tmux.resize(width: w, height: h)
            // The header bar is as wide as the window, with the period at its right edge.
            let screen = try tmux.waitUntil("no redraw at \(w)x\(h)") { screen in
                let first = Substring(screen.split(separator: "\n").first ?? "")
                return Self.fits(screen, width: w, height: h) && first.contains("2025-05") && Self.cells(first) >= w - 2
            }
            #expect(try tmux.paneSize() == (w, h))
            #expect(screen.contains("总览"), "\(w)x\(h):\n\(screen)")
        }
        try quit(tmux)
    }

    /// After a storm of resizes the screen is exactly what a fresh viewer at the final size
    /// shows: right size, no stale lines from the sizes in between.
    @Test func aResizeStormEndsWithTheSameScreenAsAFreshStart() throws {
        let fresh = try viewer(width: 120, height: 40)
        let expected = try fresh.waitFor("茶叶")
        try quit(fresh)

        let tmux = try viewer(width: 120, height: 40)
        try tmux.waitFor("茶叶")
        var generator = SystemRandomNumberGenerator()
        for i in 0..<30 {
            let (w, h) = i == 0 ? (40, 12) : i == 1 ? (200, 60) : (Int.random(in: 40...200, using: &generator), Int.random(in: 12...60, using: &generator))
            try tmux.resize(width: w, height: h)
            usleep(20_000)
        }
        try tmux.resize(width: 120, height: 40)
        let screen = try tmux.waitUntil(timeout: 5, "the stormed screen never matched a fresh one") { $0 == expected }
        #expect(Self.fits(screen, width: 120, height: 40))
        #expect(try tmux.exitStatus() == nil)
        try quit(tmux)
    }

    @Test func tooSmallSaysTheSizeItNeedsThenComesBack() throws {
        let tmux = try viewer("--lang en", width: 50, height: 12)
        let small = try tmux.waitFor("too small")
        #expect(small.contains("60×16") && small.contains("50×12"), "\(small)")
        try tmux.resize(width: 80, height: 24)
        let screen = try tmux.waitFor("Overview")
        #expect(!screen.contains("too small") && !screen.contains("50×12"), "the size message is still on screen:\n\(screen)")
        try quit(tmux)
    }

    // MARK: Locale

    @Test(arguments: ["", "LANG=C", "LC_ALL=C", "LANG=POSIX"])
    func withoutAUTF8LocaleChineseStillShowsAndTheStatusLineSaysWhy(locale: String) throws {
        let path = try DashboardEndToEndTests.sharedStore.get()
        // The test runner's own LANG would reach the pane through the tmux server: unset it.
        let tmux = try TmuxSession(command: "env -u LANG -u LC_ALL -u LC_CTYPE -u LC_MESSAGES \(locale) \(kejinBinary) --store \(TmuxSession.quote(path))",
                                   width: 160)
        let screen = try tmux.waitFor("茶叶")
        let status = screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.contains("C.UTF-8"), "status line: \(status)")
        try quit(tmux)
    }

    /// A GBK (or other non-UTF-8) locale means the terminal speaks that encoding: English
    /// labels and ASCII drawing, and the status line says why.
    @Test(arguments: ["LANG=zh_CN.GBK", "LC_ALL=zh_CN.GB18030", "LANG=zh_CN"])
    func aLegacyEncodingLocaleGetsEnglishAndASCII(locale: String) throws {
        let path = try DashboardEndToEndTests.sharedStore.get()
        let tmux = try TmuxSession(command: "env -u LANG -u LC_ALL -u LC_CTYPE \(locale) \(kejinBinary) --store \(TmuxSession.quote(path))",
                                   width: 160)
        // The whole first frame, status line included (a busy machine can be caught mid-paint).
        let screen = try tmux.waitUntil("the first frame with its status line") {
            $0.contains("Overview") && ($0.split(separator: "\n").last?.contains("not UTF-8") ?? false)
        }
        let status = screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.contains("not UTF-8"), "status line: \(status)")
        #expect(!screen.unicodeScalars.contains { $0.value > 0x7E }, "non-ASCII on screen:\n\(screen)")
        try quit(tmux)
    }

    /// tmux draws `─` one cell wide: the probe must say so, and the borders stay Unicode.
    /// A terminal that draws it two cells wide (forced here) gets ASCII borders and a note.
    @Test func ambiguousWidthDecidesTheBorders() throws {
        let narrow = try viewer()
        let boxes = try narrow.waitFor("茶叶")
        #expect(boxes.contains("┌") && !boxes.contains("歧义宽度"), "\(boxes)")
        try quit(narrow)

        let wide = try viewer(width: 200, environment: ["LANG": "C.UTF-8", "KEJIN_AMBIGUOUS": "wide"])
        let screen = try wide.waitFor("茶叶")
        #expect(!screen.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) || $0.value == 0x2026 }, "\(screen)")
        // The note is in the UI's language (Chinese here): "终端把歧义宽度字符画成两格：改用 ASCII 边框".
        #expect(screen.split(separator: "\n").last?.contains("歧义宽度") == true, "\(screen)")
        try quit(wide)
    }

    // MARK: Colour and themes

    /// The SGR parameter lists in captured text (`\e[1;7m` → ["1", "7"]).
    static func sgrParameters(_ text: String) -> [[String]] {
        var out: [[String]] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { $0.isLetter }) else { break }
            if rest[end] == "m" { out.append(rest[..<end].split(separator: ";", omittingEmptySubsequences: false).map(String.init)) }
            rest = rest[rest.index(after: end)...]
        }
        return out
    }

    /// True when any SGR sets a foreground or background colour (default colour 39/49 aside).
    static func hasColour(_ text: String) -> Bool {
        sgrParameters(text).contains { params in
            params.contains { p in
                guard let n = Int(p) else { return false }
                return (30...38).contains(n) || (40...48).contains(n) || (90...97).contains(n) || (100...107).contains(n)
            }
        }
    }

    static func hasAttribute(_ text: String, _ code: Int) -> Bool {
        sgrParameters(text).contains { $0.contains(String(code)) }
    }

    @Test func noColorLeavesBoldAndReverseButNoColour() throws {
        let tmux = try viewer(environment: ["LANG": "C.UTF-8", "NO_COLOR": "1", "TERM": "tmux-256color"])
        try tmux.waitFor("茶叶")
        let escaped = try tmux.captureWithEscapes()
        #expect(!Self.hasColour(escaped), "colour escapes with NO_COLOR set: \(Self.sgrParameters(escaped).filter { !$0.isEmpty }.prefix(10))")
        #expect(Self.hasAttribute(escaped, 7), "no reverse video left")
        #expect(Self.hasAttribute(escaped, 1), "no bold left")
        try quit(tmux)
    }

    static let bundledThemes: [String] = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func everyBundledThemeStartsAndLooksDifferent() throws {
        #expect(Self.bundledThemes.count >= 4, "Themes/: \(Self.bundledThemes)")
        var looks: [String: String] = [:]
        for name in Self.bundledThemes {
            let tmux = try viewer("--theme \(name)", environment: ["LANG": "C.UTF-8", "TERM": "tmux-256color"])
            let screen = try tmux.waitFor("茶叶")
            #expect(!screen.contains("rror"), "\(name): \(screen.split(separator: "\n").last ?? "")")
            let escaped = try tmux.captureWithEscapes()
            if name == "monochrome" {
                #expect(!Self.hasColour(escaped), "monochrome uses colour")
                #expect(Self.hasAttribute(escaped, 7))
            } else {
                #expect(Self.hasColour(escaped), "\(name) shows no colour")
            }
            looks[name] = escaped
            try quit(tmux)
        }
        #expect(Set(looks.values).count == looks.count, "two themes look the same")
    }

    @Test func tCyclesThemesWhileRunning() throws {
        let tmux = try viewer(environment: ["LANG": "C.UTF-8", "TERM": "tmux-256color"])
        try tmux.waitFor("茶叶")
        let before = try tmux.captureWithEscapes()
        try tmux.send("t")
        // "主题 light" (say): the message and the status line name the new theme.
        let screen = try tmux.waitUntil("the theme did not change") { !$0.contains("主题 default") && $0.contains("主题 ") }
        let deadline = Date().addingTimeInterval(5)
        var after = before
        while after == before, Date() < deadline { usleep(50_000); after = try tmux.captureWithEscapes() }
        #expect(after != before, "the colours did not change:\n\(screen)")
        try quit(tmux)
    }

    @Test func aBrokenUserThemeFallsBackAndNamesTheFileAndKey() throws {
        let config = try temporaryDirectory()
        let themes = config.appendingPathComponent("kejin/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "name: broken\nroles:\n  warning: { fg: bleu }\n".write(to: themes.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let tmux = try viewer("--theme broken --lang en", width: 160,
                              environment: ["LANG": "C.UTF-8", "XDG_CONFIG_HOME": config.path, "TERM": "tmux-256color"])
        let screen = try tmux.waitFor("Overview")
        let status = screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.contains("broken.yaml"), "status line: \(status)")
        #expect(status.contains("roles.warning.fg"), "status line: \(status)")
        #expect(Self.hasColour(try tmux.captureWithEscapes()), "the default theme's colours are not in use")
        try quit(tmux)
    }

    @Test(arguments: ["--ascii", "--ascii --lang en"])
    func asciiShowsNoBoxDrawingOrBlocks(arguments: String) throws {
        let tmux = try viewer(arguments)
        // Chinese labels stay (CJK is always two cells wide); only the drawing goes ASCII.
        try tmux.waitFor(arguments.contains("en") ? "Overview" : "总览")
        for key in ["1", "2", "3", "4"] {
            try tmux.send(key)
            usleep(150_000)
            let screen = try tmux.capture()
            let drawing = screen.unicodeScalars.filter {
                (0x2500...0x259F).contains($0.value) || (0x2190...0x21FF).contains($0.value) || [0xB7, 0xD7, 0x2026].contains($0.value)
            }
            #expect(drawing.isEmpty, "screen \(key): \(String(String.UnicodeScalarView(drawing)))\n\(screen)")
        }
        try quit(tmux)
    }

    // MARK: Leaving

    @Test(arguments: [0, SIGTERM, SIGINT, SIGQUIT, SIGHUP])
    func afterExitTheShellsScreenIsBack(signal: Int32) throws {
        let path = try DashboardEndToEndTests.sharedStore.get()
        let tmux = try TmuxSession(command: "\(kejinBinary) --store \(TmuxSession.quote(path)); echo DONE; sleep 5",
                                   environment: ["LANG": "C.UTF-8"])
        try tmux.waitFor("茶叶")
        if signal == 0 {
            try tmux.send("q")
        } else {
            kill(try tmux.pid(), signal)
        }
        let screen = try tmux.waitFor("DONE", timeout: 3)
        #expect(!screen.contains("茶叶"), "the dashboard is still on screen:\n\(screen)")
        #expect(!screen.contains("总览"), "\(screen)")
    }

    /// Ctrl-Z in a shell with job control gives the shell back; `fg` brings the whole
    /// dashboard back, not a half-drawn screen.
    @Test func ctrlZSuspendsAndFgRedraws() throws {
        let path = try DashboardEndToEndTests.sharedStore.get()
        let tmux = try TmuxSession(command: "bash --norc --noprofile -i", environment: ["LANG": "C.UTF-8", "PS1": "$ "])
        try tmux.waitFor("$")
        try tmux.send("\(kejinBinary) --store \(TmuxSession.quote(path))", "Enter")
        let before = try tmux.waitFor("茶叶")
        try tmux.send("C-z")
        let shell = try tmux.waitFor("Stopped")
        #expect(!shell.contains("茶叶"), "the dashboard stayed on screen after Ctrl-Z:\n\(shell)")
        try tmux.send("fg", "Enter")
        // The same screen as before the stop, line for line (the shell's text overwritten).
        try tmux.waitUntil(timeout: 5, "fg did not redraw the dashboard") { $0 == before }
        try tmux.send("q")
        try tmux.waitUntil("the shell did not come back after q") { !$0.contains("茶叶") }
        try tmux.send("exit", "Enter")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func aHangupEndsItWithinASecondWithoutSpinning() throws {
        let tmux = try viewer()
        try tmux.waitFor("茶叶")
        let pid = try tmux.pid()
        kill(pid, SIGHUP)
        let start = Date()
        while Date().timeIntervalSince(start) < 1.0, processIsRunning(pid) { usleep(10_000) }
        #expect(!processIsRunning(pid), "kejin still running 1 s after SIGHUP")
        #expect(try tmux.waitForExit(timeout: 1) == 129)
    }

    // MARK: Several viewers, one store

    @Test func severalViewersWatchOneStoreWhileAnImportRuns() throws {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("shared.sqlite").path
        try DemoStore.copy(to: path)
        let viewers = try (0..<3).map { _ in try viewer("--lang en --refresh 0.5", width: 100, height: 30, store: path) }
        for v in viewers { try v.waitFor("2025-05") }
        // Viewers alone leave the store file as it was (they poll it twice a second).
        let before = try FileManager.default.attributesOfItem(atPath: path)
        usleep(1_200_000)
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect(before[.size] as? Int == after[.size] as? Int)
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date, "a viewer wrote to the store")
        let loan = try DashboardEndToEndTests().firstLoanCode(store: path)
        let csv = dir.appendingPathComponent("loan_balances-2025-06.csv")
        try "loan,period,balance_yuan\n\(loan),2025-06,1000000\n".write(to: csv, atomically: true, encoding: .utf8)
        let start = Date()
        try run(kejinBinary, ["import", "--into-demo", "--store", path, csv.path], timeout: 10)
        let importTime = Date().timeIntervalSince(start)
        #expect(importTime < 2.0, "the import took \(importTime) s with 3 viewers open")
        // One bank's June: provisional, so they stay on May and count the new month (issue 14).
        for v in viewers { try v.waitFor("2025-05 (18/19)", timeout: 5) }
        for v in viewers { #expect(try v.exitStatus() == nil, "a viewer stopped") }
        // A second import while they still watch: nothing holds the store.
        try "loan,period,balance_yuan\n\(loan),2025-06,2000000\n".write(to: csv, atomically: true, encoding: .utf8)
        let again = Date()
        try run(kejinBinary, ["import", "--into-demo", "--store", path, csv.path], timeout: 10)
        #expect(Date().timeIntervalSince(again) < 2.0)
        for v in viewers { try quit(v) }
    }
}
