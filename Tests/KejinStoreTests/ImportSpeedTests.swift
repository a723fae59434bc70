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
}
