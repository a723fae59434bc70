import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The programme's new loans kept per start month (schema v26, Query/NewLoanSummary.swift): on
/// the demo the kept rows are the loans' and every period's programme figures are those of the
/// direct query; a small store's rows follow a loans correction (amount, bank, a start date in
/// another month), a firm's chain change and tags whose validity covers or uncovers a start
/// date, each by delta, `store check` clean after each and naming a row moved by hand; a v25
/// store migrates with every programme figure as it was. (PostgreSQL:
/// PostgresTests/NewLoanSummaryPostgresTests.swift.)
@Suite struct NewLoanSummaryTests {
    /// Every kept row, and the same recomputed from the loans, as text.
    static func kept(_ store: Store) throws -> [NewLoanSummary.Row] {
        try store.readSession { s in try NewLoanSummary.rows(s, since: "0000-01", kept: true) }
    }
    static func fresh(_ store: Store) throws -> [NewLoanSummary.Row] {
        try store.readSession { s in try NewLoanSummary.rows(s, since: "0000-01", kept: false) }
    }

    /// The period's programme figures from the kept rows (as the screen reads them) and from the
    /// direct query over the loans.
    static func programme(_ store: Store, _ period: Period) throws -> (kept: ProgrammeFigures, direct: ProgrammeFigures) {
        try store.readSession { s in
            let kept = try ProgrammeQuery(session: s, period: period, book: NewLoanBook.read(s)).figures()
            let first = try s.fetchOne("SELECT min(period) FROM period_summary", as: String?.self) ?? nil
            let since = min(PolicyEffect.firstMonth.key, first.map { String($0.prefix(4)) + "-01" } ?? PolicyEffect.firstMonth.key)
            let book = NewLoanBook(groups: try NewLoanSummary.rows(s, since: since, kept: false))
            return (kept, try ProgrammeQuery(session: s, period: period, book: book).figures())
        }
    }

    @Test func theDemosKeptRowsAreItsLoansAndEveryPeriodReadsAlike() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let kept = try Self.kept(store)
        #expect(try kept.count > 100 && kept == Self.fresh(store))
        #expect(kept.contains { $0.cut == .kind } && kept.contains { $0.cut == .tech })
        for p in try store.availablePeriods() {
            let (k, d) = try Self.programme(store, p)
            #expect(k == d, "\(p.key)")
        }
        let last = try #require(try store.availablePeriods().last)
        #expect(try Self.programme(store, last).kept.policyEffect.total.loans > 0)
        #expect(try store.check().findings.map(\.description) == [])

