#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The whitelist's pipeline (schema v23, Import/WhitelistPipeline.swift) on PostgreSQL: the demo
/// copied there reaches the article's 111 pushes and 12 meetings through the store's query,
/// every period's pipeline equal to SQLite's; a bad row is refused with SQLite's message and
/// nothing is written; a v22 store migrates (the tables written once for both engines) and takes
/// the files.
@Suite struct WhitelistPipelinePostgresTests {
    static let files = ["matchmaking_meetings.csv", "whitelist_pushes.csv"]
    static let rows = ["SELECT * FROM whitelist_pushes ORDER BY 1", "SELECT * FROM matchmaking_meetings ORDER BY 1"]

    static func demoFiles() throws -> [URL] {
        try Store.demoFiles().filter { files.contains($0.lastPathComponent) }
    }

    static func contents(_ store: Store) throws -> [[[SQLValue]]] {
        try rows.map { sql in try store.readSession { try $0.fetch(sql).map(\.values) } }
    }

    @Test func theDemoReachesTheArticles111And12AsOnSQLite() throws {
        let demo = try DemoStores("pipeline")
        defer { demo.close() }
        let (folder, sqlite, postgres) = (demo.folder, demo.sqlite, demo.postgres)
        #expect(try postgres.schemaVersion() == Schema.version)

        let may = try #require(try postgres.programme(for: Period(year: 2025, month: 5), region: nil)?.pipeline)
        #expect(may.total.pushed == 111 && may.meetings.count == 12)
        #expect(may.total.loans.loans > 0 && may.total.loans.amount > .zero)
        for p in try sqlite.readSession({ try PeriodSummary.periods($0) }) {
            let a = try sqlite.programme(for: p, region: nil), b = try postgres.programme(for: p, region: nil)
            #expect(a != nil && a?.pipeline == b?.pipeline, "\(p.key)")
        }
        let stored = try Self.contents(postgres)
        #expect(stored == (try Self.contents(sqlite)))
        #expect(stored.map(\.count) == [111, 12])
        // Default rule 15 (the ledger spread, seeded with v23): the same warnings on both engines.
        #expect(try postgres.alertRule(id: 15) == AlertEngine.defaultRules.first { $0.id == 15 })
        let spreadAlerts = { (store: Store) in
            AlertEngine.alerts(for: try store.figures(for: Period(year: 2025, month: 5))).filter { $0.ruleID == 15 }.map { "\($0.entityCode) \($0.value)" }.sorted()
        }
        #expect(try spreadAlerts(postgres) == (try spreadAlerts(sqlite)) && (try spreadAlerts(postgres)).map { $0.prefix(6) } == ["HYRCB "])

        // A bad row (a loan of another bank than the push's) after a good one: SQLite's message
        // on both engines, nothing kept.
        let row = try #require(try sqlite.readSession {
            try $0.fetch("SELECT code, enterprise, start_date FROM loans WHERE bank = 'ICBC' ORDER BY code LIMIT 1").first
        })
        let (loan, enterprise, start): (String, String, String) = (try row.get(0), try row.get(1), try row.get(2))
        let bad = folder + "/whitelist_pushes-bad.csv"
        try """
            code,pushed_date,bank,enterprise,project,contacted_date,approved_date,approved_yuan,loan
            WP-X-1,2025-05-02,ABC,\(enterprise),,,,,
            WP-X-2,\(start),ABC,\(enterprise),,\(start),\(start),100,\(loan)

            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let expected = ImportError(file: "whitelist_pushes-bad.csv", row: 3, column: "loan", value: loan,
                                   reason: "is a loan of ICBC, not of the push's bank ABC")
        #expect(throws: expected) { try sqlite.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(throws: expected) { try postgres.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(try Self.contents(postgres) == stored)
        #expect(try postgres.check().findings.map(\.description) == [])
    }

    /// A v22 store (the demo imported by a kejin without the pipeline, copied over as `kejin
    /// store copy` does) opened by this kejin runs v23 — the same declarations' tables — and
    /// takes the files.
    @Test func aV22PostgreSQLStoreMigrates() throws {
        let older = try OlderDemoStore("pipeline-v22", version: 22)
        defer { older.close() }
        let v22 = try older.open(older.older)
        #expect(try v22.schemaVersion() == 22)
        #expect(try v22.readSession { try $0.tableExists("whitelist_pushes") } == false)
        #expect(try v22.programme(for: Period(year: 2025, month: 5), region: nil)?.pipeline == .empty)
        v22.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        #expect(try Self.contents(postgres).map(\.count) == [0, 0])
        _ = try postgres.importFiles(try Self.demoFiles(), intoDemo: true)
        let may = try #require(try postgres.programme(for: Period(year: 2025, month: 5), region: nil)?.pipeline)
        #expect(may.total.pushed == 111 && may.meetings.count == 12)
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
