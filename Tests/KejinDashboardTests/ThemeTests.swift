import Foundation
import Testing
@testable import KejinDashboard

/// Themes/ in the source tree: Tests/KejinDashboardTests/ThemeTests.swift → ../../Themes.
private let themesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Themes")

/// This process's theme folders, removed when it exits.
private let processFolder = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-theme-\(getpid())")
private let removeProcessFolderAtExit: Void = { atexit { try? FileManager.default.removeItem(at: processFolder) } }()

private func temporaryThemes(_ files: [String: String]) throws -> URL {
    _ = removeProcessFolderAtExit
    let dir = processFolder.appendingPathComponent(UUID().uuidString).appendingPathComponent("Themes")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    return dir
}

@Suite struct ThemeFileTests {
    @Test(arguments: ["default", "light", "high-contrast", "monochrome"])
    func bundledThemeParses(name: String) throws {
        let theme = try ThemeLoader.load(name: name, searchPaths: [themesDirectory])
        #expect(theme.name == name)
        #expect(Set(theme.roles.keys) == Set(Role.allCases))
    }

    @Test func bundledThemesAreListed() {
        let names = ThemeLoader.availableThemes(searchPaths: [themesDirectory])
        #expect(names == ["default", "high-contrast", "light", "monochrome"])
    }

    @Test func builtinDefaultEqualsDefaultFile() throws {
        let file = try ThemeLoader.loadFile(themesDirectory.appendingPathComponent("default.yaml"))
        #expect(Theme.builtinDefault == file)
    }

    @Test func defaultThemeValuesAreWhatTheFileSays() {
        let theme = Theme.builtinDefault
        #expect(theme[.title].foreground == .ansi(14))
        #expect(theme[.title].attributes == [.bold])
        #expect(theme[.label].foreground == .rgb(red: 0xa8, green: 0xa8, blue: 0xa8))
        #expect(theme[.critical].background == .ansi(1))
        #expect(theme[.selection].monochrome == [.reverse])
    }

    @Test func monochromeHasNoColours() throws {
        let theme = try ThemeLoader.load(name: "monochrome", searchPaths: [themesDirectory])
        #expect(!theme.usesColor)
        #expect(Theme.builtinDefault.usesColor)
        for role in Role.allCases {
            #expect(theme[role].foreground == .default && theme[role].background == .default)
        }
        // Roles that must stand out still differ without colour.
        #expect(theme.attributes(for: .critical, colors: false) == [.bold, .reverse])
        #expect(theme.attributes(for: .selection, colors: false) == [.reverse])
        #expect(theme.attributes(for: .normal, colors: false) == [])
    }

    @Test func noColourAttributesComeFromMonochromeHints() {
        let theme = Theme.builtinDefault
        #expect(theme.attributes(for: .selection, colors: true) == [])
        #expect(theme.attributes(for: .selection, colors: false) == [.reverse])
        #expect(theme.attributes(for: .critical, colors: false) == [.bold, .reverse])
    }

    @Test func missingRolesTakeNormalsStyle() throws {
        let theme = try ThemeParser.parse("""
            name: tiny
            roles:
              normal: { fg: white, bg: blue }
              title: { bold: true }
            """, file: "tiny.yaml")
        #expect(theme[.gauge] == theme[.normal])
        #expect(theme[.normal].background == .ansi(4))
        #expect(theme[.title].attributes == [.bold])
    }
}

@Suite struct ThemeErrorTests {
    @Test func badColourNamesFileAndKey() throws {
        let dir = try temporaryThemes(["x.yaml": """
            name: x
            roles:
              warning: { fg: bleu }
            """])
        let result = ThemeLoader.loadOrDefault(name: "x", searchPaths: [dir])
        let error = try #require(result.error)
        #expect(error.file == "Themes/x.yaml")
        #expect(error.key == "roles.warning.fg")
        #expect(error.description.hasPrefix("Themes/x.yaml: roles.warning.fg: \"bleu\" is not a colour"))
        #expect(result.theme == Theme.builtinDefault)   // falls back to the default
    }

    @Test(arguments: [
        ("name: a\nroles:\n  title: { colour: red }\n", "roles.title.colour"),
        ("name: a\nroles:\n  titel: { fg: red }\n", "roles.titel"),
        ("name: a\nroles:\n  title: { bold: maybe }\n", "roles.title.bold"),
        ("name: a\nroles:\n  title: { fg: 300 }\n", "roles.title.fg"),
        ("name: a\nroles:\n  title:\n    fg: #ff0000\n", "roles.title.fg"),
        ("name: a\nroles:\n  title: { mono: [blink] }\n", "roles.title.mono"),
        ("roles: {}\n", "name"),
        ("name: a\nroles: [1, 2]\n", "roles"),
        ("name: a\ncolours: {}\nroles: {}\n", "colours"),
    ])
    func brokenThemeNamesKey(yaml: String, key: String) {
        #expect {
            try ThemeParser.parse(yaml, file: "Themes/bad.yaml")
        } throws: { error in
            guard let e = error as? ThemeError else { return false }
            return e.file == "Themes/bad.yaml" && e.key == key && e.description.contains(key)
        }
    }

    @Test func invalidYamlNamesFile() {
        #expect(throws: ThemeError.self) { try ThemeParser.parse("name: [unclosed\n", file: "Themes/y.yaml") }
    }

    @Test func unknownThemeListsAvailable() {
        #expect {
            try ThemeLoader.load(name: "nope", searchPaths: [themesDirectory])
        } throws: { error in
            "\(error)".contains("nope.yaml") && "\(error)".contains("high-contrast")
        }
    }

    @Test func defaultWorksWithoutAnyThemesDirectory() throws {
        #expect(try ThemeLoader.load(name: "default", searchPaths: []) == Theme.builtinDefault)
    }
}

