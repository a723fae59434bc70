import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The interest-subsidy claims kept per bank and month (schema v27, Query/SubsidySummary.swift):
/// InterestSubsidyTests' small store's rows worked out by hand; an import of claims rebuilds
/// them in its transaction, every month's subsidy figures then equal to those summed from the
/// claims, `store check` clean and naming a row moved by hand; the demo's rows are its claims';
/// a v26 store migrates with every month's subsidy figures as before and the draws' index.
/// (PostgreSQL: PostgresTests/SubsidySummaryPostgresTests.swift.)
@Suite struct SubsidySummaryTests {
    static func kept(_ store: Store) throws -> [SubsidySummary.Row] {
        try store.readSession { try SubsidySummary.rows($0, kept: true) }
    }
    static func fresh(_ store: Store) throws -> [SubsidySummary.Row] {
        try store.readSession { try SubsidySummary.rows($0, kept: false) }
    }

    /// Every month's subsidy figures from `rows` (the book as a viewer reads it, its claims
    /// replaced), from the month before the first row to the month after the last.
    static func figures(_ store: Store, _ rows: [SubsidySummary.Row]) throws -> [InterestSubsidyFigures] {
        var book = try store.readSession { try SubsidyBook.read($0) }
        book.claimsToDate = try SubsidyBook.toDate(rows)
        guard let first = rows.map(\.month).min().flatMap(Period.init), let last = rows.map(\.month).max().flatMap(Period.init) else { return [] }
        return Array(sequence(first: first.previous) { $0 <= last ? $0.next : nil }).map(book.figures(at:))
    }

    /// The kept rows are the claims' (and so is every month's figure); `store check` clean.
    static func expectKept(_ store: Store, _ when: String) throws {
        let kept = try kept(store)
        #expect(try !kept.isEmpty && kept == fresh(store), "\(when)")
        #expect(try figures(store, kept) == figures(store, fresh(store)), "\(when)")
        #expect(try store.check().findings.map(\.description) == [], "\(when)")
    }

    /// A bank's rows as "bank month claims claimed paid loans" (money in fen).
    static func shown(_ store: Store) throws -> [String] {
        try kept(store).map { "\($0.bank) \($0.month) \($0.claims) \($0.claimed) \($0.paid) \($0.loans)" }
    }

    @Test func aSmallStoresRowsAreWorkedOutByHandAndFollowAnImportOfClaims() throws {
        let (f, store) = try InterestSubsidyTests.imported()
        // B1: C1 (L1) claimed and paid in February; C2 (L1 again) and C3 (L2) claimed in March,
        // C2 paid 4.50 in April; B2: C4 (L3) claimed and paid in April.
        #expect(try Self.shown(store) == ["B1 2024-02 1 2000 2000 1", "B1 2024-03 2 1500 0 1", "B1 2024-04 0 0 450 0",
                                          "B2 2024-04 1 1234 1234 1"])
        try Self.expectKept(store, "imported")

        // May: B2 claims on L3 again, paid in June; B1's C3 paid in May (a correction of the row).
        _ = try store.importFiles([try f.write("subsidy_claims.csv", InterestSubsidyTests.claimHeader + """

            C3,S2,B1,L2,2024-03-10,10,2024-05-06,9
            C5,S1,B2,L3,2024-05-06,30,2024-06-01,30

            """, folder: "may")])
        #expect(try Self.shown(store) == ["B1 2024-02 1 2000 2000 1", "B1 2024-03 2 1500 0 1", "B1 2024-04 0 0 450 0",
                                          "B1 2024-05 0 0 900 0", "B2 2024-04 1 1234 1234 1", "B2 2024-05 1 3000 0 0",
                                          "B2 2024-06 0 0 3000 0"])
        try Self.expectKept(store, "may")
        let june = try #require(try store.figures(for: Period("2024-06")!).subsidy)
        #expect(june.banks.map(\.loans) == [2, 1] && june.paid == Money(fen: 2000 + 450 + 900 + 1234 + 3000))

        // A kept row moved by hand is what `store check` names.
        try store.writeSession { try $0.execute("UPDATE subsidy_summary SET paid = 1 WHERE bank = 'B2' AND month = '2024-06'") }
        #expect(try store.check().findings.map(\.description)
                == ["summary: subsidy_summary claims bank B2 month 2024-06: claims 0, claimed 0, paid 1, loans 0 stored, claims 0, claimed 0, paid 3000, loans 0 recomputed from subsidy_claims"])
    }

    @Test func theDemosRowsAreItsClaims() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        try Self.expectKept(store, "demo")
    }

    /// What takes a store back to v26 (the tests of older versions run it first).
    static let backToV26 = GuaranteeSummaryTests.backToV27 + """
        DROP TABLE subsidy_summary;
        DROP INDEX relending_draws_tool_day;
        \(Schema.forgetting(from: 27))
        """

    /// A v26 store (the claims summed from every claim) opened by this kejin: the table filled,
    /// the draws' index made, every month's subsidy and re-lending figures as before.
    @Test func aV26StoreMigratesWithEveryFigureAsBefore() throws {
        let f = try Fixture()
        let older = Array(Schema.migrations.prefix { $0.version <= 26 })
        let v26 = try Store(path: f.storePath, readOnly: false, busyTimeout: 5, migrations: older)
        _ = try v26.importDemo()
        #expect(try v26.schemaVersion() == 26)
        #expect(try v26.readSession { try $0.tableExists(SubsidySummary.table) } == false)
        let periods = try v26.availablePeriods()
        let before = try periods.map { try v26.figures(for: $0) }
        #expect(before.contains { $0.subsidy?.banks.isEmpty == false } && before.contains { $0.relendingTools.contains { $0.firstLoan != nil } })
        try v26.dbQueue.close()

        let store = try f.store()
        #expect(try store.schemaVersion() == Schema.version && Schema.version >= 27)
        #expect(try store.readSession { try $0.fetchOne("SELECT count(*) FROM sqlite_master WHERE name = 'relending_draws_tool_day'", as: Int.self) } == 1)
        #expect(try periods.map { try store.figures(for: $0) } == before)
        try Self.expectKept(store, "migrated")
    }
}
