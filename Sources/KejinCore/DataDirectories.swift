import Foundation

/// Where an installed kejin finds the data it ships (the demo data set in `demo/`, the bundled
/// themes in `themes/`), first match first:
/// 1. `$KEJIN_DATA_DIR`, when set;
/// 2. `PREFIX/share/kejin`, PREFIX being the folder above the one holding the real executable
///    (`/usr/bin/kejin` → `/usr/share/kejin`, `/opt/kejin/bin/kejin` → `/opt/kejin/share/kejin`).
/// Callers add their build-folder fallbacks after these (SwiftPM's resource bundle beside a
/// built binary, the source tree in a debug build), so `swift run` works without installing.
public enum DataDirectories {
    public static func installed(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var dirs: [URL] = []
        if let dir = environment["KEJIN_DATA_DIR"], !dir.isEmpty { dirs.append(URL(fileURLWithPath: dir)) }
        if let exe = executable {
            dirs.append(exe.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/kejin"))
        }
        return dirs
    }

    /// The running executable with symlinks resolved (`/proc/self/exe`; else argv[0]).
    public static var executable: URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        guard let arg0 = CommandLine.arguments.first, arg0.contains("/") else { return nil }
        return URL(fileURLWithPath: arg0).resolvingSymlinksInPath()
    }
}
