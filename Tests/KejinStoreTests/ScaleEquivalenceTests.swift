import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// The summary path (`figures(for:)`) gives exactly what a plain full scan of loan_balances
/// gives (`fullScanFigures(for:)`), for every period and every city and chain figure, on a
/// generated store imported month by month and then changed (tags, chains, loans re-imported).
@Suite struct ScaleEquivalenceTests {
    /// With and without the `draw_summary` table (a migration the lead registers; created here).
    @Test(arguments: [false, true])
    func summaryEqualsFullScanAfterMonthlyImportsAndChanges(drawSummary: Bool) throws {
        // 8,000 loans (800 firms, 2⁵·5² as 2,000 is 2⁴·5³: no factor in common with the data's
        // other moduli): every month's file still takes the bulk path (past SummaryDelta's
        // limit) as at 20,000, for under half the debug build's CPU (189 → 88 s).
        let data = ScaleData(loans: 8_000, months: 24)
        let f = try Fixture()
        let store = try f.store()
        // Whether or not the migration is registered: the fallback query, or the table.
        try store.dbQueue.write { db in
            try db.execute(sql: "DROP TABLE IF EXISTS draw_summary")
            if drawSummary { try DrawSummary.migrate(db) }
        }
        _ = try store.importFiles(try data.references.map { try f.write($0.0, $0.1) })
        _ = try store.importFiles([try f.write("loans.csv", data.loanFile)])
        for m in 0..<data.months {
            _ = try store.importFiles([try f.write("loan_balances-\(data.periods[m].key).csv", data.balanceFile(month: m))])
        }
        try expectEqualEverywhere(store, data, banks: drawSummary)

        // Changes that move loans between measures after the balances are in: a tag now valid
        // for older loans, enterprises moved to another chain or out of every chain, loans
        // re-imported with another purpose.
        _ = try store.importFiles([
            try f.write("enterprise_tags-more.csv", "enterprise,tag,certificate,valid_from,valid_to\nE1,srdi,S1,2020-01-01,2030-12-31\nE4,whitelist,W4,2022-01-01,2030-12-31\n"),
            try f.write("enterprises-moved.csv", "code,name_zh,name_en,chain,region\nE2,企业2,Firm 2,C7,K22\nE3,企业3,Firm 3,,\n"),
            try f.write("loans-fix.csv", """
                code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw
                L0,B0,E5,,tech_innovation,2023-03-15,2028-01-01,1000000,3.45,0,0,0,0,1,,D0
                L9,B9,E9,,general,2023-03-15,2028-01-01,1000000,3.45,0,0,0,0,0,,

                """),
        ])
        try expectEqualEverywhere(store, data, banks: drawSummary)
    }

    /// `banks`: also bank_summary and the bank screens (independent of draw_summary: one variant).
    private func expectEqualEverywhere(_ store: Store, _ data: ScaleData, banks: Bool) throws {
        let periods = try store.availablePeriods()
        #expect(periods == data.periods)
        #expect(try store.fullScanPeriods() == periods)
        for p in periods {
            let (summary, scan) = try store.summaryAndFullScan(for: p)
            #expect(summary.city == scan.city, "city figures differ at \(p.key)")
            #expect(summary.chains == scan.chains, "chain figures differ at \(p.key)")
            #expect(summary == scan)
            // Not vacuous: every measure has something in it.
            #expect(summary.city.techLoans.balance > .zero && summary.city.ipPledgeLoans.borrowers > 0)
            #expect(summary.chains.count == 10 && summary.chains.allSatisfy { $0.loans.borrowers > 0 })
            #expect(summary.relendingTools.contains { $0.ledgerLoans > 0 })
            // Rule 15's spreads: the kept rows against the ledgers (SpreadRule), not vacuous.
            #expect(summary.ledgerSpreads?.isEmpty == false, "no ledger spread at \(p.key)")
            if banks { try expectBankSummaryEqualsFullScan(store, p, scan) }
        }
        // Regions (RegionSummary.swift): each region's figures, at a year-on-year month and the last.
        for p in [periods[12], periods.last!] {
            for region in try store.regionTree().regions {
                let (kept, scan) = try store.summaryAndFullScan(for: p, region: region.code)
                #expect(kept == scan, "region \(region.code) figures differ at \(p.key)")
            }
        }
        #expect(try store.check().isConsistent)
    }

