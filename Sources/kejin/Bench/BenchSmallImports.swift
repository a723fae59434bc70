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
        /// Then two corrections of the reference data — three loans' amounts and start months; a
        /// firm's chain and a tag — each commit (the summaries by delta, ReferenceDelta; every
        /// period recomputed before stop 53). Nil in older reports.
        var referenceCommitMs: Stat? = nil
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
        let referenceMs = try referenceCorrections(writer, &rng)
        var findings = -1
        let checkMs = try timeMs { findings = try writer.check().findings.count }
        return SmallImports(onePercentRows: share.count, onePercentCommitMs: Stat(commits), randomImports: steps,
                            referenceCommitMs: Stat(referenceMs), findingsAfter: findings, checkMs: checkMs)
    }

    /// Three random loans (none with a guarantee or a draw) a month earlier with another amount,
    /// as SyntheticDataSet writes them otherwise; then a random firm on the next chain with an
    /// SRDI tag. The check after them compares new_loan_summary too.
    private func referenceCorrections(_ writer: Store, _ rng: inout SplitMix64) throws -> [Double] {
        let purposes = ["general", "general", "general", "tech_innovation", "tech_transformation"]
        let loans = (0..<3).map { _ in
            var l = rng.next(below: data.loans)
            while l % 97 == 0 || l % 200 == 0 { l = (l + 1) % data.loans }
            let was = data.startMonth(loan: l), start = was.advanced(by: -1)
            return "L\(l),B\(l % data.banks),E\(l % data.enterprises),P\(l % 12),\(purposes[l % 5]),\(start.key)-10,"
                + "\(was.year + 5)-\(twoDigits(was.month))-10,\(100_000 + rng.next(below: 20_000_000)),\(3 + l % 3),"
                + "\(l % 9 == 0 ? 1 : 0),\(l % 4 == 0 ? 1 : 0),\(l % 11 == 0 ? 1 : 0),\(l % 13 == 0 ? 1 : 0),\(l % 17 == 0 ? 1 : 0),,"
        }
        let e = rng.next(below: data.enterprises)
        let files: [[(String, [String])]] = [
            [("loans-fix.csv", ["code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw"] + loans)],
            [("enterprises-fix.csv", ["code,name_zh,name_en,chain,region", "E\(e),企业\(e),Enterprise \(e),C\((e + 1) % data.chains),\(data.region(ofEnterprise: e))"]),
             ("enterprise_tags-fix.csv", ["enterprise,tag,certificate,valid_from,valid_to", "E\(e),srdi,ZJ\(e),2021-01-01,2026-12-31"])],
        ]
        return try files.map { group in
            let urls = group.map { csvDir.appendingPathComponent($0.0) }
            for (url, (_, rows)) in zip(urls, group) { try Data(rows.joined(separator: "\n").appending("\n").utf8).write(to: url) }
            defer { for url in urls { try? FileManager.default.removeItem(at: url) } }
            return try timeMs { _ = try writer.importFiles(urls) }
        }
    }

    private func write(_ url: URL, _ rows: [String]) throws {
        try Data((["loan,period,balance_yuan"] + rows).joined(separator: "\n").appending("\n").utf8).write(to: url)
    }
}
