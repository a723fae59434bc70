import KejinCore
import Testing
@testable import KejinDashboard

/// What every frame must satisfy, at every size, on every screen, in both languages.
@Suite struct RenderTests {
    static let sizes = [(60, 16), (61, 17), (80, 24), (97, 31), (120, 40), (200, 60), (250, 70)]

    func frame(_ screen: Screen, _ language: Language, ascii: Bool = false, _ w: Int, _ h: Int,
               input: FrameInput = Fixture.input()) -> CellGrid {
        let state = DashboardState(screen: screen, language: language, ascii: ascii)
        return DashboardRenderer.render(DetailFixture.input(input, for: state), state: state, width: w, height: h)
    }

    /// Every wide character is followed by its continuation cell, and every continuation cell
    /// follows a wide character.
    static func expectWholeWideCharacters(_ g: CellGrid, _ what: String) {
        for y in 0..<g.height {
            for x in 0..<g.width {
                if g[x, y].isContinuation {
                    #expect(x > 0 && !g[x - 1, y].isContinuation && DisplayWidth.of(g[x - 1, y].character) == 2,
                            "\(what): stray continuation at \(x),\(y)")
                } else if DisplayWidth.of(g[x, y].character) == 2 {
                    #expect(x + 1 < g.width && g[x + 1, y].isContinuation, "\(what): half a wide character at \(x),\(y)")
                }
            }
        }
    }

    @Test(arguments: Screen.allCases)
    func noWideCharacterIsTornAndNothingSpillsOver(_ screen: Screen) {
        for (w, h) in Self.sizes {
            for language in Language.allCases {
                let g = frame(screen, language, w, h)
                RenderTests.expectWholeWideCharacters(g, "\(screen) \(w)x\(h)")
                for line in g.text.components(separatedBy: "\n") { #expect(DisplayWidth.of(line) <= w) }
            }
        }
    }

    @Test func helpAndNoDataFitEverySizeToo() {
        for (w, h) in Self.sizes {
            var state = DashboardState(screen: .guarantees)
            state.showingHelp = true
            for input in [Fixture.input(), Fixture.input(nil)] {
                let g = DashboardRenderer.render(input, state: state, width: w, height: h)
                RenderTests.expectWholeWideCharacters(g, "help \(w)x\(h)")
                #expect(g.text.contains(Str.helpTitle.text(.zh)))
            }
        }
    }

    @Test(arguments: Screen.allCases)
    func asciiFramesUseNoBoxBlockOrArrowGlyphs(_ screen: Screen) {
        for (w, h) in [(80, 24), (120, 40)] {
            let text = frame(screen, .en, ascii: true, w, h).text
            let unicodeDrawing = text.unicodeScalars.filter { (0x2190...0x21FF).contains($0.value) || (0x2500...0x259F).contains($0.value) }
            #expect(unicodeDrawing.isEmpty, "\(screen) \(w)x\(h): \(String(String.UnicodeScalarView(unicodeDrawing)))")
        }
    }

    @Test func belowTheMinimumOnlyTheSizeMessageShows() {
        let small = frame(.overview, .zh, 59, 16).text
        #expect(small.contains("终端窗口太小") && small.contains("60×16") && small.contains("59×16"))
        #expect(!small.contains("45.81亿"))
        let ok = frame(.overview, .zh, 60, 16).text
        #expect(!ok.contains("终端窗口太小") && ok.contains("45.81亿元"))
        #expect(frame(.overview, .en, ascii: true, 40, 10).text.contains("60x16"))
    }

    @Test func overviewAt80x24ShowsTheHeadlineFigures() {
        let zh = frame(.overview, .zh, 80, 24).text
        for s in ["45.81亿元", "+14.45%", "5.25亿元", "3380.00万元", "6516.00万元", "茶叶", "安康农商银行", "2.80亿", "2334",
                  "当前预警 (10)", "!! 严重", "2025-05 (13/13)", "数据更新 2025-06-10 09:30:00"] {
            #expect(zh.contains(s), "missing \(s)")
        }
        let en = frame(.overview, .en, 80, 24).text
        for s in ["¥4.58bn", "+14.45%", "¥65.16m", "2,334", "Alerts (10)"] { #expect(en.contains(s), "missing \(s)") }
    }

    @Test func eachScreenAt80x24ShowsItsEssentials() {
        let chains = frame(.chains, .zh, 80, 24).text
        for s in ["富硒食品", "碳基材料", "+42.00%", "主办行 农业银行安康分行", "4.45亿 → 6.32亿"] { #expect(chains.contains(s), "\(s)") }
        let relending = frame(.relending, .zh, 80, 24).text
        for s in ["科技创新和技术改造再贷款", "76.00% !!", "82.00% !", "2 !!", "30天内", "再贷款/台账 60.00%"] {
            #expect(relending.contains(s), "\(s)")
        }
        let guarantees = frame(.guarantees, .zh, 80, 24).text
        for s in ["财信担保", "41", "3.27亿", "0.80%", "11.23× !!", "1050.00万元", "状态 正常", "状态 !! 熔断", "熔断线 3.00%"] {
            #expect(guarantees.contains(s), "\(s)")
        }
    }

    @Test func theSelectedRowIsReversedAndTheDetailFollowsIt() {
        var state = DashboardState(screen: .chains)
        state.cursors[.chains] = RowCursor(selected: 2)
        let g = DashboardRenderer.render(Fixture.input(), state: state, width: 80, height: 24)
        let lines = g.text.components(separatedBy: "\n")
        let row = lines.firstIndex { $0.contains("> 茶叶") }!
        #expect(g[10, row].style.reverse && g[10, row].style.role == .selection)
        #expect(!g[10, row - 1].style.reverse)
        #expect(g.text.contains("主办行 安康农商银行"))
    }

    /// The chain's "of which" not loaded yet (figures from another screen): the panel says so
    /// instead of showing none; loaded, its lines replace that one.
    @Test func aChainsOfWhichNotYetLoadedSaysLoading() {
        var state = DashboardState(screen: .chains)
        state.cursors[.chains] = RowCursor(selected: 2)
        var figures = Fixture.figures
        for i in figures.chains.indices { figures.chains[i].categories = nil }
        let loading = DashboardRenderer.render(Fixture.input(figures), state: state, width: 80, height: 24).text
        #expect(loading.components(separatedBy: "\n").contains { $0.contains("其中") && $0.contains("正在加载") })
        let loaded = DashboardRenderer.render(Fixture.input(), state: state, width: 80, height: 24).text
        #expect(!loaded.contains("正在加载") && loaded.contains("省级小微企业重点客户"))
    }

    @Test func alertsCarryTheirRoleAndMarker() {
        let g = frame(.overview, .zh, 80, 24)
        let lines = g.text.components(separatedBy: "\n")
        let row = lines.firstIndex { $0.contains("!! 严重") }!
        let x = lines[row].firstIndex(of: "!").map { lines[row].distance(from: lines[row].startIndex, to: $0) }!
        #expect(g[x, row].style.role == .critical)
    }

    @Test func headerNamesThePeriodShownAndItsPlace() {
        var figures = Fixture.figures
        figures.period = Period(year: 2024, month: 11)
        // At 80 columns the seven tabs leave room for the period but not its label.
        let narrow = frame(.overview, .zh, 80, 24, input: Fixture.input(figures)).text
        #expect(narrow.components(separatedBy: "\n")[0].hasSuffix(" 2024-11 (7/13)"))
        let wide = frame(.overview, .zh, 120, 40, input: Fixture.input(figures)).text
        #expect(wide.components(separatedBy: "\n")[0].hasSuffix("期间 2024-11 (7/13)"))
    }

    @Test func aMessageAndAnErrorShowOnTheStatusLine() {
        var state = DashboardState()
        _ = state.handle(.character("]"), periods: Fixture.periods)
        var status = Fixture.status
        status.error = "disk I/O error"
        let g = DashboardRenderer.render(Fixture.input(status: status), state: state, width: 120, height: 40)
        let last = g.text.components(separatedBy: "\n").last!
        #expect(last.contains("错误: disk I/O error") && last.contains("已是最新一期"))
    }
}
