import Foundation
import Testing

/// Where the viewer finds a user's themes (ThemeCatalog.searchPaths): `$XDG_CONFIG_HOME/kejin/themes`,
/// else `~/.config/kejin/themes`. Checked on the built binary, the way a user runs it.
@Suite(.serialized) struct ThemeSearchPathTests {
    /// A home directory holding `.config/kejin/themes/homegrown.yaml`.
    func homeWithTheme() throws -> URL {
        let home = try temporaryDirectory()
        let themes = home.appendingPathComponent(".config/kejin/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try """
            name: homegrown
            roles:
              title: { fg: magenta, bold: true }
              value: { fg: yellow }
            """.write(to: themes.appendingPathComponent("homegrown.yaml"), atomically: true, encoding: .utf8)
        return home
    }

    /// `env -u XDG_CONFIG_HOME`: the variable is unset, not empty, whatever the test runner has.
    func viewer(home: URL, xdgConfigHome: URL?) throws -> TmuxSession {
        let store = try DashboardEndToEndTests.sharedStore.get()
        var environment = ["LANG": "C.UTF-8", "HOME": home.path, "TERM": "tmux-256color"]
        if let xdgConfigHome { environment["XDG_CONFIG_HOME"] = xdgConfigHome.path }
        let unset = xdgConfigHome == nil ? "env -u XDG_CONFIG_HOME " : ""
        return try TmuxSession(command: "\(unset)\(kejinBinary) --store \(TmuxSession.quote(store)) --theme homegrown --lang en",
                               width: 160, height: 40, environment: environment)
    }

    /// The first whole frame: the header and the status line (which names the theme either
    /// way), not the first capture that shows the header while the rest is still painting.
    func firstFrame(_ tmux: TmuxSession) throws -> String {
        try tmux.waitUntil("the Overview with its status line") { $0.contains("Overview") && statusLine($0).contains("theme") }
    }

    func statusLine(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test func withoutXDGConfigHomeAThemeUnderHomeConfigIsFound() throws {
        let tmux = try viewer(home: try homeWithTheme(), xdgConfigHome: nil)
        let screen = try firstFrame(tmux)
        let status = statusLine(screen)
        #expect(status.contains("theme homegrown"), "status line: \(status)")
        #expect(!status.contains("theme file error"), "status line: \(status)")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    /// The counter-check: with XDG_CONFIG_HOME set, `~/.config` is not searched, so the same
    /// theme is not found; the status line says so and the default is used.
    @Test func xdgConfigHomeTakesThePlaceOfHomeConfig() throws {
        let tmux = try viewer(home: try homeWithTheme(), xdgConfigHome: try temporaryDirectory())
        let screen = try firstFrame(tmux)
        let status = statusLine(screen)
        #expect(!status.contains("theme homegrown"), "status line: \(status)")
        #expect(status.contains("no such theme"), "status line: \(status)")
        #expect(status.contains("default theme used"), "status line: \(status)")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
