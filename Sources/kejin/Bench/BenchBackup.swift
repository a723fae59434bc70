import Foundation
import KejinStore

extension BenchMeasurements {
    struct Backup: Codable {
        /// SQLite's online backup of the whole store into a new file.
        var copyMs: Double
        var mebibytes: Double
        var mebibytesPerSecond: Double { mebibytes / (copyMs / 1000) }
        /// The check of the copy that `kejin store backup` runs after copying.
        var checkMs: Double
        /// A 1-row balance import committed by another connection while the backup ran.
        var writerCommitMs: Double
    }

    /// One `kejin store backup` (copy, then check) of the bench store into a new file, with a
    /// writer importing one row meanwhile: the backup must neither block it nor fail its check.
    func backup() throws -> Backup {
        let destination = csvDir.deletingLastPathComponent().appendingPathComponent("backup.sqlite").path
        try? FileManager.default.removeItem(atPath: destination)
        defer { try? FileManager.default.removeItem(atPath: destination) }
        final class Outcome: @unchecked Sendable {
            let lock = NSLock()
            var report: BackupReport?
            var totalMs = 0.0
            var error: String?
        }
        let outcome = Outcome()
        guard case .sqlite(let source) = address else { throw CLIError("bench: backup is of a SQLite store") }
        let copier = Thread {
            let t0 = monotonicNanos()
            do {
                let report = try Store(path: source, readOnly: true).backup(to: destination)
                outcome.lock.withLock { outcome.report = report; outcome.totalMs = Double(monotonicNanos() - t0) / 1e6 }
            } catch {
                outcome.lock.withLock { outcome.error = "\(error)" }
            }
        }
        copier.start()
        Thread.sleep(forTimeInterval: 0.01)  // the copier opens the store and begins
        let writer = try Store(address: address)
        guard let latest = data.periods.last else { throw CLIError("bench: no periods") }
        let url = csvDir.appendingPathComponent("loan_balances-backup.csv")
        try Data("loan,period,balance_yuan\nL1,\(latest.key),\(data.balance(loan: 1, monthIndex: data.months - 1) + 7)\n".utf8).write(to: url)
        let commit = try timeMs { _ = try writer.importFiles([url]) }
        try FileManager.default.removeItem(at: url)
        while !copier.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        let (report, totalMs, error) = outcome.lock.withLock { (outcome.report, outcome.totalMs, outcome.error) }
        guard let report else { throw CLIError("bench: backup failed: \(error ?? "?")") }
        guard report.check.isConsistent else {
            throw CLIError("bench: the backup's check found: " + report.check.findings.map(\.description).joined(separator: "; "))
        }
        let copyMs = report.copySeconds * 1000
        return Backup(copyMs: copyMs, mebibytes: Double(report.bytes) / 1_048_576, checkMs: totalMs - copyMs,
                      writerCommitMs: commit)
    }
}