        // A few demo loans corrected (amount, and one's start month): by delta, still the loans'.
        let rows = try store.readSession { s in
            try s.fetch("""
                SELECT code, bank, enterprise, product, purpose, start_date, maturity_date, amount, rate,
                       first_loan, credit_loan, renewal, revolving, ip_pledge FROM loans
                WHERE guarantee IS NULL AND relending_draw IS NULL AND start_date < '2024-07-15' AND maturity_date > '2024-08-01'
                ORDER BY id LIMIT 3
                """)
        }
        #expect(rows.count == 3)
        var file = Self.loansHeader + "\n"
        for (i, r) in rows.enumerated() {
            var fields = try (0..<7).map { try r.get($0, as: String.self) }
            if i == 0 { fields[5] = "2024-07-15" }
            fields.append(Money(fen: try r.get(7, as: Int64.self) + 100_00).yuanText)
            fields.append(Money(fen: try r.get(8, as: Int64.self)).yuanText)
            fields += try (9..<14).map { "\(try r.get($0, as: Int64.self))" }
            file += fields.joined(separator: ",") + "\n"
            // A new loan written twice in the file: only its last row counts, never the first
            // as a "before" (it was not in the table when the import began).
            if i == 1 {
                fields[0] = "L-NEW-TWICE"
                file += fields.joined(separator: ",") + "\n"
                fields[7] = "1.00"
                file += fields.joined(separator: ",") + "\n"
            }
        }
        _ = try store.importFiles([try f.write("loans-fix.csv", file, folder: "fix")], intoDemo: true)
        let after = try Self.kept(store)
        #expect(try after != kept && after == Self.fresh(store))
        #expect(try store.check().findings.map(\.description) == [])
    }

    static let loansHeader = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge"
    static func loan(_ code: String, _ bank: String, _ enterprise: String, _ start: String, _ yuan: Int, _ rate: String = "4") -> String {
        "\(code),\(bank),\(enterprise),,general,\(start),2027-01-01,\(yuan),\(rate),0,0,0,0,0"
    }

    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\n"),
        ("chains.csv", "code,name_zh,name_en,lead_bank\nC1,富硒,Selenium,B1\nC2,茶,Tea,B2\n"),
        ("enterprises.csv", "code,name_zh,name_en,chain\nE1,企业一,Firm One,C1\nE2,企业二,Firm Two,C2\nE3,企业三,Firm Three,\n"),
        ("enterprise_tags.csv", "enterprise,tag,certificate,valid_from,valid_to\nE1,high_tech,,2024-01-01,2026-12-31\nE1,srdi,,2024-02-01,2026-12-31\n"),
        ("loans.csv", [loansHeader, loan("L1", "B1", "E1", "2024-02-10", 1000), loan("L2", "B2", "E2", "2024-03-05", 300, "3.5"),
                       loan("L3", "B1", "E3", "2024-02-20", 200)].joined(separator: "\n") + "\n"),
        ("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-03,1000\nL2,2025-03,300\nL3,2025-03,200\n"),
    ]

    /// The store of `files`, and its fixture.
    static func imported() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try files.map { try f.write($0.0, $0.1) })
        return (f, store)
    }

    /// A month's rows as "cut code loans yuan weighted".
    static func month(_ store: Store, _ month: String) throws -> [String] {
        try store.readSession { s in
            try NewLoanSummary.rows(s, since: month, kept: true).filter { $0.month == month }
                .map { "\($0.cut) \($0.code) \($0.loans) \($0.amount / 100) \($0.weighted / 100)" }
        }
    }

    /// Imports `csv` as `name`: the kept rows move (so an import that left them would differ
    /// from the loans) and stay the loans', `store check` clean.
    static func step(_ f: Fixture, _ store: Store, _ name: String, _ csv: String, _ folder: String) throws {
        let before = try kept(store)
        _ = try store.importFiles([try f.write(name, csv, folder: folder)])
        let after = try kept(store)
        #expect(after != before, "\(folder)")
        #expect(after == (try fresh(store)), "\(folder)")
        #expect(try store.check().findings.map(\.description) == [], "\(folder)")
        let march = Period(year: 2025, month: 3)
        let (k, d) = try programme(store, march)
        #expect(k == d, "\(folder)")
    }

    @Test func aSmallStoresRowsFollowLoansFirmsAndTags() throws {
        let (f, store) = try Self.imported()
        // February: L1 (B1, C1, high-tech and SRDI on 02-10) and L3 (B1, no chain, untagged);
        // amount × rate in yuan × bp.
        #expect(try Self.month(store, "2024-02") == ["bank B1 2 1200 480000", "chain  1 200 80000", "chain C1 1 1000 400000",
                                                     "kind high_tech 1 1000 400000", "kind srdi 1 1000 400000", "tech  1 1000 400000"])
        #expect(try Self.month(store, "2024-03") == ["bank B2 1 300 105000", "chain C2 1 300 105000"])
        #expect(try Self.kept(store) == (try Self.fresh(store)))

        // A loans correction: L1's amount, L2's bank, L3 started in April instead.
        try Self.step(f, store, "loans.csv", [Self.loansHeader, Self.loan("L1", "B1", "E1", "2024-02-10", 1500),
                                              Self.loan("L2", "B1", "E2", "2024-03-05", 300, "3.5"),
                                              Self.loan("L3", "B1", "E3", "2024-04-20", 200)].joined(separator: "\n") + "\n", "loans")
        #expect(try Self.month(store, "2024-02") == ["bank B1 1 1500 600000", "chain C1 1 1500 600000",
                                                     "kind high_tech 1 1500 600000", "kind srdi 1 1500 600000", "tech  1 1500 600000"])
        #expect(try Self.month(store, "2024-03") == ["bank B1 1 300 105000", "chain C2 1 300 105000"])
        #expect(try Self.month(store, "2024-04") == ["bank B1 1 200 80000", "chain  1 200 80000"])

        // E2 moves to chain C1.
        try Self.step(f, store, "enterprises.csv", "code,name_zh,name_en,chain\nE2,企业二,Firm Two,C1\n", "chain")
        #expect(try Self.month(store, "2024-03") == ["bank B1 1 300 105000", "chain C1 1 300 105000"])

        // A tag of E3 valid from April covers L3's start date; E1's SRDI now starting in March
        // uncovers L1's.
        try Self.step(f, store, "enterprise_tags.csv", """
            enterprise,tag,certificate,valid_from,valid_to
            E3,tech_sme,,2024-04-01,2025-12-31
            E1,srdi,,2024-02-01,2024-02-09

            """, "tags")
        #expect(try Self.month(store, "2024-02") == ["bank B1 1 1500 600000", "chain C1 1 1500 600000",
                                                     "kind high_tech 1 1500 600000", "tech  1 1500 600000"])
        #expect(try Self.month(store, "2024-04") == ["bank B1 1 200 80000", "chain  1 200 80000", "kind tech_sme 1 200 80000", "tech  1 200 80000"])
        let effect = try #require(try store.programme(for: Period(year: 2025, month: 3), region: nil)).policyEffect
        #expect(effect.total == LoanTally(amount: .yuan(1700), loans: 2))
        #expect(effect.byKind == [.highTech: LoanTally(amount: .yuan(1500), loans: 1), .techSME: LoanTally(amount: .yuan(200), loans: 1)])

        // A kept row moved by hand is what `store check` names.
        try store.writeSession { try $0.execute("UPDATE new_loan_summary SET loans = 5 WHERE month = '2024-04' AND cut = 'tech'") }
        #expect(try store.check().findings.map(\.description)
                == ["summary: new_loan_summary new loans month 2024-04 tech '': loans 5, amount 20000, weighted 8000000 stored, loans 1, amount 20000, weighted 8000000 recomputed from loans"])
    }

    /// Firms, tags and loans that try the recompute's edges, written straight (the importer
    /// would refuse a loan of no firm): F1 (chain C1) holds two overlapping high-tech tags, an
    /// SRDI and a little-giant tag (both kind srdi) over March, and agri; F2 (no chain) a
    /// tech-SME tag of 2024-05-10…20 with loans started the day before, on each end and the day
    /// after; F3 only agri; NF1 and NF2 have no firm row, NF1 a tech-SME tag.
    static let edgeStatements = [
        "INSERT INTO enterprises(code, name_zh, name_en, chain) VALUES ('F1', '甲', 'F1', 'C1'), ('F2', '乙', 'F2', NULL), ('F3', '丙', 'F3', 'C2')",
        """
        INSERT INTO enterprise_tags(enterprise, tag, certificate, valid_from, valid_to) VALUES
          ('F1', 'high_tech', '', '2024-01-01', '2024-12-31'), ('F1', 'high_tech', '', '2024-06-01', '2025-06-30'),
          ('F1', 'srdi', '', '2024-03-01', '2024-03-31'), ('F1', 'little_giant', '', '2024-03-15', '2024-04-30'),
          ('F1', 'agri', '', '2020-01-01', '2030-12-31'), ('F2', 'tech_sme', '', '2024-05-10', '2024-05-20'),
          ('F3', 'agri', '', '2020-01-01', '2030-12-31'), ('NF1', 'tech_sme', '', '2024-01-01', '2030-12-31')
        """,
        "INSERT INTO loans(code, bank, enterprise, product, purpose, start_date, maturity_date, amount, rate, first_loan, credit_loan, renewal, revolving, ip_pledge) VALUES "
            + [("L1", "B1", "F1", "2024-02-10", 100_000, 400), ("L2", "B2", "F1", "2024-03-20", 200_000, 350),
               ("L3", "B1", "F1", "2024-07-01", 300_000, 420), ("L4", "B1", "F1", "2025-08-01", 400_000, 380),
               ("L5", "B2", "F2", "2024-05-10", 50_000, 500), ("L6", "B2", "F2", "2024-05-20", 60_000, 500),
               ("L7", "B1", "F2", "2024-05-09", 70_000, 500), ("L8", "B1", "F2", "2024-05-21", 80_000, 500),
               ("L9", "B1", "F3", "2024-05-15", 90_000, 450), ("L10", "B2", "NF1", "2024-05-15", 11_000, 300),
               ("L11", "B1", "NF2", "2024-02-01", 12_000, 300)]
            .map { "('\($0.0)', '\($0.1)', '\($0.2)', '', 'general', '\($0.3)', '2027-01-01', \($0.4), \($0.5), 0, 0, 0, 0, 0)" }
            .joined(separator: ", "),
    ]

    /// Loans per cut and code, every month together: "cut code loans amount".
    static func totals(_ rows: [NewLoanSummary.Row]) -> [String] {
        Dictionary(grouping: rows) { "\($0.cut) \($0.code)" }
            .map { key, rows in "\(key) \(rows.map(\.loans).reduce(0, +)) \(rows.map(\.amount).reduce(0, +))" }.sorted()
    }

    /// The recompute (SQLite: `summed`) and `fastSQL` give the per-loan definition's rows on the
    /// edges: a loan counted once per kind however many of its tags hold, on a tag's first and
    /// last day but not the days around, no chain for a firm without one or without a row.
    @Test func theFastRecomputeIsThePerLoanDefinitionOnTheEdges() throws {
        let f = try Fixture()
        let store = try f.store()
        try store.writeSession { s in
            for sql in Self.edgeStatements { _ = try s.execute(sql) }
            try NewLoanSummary.recompute(s)
        }
        let kept = try Self.kept(store), fresh = try Self.fresh(store)
        #expect(kept == fresh)
        #expect(Self.totals(kept) == [
            "bank B1 7 1052000", "bank B2 4 321000", "chain  6 283000", "chain C1 4 1000000", "chain C2 1 90000",
            "kind high_tech 3 600000", "kind srdi 1 200000", "kind tech_sme 3 121000", "tech  6 721000",
        ])
        // fastSQL (PostgreSQL's recompute) on SQLite too.
        let fast = try store.readSession { s in
            try s.fetch("SELECT * FROM (\(NewLoanSummary.fastSQL)) AS f ORDER BY month, cut, code").map { r in
                NewLoanSummary.Row(month: try r.get(0), cut: try #require(NewLoanSummary.Cut(rawValue: try r.get(1))), code: try r.get(2),
                                   loans: Int(try r.get(3, as: Int64.self)), amount: try r.get(4), weighted: try r.get(5))
            }
        }
        #expect(fast == fresh)
        // (The loans' other summaries were not kept: written straight, not imported.)
        #expect(try store.check().findings.map(\.description).filter { $0.contains(NewLoanSummary.table) } == [])
    }

    /// The edges' firms, tags and loans as files (the loans of no firm left out: the importer
    /// refuses them), with a loans file of the caller's.
    static func edgeFiles(loans: [String]) -> [(String, String)] {
        [("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\n"),
         ("chains.csv", "code,name_zh,name_en,lead_bank\nC1,富硒,Selenium,B1\nC2,茶,Tea,B2\n"),
         ("enterprises.csv", "code,name_zh,name_en,chain\nF1,甲,F1,C1\nF2,乙,F2,\nF3,丙,F3,C2\n"),
         ("enterprise_tags.csv", """
            enterprise,tag,certificate,valid_from,valid_to
            F1,high_tech,,2024-01-01,2024-12-31
            F1,high_tech,,2024-06-01,2025-06-30
            F1,srdi,,2024-03-01,2024-03-31
            F1,little_giant,,2024-03-15,2024-04-30
            F1,agri,,2020-01-01,2030-12-31
            F2,tech_sme,,2024-05-10,2024-05-20
            F3,agri,,2020-01-01,2030-12-31

            """),
         ("loans.csv", ([loansHeader] + loans).joined(separator: "\n") + "\n")]
    }
    static let edgeLoans = [loan("L1", "B1", "F1", "2024-02-10", 1000, "4"), loan("L2", "B2", "F1", "2024-03-20", 2000, "3.5"),
                            loan("L3", "B1", "F1", "2024-07-01", 3000, "4.2"), loan("L4", "B1", "F1", "2025-08-01", 4000, "3.8"),
                            loan("L5", "B2", "F2", "2024-05-10", 500, "5"), loan("L6", "B2", "F2", "2024-05-20", 600, "5"),
                            loan("L7", "B1", "F2", "2024-05-09", 700, "5"), loan("L8", "B1", "F2", "2024-05-21", 800, "5"),
                            loan("L9", "B1", "F3", "2024-05-15", 900, "4.5")]

    /// A first import (a store without loans) sums each loan as it writes it instead of
    /// recomputing after the file (NewLoanChanges): the same rows as the per-loan definition on
    /// the edges, in one run with the firms and tags it reads; with a code twice in the file the
    /// last row wins, as in the table (the sums stop there and the table is recomputed).
    @Test func aFirstImportSumsTheLoansAsWrittenAsTheDefinitionDoes() throws {
        for (name, loans) in [("edges", Self.edgeLoans),
                              ("a code twice", Self.edgeLoans + [Self.loan("L3", "B2", "F3", "2024-09-01", 7000, "3")])] {
            let f = try Fixture()
            let store = try f.store()
            _ = try store.importFiles(try Self.edgeFiles(loans: loans).map { try f.write($0.0, $0.1) })
            let kept = try Self.kept(store)
            #expect(kept == (try Self.fresh(store)), "\(name)")
            #expect(try store.check().findings.map(\.description) == [], "\(name)")
            let l3 = name == "edges" ? "2024-07 bank B1 1 3000" : "2024-09 bank B2 1 7000"
            #expect(kept.contains { "\($0.month) \($0.cut) \($0.code) \($0.loans) \($0.amount / 100)" == l3 }, "\(name)")
            #expect(Self.totals(kept).filter { $0.hasPrefix("kind") || $0.hasPrefix("tech") } == (name == "edges"
                ? ["kind high_tech 3 600000", "kind srdi 1 200000", "kind tech_sme 2 110000", "tech  5 710000"]
                : ["kind high_tech 2 300000", "kind srdi 1 200000", "kind tech_sme 2 110000", "tech  4 410000"]), "\(name)")
        }
    }

    /// What takes a store back to v25 (the tests of older versions run it first).
    static let backToV25 = SubsidySummaryTests.backToV26 + """
        DROP TABLE new_loan_summary;
        \(Schema.forgetting(from: 26))
        """

    /// A v25 store (no kept rows; the book read from the loans) opened by this kejin: the table
    /// filled, every programme figure as before, `store check` clean; the next import keeps it.
    @Test func aV25StoreMigratesWithEveryProgrammeFigureAsBefore() throws {
        let f = try Fixture()
        let older = Array(Schema.migrations.prefix { $0.version <= 25 })
        let v25 = try Store(path: f.storePath, readOnly: false, busyTimeout: 5, migrations: older)
        _ = try v25.importDemo()
        #expect(try v25.schemaVersion() == 25)
        #expect(try v25.readSession { try $0.tableExists("new_loan_summary") } == false)
        let periods = try v25.availablePeriods()
        let before = try periods.map { try v25.programme(for: $0, region: nil) }
        try v25.dbQueue.close()

        let store = try f.store()
        #expect(try store.schemaVersion() == Schema.version && Schema.version >= 26)
        #expect(try Self.kept(store) == Self.fresh(store) && !Self.kept(store).isEmpty)
        #expect(try periods.map { try store.programme(for: $0, region: nil) } == before)
        #expect(try store.check().findings.map(\.description) == [])
    }
}
