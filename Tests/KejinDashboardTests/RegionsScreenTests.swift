import KejinCore
import Testing
@testable import KejinDashboard

/// The Regions view and the region selector (RegionsScreen.swift, RegionSelection.swift):
/// goldens at 80×24 and 120×40 in both languages, the invariants of every size, choosing a
/// region by key, and a restricted viewer that cannot leave its region.
@Suite struct RegionsScreenTests {
    static let tree = RegionTree([
        Region(code: "610000", name: Names(zh: "陕西省", en: "Shaanxi Province"), parent: nil, level: .province),
        Region(code: "610900", name: Names(zh: "安康市", en: "Ankang City"), parent: "610000", level: .city),
        Region(code: "610902", name: Names(zh: "汉滨区", en: "Hanbin District"), parent: "610900", level: .county),
        Region(code: "610921", name: Names(zh: "汉阴县", en: "Hanyin County"), parent: "610900", level: .county),
        Region(code: "610981", name: Names(zh: "旬阳市", en: "Xunyang City"), parent: "610900", level: .county),
    ])

    static func measure(_ yi: Int64, _ borrowers: Int, ago: Int64?) -> LoanMeasure {
        LoanMeasure(balance: Money(fen: yi * 1_000_000), borrowers: borrowers, balanceYearAgo: ago.map { Money(fen: $0 * 1_000_000) })
    }

    /// The fixture's figures for 安康市, ranking its three counties.
    static func figures(region: String? = "610900") -> Figures {
        var f = Fixture.figures
        f.regionTree = tree
        f.region = region.flatMap { tree[$0] }
        let rows: [(String, Int64, Int, Int64, Int64, Int64, Int)] = [
            ("610902", 155_300, 443, 150_600, 125_000, 18_180, 4), ("610921", 52_400, 179, 43_600, 43_100, 2_450, 6),
            ("610981", 48_300, 160, 50_100, 35_500, 1_380, 0),
        ]
        f.childRegions = rows.map { code, balance, borrowers, ago, tech, relending, alerts in
            RegionFigures(region: tree[code]!, loans: measure(balance, borrowers, ago: ago), techLoans: measure(tech, borrowers / 2, ago: nil),
                          relendingFunded: Money(fen: relending * 1_000_000), guaranteeBalance: Money(fen: balance * 80_000), alerts: alerts)
        }
        return f
    }

    static func render(_ language: Language, width: Int, height: Int, ascii: Bool = false, screen: Screen = .regions) -> String {
        var state = DashboardState(screen: screen, language: language, ascii: ascii)
        state.region = "610900"
        return DashboardRenderer.render(Fixture.input(figures()), state: state, width: width, height: height).text
    }

    @Test(arguments: Language.allCases)
    func goldens(_ language: Language) {
        for (w, h) in GoldenRenderTests.sizes {
            Golden.check("regions-\(language)-\(w)x\(h)", Self.render(language, width: w, height: h))
        }
        // Every screen names the region in its header.
        Golden.check("overview-region-\(language)-80x24", Self.render(language, width: 80, height: 24, screen: .overview))
    }

