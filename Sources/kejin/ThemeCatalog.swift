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

    /// `$XDG_CONFIG_HOME/kejin/themes` (or `~/.config/kejin/themes`), then the bundled themes:
    /// `$KEJIN_DATA_DIR/themes`, `PREFIX/share/kejin/themes` (see `DataDirectories`), a
    /// `Themes/` found by walking up from the executable (`swift run`, `.build/release/kejin`),
    /// and in a debug build the source tree's Themes/. Duplicates removed, order kept.
    static func searchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var paths: [URL] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append(URL(fileURLWithPath: xdg).appendingPathComponent("kejin/themes"))
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(URL(fileURLWithPath: home).appendingPathComponent(".config/kejin/themes"))
        }
        paths += bundledThemeDirectories(environment: environment)
        var seen = Set<String>()
        return paths.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// Bundled theme directories that exist, in the order above (after the user's own).
    static func bundledThemeDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        func hasThemes(_ dir: URL) -> Bool {
            FileManager.default.fileExists(atPath: dir.appendingPathComponent("default.yaml").path)
        }
        var found = DataDirectories.installed(environment: environment).map { $0.appendingPathComponent("themes") }.filter(hasThemes)
        if let exe = DataDirectories.executable {
            var dir = exe.deletingLastPathComponent()
            while dir.path != "/" && !dir.path.isEmpty {
                if hasThemes(dir.appendingPathComponent("Themes")) { found.append(dir.appendingPathComponent("Themes")) }
                dir = dir.deletingLastPathComponent()
            }
        }
        #if DEBUG
        // Sources/kejin/ThemeCatalog.swift → ../../Themes
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes")
        if hasThemes(source) { found.append(source) }
        #endif
        return found
    }
}
