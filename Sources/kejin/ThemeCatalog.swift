import Foundation
import KejinCore
import KejinDashboard

/// The themes a viewer can cycle through with `t`, starting from `--theme` or the default.
/// A broken theme file is reported (status line) and replaced by the default.
struct ThemeCatalog {
    private(set) var current: Theme
    private(set) var error: ThemeError?
    private var names: [String]
    private let searchPaths: [URL]

    init(environment: [String: String], requested: String?) {
        searchPaths = Self.searchPaths(environment: environment)
        names = ThemeLoader.availableThemes(searchPaths: searchPaths)
        current = Theme.builtinDefault
        load(requested ?? "default")
    }

    /// "主题 light" after `t`.
    func message(_ language: Language) -> String { Str.theme.text(language) + " " + current.name }

    mutating func cycle() {
        guard !names.isEmpty else { return }
        let index = names.firstIndex(of: current.name).map { ($0 + 1) % names.count } ?? 0
        load(names[index])
    }

    private mutating func load(_ name: String) {
        let (theme, failure) = ThemeLoader.loadOrDefault(name: name, searchPaths: searchPaths)
        current = theme
        error = failure
    }

    // MARK: Where themes are found

    /// `$XDG_CONFIG_HOME/kejin/themes` (or `~/.config/kejin/themes`), then the bundled Themes/
    /// found by walking up from the executable (covers `swift run` and `.build/debug/kejin`),
    /// then the source tree's Themes/ via this file's path. Duplicates removed, order kept.
    static func searchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var paths: [URL] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append(URL(fileURLWithPath: xdg).appendingPathComponent("kejin/themes"))
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(URL(fileURLWithPath: home).appendingPathComponent(".config/kejin/themes"))
        }
        paths += bundledThemeDirectories()
        var seen = Set<String>()
        return paths.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// Bundled Themes/ directories that exist: near the executable, then next to the sources.
    static func bundledThemeDirectories() -> [URL] {
        var starts: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe))
        }
        if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
            starts.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath())
        }
        var found: [URL] = []
        for start in starts {
            var dir = start.deletingLastPathComponent()
            while dir.path != "/" && !dir.path.isEmpty {
                for candidate in [dir.appendingPathComponent("Themes"), dir.appendingPathComponent("share/kejin/themes")]
                where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("default.yaml").path) {
                    found.append(candidate)
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        // Sources/kejin/ThemeCatalog.swift → ../../Themes
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes")
        if FileManager.default.fileExists(atPath: source.appendingPathComponent("default.yaml").path) { found.append(source) }
        return found
    }
}
