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
        let loanFiles = files.filter { $0.lastPathComponent == "loans.csv" }
        // The service stations' demands name loans: imported after them, counted as reference data.
        let afterLoans = files.filter { $0.lastPathComponent == "station_demands.csv" }
        let references = files.filter { $0.lastPathComponent != "loans.csv" && !afterLoans.contains($0) }
        var seconds = 0.0
        var summary = try timed(&seconds) { try store.importFiles(references) }
        t.referenceRows = summary.rows
        t.referenceSeconds = seconds
        summary = try timed(&seconds) { try store.importFiles(loanFiles) }
        t.loanRows = summary.rows
        t.loanSeconds = seconds
        let loansSeconds = seconds
        summary = try timed(&seconds) { try store.importFiles(afterLoans) }
        t.referenceRows += summary.rows
        t.referenceSeconds += seconds
        seconds = loansSeconds
        progress(String(format: "loans: %d rows in %.1f s (%.0f rows/s)", t.loanRows, seconds, t.loansPerSecond))
        t.sqlite3LoansPerSecond = try loanFiles.first.flatMap { try SQLite3Reference.rowsPerSecond(importing: $0, rows: t.loanRows) }
        try files.forEach { try FileManager.default.removeItem(at: $0) }

        for (i, period) in data.periods.enumerated() {
            let url = try data.writeBalances(for: period, monthIndex: i, to: csvDir)
            summary = try timed(&seconds) { try store.importFiles([url]) }
            if i == 0 { t.sqlite3BalancesPerSecond = try SQLite3Reference.rowsPerSecond(importing: url, rows: summary.rows) }
            try FileManager.default.removeItem(at: url)
            t.balanceRows += summary.rows
            t.balanceSeconds += seconds
            t.balanceRowsPerSecond.append(Double(summary.rows) / seconds)
            progress(String(format: "balances %@: %d rows in %.1f s (%.0f rows/s)",
                            period.key, summary.rows, seconds, Double(summary.rows) / seconds))
        }
        return t
    }

    private func timed<T>(_ seconds: inout Double, _ body: () throws -> T) throws -> T {
        let t0 = monotonicNanos()
        let result = try body()
        seconds = Double(monotonicNanos() - t0) / 1e9
        return result
    }
}
