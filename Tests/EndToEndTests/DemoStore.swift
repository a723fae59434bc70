import Foundation

/// The demo store made once per test process through `kejin demo` (~8 s of a debug build's
/// CPU; some forty tests want one), which each test copies. Only the tests of `kejin demo`
/// itself (refusals, file modes, groups) still run it.
enum DemoStore {
    private static let template: Result<String, Error> = Result {
        let path = try temporaryDirectory().appendingPathComponent("demo-template.sqlite").path
        try run(kejinBinary, ["demo", "--store", path])
        return path
    }

    /// A copy of the demo store at `path` (a new file). Its write-ahead log goes with it (kejin
    /// keeps the log file); the shared-memory index does not: SQLite rebuilds it from the log
    /// on first open. No test opens the template itself, so nothing writes it while copied.
    static func copy(to path: String) throws {
        let source = try template.get()
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: source + suffix) {
            try FileManager.default.copyItem(atPath: source + suffix, toPath: path + suffix)
        }
    }

    /// A copy of the demo store in a fresh directory, named `name`.
    static func fresh(_ name: String = "kejin.sqlite") throws -> String {
        let path = try temporaryDirectory().appendingPathComponent(name).path
        try copy(to: path)
        return path
    }
}
