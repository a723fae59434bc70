import Foundation

/// Loads theme files from the directories it is given, first match wins. Which directories
/// (the user's, the bundled Themes/) is the app's business: see the CLI's `ThemeCatalog`.
public enum ThemeLoader {
    public static let defaultName = "default"

    /// Loads the theme called `name` (a file `<name>.yaml` in the first search path that has
    /// it), or the file at `name` when it is a path. `default` falls back to the compiled-in
    /// copy when no Themes/ directory can be found.
    public static func load(name: String, searchPaths: [URL]) throws(ThemeError) -> Theme {
        if name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            return try loadFile(URL(fileURLWithPath: name))
        }
        for dir in searchPaths {
            for ext in ["yaml", "yml"] {
                let file = dir.appendingPathComponent("\(name).\(ext)")
                if FileManager.default.fileExists(atPath: file.path) { return try loadFile(file) }
            }
        }
        if name == defaultName { return .builtinDefault }
        let available = availableThemes(searchPaths: searchPaths).joined(separator: ", ")
        throw ThemeError(file: "\(name).yaml", "no such theme (available: \(available.isEmpty ? "default" : available))")
    }

    /// Like `load`, but never fails: a missing or broken theme gives the default theme plus
    /// the error, for the caller to show in the status line.
    public static func loadOrDefault(name: String, searchPaths: [URL]) -> (theme: Theme, error: ThemeError?) {
        do { return (try load(name: name, searchPaths: searchPaths), nil) } catch {
            let fallback = (try? load(name: defaultName, searchPaths: searchPaths)) ?? .builtinDefault
            return (fallback, error)
        }
    }

    public static func loadFile(_ url: URL) throws(ThemeError) -> Theme {
        let label = displayName(of: url)
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ThemeError(file: label, "cannot read (\(error.localizedDescription))")
        }
        return try ThemeParser.parse(text, file: label)
    }

    /// Theme names (file names without .yaml) found in the search paths, sorted.
    public static func availableThemes(searchPaths: [URL]) -> [String] {
        var names = Set<String>()
        for dir in searchPaths {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for f in files where f.hasSuffix(".yaml") || f.hasSuffix(".yml") {
                names.insert(String(f[..<f.lastIndex(of: ".")!]))
            }
        }
        return names.sorted()
    }

    /// `Themes/x.yaml` style: the parent folder and file name, short enough for a status line.
    static func displayName(of url: URL) -> String {
        let parent = url.deletingLastPathComponent().lastPathComponent
        return parent.isEmpty ? url.lastPathComponent : "\(parent)/\(url.lastPathComponent)"
    }
}
