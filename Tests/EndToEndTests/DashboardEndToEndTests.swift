import Foundation
import Testing

/// The built `kejin` binary, run in tmux the way a user runs it.
@Suite(.serialized) struct DashboardEndToEndTests {
    /// One demo store for the read-only tests.
    static let sharedStore: Result<String, Error> = Result { try DemoStore.fresh() }

    func viewer(_ arguments: String = "", width: Int = 120, height: Int = 40,
                environment: [String: String] = ["LANG": "C.UTF-8"], store: String? = nil) throws -> TmuxSession {
        let path = try store ?? Self.sharedStore.get()
        return try TmuxSession(command: "\(kejinBinary) --store \(TmuxSession.quote(path)) \(arguments)",
                               width: width, height: height, environment: environment)
    }

    /// Each key is checked against words only its target screen draws (the header line
    /// names every screen, so its words would pass if the keys did nothing).
    @Test func opensOnTheDemoStoreSwitchesScreensAndQuits() throws {
        let tmux = try viewer()
        try tmux.waitFor("2025-05")
        let overview = try tmux.waitFor("茶叶")
        // The Overview's own words: its chain box's "2 查看明细", and no list hint.
        #expect(overview.contains("2 查看明细") && !overview.contains("j/k 选择"), "\(overview)")
        try tmux.send("2"); try tmux.waitFor("j/k 选择")            // the Chains table's row keys
        try tmux.waitFor("链上贷款")                                 // the selected chain's panel
        try tmux.send("3"); try tmux.waitFor("额度(元)")            // the Re-lending table's quota column
        try tmux.send("4"); try tmux.waitFor("净资产(元)")          // the guarantors' net assets
        try tmux.send("Tab"); try tmux.waitFor("银行科技金融")      // Tab: the Banks list
        try tmux.send("?"); try tmux.waitFor("按键帮助")            // the help box's title
        try tmux.send("Escape")
        try tmux.waitUntil("help still shown") { !$0.contains("按键帮助") && $0.contains("银行科技金融") }
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func periodSelectorReachesTheArticlesQ1Figures() throws {
        let tmux = try viewer()
        try tmux.waitFor("2025-05")
        try tmux.send("[", "[")
        let screen = try tmux.waitFor("2025-03")
        try tmux.waitFor("45.81亿")
        #expect(screen.contains("2025-03"))
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func firstRunLoadsTheDemoDataIntoAnEmptyStore() throws {
        let path = try temporaryDirectory().appendingPathComponent("fresh.sqlite").path
        let tmux = try viewer(store: path)
        try tmux.waitFor("2334", timeout: 30)
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func anImportInAnotherTerminalShowsUpWithinTwoSeconds() throws {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("live.sqlite").path
        try DemoStore.copy(to: path)
        let tmux = try viewer("--lang en", store: path)
        try tmux.waitFor("2025-05")
        // A new month for one loan shows up at once as a month held; the viewer stays on the
        // latest complete one (issue 14) until an operator closes June, then follows it.
        let csv = dir.appendingPathComponent("loan_balances-2025-06.csv")
        let firstLoan = try firstLoanCode(store: path)
        try "loan,period,balance_yuan\n\(firstLoan),2025-06,1000000\n".write(to: csv, atomically: true, encoding: .utf8)
        let start = Date()
        try run(kejinBinary, ["import", "--into-demo", "--store", path, csv.path])
        try tmux.waitFor("2025-05 (18/19)", timeout: 5)
        #expect(Date().timeIntervalSince(start) < 2.0)
        let closed = Date()
        try run(kejinBinary, ["period", "close", "2025-06", "--store", path])
        let june = try tmux.waitFor("2025-06 (19/19)", timeout: 5)
        #expect(Date().timeIntervalSince(closed) < 2.0)
        #expect(!june.contains("provisional"))
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func aClosedTerminalEndsTheProgramWithinASecond() throws {
        let tmux = try viewer()
        try tmux.waitFor("2025-05")
        let pid = try tmux.pid()
        try tmux.killPane()
        let deadline = Date().addingTimeInterval(1.0)
        while Date() < deadline, processIsRunning(pid) { usleep(20_000) }
        #expect(!processIsRunning(pid), "kejin (pid \(pid)) still running 1 s after its terminal closed")
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGQUIT, SIGHUP])
    func signalsRestoreTheTerminalAndExit(signal: Int32) throws {
        let tmux = try viewer()
        try tmux.waitFor("2025-05")
        kill(try tmux.pid(), signal)
        let status = try tmux.waitForExit(timeout: 2)
        #expect(status != 0 || signal == SIGINT)
        // Back on the normal screen: ncurses has left the alternate screen.
        let screen = try tmux.capture()
        #expect(!screen.contains("茶叶"), "the dashboard is still on screen after exit:\n\(screen)")
    }

    @Test func withoutLANGItStillDrawsChineseOrSaysWhy() throws {
        let tmux = try viewer(environment: [:])
        let screen = try tmux.waitFor("2025-05")
        #expect(screen.contains("茶叶") || screen.contains("Tea"))
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func tooSmallATerminalSaysWhichSizeItNeedsAndRecovers() throws {
        let tmux = try viewer(width: 40, height: 10)
        try tmux.waitUntil("no size message") { $0.contains("80") || $0.contains("60") }
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor("茶叶")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func reportPrintsTheSameFiguresWithoutATerminal() throws {
        let out = try run(kejinBinary, ["report", "--store", try Self.sharedStore.get(), "--period", "2025-03", "--format", "json"])
        #expect(out.contains("\"fen\" : 458100000000"))
        let text = try run(kejinBinary, ["report", "--store", try Self.sharedStore.get(), "--period", "2025-03"])
        #expect(text.contains("45.81亿"))
        // In a pipe every name is whole; --width fits the tables and cuts with "~".
        #expect(text.contains("中国工商银行安康分行") && text.contains("碳基材料(石墨)") && !text.contains("~"), "\(text)")
        let narrow = try run(kejinBinary, ["report", "--store", try Self.sharedStore.get(), "--period", "2025-03", "--width", "100"])
        #expect(narrow.contains("~") && narrow.split(separator: "\n").allSatisfy { $0.count <= 100 }, "\(narrow)")
        // Exactly zero reads 0 (the tea chain has no guarantees in force), never "0.00万".
        #expect(!text.contains(" 0.00万"), "\(text)")
    }

    /// 2025-03: 支农再贷款 is at 95.00%, held by the 0.50% band after firing in 2025-02. It must
    /// not read "95.00%  低于 95.00%".
    @Test func anAlertHeldByItsBandShowsTheThresholdInForce() throws {
        // `kejin report` (exit 0; `kejin alerts` exits 2 with a critical alert open) prints the alerts table.
        let text = try run(kejinBinary, ["report", "--store", try Self.sharedStore.get(), "--period", "2025-03"])
        #expect(text.contains("95.00%  低于 95.50% 回差保持"), "\(text)")
        #expect(!text.contains("95.00%  低于 95.00%"), "\(text)")
        let json = try run(kejinBinary, ["report", "--store", try Self.sharedStore.get(), "--period", "2025-03", "--format", "json"])
        #expect(json.contains("\"heldByBand\" : true") && json.contains("\"effectiveThreshold\" : 9550"), "\(json)")
    }

    /// The first loan of the shipped demo data set, read from its CSV file.
    func firstLoanCode(store: String) throws -> String {
        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/KejinStore/Resources/demo/loans.csv")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        return String(lines[1].split(separator: ",")[0])
    }
}
