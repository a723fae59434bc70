import Foundation
import KejinCore
import KejinStore

extension BenchMeasurements {
    /// Corrections and late ledgers: small imports commit by delta (KejinStore's
    /// SummaryDelta), and after a random sequence of them every summary still equals a full
    /// recompute (`kejin store check`).
    struct SmallImports: Codable {
        /// One month of 1% of the loans (those of every hundredth bank), changed values.
        var onePercentRows: Int
        var onePercentCommitMs: Stat
        /// Random updates, zeroed balances and bank-month replacements, then `store check`.
        var randomImports: Int
        var findingsAfter: Int
        var checkMs: Double
    }

    func smallImports() throws -> SmallImports {
        let writer = try Store(address: address)
        guard let latest = data.periods.last else { throw CLIError("bench: no period") }
        let offset = 1 + Int(monotonicNanos() / 1000 % 1_000_000)
        let share = Array(stride(from: 7, to: data.loans, by: 100))
        var commits: [Double] = []
        for run in 0..<runs {
            let url = csvDir.appendingPathComponent("loan_balances-one-percent.csv")
            try write(url, share.map { "L\($0),\(latest.key),\(data.balance(loan: $0, monthIndex: data.months - 1) + offset + run)" })
            commits.append(try timeMs { _ = try writer.importFiles([url]) })
            try FileManager.default.removeItem(at: url)
        }

        var rng = SplitMix64(seed: UInt64(offset))
        let steps = 20
        for step in 0..<steps {
            let m = rng.next(below: data.months)
            let period = data.periods[m]
            let url = csvDir.appendingPathComponent("loan_balances-small\(step).csv")
            if step % 4 == 3 {
                // A bank resubmits its month leaving a few loans out: they are removed.
                let bank = rng.next(below: data.banks)
                let rows = stride(from: bank, to: data.loans, by: data.banks).filter { _ in rng.next(below: 10) > 0 }
                try write(url, rows.map { "L\($0),\(period.key),\(data.balance(loan: $0, monthIndex: m) + offset)" })
                _ = try writer.importFiles([url], options: ImportOptions(replace: true))
            } else {
                let rows = (0..<1 + rng.next(below: 20)).map { _ -> String in
                    let l = rng.next(below: data.loans)
                    return "L\(l),\(period.key),\(rng.next(below: 5) == 0 ? 0 : data.balance(loan: l, monthIndex: m) + offset)"
                }
                try write(url, rows)
                _ = try writer.importFiles([url])
            }
            try FileManager.default.removeItem(at: url)
        }
        var findings = -1
        let checkMs = try timeMs { findings = try writer.check().findings.count }
        return SmallImports(onePercentRows: share.count, onePercentCommitMs: Stat(commits), randomImports: steps,
                            findingsAfter: findings, checkMs: checkMs)
    }

    private func write(_ url: URL, _ rows: [String]) throws {
        try Data((["loan,period,balance_yuan"] + rows).joined(separator: "\n").appending("\n").utf8).write(to: url)
    }
}
