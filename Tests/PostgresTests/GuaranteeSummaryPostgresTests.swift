#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing

/// The guarantees in force kept per month (schema v28, Query/GuaranteeSummary.swift) on
/// PostgreSQL: the demo's kept rows are SQLite's and its guarantees'; an import moving a firm
/// to another chain and one of guarantees (one released mid-month, one ending on a month's last
/// day) rebuild them on both alike, every month's figures alike and equal to the book's,
/// `store check` clean; a v27 store migrates with every figure as before.
@Suite struct GuaranteeSummaryPostgresTests {
    static func rows(_ store: Store, kept: Bool = true) throws -> [GuaranteeSummary.Row] {
        try store.readSession { try GuaranteeSummary.rows($0, kept: kept) }
    }

    /// Every period's guarantee figures where the kept rows reach them: the whole store's
    /// chains', guarantors' and pools' rows and its regions' balances (MonthReads: a region's
    /// figures cut the book, the same Swift on both engines; PortedFiguresTests compares them).
    static func figures(_ store: Store) throws -> [String] {
        try store.availablePeriods().map { p in
            let f = try store.figures(for: p, region: nil)
            let children = try store.childRegions(for: p, region: nil).map { ($0.region.code, $0.guaranteeBalance.fen) }
            return "\(p.key) \(f.chains.map { ($0.code, $0.guaranteeBalance.fen) }) \(f.guarantors) \(f.pools) \(children)"
        }
    }

    @Test func theDemosRowsFollowImportsOfFirmsAndGuaranteesAsOnSQLite() throws {
        let demo = try DemoStores("guaranteesummary")
        defer { demo.close() }
        func expectSame(_ when: String) throws {
            let rows = try Self.rows(demo.postgres)
            #expect(try !rows.isEmpty && rows == Self.rows(demo.sqlite) && rows == Self.rows(demo.postgres, kept: false), "\(when)")
            let figures = try Self.figures(demo.postgres)
            #expect(try figures == Self.figures(demo.sqlite), "\(when)")
            #expect(try demo.postgres.check().findings.map(\.description) == [], "\(when)")
            // The rows' version forgotten: every month sums the book, to the same figures.
            try demo.postgres.writeSession { try $0.execute("UPDATE store_meta SET value = 'other' WHERE key = ?1", [.text(GuaranteeSummary.stampKey)]) }
            #expect(try Self.figures(demo.postgres) == figures, "\(when)")
            try demo.postgres.writeSession { try GuaranteeSummary.stamp($0, bumpFollows: false) }
        }
        try expectSame("copied")

        // A firm with a guarantee in force moved to another chain; its guarantor's first
        // guarantee released mid-month, the second ending on a month's last day.
        let firm = try #require(try demo.sqlite.readSession {
            try $0.fetch("""
                SELECT e.code, e.name_zh, e.name_en, (SELECT min(c.code) FROM chains c WHERE c.code <> e.chain)
                FROM enterprises e WHERE e.chain IS NOT NULL AND e.code IN (SELECT enterprise FROM guarantees WHERE released_date IS NULL)
                ORDER BY e.code LIMIT 1
                """).first
        })
        let guarantees = try demo.sqlite.readSession {
            try $0.fetch("SELECT code, guarantor, enterprise, bank FROM guarantees WHERE released_date IS NULL ORDER BY code LIMIT 2")
        }
        let g = try guarantees.map { r in try (0...3).map { try r.get($0, as: String.self) } }
        try #require(g.count == 2)
        let firms = demo.folder + "/enterprises-move.csv", held = demo.folder + "/guarantees-fix.csv"
        try """
            code,name_zh,name_en,chain
            \(try (0...3).map { "\"\(try firm.get($0, as: String.self))\"" }.joined(separator: ","))

            """.write(toFile: firms, atomically: true, encoding: .utf8)
        try """
            code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date
            \(g[0][0]),\(g[0][1]),\(g[0][2]),\(g[0][3]),2025-01-01,2026-01-01,1000000,1.1,20,,2025-04-15
            \(g[1][0]),\(g[1][1]),\(g[1][2]),\(g[1][3]),2025-01-01,2025-04-30,700000,0.9,15,,

            """.write(toFile: held, atomically: true, encoding: .utf8)
        let before = try Self.rows(demo.postgres)
        for store in demo.stores { _ = try store.importFiles([URL(fileURLWithPath: firms)], intoDemo: true) }
        try expectSame("firm moved")
        let moved = try Self.rows(demo.postgres)
        #expect(moved != before)
        for store in demo.stores { _ = try store.importFiles([URL(fileURLWithPath: held)], intoDemo: true) }
        try expectSame("guarantees imported")
        #expect(try Self.rows(demo.postgres) != moved)
    }

    /// The demo imported by a v27 kejin and copied to PostgreSQL: v28 fills the table, every
    /// month's figures as before, `store check` clean.
    @Test func aV27PostgreSQLStoreMigrates() throws {
        let older = try OlderDemoStore("guaranteesummary-v27", version: 27)
        defer { older.close() }
        let v27 = try older.open(older.older)
        let before = try Self.figures(v27)
        #expect(try v27.readSession { try $0.tableExists(GuaranteeSummary.table) } == false)
        v27.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        #expect(try Self.figures(postgres) == before)
        #expect(try !Self.rows(postgres).isEmpty && Self.rows(postgres) == Self.rows(postgres, kept: false))
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
