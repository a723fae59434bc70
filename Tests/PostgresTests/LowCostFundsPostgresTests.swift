#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The low-cost funds (rrr_releases, schema v18, with the draws) on PostgreSQL: the demo copied
/// there (`kejin store copy` takes the new table along) reaches the published 97亿元 by 2025-05
/// with the figures SQLite gives; importing the releases again changes nothing; a bad row is
/// refused with SQLite's message and nothing is written; `store check` is clean.
@Suite struct LowCostFundsPostgresTests {
    @Test func theDemoReaches97YiAndTheImportBehavesAsOnSQLite() throws {
        let demo = try DemoStores("lowcost")
        defer { demo.close() }
        let (folder, sqlite, postgres) = (demo.folder, demo.sqlite, demo.postgres)
        #expect(try postgres.schemaVersion() == Schema.version)

        let may = Period(year: 2025, month: 5)
        let funds = try #require(try postgres.programme(for: may, region: nil)).lowCostFunds
        #expect(funds.total == Money.yi(97))
        #expect(funds.rrrCuts == Money(fen: 902_300_000_000) && funds.toolTotal == Money.wan(67_700))
        for p in try sqlite.readSession({ try PeriodSummary.periods($0) }) {
            let a = try sqlite.programme(for: p, region: nil)?.lowCostFunds, b = try postgres.programme(for: p, region: nil)?.lowCostFunds
            #expect(a != nil && a == b, "\(p.key)")
        }

        let rows = "SELECT bank, effective_date, cut, released, note FROM rrr_releases ORDER BY 1, 2"
        let stored = try postgres.readSession { try $0.fetch(rows).map(\.values) }
        let onSQLite = try sqlite.readSession { try $0.fetch(rows).map(\.values) }
        #expect(stored.count == 27 && stored == onSQLite)

        // The demo's own file again: nothing new, nothing changed.
        let file = try #require(try Store.demoFiles().first { $0.lastPathComponent == "rrr_releases.csv" })
        let dry = try postgres.importFiles([file], intoDemo: true, options: ImportOptions(dryRun: true))
        #expect(dry.files.map(\.new) == [0] && dry.files.map(\.changed) == [0])
        _ = try postgres.importFiles([file], intoDemo: true)
        #expect(try postgres.readSession { try $0.fetch(rows).map(\.values) } == stored)

        // A bad row (a guarantor for a bank) after a good one: SQLite's message, nothing kept.
        let bad = folder + "/rrr_releases-bad.csv"
        try "bank,effective_date,cut_pct,released_yuan\nICBC,2025-06-01,0.25,100\nCAIXIN,2025-06-01,0.25,100\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let expected = ImportError(file: "rrr_releases-bad.csv", row: 3, column: "bank", value: "CAIXIN", reason: "is a guarantor, not a bank")
        #expect(throws: expected) { try sqlite.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(throws: expected) { try postgres.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(try postgres.readSession { try $0.fetch(rows).map(\.values) } == stored)
        #expect(try postgres.programme(for: may, region: nil)?.lowCostFunds == funds)

        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
