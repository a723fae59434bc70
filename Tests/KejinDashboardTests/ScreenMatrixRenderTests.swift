import Foundation
import KejinCore
import Testing
@testable import KejinDashboard

/// Every screen at 80x24 and 200x60, in Chinese and English, Unicode and ASCII: invariants
/// instead of golden files (whole wide characters, nothing past the edge, ASCII means ASCII,
/// the labels a user needs to find their way are on screen).
@Suite struct ScreenMatrixRenderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let screen: Screen, language: Language, ascii: Bool, width: Int, height: Int, help: Bool
        var testDescription: String { "\(screen) \(language) \(ascii ? "ascii" : "unicode") \(width)x\(height)\(help ? " help" : "")" }
    }

    static let cases: [Case] = Screen.shown(regions: false).flatMap { screen in
        Language.allCases.flatMap { language in
            [false, true].flatMap { ascii in
                [(80, 24), (200, 60)].flatMap { size in
                    [false, true].map { Case(screen: screen, language: language, ascii: ascii, width: size.0, height: size.1, help: $0) }
                }
            }
        }
    }

    static func render(_ c: Case, input: FrameInput = Fixture.input()) -> CellGrid {
        var state = DashboardState(screen: c.screen, language: c.language, ascii: c.ascii)
        state.showingHelp = c.help
        return DashboardRenderer.render(input, state: state, width: c.width, height: c.height)
    }

    /// Box drawing, block elements, arrows, and the ambiguous-width `·` `×` `…`: characters a
    /// zh_CN terminal may draw two cells wide, which ASCII mode must not use.
    static func isDrawingOrAmbiguous(_ s: Unicode.Scalar) -> Bool {
        (0x2190...0x21FF).contains(s.value) || (0x2500...0x259F).contains(s.value) || (0x25A0...0x25FF).contains(s.value)
            || [0xB7, 0xD7, 0x2026, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D].contains(s.value)
    }

    @Test(arguments: cases)
    func frameKeepsItsInvariants(_ c: Case) {
        let g = Self.render(c)
        #expect(g.width == c.width && g.height == c.height)
        RenderTests.expectWholeWideCharacters(g, c.testDescription)
        let lines = g.text.components(separatedBy: "\n")
        #expect(lines.count == c.height)
        for (y, line) in lines.enumerated() {
            #expect(DisplayWidth.of(line) <= c.width, "\(c.testDescription): row \(y) is \(DisplayWidth.of(line)) cells wide")
        }
        // The last column never starts a wide character (it would spill over the edge).
        for y in 0..<g.height {
            #expect(DisplayWidth.of(g[g.width - 1, y].character) == 1 || g[g.width - 1, y].isContinuation,
                    "\(c.testDescription): wide character in the last column, row \(y)")
        }
        if c.ascii {
            let bad = g.text.unicodeScalars.filter(Self.isDrawingOrAmbiguous)
            #expect(bad.isEmpty, "\(c.testDescription): \(String(String.UnicodeScalarView(bad)))")
        }
    }

    @Test(arguments: cases.filter { !$0.help })
    func keyLabelsAreOnScreen(_ c: Case) {
        let g = Self.render(c)
        let rows = g.text.components(separatedBy: "\n")
        let header = rows[0], status = rows[rows.count - 1]
        // Narrow terminals show the other tabs by number only (HeaderLine.Layout).
        let layout = HeaderLine.Layout(current: c.screen, language: c.language, width: c.width)
        #expect(layout.tabs.count == Screen.shown(regions: false).count, "\(c.testDescription): tabs cut off: \(header)")
        for tab in layout.tabs {
            #expect(header.contains(tab.text.trimmingCharacters(in: .whitespaces)),
                    "\(c.testDescription): tab \(tab.screen) missing from the header: \(header)")
        }
        #expect(header.contains("[\(c.screen.key) \(c.screen.title.text(c.language))]"), "current tab not marked: \(header)")
        #expect(header.contains(Fixture.figures.period.key), "\(c.testDescription): period missing: \(header)")
        #expect(status.contains(Str.hintQuit.text(c.language)) && status.contains(Str.hintHelp.text(c.language)),
                "\(c.testDescription): key hints missing: \(status)")
        let essential: Str = switch c.screen {
        case .overview: .chainsTitle
        case .chains: .colChain
        case .relending: .colTool
        case .guarantees: .colGuarantor
        case .banks: .screenBanks
        case .fourLoans: .screenFourLoans
        case .alerts: .alertsTitle
        case .reporting: .reportingTitle
        case .regions: .regionsTitle
        case .programme: .pillarCoordination
        }
        #expect(g.text.contains(essential.text(c.language)), "\(c.testDescription): \(essential) missing:\n\(g.text)")
    }

    /// The help overlay names the quit key in every cell of the matrix.
    @Test(arguments: cases.filter(\.help))
    func helpIsReadable(_ c: Case) {
        let text = Self.render(c).text
        #expect(text.contains(Str.helpTitle.text(c.language)), "\(c.testDescription)")
        #expect(text.contains(Str.helpQuit.text(c.language)), "\(c.testDescription):\n\(text)")
    }

    /// Truncation keeps whole characters: a Chinese name cut at every width never leaves half
    /// of a character, and never exceeds the width.
    @Test func truncationNeverCutsAWideCharacter() {
        let name = "安康市政府性融资担保有限责任公司abc"
        for width in 0...DisplayWidth.of(name) + 2 {
            let cut = DisplayWidth.truncate(name, to: width)
            #expect(DisplayWidth.of(cut) <= width)
            #expect(DisplayWidth.of(cut) >= min(width, DisplayWidth.of(name)) - 1)   // at most the one cell a wide character could not use
            #expect(name.hasPrefix(cut))
            var grid = CellGrid(width: width + 3, height: 1)
            grid.put(name, x: 1, y: 0, maxWidth: width)
            RenderTests.expectWholeWideCharacters(grid, "put at width \(width)")
            #expect(!grid[width + 1, 0].isContinuation && (width + 1 >= grid.width || grid[width + 1, 0].character == " "),
                    "put wrote past maxWidth \(width)")
        }
    }
}
