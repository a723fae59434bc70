#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The guidance fund (schema v22, Import/GuidanceFunds.swift) on PostgreSQL: the demo copied
/// there reaches 2000万元 at 1:5 and 3 firms 1700万元 through the store's query, every period's
/// funds equal SQLite's; a bad row is refused with SQLite's message and nothing is written; a
/// v21 store migrates (the tables written once for both engines) and takes the files.
@Suite struct GuidanceFundPostgresTests {
    static let files = ["fund_loans.csv", "guidance_funds.csv"]
    static let rows = ["SELECT * FROM guidance_funds ORDER BY 1", "SELECT * FROM fund_loans ORDER BY 1, 2"]

    static func demoFiles() throws -> [URL] {
        try Store.demoFiles().filter { files.contains($0.lastPathComponent) }
    }

    static func contents(_ store: Store) throws -> [[[SQLValue]]] {
        try rows.map { sql in try store.readSession { try $0.fetch(sql).map(\.values) } }
    }

    @Test func theDemoReachesTheArticlesFundAsOnSQLite() throws {
        let demo = try DemoStores("fund")
        defer { demo.close() }
        let (folder, sqlite, postgres) = (demo.folder, demo.sqlite, demo.postgres)
        #expect(try postgres.schemaVersion() == Schema.version)

        let may = try #require(try postgres.programme(for: Period(year: 2025, month: 5), region: nil)?.guidanceFunds.first)
        #expect(may.capital == .wan(2000) && may.leverage == 5 && may.ceiling == .wan(10_000))
        #expect(may.firms == 3 && may.backed == LoanTally(amount: .wan(1700), loans: 3) && may.inUse == .wan(1700))
        #expect(may.usage == BasisPoints(1700) && !may.tripped)
        for p in try sqlite.readSession({ try PeriodSummary.periods($0) }) {
            let a = try sqlite.programme(for: p, region: nil), b = try postgres.programme(for: p, region: nil)
            #expect(a != nil && a?.guidanceFunds == b?.guidanceFunds, "\(p.key)")
        }
        let stored = try Self.contents(postgres)
        #expect(stored == (try Self.contents(sqlite)))
        #expect(stored.map(\.count) == [1, 3])

        // A bad row (a loan of another bank than the fund's) after a good one: SQLite's message
        // on both engines, nothing kept.
        let loan = try #require(try sqlite.readSession { try $0.fetchOne("SELECT code FROM loans WHERE bank = 'ICBC' ORDER BY code LIMIT 1", as: String.self) })
        let bad = folder + "/fund_loans-bad.csv"
        try """
            fund,loan,backed_date,compensated_date,compensated_yuan
            GF-HY-01,L000003,2024-08-16,2025-05-20,10
            GF-HY-01,\(loan),2025-05-01,,

            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let expected = ImportError(file: "fund_loans-bad.csv", row: 3, column: "loan", value: loan,
                                   reason: "is a loan of ICBC, not of the fund's bank HYRCB")
        #expect(throws: expected) { try sqlite.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(throws: expected) { try postgres.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(try Self.contents(postgres) == stored)
        #expect(try postgres.check().findings.map(\.description) == [])
    }

    /// A v21 store (the demo imported by a kejin without the funds, copied over as `kejin store
    /// copy` does) opened by this kejin runs v22 — the same declarations' tables — and takes the files.
    @Test func aV21PostgreSQLStoreMigrates() throws {
        let older = try OlderDemoStore("fund-v21", version: 21)
        defer { older.close() }
        let v21 = try older.open(older.older)
        #expect(try v21.schemaVersion() == 21)
        #expect(try v21.readSession { try $0.tableExists("fund_loans") } == false)
        #expect(try v21.programme(for: Period(year: 2025, month: 5), region: nil)?.guidanceFunds == [])
        v21.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        #expect(try Self.contents(postgres).map(\.count) == [0, 0])
        _ = try postgres.importFiles(try Self.demoFiles(), intoDemo: true)
        let may = try #require(try postgres.programme(for: Period(year: 2025, month: 5), region: nil)?.guidanceFunds.first)
        #expect(may.firms == 3 && may.backed.amount == .wan(1700) && may.ceiling == .wan(10_000))
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
