import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The guarantees in force kept per month (schema v28, Query/GuaranteeSummary.swift): the
/// crafted store's rows worked out by hand (a guarantee starting on a month's last day, one
/// ending on it, one released on it and one the day after, a firm with two guarantees from one
/// guarantor, a firm with no chain); imports of firms (a chain moved), guarantees and balances
/// (a month with nothing in force) keep them; every month's figures equal those summed from the
/// book, without reading it; rows of another reference version are not read; `store check`
/// names a row moved by hand; the demo's rows are its guarantees'; a v27 store migrates with
/// every month's figures as before. (PostgreSQL: PostgresTests/GuaranteeSummaryPostgresTests.swift.)
@Suite struct GuaranteeSummaryTests {
    static func rows(_ store: Store, kept: Bool) throws -> [GuaranteeSummary.Row] {
        try store.readSession { try GuaranteeSummary.rows($0, kept: kept) }
    }

    /// A month's rows as "cut code balance weighted firms lowest" (money in fen).
    static func shown(_ store: Store, _ month: String) throws -> [String] {
        try rows(store, kept: true).filter { $0.month == month }.map {
            "\($0.cut) \($0.code) \($0.balance) \($0.weighted) \($0.firms) \($0.lowestBankShare)"
        }
    }

    /// Every period's figures, whole store and each region, as a viewer reads them, and the
    /// Regions view's rows (each region's guarantees in force).
    static func figures(_ store: Store) throws -> [Figures] {
        let regions = [nil] + (try store.regionTree().regions.map(\.code))
        return try store.availablePeriods().flatMap { p in
            try regions.map { r in
                var f = try store.figures(for: p, region: r)
                f.childRegions = try store.childRegions(for: p, region: r)
                return f
            }
        }
    }

    /// The kept rows are the guarantees'; the figures read them, not the book, and equal the
    /// book's (the rows' version forgotten: every month then sums the book); `store check` clean.
    static func expectKept(_ store: Store, _ when: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let kept = try rows(store, kept: true)
        #expect(try !kept.isEmpty && kept == rows(store, kept: false), "\(when)", sourceLocation: sourceLocation)
        #expect(try store.check().findings.map(\.description) == [], "\(when)", sourceLocation: sourceLocation)
        let reads = store.versioned.bookReads
        let whole = try store.availablePeriods().map { try store.figures(for: $0) }
        #expect(store.versioned.bookReads == reads, "\(when): the book read", sourceLocation: sourceLocation)
        let fromRows = try figures(store)
        try store.writeSession { try $0.execute("UPDATE store_meta SET value = 'other' WHERE key = ?1", [.text(GuaranteeSummary.stampKey)]) }
        #expect(try store.availablePeriods().map { try store.figures(for: $0) } == whole, "\(when)", sourceLocation: sourceLocation)
        #expect(try figures(store) == fromRows, "\(when)", sourceLocation: sourceLocation)
        #expect(store.versioned.bookReads > 0, "\(when): the book not read", sourceLocation: sourceLocation)
        try store.writeSession { try GuaranteeSummary.stamp($0, bumpFollows: false) }
    }

