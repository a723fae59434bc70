import CSV
import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// Rough import and query speed on generated rows. Off by default (slow in debug builds); run
/// `KEJIN_PERF=1 swift test -c release -Xswiftc -enable-testing --filter ImportSpeedTests`.
/// KEJIN_PERF_LOANS (default 100000) and KEJIN_PERF_MONTHS (default 3) size the data.
@Suite struct ImportSpeedTests {
    static let env = ProcessInfo.processInfo.environment

    @Test(.enabled(if: env["KEJIN_PERF"] != nil))
    func importAndFiguresSpeed() throws {
        let loans = Int(Self.env["KEJIN_PERF_LOANS"] ?? "") ?? 100_000
        let months = Int(Self.env["KEJIN_PERF_MONTHS"] ?? "") ?? 3
        let f = try Fixture()
        let store = try f.store()
        var text = "code,name_zh,name_en,lead_bank\n"
        for c in 0..<10 { text += "C\(c),链\(c),Chain \(c),\n" }
        let base = [
            try f.write("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行,Bank\nB2,bank,银行二,Bank 2\n"),
            try f.write("chains.csv", text),
            try f.write("enterprises.csv", (0..<5_000).reduce(into: "code,name_zh,name_en,chain\n") {
                $0 += "E\($1),企业\($1),Firm \($1),C\($1 % 11 == 10 ? "" : String($1 % 11))\n"
            }.replacingOccurrences(of: ",C\n", with: ",\n")),
            try f.write("enterprise_tags.csv", (0..<2_500).reduce(into: "enterprise,tag,certificate,valid_from,valid_to\n") {
                $0 += "E\($1 * 2),high_tech,GR\($1),2023-01-01,2025-12-31\n"
            }),
        ]
        _ = try store.importFiles(base)

        var loanText = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw\n"
        let purposes = ["general", "tech_innovation", "tech_transformation"]
        for i in 0..<loans {
            loanText += "L\(i),B\(i % 2 + 1),E\(i % 5_000),,\(purposes[i % 3]),2024-0\(i % 9 + 1)-15,2027-01-01,\(100_000 + i).50,3.45,\(i % 2),0,0,0,\(i % 7 == 0 ? 1 : 0),,\n"
        }
        let loanURL = try f.write("loans.csv", loanText)
        var t0 = Date()
        let loanSummary = try store.importFiles([loanURL])
        let loanSeconds = Date().timeIntervalSince(t0)

        var balanceURLs: [URL] = []
        for m in 0..<months {
            let p = Period(year: 2025, month: 1).advanced(by: m).key
            var b = "loan,period,balance_yuan\n"
            b.reserveCapacity(loans * 24)
            for i in 0..<loans { b += "L\(i),\(p),\(50_000 + i % 1000).25\n" }
            balanceURLs.append(try f.write("loan_balances-\(p).csv", b))
        }
        // CSV.swift alone, for comparison: how much of the import is parsing.
        t0 = Date()
        let reader = try CSVReader(stream: InputStream(url: balanceURLs[0])!, hasHeaderRow: true)
        var parsed = 0
        while reader.next() != nil { parsed += 1 }
        let parseSeconds = Date().timeIntervalSince(t0)

        t0 = Date()
        let balanceSummary = try store.importFiles([balanceURLs[0]])
        let oneMonthSeconds = Date().timeIntervalSince(t0)
        t0 = Date()
        _ = try store.importFiles(Array(balanceURLs.dropFirst()))
        let restSeconds = Date().timeIntervalSince(t0)

        let period = Period(year: 2025, month: 1).advanced(by: months - 1)
        _ = try store.figures(for: period)
        t0 = Date()
        let figures = try store.figures(for: period)
        let figuresMs = Date().timeIntervalSince(t0) * 1000
        t0 = Date()
        _ = try store.changeCounter()
        let pollMs = Date().timeIntervalSince(t0) * 1000

        print(String(format: "PERF loans: %d rows in %.2f s (%.0f rows/s, incl. tech flags + summary)",
                     loanSummary.rows, loanSeconds, Double(loanSummary.rows) / loanSeconds))
        print(String(format: "PERF loan_balances: one month %d rows in %.2f s (%.0f rows/s incl. summary); %d more months in %.2f s",
                     balanceSummary.rows, oneMonthSeconds, Double(balanceSummary.rows) / oneMonthSeconds,
                     months - 1, restSeconds))
        print(String(format: "PERF CSV.swift parsing alone: %d rows in %.2f s", parsed, parseSeconds))
        print(String(format: "PERF figures(for:) %.1f ms, changeCounter %.3f ms", figuresMs, pollMs))
        if let keep = Self.env["KEJIN_PERF_KEEP"] {
            try? FileManager.default.removeItem(atPath: keep)
            try store.dbQueue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try FileManager.default.copyItem(atPath: f.storePath, toPath: keep)
        }
        #expect(figures.city.allLoans.borrowers == min(loans, 5_000))
        #expect(try store.availablePeriods().count == months)
    }

