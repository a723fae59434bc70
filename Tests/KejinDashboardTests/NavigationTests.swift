import KejinCore
import Testing
@testable import KejinDashboard

/// Drill-down in the cell grid: what the user sees after each key, with the rows the run loop
/// would load for each request (DetailFixture).
@Suite struct NavigationTests {
    /// A user at a terminal: keys go through the state, and the app loads what it asks for.
    struct Session {
        var state: DashboardState
        let width: Int, height: Int
        var actions: [DashboardAction] = []

        init(_ screen: Screen, language: Language = .zh, width: Int = 120, height: Int = 40) {
            state = DashboardState(screen: screen, language: language)
            self.width = width; self.height = height
        }

        var input: FrameInput { DetailFixture.input(for: state) }
        var grid: CellGrid { DashboardRenderer.render(input, state: state, width: width, height: height) }
        var lines: [String] { grid.text.components(separatedBy: "\n") }
        /// The breadcrumb (line 1, under the header).
        var breadcrumb: String { lines[1].trimmingCharacters(in: .whitespaces) }
        /// The selected row's line (the one with the ">" marker).
        var selectedLine: String? { lines.first { $0.hasPrefix("│ > ") } }

        mutating func press(_ keys: Key...) {
            for k in keys { actions.append(state.handle(k, input: input, width: width, height: height)) }
        }
        mutating func type(_ text: String) { for c in text { press(.character(c)) } }
    }

