import Foundation
import Testing

/// Drill-down in the real binary: open the tea chain, a bank, filter its firms, open one,
/// and back out to the chains, then quit.
@Suite(.serialized) struct DrillDownEndToEndTests {
    /// The selected row's line ("│ > name …").
    static func selectedLine(_ screen: String) -> String? {
        screen.components(separatedBy: "\n").first { $0.hasPrefix("│ > ") }
    }

    /// The selected row's first column (the name).
    static func selectedName(_ screen: String) -> String? {
        selectedLine(screen).flatMap { $0.dropFirst(4).split(separator: " ").first.map(String.init) }
    }

    /// N of the list's footer "k/N [a-b] ┘" (not the header's period "(18/18)").
    static func rowCount(_ screen: String) -> Int? {
        guard let r = screen.range(of: #"[0-9]+/[0-9]+( \[[0-9]+-[0-9]+\])? ┘"#, options: .regularExpression) else { return nil }
        return Int(screen[r].split(separator: "/")[1].split(separator: " ")[0])
    }

    @Test func openAChainFilterOpenAFirmAndBackOut() throws {
        let path = try DashboardEndToEndTests.sharedStore.get()
        let tmux = try TmuxSession(command: "\(kejinBinary) --store \(TmuxSession.quote(path))",
                                   width: 120, height: 40, environment: ["LANG": "C.UTF-8"])
        try tmux.waitFor("2025-05")
        try tmux.send("2")
        var screen = try tmux.waitFor("重点产业链")
        // Down to the tea chain, wherever the balances put it.
        for _ in 0..<12 where Self.selectedName(screen) != "茶叶" {
            try tmux.send("j")
            usleep(100_000)
            screen = try tmux.capture()
        }
        #expect(Self.selectedName(screen) == "茶叶")

        try tmux.send("Enter")
        screen = try tmux.waitFor("产业链 › 茶叶")
        try tmux.waitForLoaded("放贷银行")
        screen = try tmux.capture()
        let bank = try #require(Self.selectedName(screen))

        try tmux.send("Enter")
        screen = try tmux.waitFor("产业链 › 茶叶 › \(bank)")
        screen = try tmux.waitForLoaded("企业")
        let allFirms = try #require(Self.rowCount(screen))
        #expect(allFirms > 100)

        // Filter in the status line, in Chinese; Enter keeps it and the header shows it.
        try tmux.send("/")
        try tmux.send("-l", "紫阳")
        try tmux.waitFor("/紫阳_")
        try tmux.send("Enter")
        screen = try tmux.waitFor("筛选 \"紫阳\"")
        let ziyangFirms = try #require(Self.rowCount(screen))
        #expect(ziyangFirms > 0 && ziyangFirms < allFirms)
        let firm = try #require(Self.selectedName(screen))
        #expect(firm.contains("紫阳"))

        // The firm's loans, with its tags.
        try tmux.send("Enter")
        screen = try tmux.waitFor("› \(firm)")
        try tmux.waitFor("贷款编号")

        // Back out: the filtered list, the banks, the chains.
        try tmux.send("Escape")
        screen = try tmux.waitFor("筛选 \"紫阳\"")
        #expect(Self.selectedName(screen) == firm)
        try tmux.send("BSpace")
        try tmux.waitForLoaded("放贷银行")
        try tmux.send("Escape")
        screen = try tmux.waitFor("重点产业链")
        #expect(!screen.contains("产业链 › 茶叶"))
        #expect(Self.selectedName(screen) == "茶叶")

        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func banksAndFourLoansScreensShowTheirTables() throws {
        let path = try DashboardEndToEndTests.sharedStore.get()
        let tmux = try TmuxSession(command: "\(kejinBinary) --store \(TmuxSession.quote(path)) --lang en",
                                   width: 120, height: 40, environment: ["LANG": "C.UTF-8"])
        try tmux.waitFor("2025-05")
        try tmux.send("5")
        try tmux.waitFor("Banks: tech lending")
        try tmux.waitFor("Market share")
        try tmux.send("6")
        try tmux.waitFor("Four loans: first, credit, renewal, revolving")
        try tmux.waitFor("City")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }
}

extension TmuxSession {
    /// Waits for `text` and for the list's rows: the viewer loads them in the background and
    /// shows 正在加载 (loading) meanwhile.
    @discardableResult
    func waitForLoaded(_ text: String) throws -> String {
        try waitUntil("screen never showed \(text) loaded") { $0.contains(text) && !$0.contains("正在加载") }
    }
}
