import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// A viewer reading while a 100,000-row import runs in another connection sees the store
/// either before or after the import, never half of it, and is never blocked by it.
@Suite struct ImportConcurrencyTests {
    /// What the reader thread saw.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var _values: [Int64] = []
        private var _importing = true
        private var _error: String?
        var values: [Int64] { lock.withLock { _values } }
        var importing: Bool { lock.withLock { _importing } }
        var error: String? { lock.withLock { _error } }
        func add(_ v: Int64) { lock.withLock { _values.append(v) } }
        func finish() { lock.withLock { _importing = false } }
        func fail(_ e: String) { lock.withLock { _error = e } }
    }

    @Test func readerSeesBeforeOrAfterNeverHalf() throws {
        let data = ScaleData(loans: 50_000, months: 13)
        let f = try Fixture()
        let store = try f.store()
        let period = data.periods[0]
        // Before: the references and the first month of a few loans.
        let small = ScaleData(loans: 1_000, months: 13)
        _ = try store.importFiles(try data.references.map { try f.write($0.0, $0.1) })
        _ = try store.importFiles([try f.write("loans.csv", small.loanFile),
                                   try f.write("loan_balances-\(period.key).csv", small.balanceFile(month: 0))])
        let before = try store.figures(for: period).city.allLoans.balance.fen

        // The import: 50,000 loans and a balance for each = 100,000 rows in one transaction.
        let loans = try f.write("loans.csv", data.loanFile, folder: "big")
        var text = "loan,period,balance_yuan\n"
        for l in 0..<50_000 { text += "L\(l),\(period.key),\(1_000 + l % 500)\n" }
        let balances = try f.write("loan_balances-\(period.key).csv", text, folder: "big")

        let seen = Seen()
        let path = f.storePath
        let reader = Thread {
            do {
                let viewer = try Store(path: path, readOnly: true)
                while seen.importing {
                    seen.add(try viewer.figures(for: period).city.allLoans.balance.fen)
                }
            } catch {
                seen.fail("\(error)")
            }
        }
        reader.start()
        Thread.sleep(forTimeInterval: 0.05)
        let t0 = Date()
        let summary = try store.importFiles([loans, balances])
        let importSeconds = Date().timeIntervalSince(t0)
        seen.finish()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }

        #expect(summary.rows == 100_000)
        let after = try store.figures(for: period).city.allLoans.balance.fen
        #expect(after != before)
        #expect(seen.error == nil)
        let values = seen.values
        #expect(values.allSatisfy { $0 == before || $0 == after }, "a reader saw a half-imported state")
        // The reader kept reading while the import ran (WAL: readers never wait for the writer).
        #expect(values.filter { $0 == before }.count >= 2, "reader made \(values.count) reads in \(importSeconds) s")
    }
}
