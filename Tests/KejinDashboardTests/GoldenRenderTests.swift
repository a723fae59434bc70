import KejinCore
import Testing
@testable import KejinDashboard

/// Every screen rendered from the fixture and compared with what a user should see.
@Suite struct GoldenRenderTests {
    static func render(_ screen: Screen, _ language: Language, ascii: Bool = false, width: Int, height: Int,
                       help: Bool = false, selected: Int = 0, input: FrameInput = Fixture.input()) -> String {
        var state = DashboardState(screen: screen, language: language, ascii: ascii)
        state.showingHelp = help
        state.cursors[screen] = RowCursor(selected: selected)
        // The rows of the screen's own list (banks, four loans), as the run loop loads them.
        let input = input.detail == nil && input.figures != nil ? DetailFixture.input(input, for: state) : input
        return DashboardRenderer.render(input, state: state, width: width, height: height).text
    }

    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: Screen.shown(regions: false), Language.allCases)
    func screens(_ screen: Screen, _ language: Language) {
        for (w, h) in Self.sizes {
            Golden.check("\(screen)-\(language)-\(w)x\(h)", Self.render(screen, language, width: w, height: h))
        }
    }

    @Test(arguments: Language.allCases)
    func overviewLargeAndASCII(_ language: Language) {
        Golden.check("overview-\(language)-200x60", Self.render(.overview, language, width: 200, height: 60))
        Golden.check("overview-\(language)-ascii-80x24", Self.render(.overview, language, ascii: true, width: 80, height: 24))
        Golden.check("chains-\(language)-ascii-120x40", Self.render(.chains, language, ascii: true, width: 120, height: 40))
    }

    /// Below 120×34 the Programme screen shows one pillar's panel at a time; j/k move on.
    @Test(arguments: Language.allCases)
    func programmePanelsOneByOne(_ language: Language) {
        // The pillars with their further panels: 五大矩阵's products (panel 4), 六项保障's service
        // stations and interest subsidy (panels 6 and 7).
        for panel in 1..<ProgrammeScreen.Panel.allCases.count {
            Golden.check("programme-\(language)-80x24-panel\(panel + 1)",
                         Self.render(.programme, language, width: 80, height: 24, selected: panel))
        }
    }

    /// At 160×48 the four panels 2×2 with room to spare: the low-cost funds per tool.
    @Test(arguments: Language.allCases)
    func programmeLarge(_ language: Language) {
        Golden.check("programme-\(language)-160x48", Self.render(.programme, language, width: 160, height: 48))
        // The stations selected (j five times) take 六项保障's place in the 2×2 layout.
        Golden.check("programme-\(language)-160x48-stations", Self.render(.programme, language, width: 160, height: 48, selected: 5))
        Golden.check("programme-\(language)-160x48-subsidy", Self.render(.programme, language, width: 160, height: 48, selected: 6))
        // The products (一链一行, j three times) take 五大矩阵's place, at 120×40 too.
        Golden.check("programme-\(language)-120x40-products", Self.render(.programme, language, width: 120, height: 40, selected: 3))
    }

    @Test func helpOverlay() {
        Golden.check("help-zh-80x24", Self.render(.chains, .zh, width: 80, height: 24, help: true))
        Golden.check("help-en-ascii-80x24", Self.render(.overview, .en, ascii: true, width: 80, height: 24, help: true))
    }

    @Test func chainsWithASelectedRowFurtherDown() {
        Golden.check("chains-zh-80x24-selected-tea", Self.render(.chains, .zh, width: 80, height: 24, selected: 2))
    }

    /// Thirty chains: the table scrolls to keep the selection in view and says where it is.
    @Test func chainsScrollWithManyRows() {
        var figures = Fixture.figures
        figures.chains = (0..<30).map { i in
            var c = Fixture.chains[i % Fixture.chains.count]
            c.code += "-\(i)"
            c.categories = []   // loaded, none (nil would show the "of which" line loading)
            c.name = Names(zh: c.name.zh + "\(i + 1)", en: c.name.en + " \(i + 1)")
            return c
        }
        let input = Fixture.input(figures)
        var state = DashboardState(screen: .chains)
        for _ in 0..<20 { _ = state.handle(.down, input: input, width: 80, height: 24) }
        #expect(state.cursor(.chains).selected == 20)
        Golden.check("chains-zh-80x24-scrolled", DashboardRenderer.render(input, state: state, width: 80, height: 24).text)
        let page = DashboardRenderer.listMetrics(input, state: state, width: 80, height: 24).visible
        #expect(page == 11)  // the panel under it: one line more since its NPL line
        _ = state.handle(.pageUp, input: input, width: 80, height: 24)
        #expect(state.cursor(.chains).selected == 20 - page)
    }

    @Test func tooSmallAndNoData() {
        Golden.check("too-small-zh-50x12", Self.render(.overview, .zh, width: 50, height: 12))
        Golden.check("too-small-en-79x15", Self.render(.overview, .en, width: 79, height: 15))
        Golden.check("no-data-zh-80x24", Self.render(.overview, .zh, width: 80, height: 24, input: Fixture.input(nil)))
        var status = Fixture.status
        status.error = "database is locked"
        Golden.check("no-data-error-en-80x24", Self.render(.chains, .en, width: 80, height: 24,
                                                           input: Fixture.input(nil, status: status)))
    }
}