    @Test func theCraftedRowsAreWorkedOutByHandAndFollowImports() throws {
        let (f, store) = try Fixture.crafted()
        // 2024-06: GU3 (G1, E1) starts on the 30th. 2025-05: GU1 and GU3 (both G1 on E1: one
        // firm), GU4 (E3, released 30 June) and GU5 (E4, no chain). 2025-06: GU1, GU2 (starts
        // on the 30th) and GU5 (released 1 July); GU3 ends and GU4 is released on the 30th.
        #expect(try Self.shown(store, "2024-06") == ["chain TEA 70000000 0 0 0", "guarantor G1 70000000 3500000000 1 1000",
                                                     "pool P1 70000000 0 0 0", "region  70000000 0 0 0", "total  70000000 0 0 0"])
        #expect(try Self.shown(store, "2025-05") == [
            "chain SE 40000000 0 0 0", "chain TEA 170000000 0 0 0",
            "guarantor G1 230000000 17300000000 3 1000", "pool P1 210000000 0 0 0",
            "region  230000000 0 0 0", "total  230000000 0 0 0"])
        #expect(try Self.shown(store, "2025-06") == [
            "chain TEA 150000000 0 0 0", "guarantor G1 170000000 15800000000 3 2000",
            "pool P1 100000000 0 0 0", "region  170000000 0 0 0", "total  170000000 0 0 0"])
        try Self.expectKept(store, "crafted")

        // Firms' chains moved (E4 to SE, E1 to NM): their guarantees move.
        _ = try store.importFiles([try f.write("enterprises.csv", """
            code,name_zh,name_en,chain
            E1,企业一,Firm 1,NM
            E4,企业四,Firm 4,SE

            """, folder: "firms")])
        #expect(try Self.shown(store, "2025-06").prefix(3) == ["chain NM 100000000 0 0 0", "chain SE 20000000 0 0 0",
                                                               "chain TEA 50000000 0 0 0"])
        try Self.expectKept(store, "chains moved")

        // GU6 released mid-June, GU2 now ending on June's last day; a month with nothing in force
        // (2024-01, before any guarantee).
        _ = try store.importFiles([try f.write("guarantees.csv", """
            code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date
            GU2,G1,E2,B1,2025-06-01,2025-06-30,500000,1.2,25,,
            GU6,G2,E3,B1,2025-06-01,2026-07-01,900000,0.7,20,,2025-06-15

            """, folder: "released"), try f.write("loan_balances-2024-01.csv", "loan,period,balance_yuan\nL6,2024-01,100\n", folder: "released")])
        #expect(try Self.shown(store, "2025-06").filter { $0.hasPrefix("guarantor") || $0.hasPrefix("total") }
                == ["guarantor G1 120000000 9800000000 2 2000", "total  120000000 0 0 0"])
        #expect(try Self.shown(store, "2024-01") == ["total  0 0 0 0"])
        let january = try store.figures(for: Period("2024-01")!)
        #expect(january.guarantors.allSatisfy { $0.balanceInForce == Money(fen: 0) && $0.firmsInForce == 0 }
                && january.pools.allSatisfy { $0.coveredBalance == Money(fen: 0) })
        try Self.expectKept(store, "released")

        // A balance import alone adds its month's rows (nothing else recomputed): in July GU1
        // alone (GU5 released on the 1st).
        _ = try store.importFiles([try f.write("loan_balances-2025-07.csv", "loan,period,balance_yuan\nL1,2025-07,650000\n", folder: "july")])
        #expect(try Self.shown(store, "2025-07") == ["chain NM 100000000 0 0 0", "guarantor G1 100000000 8000000000 1 2000",
                                                     "pool P1 100000000 0 0 0", "region  100000000 0 0 0", "total  100000000 0 0 0"])
        try Self.expectKept(store, "july")

        // A kept row moved by hand is what `store check` names.
        try store.writeSession { try $0.execute("UPDATE guarantee_summary SET firms = 9 WHERE month = '2025-06' AND cut = 'guarantor'") }
        #expect(try store.check().findings.map(\.description) == [
            "summary: guarantee_summary guarantees month 2025-06 guarantor 'G1': balance 120000000, weighted 9800000000, firms 9, lowest_bank_share 2000 stored, "
                + "balance 120000000, weighted 9800000000, firms 2, lowest_bank_share 2000 recomputed from guarantees"])
    }

    /// Guarantees written but not through an import (the rows not recomputed) move the
    /// reference version, as every kejin write of them does: the figures then sum the book. A
    /// rule saved moves it too and changes no guarantee: the rows still hold.
    @Test func rowsOfAnotherReferenceVersionAreNotRead() throws {
        let (_, store) = try Fixture.crafted()
        let june = try #require(Period("2025-06"))
        var rule = try #require(store.alertRules().first)
        rule.enabled.toggle()
        try store.saveAlertRule(rule)
        let before = try store.figures(for: june)
        #expect(store.versioned.bookReads == 0 && before.guarantors.first?.balanceInForce == Money(fen: 170_000_000))
        try store.dbQueue.write {
            try $0.execute(sql: "UPDATE guarantees SET amount = amount + 100")
            try ReferenceVersion.bump(SQLiteSession(db: $0))
        }
        let after = try store.figures(for: june)
        #expect(store.versioned.bookReads == 1 && after.guarantors.first?.balanceInForce == Money(fen: 170_000_300))
        let findings = try store.check().findings.map(\.description)
        #expect(!findings.isEmpty && findings.allSatisfy { $0.hasPrefix("summary: guarantee_summary") })
    }

    @Test func theDemosRowsAreItsGuarantees() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        // Not vacuous: the demo has months with guarantors, chains, pools and regions in force.
        #expect(try Set(Self.rows(store, kept: true).map(\.cut)) == Set(GuaranteeSummary.Cut.allCases.map(\.rawValue)))
        try Self.expectKept(store, "demo")
    }

    /// What takes a store back to v27 (the tests of older versions run it first).
    static let backToV27 = EnterpriseCategoryTests.backToV28 + """
        DROP TABLE guarantee_summary;
        DELETE FROM store_meta WHERE key = '\(GuaranteeSummary.stampKey)';
        \(Schema.forgetting(from: 28))
        """

    /// A v27 store (the months summed from the book) opened by this kejin: the table filled,
    /// every month's figures as before, `store check` clean; the next import keeps it.
    @Test func aV27StoreMigratesWithEveryFigureAsBefore() throws {
        let f = try Fixture()
        let older = Array(Schema.migrations.prefix { $0.version <= 27 })
        let v27 = try Store(path: f.storePath, readOnly: false, busyTimeout: 5, migrations: older)
        _ = try v27.importDemo()
        #expect(try v27.schemaVersion() == 27)
        #expect(try v27.readSession { try $0.tableExists(GuaranteeSummary.table) } == false)
        let before = try Self.figures(v27)
        try v27.dbQueue.close()

        let store = try f.store()
        #expect(try store.schemaVersion() == Schema.version && Schema.version >= 28)
        #expect(try Self.figures(store) == before)
        try Self.expectKept(store, "migrated")
    }
}