    @Test(arguments: Language.allCases, [false, true])
    func everySizeKeepsItsInvariantsAndNamesTheRegion(_ language: Language, _ ascii: Bool) {
        for (w, h) in [(80, 24), (200, 60)] {
            for screen in Screen.allCases {
                let text = Self.render(language, width: w, height: h, ascii: ascii, screen: screen)
                let lines = text.components(separatedBy: "\n")
                #expect(lines.count == h && lines.allSatisfy { DisplayWidth.of($0) <= w })
                #expect(lines[0].contains(Self.tree["610900"]!.name.text(language)), "\(screen) \(w)x\(h): \(lines[0])")
                #expect(lines[0].contains("9"), "the Regions tab: \(lines[0])")
                if ascii { #expect(!text.unicodeScalars.contains(where: ScreenMatrixRenderTests.isDrawingOrAmbiguous)) }
            }
        }
    }

    private func press(_ keys: [Key], _ state: inout DashboardState, figures: Figures = figures()) {
        for key in keys { _ = state.handle(key, input: Fixture.input(figures), width: 120, height: 40) }
    }

    @Test func choosingARegionByKey() {
        var s = DashboardState(screen: .overview)
        // R, then a name's beginning (or a code), Enter.
        press([.character("R")] + "汉阴".map { Key.character($0) } + [.enter], &s)
        #expect(s.region == "610921" && s.regionDraft == nil)
        press([.character("R"), .character("6"), .character("1"), .character("0"), .character("9"), .character("0"), .character("0"), .enter], &s)
        #expect(s.region == "610900")
        press([.character("R"), .character("x"), .character("y"), .enter], &s)   // no such region: unchanged, said
        #expect(s.region == "610900" && s.message?.contains(Str.regionUnknown.text(.zh)) == true)
        press([.character("R"), .enter], &s)   // empty: the whole store
        #expect(s.region == nil)
        // The Regions view: the tab after Reporting; Enter opens the selected county, Esc goes up.
        s.region = "610900"
        press([.character("9")], &s)
        #expect(s.screen == .regions)
        press([.down, .enter], &s)
        #expect(s.region == "610921")
        press([.escape], &s, figures: Self.figures(region: "610921"))
        #expect(s.region == "610900")
        // In a region the lists are the region's.
        press([.character("5")], &s)
        #expect(s.detailRequest == .inRegion("610900", .banks))
    }

    @Test func aRestrictedViewerCannotLeaveItsRegion() {
        var s = DashboardState(screen: .regions)
        (s.region, s.regionRoot) = ("610900", "610900")
        press([.escape], &s)   // up from its own region
        #expect(s.region == "610900" && s.message == Str.regionFixed.text(.zh))
        press([.character("R"), .enter], &s)   // "all regions" means its own
        #expect(s.region == "610900")
        press([.character("R")] + "陕西".map { Key.character($0) } + [.enter], &s)
        #expect(s.region == "610900" && s.message == Str.regionOutside.text(.zh))
        press([.down, .enter], &s)   // into a county it may see
        #expect(s.region == "610921")
        press([.character("R")] + "旬阳".map { Key.character($0) } + [.enter], &s, figures: Self.figures(region: "610921"))
        #expect(s.region == "610981")
    }

    /// Every list a restricted viewer opens is its region's: the screen's own list, a row's
    /// next level (even when the rows name it without the region), a figure table's row, and
    /// what Enter opens after an alert jump.
    @Test func aRestrictedViewersListsAndJumpsStayInItsRegion() throws {
        var s = DashboardState(screen: .banks)
        (s.region, s.regionRoot) = ("610921", "610921")
        let figures = Fixture.input(Self.figures(region: "610921"))
        #expect(s.detailRequest == .inRegion("610921", .banks))
        _ = s.handle(.enter, input: DetailFixture.input(figures, for: s), width: 120, height: 40)
        #expect(s.drillPath.count == 1)
        #expect(s.detailRequest?.region == "610921" && s.detailRequest?.level == DetailFixture.banks.rows[0].next)
        _ = s.handle(.character("2"), input: figures, width: 120, height: 40)
        _ = s.handle(.enter, input: figures, width: 120, height: 40)
        let chain = try #require(s.detailRequest)
        guard case .inRegion("610921", .chainBanks) = chain else { Issue.record("\(chain)"); return }
        // Alerts: Enter jumps to the alert's entity; Enter there opens its list, in the region.
        #expect(!figures.alerts.isEmpty)
        _ = s.handle(.character("7"), input: figures, width: 120, height: 40)
        _ = s.handle(.enter, input: figures, width: 120, height: 40)
        #expect(s.screen != .alerts)
        _ = s.handle(.enter, input: DetailFixture.input(figures, for: s), width: 120, height: 40)
        let opened = s.drills.values.flatMap { $0 }.map(\.request)
        #expect(opened.count >= 3 && opened.allSatisfy { $0.region == "610921" }, "\(opened)")
        // A region change closes the lists of the one before.
        s.regionRoot = nil
        _ = s.setRegion("610900", Self.tree)
        #expect(s.drills.isEmpty && s.detailRequest.map { $0.region == "610900" } ?? true)
    }
}
