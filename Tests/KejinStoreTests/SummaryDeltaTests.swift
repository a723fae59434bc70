import Foundation
import GRDB
import KejinCore
import PropertyBased
import Testing
@testable import KejinStore

/// Small balance imports keep the summaries by delta (SummaryDelta.swift); after any sequence
/// of inserts, updates, replacements, withdrawals and dry runs, `store check` (which recomputes
/// every summary from the ledgers) finds nothing.
@Suite struct SummaryDeltaTests {
    let data = ScaleData(loans: 2_000, months: 6)

    private func loadedStore() throws -> (Fixture, Store) { try data.importedStore() }

    @Test func randomSmallImportsKeepEverySummaryEqualToARecompute() throws {
        let (f, store) = try loadedStore()
        // ScaleData lends to each firm from one bank (bank l % 10, firm l % 200); a firm is one
        // borrower in its chain however many banks lend to it, which the delta must keep: give
        // twenty firms a loan at a second bank, with a balance every month.
        var loans = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw\n"
        var balances = "loan,period,balance_yuan\n"
        for e in 0..<20 {
            loans += "X\(e),B\((e + 3) % 10),E\(e),,general,\(data.periods[0].key)-15,2028-01-01,500000,3.45,0,\(e % 2),0,0,0,,\n"
            for p in data.periods { balances += "X\(e),\(p.key),\(e % 3 == 0 && p.month % 2 == 0 ? 0 : 1000 + e)\n" }
        }
        _ = try store.importFiles([try f.write("loans-second-bank.csv", loans)])
        _ = try store.importFiles([try f.write("loan_balances-second-bank.csv", balances)])
        #expect(try store.check().findings == [])
        var rng = Xoshiro(seed: (9, 2026, 11, 30))
        // The stored months and one new month.
        let periods = data.periods + [data.periods.last!.advanced(by: 1)]
        func balance() -> String {
            Int.random(in: 0..<5, using: &rng) == 0 ? "0" : "\(Int.random(in: 1...999_999, using: &rng)).\(Int.random(in: 10...99, using: &rng))"
        }
        var kinds: [Int] = Array(repeating: 0, count: 4)
        for step in 0..<40 {
            let period = periods.randomElement(using: &rng)!
            let bank = Int.random(in: 0..<10, using: &rng)
            let kind = Int.random(in: 0..<4, using: &rng)
            var text = "loan,period,balance_yuan\n"
            switch kind {
            case 0, 3:  // insert or update a few rows; 3: as a dry run, which changes nothing
                for _ in 0..<Int.random(in: 1...12, using: &rng) {
                    text += "L\(Int.random(in: 0..<data.loans, using: &rng)),\(period.key),\(balance())\n"
                }
                let url = try f.write("loan_balances-\(step).csv", text)
                if kind == 3 {
                    let before = try StoreDump(store)
                    _ = try store.importFiles([url], options: ImportOptions(dryRun: true))
                    #expect(try StoreDump(store) == before, "step \(step): a dry run changed the store")
                } else {
                    _ = try store.importFiles([url])
                }
            case 1:  // a bank resubmits its month with some loans left out (removed)
                for l in stride(from: bank, to: data.loans, by: 10) where Int.random(in: 0..<4, using: &rng) > 0 {
                    text += "L\(l),\(period.key),\(balance())\n"
                }
                _ = try store.importFiles([try f.write("loan_balances-\(step).csv", text)], options: ImportOptions(replace: true))
            default:  // a bank's month withdrawn
                do { try store.withdraw(period, reporter: "B\(bank)", by: "test", at: "2026-11-30T00:00:00Z") } catch is ReportingError {}
            }
            kinds[kind] += 1
            let report = try store.check()
            #expect(report.findings == [], "step \(step) (kind \(kind), \(period.key), B\(bank))")
            if !report.isConsistent { break }
        }
        #expect(kinds.allSatisfy { $0 > 3 }, "every kind of change ran: \(kinds)")
        // The region summaries were kept too (store check compares them): not vacuous.
        let regionRows = try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(DISTINCT region) FROM region_bank_summary") }
        #expect(regionRows == 5)
    }

    /// Not vacuous: a small import leaves an unrelated summary error in place (it did not
    /// recompute the month), and a full month's import, past the delta's limit, recomputes it.
    @Test func smallImportsGoByDeltaAndBigOnesRecompute() throws {
        let (f, store) = try loadedStore()
        let p = data.periods[3]
        try store.dbQueue.write { try $0.execute(sql: "UPDATE bank_summary SET all_balance = all_balance + 7 WHERE period = ? AND bank = 'B3'", arguments: [p.key]) }
        let one = try f.write("loan_balances-one.csv", "loan,period,balance_yuan\nL10,\(p.key),123.45\n")
        _ = try store.importFiles([one])
        #expect(try store.check().findings.map(\.message).contains { $0.hasPrefix("bank_summary \(p.key) bank B3 ") })
        // (But for the banks' balances beside their NPL, which come from bank_summary, damaged here.)
        var (figures, full) = try store.summaryAndFullScan(for: p)
        #expect(figures.banksNPL?.first { $0.code == "B3" }?.measure.balance != full.banksNPL?.first { $0.code == "B3" }?.measure.balance)
        figures.banksNPL = nil; full.banksNPL = nil
        #expect(figures == full)
        _ = try store.importFiles([try f.write("loan_balances-full.csv", data.balanceFile(month: 3))])
        #expect(try store.check().findings == [])
    }
}