    /// Figures on a big store filled by SQL (no CSV): KEJIN_PERF_BIG_LOANS loans (default
    /// 1000000) × KEJIN_PERF_BIG_MONTHS months (default 24), 200 re-lending-funded loans.
    @Test(.enabled(if: env["KEJIN_PERF_BIG"] != nil))
    func figuresOnABigStore() throws {
        let loans = Int(Self.env["KEJIN_PERF_BIG_LOANS"] ?? "") ?? 1_000_000
        let months = Int(Self.env["KEJIN_PERF_BIG_MONTHS"] ?? "") ?? 24
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try f.writeAll())
        var t0 = Date()
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO enterprises(code, name_zh, name_en, chain)
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49999)
                SELECT 'X' || i, '企' || i, 'Firm ' || i, CASE i % 3 WHEN 0 THEN 'TEA' WHEN 1 THEN 'SE' ELSE NULL END FROM n;
                INSERT INTO loans(code, bank, enterprise, product, purpose, start_date, maturity_date, amount, rate,
                                  first_loan, credit_loan, renewal, revolving, ip_pledge, relending_draw, is_tech)
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < \(loans - 1))
                SELECT 'XL' || i, 'B1', 'X' || (i % 50000), '', CASE i % 3 WHEN 0 THEN 'general' WHEN 1 THEN 'tech_innovation' ELSE 'tech_transformation' END,
                       '2024-01-01', '2027-01-01', 100000000, 350, 0, 0, 0, 0, i % 7 = 0,
                       CASE WHEN i < 200 THEN 'D2' END, i % 2 FROM n;
                """)
            for m in 0..<months {
                let p = Period(year: 2024, month: 7).advanced(by: m).key
                try db.execute(sql: """
                    INSERT INTO loan_balances(period, loan_id, balance)
                    SELECT ?, id, 5000000 + id % 1000 FROM loans WHERE code LIKE 'XL%'
                    """, arguments: [p])
            }
        }
        let fillSeconds = Date().timeIntervalSince(t0)
        let last = Period(year: 2024, month: 7).advanced(by: months - 1)
        t0 = Date()
        try store.dbQueue.write { try PeriodSummary.recompute($0, periods: [last.key]) }
        let onePeriodSeconds = Date().timeIntervalSince(t0)
        t0 = Date()
        try store.dbQueue.write { db in
            try PeriodSummary.recompute(db, periods: try PeriodSummary.periods(db).map(\.key)
                                         + (0..<months).map { Period(year: 2024, month: 7).advanced(by: $0).key })
        }
        let allSeconds = Date().timeIntervalSince(t0)
        var times: [Double] = []
        var figures: Figures?
        for _ in 0..<5 {
            t0 = Date()
            figures = try store.figures(for: last)
            times.append(Date().timeIntervalSince(t0) * 1000)
        }
        print(String(format: "PERF big store: %d loans × %d months filled by SQL in %.1f s", loans, months, fillSeconds))
        print(String(format: "PERF big store: summary of one period %.2f s, of all %d periods %.1f s", onePeriodSeconds,
                     months + 3, allSeconds))
        print("PERF big store: figures(for:) ms, 5 runs: " + times.map { String(format: "%.1f", $0) }.joined(separator: ", "))
        #expect(figures?.city.allLoans.borrowers == min(loans, 50_000))
        #expect(figures?.relendingTools.first { $0.code == "TI" }?.ledgerLoans == 0)  // D2 matured by then
    }
}