    /// bank_summary equals a plain count(DISTINCT …) aggregation, and the Banks, Four-loans and
    /// chain → banks screens add up to the city and chain figures of the full scan.
    private func expectBankSummaryEqualsFullScan(_ store: Store, _ p: Period, _ scan: Figures) throws {
        let (stored, scanned) = try store.dbQueue.read { db in
            (try BankSummary.load(db, period: p), try FullScanBaseline.byBankAndChain(db, period: p))
        }
        #expect(stored == scanned, "bank_summary differs from the full scan at \(p.key)")
        // Loans start in month l % 5 at bank l % 10: two banks the first month, all from the fifth.
        #expect(stored.count >= 2 && stored.values.allSatisfy { $0.count > 1 })
        let kinds = BankQuery.kinds.map { c in stored.values.flatMap(\.values).reduce(0) { $0 + $1.balance(c) } }
        #expect(kinds.allSatisfy { $0 > 0 }, "every four-loan kind has a balance at \(p.key)")

        func money(_ v: DetailValue) -> Int64 { LendingQuery.money(v) }
        let banks = try store.detail(.banks, period: p)
        #expect(banks.rows.reduce(0) { $0 + money($1.values[0]) } == scan.city.techLoans.balance.fen)
        let four = try store.detail(.fourLoans, period: p)
        #expect(money(four.rows[0].values[0]) == scan.city.techLoans.balance.fen)
        #expect(four.rows[0].values[1] == .count(scan.city.techLoans.borrowers))
        for chain in scan.chains {
            let row = four.rows.first { $0.code == chain.code }!
            #expect(row.values[0] == .money(chain.techLoans.balance) && row.values[1] == .count(chain.techLoans.borrowers))
            let chainBanks = try store.detail(.chainBanks(chain: chain.code), period: p)
            #expect(chainBanks.rows.reduce(0) { $0 + money($1.values[0]) } == chain.loans.balance.fen)
        }
    }

    /// The baseline really is independent of the summary: with the summary table emptied,
    /// the full scan still finds the figures and the summary path finds none.
    @Test func fullScanDoesNotReadTheSummary() throws {
        let data = ScaleData(loans: 200, months: 13)
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try data.references.map { try f.write($0.0, $0.1) } + [try f.write("loans.csv", data.loanFile)])
        _ = try store.importFiles(try (0..<data.months).map {
            try f.write("loan_balances-\(data.periods[$0].key).csv", data.balanceFile(month: $0))
        })
        let last = data.periods.last!
        let before = try store.figures(for: last)
        try store.dbQueue.write { try $0.execute(sql: "DELETE FROM period_summary") }
        #expect(try store.fullScanFigures(for: last).readingDay(of: before) == before)
        #expect(try store.figures(for: last).city.allLoans.balance == .zero)
    }

    /// The draw summary migration on a store that already has balances fills every period.
    @Test func drawSummaryMigrationFillsExistingPeriods() throws {
        let data = ScaleData(loans: 2_000, months: 13)
        let f = try Fixture()
        let store = try f.store()
        try store.dbQueue.write { try $0.execute(sql: "DROP TABLE IF EXISTS draw_summary") }
        _ = try store.importFiles(try data.references.map { try f.write($0.0, $0.1) } + [try f.write("loans.csv", data.loanFile)])
        _ = try store.importFiles(try (0..<data.months).map {
            try f.write("loan_balances-\(data.periods[$0].key).csv", data.balanceFile(month: $0))
        })
        try store.dbQueue.write { try DrawSummary.migrate($0) }
        let rows = try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(DISTINCT period) FROM draw_summary") }
        #expect(rows == data.months)
        for p in data.periods {
            let (kept, scan) = try store.summaryAndFullScan(for: p)
            #expect(kept == scan)
        }
    }
}
