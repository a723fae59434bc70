import KejinCore
import Testing
@testable import KejinDashboard

/// `/`, `s`, `S` on the Chains, Re-lending and Guarantees tables: what is drawn, what Enter
/// opens, and where an alert jumps while a filter or sort is in force.
@Suite struct FigureListTests {
    typealias Session = NavigationTests.Session

    /// The table rows' first cells, top to bottom (selected or not).
    static func rowNames(_ s: Session, among names: [String]) -> [String] {
        s.lines.compactMap { line in names.first { line.hasPrefix("│ > " + $0) || line.hasPrefix("│   " + $0) } }
    }

    static let chainNames = Fixture.chains.map(\.name.zh)

    @Test func filterChainsThenEnterOpensTheFilteredChain() {
        var s = Session(.chains)
        s.press(.character("/"))
        #expect(s.state.filterDraft == "")
        s.type("材料")  // 新型材料, 碳基材料
        s.press(.enter)
        #expect(s.state.filterDraft == nil)
        #expect(s.grid.text.contains("筛选 \"材料\""))
        #expect(Self.rowNames(s, among: Self.chainNames) == ["新型材料", "碳基材料"])
        #expect(s.grid.text.contains("1/2"))
        s.press(.down)
        #expect(s.selectedLine?.contains("碳基材料") == true)
        // The panel under the table is the selected chain's: its title names its lead bank.
        #expect(s.grid.text.contains(Str.leadBank.text(.zh) + " 汉阴农商银行"))
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.chainBanks(chain: "carbon")))
        #expect(s.breadcrumb == "产业链 › 碳基材料")
        // Back: the table keeps its filter and selection.
        s.press(.escape)
        #expect(s.selectedLine?.contains("碳基材料") == true)

        // English names and codes match too; no match says so.
        s.press(.character("/"), .escape)
        #expect(s.state.listView(.chains).filter == "")
        s.press(.character("/"))
        s.type("KONJ")
        s.press(.enter)
        #expect(Self.rowNames(s, among: Self.chainNames) == ["魔芋"])
        s.press(.character("/"))
        s.type("zzz")
        #expect(s.grid.text.contains(Str.noMatches.text(.zh)))
        s.press(.escape)
        #expect(Self.rowNames(s, among: Self.chainNames).count == Fixture.chains.count)
    }

    @Test func sortChangesTheOrderTheHeaderAndWhatEnterOpens() {
        var s = Session(.chains)
        #expect(Self.rowNames(s, among: Self.chainNames) == Self.chainNames)
        s.press(.character("s"))  // name A–Z
        #expect(s.state.listView(.chains).sort == DetailSort(column: 0, descending: false))
        s.press(.character("s"))  // loans, high first
        #expect(s.grid.text.contains("排序 " + Str.colBalance.text(.zh) + " ▼"))
        let byBalance = Fixture.chains.sorted { $0.loans.balance.fen > $1.loans.balance.fen }.map(\.name.zh)
        #expect(Self.rowNames(s, among: Self.chainNames) == byBalance)
        #expect(s.selectedLine?.contains("新型材料") == true)
        s.press(.character("S"))  // reversed: lowest first
        #expect(s.grid.text.contains("排序 " + Str.colBalance.text(.zh) + " ▲"))
        #expect(Self.rowNames(s, among: Self.chainNames) == byBalance.reversed())
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.chainBanks(chain: "fishery")))
        // Cycling past the last column goes back to the table's own order.
        s.press(.escape)
        for _ in 2..<ChainTable.table.columns(0).count { s.press(.character("s")) }
        #expect(s.state.listView(.chains).sort?.column == ChainTable.table.columns(0).count - 1)
        s.press(.character("s"))
        #expect(s.state.listView(.chains).sort == nil)
        #expect(Self.rowNames(s, among: Self.chainNames) == Self.chainNames)
        #expect(s.grid.text.contains(Str.keyRowsHint.text(.zh)))
    }

    @Test func relendingSortedByDrawnOpensTheLargestTool() {
        var s = Session(.relending, language: .en)
        s.press(.character("s"), .character("s"), .character("s"))  // name, quota, drawn
        #expect(s.grid.text.contains("sort " + Str.colDrawn.text(.en) + " ▼"))
        let top = Fixture.tools.max { $0.drawn.fen < $1.drawn.fen }!
        // The name is cut to the column: its start is enough.
        #expect(s.selectedLine?.contains(String(top.name.en.prefix(12))) == true)
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.toolDraws(tool: top.code)))
    }

    @Test func guaranteesFilteredSelectionStillContinuesIntoThePools() {
        var s = Session(.guarantees)
        s.press(.character("/"))
        s.type("xunyang")
        s.press(.enter)
        let names = Fixture.guarantors.map(\.name.zh)
        #expect(Self.rowNames(s, among: names) == ["旬阳市融资担保"])
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.guarantorGuarantees(guarantor: "xunyang")))
        s.press(.escape)
        // Down from the one guarantor shown: the first pool.
        s.press(.down)
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.poolPayouts(pool: Fixture.pools[0].code)))
        s.press(.escape, .down)
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.poolPayouts(pool: Fixture.pools[1].code)))
    }

    /// The Alerts screen's Enter selects the entity's row as shown on the sorted table, and
    /// clears a filter that hides it.
    @Test func alertJumpSelectsTheRightRowWhenSortedOrFiltered() throws {
        var s = Session(.chains)
        s.press(.character("s"), .character("s"))  // loans, high first: 茶叶 is fourth, not third
        let ordered = AlertsScreen.ordered(s.input.alerts)
        let teaAlert = try #require(ordered.firstIndex { $0.entityCode == "tea" && $0.measure == .chainTechGrowth })
        s.press(.character("7"))
        #expect(s.state.screen == .alerts)
        s.state.cursors[.alerts] = RowCursor(selected: teaAlert)
        s.press(.enter)
        #expect(s.state.screen == .chains)
        #expect(s.state.cursor(.chains).selected == 3)
        #expect(s.selectedLine?.contains("茶叶") == true)
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.chainBanks(chain: "tea")))

        // A filter that hides the chain is cleared; the sort stays.
        s.press(.escape, .character("/"))
        s.type("konjac")
        s.press(.enter, .character("7"))
        s.press(.enter)
        #expect(s.state.listView(.chains).filter == "")
        #expect(s.state.listView(.chains).sort?.column == 1)
        #expect(s.selectedLine?.contains("茶叶") == true)

        // A filter that shows it is kept, and the row is found in it.
        s.press(.character("/"))
        s.type("茶")
        s.press(.enter, .character("7"))
        s.press(.enter)
        #expect(s.state.listView(.chains).filter == "茶")
        #expect(s.state.cursor(.chains).selected == 0)
        #expect(s.selectedLine?.contains("茶叶") == true)
    }
}
