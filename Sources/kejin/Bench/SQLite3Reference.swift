import Foundation

/// The physical reference for imports: the `sqlite3` shell's own `.import` of the same CSV
/// file into a bare table of a new database (no types, no validation, no indexes), timed
/// from spawn to exit. Nil when no `sqlite3` is on the PATH (the table then says so).
enum SQLite3Reference {
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/sqlite3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Rows per second for `rows` data rows of `file`.
    static func rowsPerSecond(importing file: URL, rows: Int) throws -> Double? {
        guard let executable, rows > 0 else { return nil }
        let db = file.deletingLastPathComponent().appendingPathComponent("sqlite3-reference.sqlite").path
        try? FileManager.default.removeItem(atPath: db)
        defer { try? FileManager.default.removeItem(atPath: db) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [db, ".import --csv \(file.path) t"]
        let t0 = monotonicNanos()
        try process.run()
        process.waitUntilExit()
        let seconds = Double(monotonicNanos() - t0) / 1e9
        guard process.terminationStatus == 0 else { throw CLIError("bench: sqlite3 .import of \(file.lastPathComponent) failed") }
        return Double(rows) / seconds
    }
}
