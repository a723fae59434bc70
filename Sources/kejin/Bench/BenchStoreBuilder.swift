import Foundation
import KejinStore

/// Builds the synthetic store through the real import path (`Store.importFiles`, validation
/// on): the small reference files in one import, loans.csv in its own, then one
/// `loan_balances-YYYY-MM.csv` per month, each its own import and transaction like a monthly
/// ledger. Each CSV is written just before its import (untimed) and deleted after it.
struct BenchStoreBuilder {
    let data: SyntheticDataSet
    let address: StoreAddress
    let csvDir: URL
    /// Progress lines on stderr.
    let progress: (String) -> Void

    struct Throughput: Codable {
        var referenceRows = 0
        var referenceSeconds = 0.0
        var loanRows = 0
        var loanSeconds = 0.0
        /// Rows per second of each monthly balance import.
        var balanceRowsPerSecond: [Double] = []
        var balanceRows = 0
        var balanceSeconds = 0.0
        /// Seconds of an import after its rows were written (the summaries' refresh, the log,
        /// the commit: from the importer's `.summary` progress report): loans, each month.
        var loanSummarySeconds = 0.0
        var balanceSummarySeconds: [Double] = []
        /// Each month's import seconds, all of it.
        var balanceSecondsPerMonth: [Double] = []
        /// `sqlite3`'s own `.import` of the same loans file and of the first month's balances
        /// (SQLite3Reference); nil without a `sqlite3` on the PATH.
        var sqlite3LoansPerSecond: Double?
        var sqlite3BalancesPerSecond: Double?
        var loansPerSecond: Double { Double(loanRows) / loanSeconds }
        var overallRows: Int { referenceRows + loanRows + balanceRows }
        var overallSeconds: Double { referenceSeconds + loanSeconds + balanceSeconds }
        var overallPerSecond: Double { Double(overallRows) / overallSeconds }
    }

    func build() throws -> Throughput {
        try FileManager.default.createDirectory(at: csvDir, withIntermediateDirectories: true)
        let store = try Store(address: address)
        var t = Throughput()

        let files = try data.writeReferenceFiles(to: csvDir)
        // The files written after loans.csv (service-station demands, fund loans, subsidy claims,
        // whitelist pushes …) may name loans: imported after them, counted as reference data.
        let loansAt = files.firstIndex { $0.lastPathComponent == "loans.csv" }!
        let loanFiles = [files[loansAt]]
        let references = Array(files[..<loansAt]), afterLoans = Array(files[(loansAt + 1)...])
        var seconds = 0.0
        var summary = try timed(&seconds) { try store.importFiles(references) }
        t.referenceRows = summary.rows
        t.referenceSeconds = seconds
        let split = SummarySplit()
        summary = try timed(&seconds) { try store.importFiles(loanFiles, options: split.options()) }
        t.loanRows = summary.rows
        t.loanSeconds = seconds
        t.loanSummarySeconds = split.secondsSince()
        let loansSeconds = seconds
        summary = try timed(&seconds) { try store.importFiles(afterLoans) }
        t.referenceRows += summary.rows
        t.referenceSeconds += seconds
        seconds = loansSeconds
        progress(String(format: "loans: %d rows in %.1f s (%.0f rows/s; summaries and commit %.1f s)",
                        t.loanRows, seconds, t.loansPerSecond, t.loanSummarySeconds))
        t.sqlite3LoansPerSecond = try loanFiles.first.flatMap { try SQLite3Reference.rowsPerSecond(importing: $0, rows: t.loanRows) }
        try files.forEach { try FileManager.default.removeItem(at: $0) }

        for (i, period) in data.periods.enumerated() {
            let url = try data.writeBalances(for: period, monthIndex: i, to: csvDir)
            summary = try timed(&seconds) { try store.importFiles([url], options: split.options()) }
            t.balanceSummarySeconds.append(split.secondsSince())
            t.balanceSecondsPerMonth.append(seconds)
            if i == 0 { t.sqlite3BalancesPerSecond = try SQLite3Reference.rowsPerSecond(importing: url, rows: summary.rows) }
            try FileManager.default.removeItem(at: url)
            t.balanceRows += summary.rows
            t.balanceSeconds += seconds
            t.balanceRowsPerSecond.append(Double(summary.rows) / seconds)
            progress(String(format: "balances %@: %d rows in %.1f s (%.0f rows/s; summaries and commit %.1f s)",
                            period.key, summary.rows, seconds, Double(summary.rows) / seconds, t.balanceSummarySeconds[i]))
        }
        // On PostgreSQL, what autovacuum would do in the minutes after: without it the viewer's
        // reads find the new rows' pages not yet all-visible (at 1M loans, the per-screen
        // period moves' medians were 14–27 ms before it, 10–19 ms after). Not counted in the imports' times.
        if case .postgres = address {
            _ = try timed(&seconds) { try store.vacuumAfterBulkLoad() }
            progress(String(format: "VACUUM (ANALYZE) after the build: %.1f s", seconds))
        }
        return t
    }

    /// When the last import reached its `.summary` stage: the rows are written, the summaries'
    /// refresh begins. (A progress callback costs the import a line count of each file.)
    final class SummarySplit: @unchecked Sendable {
        private let lock = NSLock()
        private var reached: UInt64?

        func options() -> ImportOptions {
            lock.withLock { reached = nil }
            return ImportOptions(progress: { [self] report in
                guard report.stage == .summary else { return }
                let now = monotonicNanos()
                lock.withLock { if reached == nil { reached = now } }
            })
        }

        /// Seconds from the `.summary` report to now (0 if there was none).
        func secondsSince() -> Double {
            let now = monotonicNanos()
            return lock.withLock { reached.map { Double(now - $0) / 1e9 } ?? 0 }
        }
    }

    private func timed<T>(_ seconds: inout Double, _ body: () throws -> T) throws -> T {
        let t0 = monotonicNanos()
        let result = try body()
        seconds = Double(monotonicNanos() - t0) / 1e9
        return result
    }
}
