#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The programme's new loans kept per start month (schema v26, Query/NewLoanSummary.swift) on
/// PostgreSQL: the demo's kept rows are SQLite's and its loans'; a loans correction (bulk
/// loaded there, row by row on SQLite), a firm's chain and a tag keep them by delta on both
/// alike, `store check` clean; a v25 store migrates with every programme figure as before.
@Suite struct NewLoanSummaryPostgresTests {
    static func kept(_ store: Store, kept: Bool = true) throws -> [NewLoanSummary.Row] {
        try store.readSession { try NewLoanSummary.rows($0, since: "0000-01", kept: kept) }
    }

    @Test func theDemosRowsFollowImportsAsOnSQLite() throws {
        let demo = try DemoStores("newloans")
        defer { demo.close() }
        let (folder, sqlite, postgres) = (demo.folder, demo.sqlite, demo.postgres)
        func expectSame(_ when: String) throws {
            let rows = try Self.kept(postgres)
            #expect(try !rows.isEmpty && rows == Self.kept(sqlite) && rows == Self.kept(postgres, kept: false), "\(when)")
            let last = try #require(try sqlite.availablePeriods().last)
            #expect(try postgres.programme(for: last, region: nil) == sqlite.programme(for: last, region: nil), "\(when)")
            #expect(try postgres.check().findings.map(\.description) == [], "\(when)")
        }
        try expectSame("copied")

        // Two loans corrected (one to another bank's month), a firm to another chain, a tag.
        let (loans, firm) = try sqlite.readSession { s in
            (try s.fetch("""
                SELECT code, bank, enterprise, product, purpose, start_date, maturity_date, amount, rate FROM loans
                WHERE guarantee IS NULL AND relending_draw IS NULL AND start_date < '2024-07-15' AND maturity_date > '2024-08-01'
                ORDER BY id LIMIT 2
                """).map { r in (0..<9).map { r[$0] } },
             try s.fetchOne("SELECT e.code FROM enterprises e JOIN loans l ON l.enterprise = e.code WHERE e.chain IS NOT NULL AND l.start_date >= '2024-01-01' LIMIT 1",
                            as: String.self)!)
        }
        #expect(loans.count == 2)
        let chain = try sqlite.readSession { try $0.fetchOne("SELECT code FROM chains WHERE code <> (SELECT chain FROM enterprises WHERE code = ?1) LIMIT 1", firm, as: String.self) }!
        let name = try sqlite.readSession { try $0.fetch("SELECT name_zh, name_en, coalesce(region, '') FROM enterprises WHERE code = ?1", firm).first! }
        func quoted(_ i: Int) throws -> String { "\"" + (try name.get(i, as: String.self)).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var file = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge\n"
        for (i, v) in loans.enumerated() {
            var fields = (0..<7).map { KeptRows.text(v[$0]) }
            if i == 0 { fields[5] = "2024-07-15" }
            fields.append(Money(fen: (v[7].integer ?? 0) + 500_00).yuanText)
            fields.append(Money(fen: v[8].integer ?? 0).yuanText)
            file += (fields + ["0", "0", "0", "0", "0"]).joined(separator: ",") + "\n"
        }
        try file.write(toFile: folder + "/loans-fix.csv", atomically: true, encoding: .utf8)
        try "code,name_zh,name_en,chain,region\n\(firm),\(try quoted(0)),\(try quoted(1)),\(chain),\(try quoted(2))\n"
            .write(toFile: folder + "/enterprises-fix.csv", atomically: true, encoding: .utf8)
        try "enterprise,tag,certificate,valid_from,valid_to\n\(firm),tech_sme,,2020-01-01,2030-12-31\n"
            .write(toFile: folder + "/enterprise_tags-fix.csv", atomically: true, encoding: .utf8)
        let before = try Self.kept(postgres)
        for name in ["loans-fix.csv", "enterprises-fix.csv", "enterprise_tags-fix.csv"] {
            for store in [sqlite, postgres] { _ = try store.importFiles([URL(fileURLWithPath: folder + "/" + name)], intoDemo: true) }
            try expectSame(name)
        }
        #expect(try Self.kept(postgres) != before)
    }

    /// Loans per cut and code, every month together: "cut code loans amount".
    static func totals(_ rows: [NewLoanSummary.Row]) -> [String] {
        Dictionary(grouping: rows) { "\($0.cut) \($0.code)" }
            .map { key, rows in "\(key) \(rows.map(\.loans).reduce(0, +)) \(rows.map(\.amount).reduce(0, +))" }.sorted()
    }

    /// PostgreSQL's recompute (`fastSQL`: a grouped pass per cut, EXISTS per kind) gives the
    /// per-loan definition's rows on the edges of KejinStoreTests' NewLoanSummaryTests (the
    /// same firms, tags and loans): a loan once per kind however many of its tags hold, on a
    /// tag's first and last day but not the days around, no chain for a firm without one or
    /// without a row, a non-tech tag ignored.
    @Test func theFastRecomputeIsThePerLoanDefinitionOnTheEdges() throws {
        let cluster = try ThrowawayCluster.shared()
        let (server, environment) = try cluster.newEmptyDatabase("newloans_edges")
        defer { cluster.dropDatabase(server.database) }
        let store = try Store(address: .postgres(server), environment: environment)
        defer { store.close() }
        let loans: [(String, String, String, String, Int, Int)] = [
            ("L1", "B1", "F1", "2024-02-10", 100_000, 400), ("L2", "B2", "F1", "2024-03-20", 200_000, 350),
            ("L3", "B1", "F1", "2024-07-01", 300_000, 420), ("L4", "B1", "F1", "2025-08-01", 400_000, 380),
            ("L5", "B2", "F2", "2024-05-10", 50_000, 500), ("L6", "B2", "F2", "2024-05-20", 60_000, 500),
            ("L7", "B1", "F2", "2024-05-09", 70_000, 500), ("L8", "B1", "F2", "2024-05-21", 80_000, 500),
            ("L9", "B1", "F3", "2024-05-15", 90_000, 450), ("L10", "B2", "NF1", "2024-05-15", 11_000, 300),
            ("L11", "B1", "NF2", "2024-02-01", 12_000, 300),
        ]
        try store.writeSession { s in
            _ = try s.execute("INSERT INTO enterprises(code, name_zh, name_en, chain) VALUES ('F1', '甲', 'F1', 'C1'), ('F2', '乙', 'F2', NULL), ('F3', '丙', 'F3', 'C2')")
            _ = try s.execute("""
                INSERT INTO enterprise_tags(enterprise, tag, certificate, valid_from, valid_to) VALUES
                  ('F1', 'high_tech', '', '2024-01-01', '2024-12-31'), ('F1', 'high_tech', '', '2024-06-01', '2025-06-30'),
                  ('F1', 'srdi', '', '2024-03-01', '2024-03-31'), ('F1', 'little_giant', '', '2024-03-15', '2024-04-30'),
                  ('F1', 'agri', '', '2020-01-01', '2030-12-31'), ('F2', 'tech_sme', '', '2024-05-10', '2024-05-20'),
                  ('F3', 'agri', '', '2020-01-01', '2030-12-31'), ('NF1', 'tech_sme', '', '2024-01-01', '2030-12-31')
                """)
            _ = try s.execute("INSERT INTO loans(code, bank, enterprise, product, purpose, start_date, maturity_date, amount, rate, first_loan, credit_loan, renewal, revolving, ip_pledge) VALUES "
                + loans.map { "('\($0.0)', '\($0.1)', '\($0.2)', '', 'general', '\($0.3)', '2027-01-01', \($0.4), \($0.5), 0, 0, 0, 0, 0)" }.joined(separator: ", "))
            try NewLoanSummary.recompute(s)
        }
        let kept = try Self.kept(store)
        #expect(try kept == Self.kept(store, kept: false))
        #expect(Self.totals(kept) == [
            "bank B1 7 1052000", "bank B2 4 321000", "chain  6 283000", "chain C1 4 1000000", "chain C2 1 90000",
            "kind high_tech 3 600000", "kind srdi 1 200000", "kind tech_sme 3 121000", "tech  6 721000",
        ])
        // (The loans' other summaries were not kept: written straight, not imported.)
        #expect(try store.check().findings.map(\.description).filter { $0.contains(NewLoanSummary.table) } == [])
    }

    /// The demo imported by a v25 kejin and copied to PostgreSQL: v26 fills the table, every
    /// programme figure as before, `store check` clean.
    @Test func aV25PostgreSQLStoreMigrates() throws {
        let older = try OlderDemoStore("newloans-v25", version: 25)
        defer { older.close() }
        let v25 = try older.open(older.older)
        let periods = try v25.availablePeriods()
        let before = try periods.map { try v25.programme(for: $0, region: nil) }
        #expect(try v25.readSession { try $0.tableExists("new_loan_summary") } == false)
        v25.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        #expect(try periods.map { try postgres.programme(for: $0, region: nil) } == before)
        #expect(try Self.kept(postgres) == (try Self.kept(postgres, kept: false)))
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