    @Test func openAChainFilterOpenAFirmAndBackOut() {
        var s = Session(.chains)
        s.press(.down, .down)  // 茶叶 is the third chain
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.chainBanks(chain: "tea")))
        #expect(s.breadcrumb == "产业链 › 茶叶")
        #expect(s.grid.text.contains("放贷银行"))
        #expect(s.selectedLine?.contains("安康农商银行") == true)

        s.press(.enter)
        #expect(s.actions.last == .openDetail(.enterprises(chain: "tea", bank: "arcb")))
        #expect(s.breadcrumb == "产业链 › 茶叶 › 安康农商银行")
        #expect(s.grid.text.contains("1/300"))

        // Filter: typed in the status line, narrowing as it goes.
        s.press(.character("/"))
        s.type("紫阳")
        #expect(s.state.filterDraft == "紫阳")
        #expect(s.lines.last!.contains("筛选 /紫阳_"))
        #expect(s.grid.text.contains("1/60"))
        s.press(.enter)
        #expect(s.state.filterDraft == nil)
        #expect(s.grid.text.contains("筛选 \"紫阳\""))
        #expect(s.selectedLine?.contains("紫阳茗香茶业1号有限公司") == true)

        // Enter opens the selected (filtered) firm: E-TEA-001 is the first Ziyang firm.
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.enterpriseLoans(enterprise: "E-TEA-001", bank: "arcb")))
        #expect(s.breadcrumb == "产业链 › 茶叶 › 安康农商银行 › 紫阳茗香茶业1号有限公司")
        #expect(s.lines[2].contains("科技型中小企业 KJ20240 2024-01-01~2026-12-31 有效"))
        #expect(s.lines[2].contains("已失效"))
        #expect(s.grid.text.contains("L-E-TEA-001-1"))

        // Back out level by level; the firm list keeps its filter and selection.
        s.press(.escape)
        #expect(s.actions.last == .openDetail(.enterprises(chain: "tea", bank: "arcb")))
        #expect(s.grid.text.contains("1/60"))
        s.press(.backspace)
        #expect(s.breadcrumb == "产业链 › 茶叶")
        s.press(.escape)
        #expect(s.state.detailRequest == nil)
        #expect(s.grid.text.contains("重点产业链"))
        #expect(s.state.cursor(.chains).selected == 2)
        // At the root Esc does nothing more.
        s.press(.escape)
        #expect(s.actions.last == DashboardAction.none)
    }

    @Test func filterMatchesEnglishAndCodesAndEscClearsIt() {
        var s = Session(.chains, language: .en)
        s.press(.down, .down, .enter, .enter)
        s.press(.character("/"))
        s.type("PINGLI")
        #expect(s.grid.text.contains("1/60"))
        s.press(.escape)
        #expect(s.state.filterDraft == nil)
        #expect(s.state.activeFrame?.filter == "")
        #expect(s.grid.text.contains("1/300"))
        s.press(.character("/"))
        s.type("e-tea-29")  // codes E-TEA-290 … E-TEA-299
        #expect(s.grid.text.contains("1/10"))
        s.press(.backspace, .backspace)
        #expect(s.state.activeFrame?.filter == "e-tea-")
        // While typing, q is text, not quit.
        s.press(.character("q"))
        #expect(s.actions.last == .redraw)
        #expect(s.grid.text.contains("No matching rows"))
    }

    /// `/` looks in every column's filter text: names among the values in both languages and
    /// free texts (a product, a re-lending draw), not in words the dashboard translates.
    @Test func filterLooksInTheValueColumns() {
        var s = Session(.chains)
        s.press(.down, .down, .enter, .enter, .enter)  // the tea chain › ARCB › E-TEA-000's loans
        #expect(s.grid.text.contains("1/3"))
        for (needle, shown) in [("ankang rcb", "1/3"), ("茶e", "1/3"), ("rd-agri", "1/1"), ("g-caixin", "1/1")] {
            s.press(.character("/"))
            s.type(needle)
            s.press(.enter)
            #expect(s.grid.text.contains(shown), "\(needle)")
            s.press(.character("/"), .escape)
        }
        s.press(.character("/"))
        s.type("tech_innovation")  // a purpose as stored; shown as 科技创新
        #expect(s.grid.text.contains("无匹配"))
    }

    /// A drill-down list's columns are its name, then one per field in the store's order, each
    /// titled as its field; the card under the table lists the same columns but the name.
    @Test func aListsColumnsFollowItsFields() {
        let d = DetailFixture.teaBanks
        let columns = DetailList.columns(d)
        #expect(columns.map(\.title?.names) == [Str.fieldBank, .fieldBalance, .fieldBorrowers, .fieldYoY, .fieldTechBalance, .fieldShareOfChain].map(\.names))
        var s = Session(.chains)
        s.press(.down, .down, .enter)
        let card = s.lines.drop { !$0.contains("┌ 安康农商银行") }.joined(separator: "\n")
        for title in columns.dropFirst().compactMap(\.title) { #expect(card.contains(title.text(.zh)), "\(title)") }
    }

    @Test func sortCyclesAndReverses() {
        var s = Session(.chains)
        s.press(.down, .down, .enter, .enter)
        s.press(.character("s"))  // the name column, A–Z
        #expect(s.state.activeFrame?.sort == DetailSort(column: 0, descending: false))
        #expect(s.grid.text.contains("排序 企业 ▲"))
        #expect(s.grid.text.contains("企业▲"))
        s.press(.character("s"), .character("s"))  // code, then balance: high first
        #expect(s.state.activeFrame?.sort == DetailSort(column: 2, descending: true))
        #expect(s.selectedLine?.contains("E-TEA-000") == true)
        s.press(.character("S"))
        #expect(s.grid.text.contains("排序 余额(元) ▲"))
        #expect(s.selectedLine?.contains("E-TEA-299") == true)
        // Past the last column: back to the list's own order.
        for _ in 0..<5 { s.press(.character("s")) }  // columns 3 … 6, then none
        #expect(s.state.activeFrame?.sort == nil)
        #expect(s.grid.text.contains("Enter 明细  Esc 返回"))
    }

    @Test func scrollingOverHundredsOfRows() {
        var s = Session(.chains, width: 80, height: 24)
        s.press(.down, .down, .enter, .enter)
        s.press(.end)
        #expect(s.state.activeFrame?.cursor.selected == 299)
        #expect(s.grid.text.contains("300/300"))
        s.press(.pageUp)
        let page = DashboardRenderer.listMetrics(s.input, state: s.state, width: 80, height: 24).visible
        #expect(s.state.activeFrame?.cursor.selected == 299 - page)
        s.press(.home, .character("j"), .character("j"), .character("k"))
        #expect(s.state.activeFrame?.cursor.selected == 1)
        s.press(.pageDown)
        #expect(s.state.activeFrame?.cursor.selected == 1 + page)
        #expect(s.selectedLine?.contains(DetailFixture.firmCode(1 + page)) == true)
    }

    @Test func clickSelectsThenOpens() {
        var s = Session(.chains)
        // Chains table: box top at line 1, header at 2, first row at 3.
        s.press(.click(x: 10, y: 5))
        #expect(s.state.cursor(.chains).selected == 2)
        s.press(.click(x: 10, y: 5))
        #expect(s.actions.last == .openDetail(.chainBanks(chain: "tea")))
        // Drill list: breadcrumb at 1, box top at 2, header at 3, rows from 4.
        s.press(.click(x: 10, y: 5))
        #expect(s.state.activeFrame?.cursor.selected == 1)
        s.press(.click(x: 10, y: 4), .click(x: 10, y: 4))
        #expect(s.actions.last == .openDetail(.enterprises(chain: "tea", bank: "arcb")))
        // A click below the rows does nothing.
        s.press(.click(x: 10, y: 38))
        #expect(s.actions.last == DashboardAction.none)
    }

    @Test func clicksOnTheAlertsScreenSelectThenGoToTheEntity() {
        var s = Session(.alerts)
        let ordered = AlertsScreen.ordered(s.input.alerts)
        #expect(ordered.count >= 3)
        // Alerts table: box top at line 1, header at 2, first row at 3.
        s.press(.click(x: 10, y: 5))
        #expect(s.state.cursor(.alerts).selected == 2)
        #expect(s.selectedLine?.contains(ordered[2].id) == true)
        // The second click on it goes where Enter goes: the alert's entity on its screen.
        s.press(.click(x: 10, y: 5))
        #expect(s.state.screen == AlertsScreenTests.screen(of: ordered[2]))
    }

    @Test func everyRootOpensItsFirstLevel() {
        var s = Session(.relending)
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.toolDraws(tool: "tech")))
        s = Session(.guarantees)
        s.press(.enter)
        #expect(s.actions.last == .openDetail(.guarantorGuarantees(guarantor: "caixin")))
        // Past the guarantors the list goes on through the pools.
        s = Session(.guarantees)
        s.press(.end, .enter)
        #expect(s.actions.last == .openDetail(.poolPayouts(pool: "xunyang-pool")))
        #expect(s.breadcrumb == "担保 › 旬阳市科技信贷风险补偿资金池")
        s = Session(.banks)
        #expect(s.state.detailRequest == .banks)
        s.press(.down, .down, .down, .enter)
        #expect(s.actions.last == .openDetail(.enterprises(chain: nil, bank: "arcb")))
        #expect(s.breadcrumb == "银行 › 安康农商银行")
        s.press(.escape)
        #expect(s.actions.last == .openDetail(.banks))
        s = Session(.fourLoans)
        s.press(.down, .down, .down, .enter)
        #expect(s.actions.last == .openDetail(.chainBanks(chain: "tea")))
        // The overview has no selectable list: Enter does nothing.
        s = Session(.overview)
        s.press(.enter)
        #expect(s.actions.last == DashboardAction.none)
    }

    @Test func numberKeysFollowTheScreenOrderAndLevelsStayPerScreen() {
        var s = Session(.chains)
        s.press(.down, .down, .enter)
        s.press(.character("5"))
        #expect(s.state.screen == .banks)
        #expect(s.state.detailRequest == .banks)
        s.press(.character("6"))
        #expect(s.state.screen == .fourLoans)
        s.press(.character("2"))
        #expect(s.breadcrumb == "产业链 › 茶叶")
    }

    @Test func enterOnTheDeepestLevelSaysSo() {
        var s = Session(.chains)
        s.press(.down, .down, .enter, .enter, .enter, .enter)
        #expect(s.state.message == "已是最底层明细")
        #expect(s.state.drillPath.count == 3)
    }

    @Test func aListNotLoadedYetSaysLoading() {
        var state = DashboardState(screen: .banks)
        state.language = .en
        let text = DashboardRenderer.render(Fixture.input(), state: state, width: 80, height: 24).text
        #expect(text.contains("Loading"))
    }
}
