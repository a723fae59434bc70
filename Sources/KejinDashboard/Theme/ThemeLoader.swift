import Foundation

/// Finds and loads theme files: the user's directory first, then the bundled Themes/.
public enum ThemeLoader {
    public static let defaultName = "default"

    /// `$XDG_CONFIG_HOME/kejin/themes` (or `~/.config/kejin/themes`), then the bundled Themes/
    /// found by walking up from the executable (covers `swift run` and `.build/debug/kejin`),
    /// then the source tree's Themes/ via this file's path. Duplicates removed, order kept.
    public static func searchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
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
        // Sources/KejinDashboard/Theme/ThemeLoader.swift → ../../../Themes
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Themes")
        if FileManager.default.fileExists(atPath: source.appendingPathComponent("default.yaml").path) { found.append(source) }
        return found
    }

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
