#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// Bank–guarantor cooperation and the service stations (schema v20, Import/Outreach.swift) on
/// PostgreSQL: the demo copied there reaches 19 / 26 / 17 and 11 stations with 20 institutions,
/// every period's figures equal SQLite's; the demo's files again change nothing; a bad row is
/// refused with SQLite's message and nothing is written; a v19 store migrates (the tables
/// written once for both engines) and takes the files.
@Suite struct OutreachPostgresTests {
    static let files = ["guarantor_cooperation.csv", "service_stations.csv", "station_institutions.csv", "station_demands.csv"]
    static let rows = ["SELECT * FROM guarantor_cooperation ORDER BY 1, 2, 3", "SELECT * FROM service_stations ORDER BY 1",
                       "SELECT * FROM station_institutions ORDER BY 1, 2", "SELECT * FROM station_demands ORDER BY 1"]

    static func demoFiles() throws -> [URL] {
        try Store.demoFiles().filter { files.contains($0.lastPathComponent) }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func contents(_ store: Store) throws -> [[[SQLValue]]] {
        try rows.map { sql in try store.readSession { try $0.fetch(sql).map(\.values) } }
    }

    @Test func theDemoReachesThePublishedCountsAsOnSQLite() throws {
        let demo = try DemoStores("outreach")
        defer { demo.close() }
        let (folder, sqlite, postgres) = (demo.folder, demo.sqlite, demo.postgres)
        #expect(try postgres.schemaVersion() == Schema.version)

        let may = try #require(try postgres.programme(for: Period(year: 2025, month: 5), region: nil))
        #expect(CooperationMode.allCases.map { may.cooperation.count($0) } == [19, 26, 17])
        #expect(may.stations.stations.count == 11 && may.stations.institutions == 20)
        #expect(may.stations.total.loans == DemandTally(amount: Money(fen: 16_723_000_000), loans: 73))
        for p in try sqlite.readSession({ try PeriodSummary.periods($0) }) {
            let a = try sqlite.programme(for: p, region: nil), b = try postgres.programme(for: p, region: nil)
            #expect(a != nil && a?.cooperation == b?.cooperation && a?.stations == b?.stations, "\(p.key)")
        }
        let stored = try Self.contents(postgres)
        #expect(stored == (try Self.contents(sqlite)))
        #expect(stored.map(\.count) == [71, 11, 32, 160])

        // The demo's own files again: nothing new, nothing changed.
        let files = try Self.demoFiles()
        #expect(files.count == 4)
        let dry = try postgres.importFiles(files, intoDemo: true, options: ImportOptions(dryRun: true))
        #expect(dry.files.map(\.new) == [0, 0, 0, 0] && dry.files.map(\.changed) == [0, 0, 0, 0])
        _ = try postgres.importFiles(files, intoDemo: true)
        #expect(try Self.contents(postgres) == stored)

        // A bad row (a loan of another bank than the one matched) after a good one: SQLite's
        // message on both engines, nothing kept.
        let loan = try #require(try sqlite.readSession { try $0.fetch("SELECT code, enterprise, start_date FROM loans WHERE bank = 'ICBC' ORDER BY code LIMIT 1").first })
        let (code, enterprise, start): (String, String, String) = (try loan.get(0), try loan.get(1), try loan.get(2))
        let bad = folder + "/station_demands-bad.csv"
        try """
            code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan
            SD-NEW-1,ST-610900,\(enterprise),\(start),10,,,
            SD-NEW-2,ST-610900,\(enterprise),\(start),10,\(start),ABC,\(code)

            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let expected = ImportError(file: "station_demands-bad.csv", row: 3, column: "loan", value: code,
                                   reason: "is a loan of ICBC, not of the matched bank ABC")
        #expect(throws: expected) { try sqlite.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(throws: expected) { try postgres.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(try Self.contents(postgres) == stored)
        #expect(try postgres.check().findings.map(\.description) == [])
    }

    /// A v19 store (the demo imported by a kejin without the outreach, copied over as `kejin store
    /// copy` does) opened by this kejin runs v20 — the same declaration's tables — and takes the files.
    @Test func aV19PostgreSQLStoreMigrates() throws {
        let older = try OlderDemoStore("outreach-v19", version: 19)
        defer { older.close() }
        let v19 = try older.open(older.older)
        #expect(try v19.schemaVersion() == 19)
        #expect(try v19.readSession { try $0.tableExists("station_demands") } == false)
        #expect(try v19.programme(for: Period(year: 2025, month: 5), region: nil)?.stations == .empty)
        v19.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        #expect(try Self.contents(postgres).map(\.count) == [0, 0, 0, 0])
        _ = try postgres.importFiles(try Self.demoFiles(), intoDemo: true)
        let may = try #require(try postgres.programme(for: Period(year: 2025, month: 5), region: nil))
        #expect(CooperationMode.allCases.map { may.cooperation.count($0) } == [19, 26, 17])
        #expect(may.stations.stations.count == 11 && may.stations.institutions == 20)
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