@Suite struct ThemeSearchTests {
    @Test func userDirectoryComesFirstAndWins() throws {
        let user = try temporaryThemes(["default.yaml": "name: mine\nroles: {}\n"])
        let config = user.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: config.appendingPathComponent("kejin"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: user, to: config.appendingPathComponent("kejin/themes"))
        // The user's directory, then the bundled one (the order the CLI's ThemeCatalog uses).
        let paths = [config.appendingPathComponent("kejin/themes"), themesDirectory]
        #expect(try ThemeLoader.load(name: "default", searchPaths: paths).name == "mine")
        #expect(try ThemeLoader.load(name: "light", searchPaths: paths).name == "light")
    }

    @Test func pathNamesLoadThatFile() throws {
        let theme = try ThemeLoader.load(name: themesDirectory.appendingPathComponent("light.yaml").path, searchPaths: [])
        #expect(theme.name == "light")
    }
}

@Suite struct ColorTests {
    @Test(arguments: [
        ("default", ThemeColor.default), ("bright-cyan", .ansi(14)), ("red", .ansi(1)), ("grey", .ansi(8)),
        ("0", .indexed(0)), ("255", .indexed(255)), ("#1E90ff", .rgb(red: 0x1e, green: 0x90, blue: 0xff)),
    ])
    func parses(text: String, color: ThemeColor) {
        #expect(ThemeColor(parsing: text) == color)
    }

    @Test(arguments: ["bleu", "256", "-1", "#12345", "#gggggg", ""])
    func rejects(text: String) { #expect(ThemeColor(parsing: text) == nil) }

    @Test func descriptionRoundTrips() {
        for c in [ThemeColor.default, .ansi(9), .indexed(200), .rgb(red: 1, green: 0xab, blue: 0xff)] {
            #expect(ThemeColor(parsing: c.description) == c)
        }
    }

    @Test(arguments: [
        ((255, 0, 0), 196), ((0, 0, 0), 16), ((255, 255, 255), 231), ((0x5f, 0xaf, 0xff), 75),
        ((0x80, 0x80, 0x80), 244), ((0xa8, 0xa8, 0xa8), 248), ((0x12, 0x12, 0x12), 233), ((0x87, 0xd7, 0xaf), 115),
    ])
    func rgbToXterm256(rgb: (Int, Int, Int), index: Int) {
        #expect(ColorMapping.xterm256(r: rgb.0, g: rgb.1, b: rgb.2) == index)
    }

    @Test func xterm256PaletteValues() {
        #expect(ColorMapping.rgb(ofXterm256: 16) == (0, 0, 0))
        #expect(ColorMapping.rgb(ofXterm256: 75) == (0x5f, 0xaf, 0xff))
        #expect(ColorMapping.rgb(ofXterm256: 232) == (8, 8, 8))
        #expect(ColorMapping.rgb(ofXterm256: 255) == (238, 238, 238))
        // Every cube and grey entry maps back to itself.
        for i in 16...255 {
            let c = ColorMapping.rgb(ofXterm256: i)
            #expect(ColorMapping.xterm256(r: c.r, g: c.g, b: c.b) == i || (c.r == c.g && c.g == c.b))
        }
    }

    @Test(arguments: [(196, 9), (46, 10), (21, 4), (63, 12), (16, 0), (231, 15), (244, 8), (3, 3), (124, 1), (30, 6)])
    func xterm256To16(index: Int, ansi: Int) {
        #expect(ColorMapping.ansi16(fromXterm256: index) == ansi)
    }

    @Test func sixteenToEight() {
        #expect((0..<16).map(ColorMapping.ansi8(fromANSI16:)) == Array(0..<8) + Array(0..<8))
    }

    @Test func degradesByDepth() {
        let red = ThemeColor.rgb(red: 255, green: 0, blue: 0)
        #expect(ColorMapping.terminalColor(red, depth: .direct) == 0xFF0000)
        #expect(ColorMapping.terminalColor(red, depth: .c256) == 196)
        #expect(ColorMapping.terminalColor(red, depth: .sixteen) == 9)
        #expect(ColorMapping.terminalColor(red, depth: .eight) == 1)
        #expect(ColorMapping.terminalColor(red, depth: .none) == nil)
        #expect(ColorMapping.terminalColor(.ansi(14), depth: .eight) == 6)
        #expect(ColorMapping.terminalColor(.ansi(14), depth: .c256) == 14)
        #expect(ColorMapping.terminalColor(.indexed(75), depth: .sixteen) == 12)
        #expect(ColorMapping.terminalColor(.indexed(75), depth: .eight) == 4)
        #expect(ColorMapping.terminalColor(.default, depth: .eight) == -1)
        #expect(ColorMapping.terminalColor(.default, depth: .none) == nil)
    }

    @Test func everyBundledColourDegradesIntoRange() throws {
        for name in ThemeLoader.availableThemes(searchPaths: [themesDirectory]) {
            let theme = try ThemeLoader.load(name: name, searchPaths: [themesDirectory])
            for style in theme.roles.values {
                for c in [style.foreground, style.background] {
                    #expect((-1..<8).contains(ColorMapping.terminalColor(c, depth: .eight)!))
                    #expect((-1..<16).contains(ColorMapping.terminalColor(c, depth: .sixteen)!))
                    #expect((-1..<256).contains(ColorMapping.terminalColor(c, depth: .c256)!))
                }
            }
        }
    }
}
