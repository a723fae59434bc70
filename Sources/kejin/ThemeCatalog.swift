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
        searchPaths = ThemeLoader.searchPaths(environment: environment)
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
}
