import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// A v24 store (no classification) opened by this kejin (v25): every balance becomes normal, no
/// kept figure moves, npl_summary starts empty, rule 16 is seeded, `store check` is clean; the
/// next import's classifications count at once, by delta.
@Suite struct ClassificationMigrationTests {
    static let summaries = ["SELECT * FROM period_summary ORDER BY 1, 2", "SELECT * FROM bank_summary ORDER BY 1, 2, 3",
                            "SELECT * FROM region_summary ORDER BY 1, 2, 3", "SELECT * FROM enterprise_summary ORDER BY 1, 2, 3, 4",
                            "SELECT * FROM product_summary ORDER BY 1, 2, 3"]

    /// Figures without the NPL this kejin adds (a v24 store has none to compare).
    static func withoutNPL(_ f: Figures) -> Figures {
        var f = f
        f.banksNPL = nil
        f.city.npl = nil; f.city.techNPL = nil
        for i in f.chains.indices { f.chains[i].npl = nil; f.chains[i].techNPL = nil }
        return f
    }

    @Test func aV24StoreMigratesWithNoFigureMoving() throws {
        let f = try Fixture()
        let older = Array(Schema.migrations.prefix { $0.version <= 24 })
        let v24 = try Store(path: f.storePath, readOnly: false, busyTimeout: 5, migrations: older)
        // The classification column is read (and checked) but not kept by a v24 store.
        _ = try v24.importFiles(try ClassificationTests.files.map { try f.write($0.0, $0.1) })
        #expect(try v24.schemaVersion() == 24)
        #expect(try v24.readSession { try $0.tableExists("npl_summary") } == false)
        let before = try Self.summaries.map { sql in try v24.readSession { try $0.fetch(sql).map(\.values) } }
        let figuresBefore = try v24.figures(for: ClassificationTests.march)
        #expect(figuresBefore.banksNPL == nil && figuresBefore.city.npl == nil)
        try v24.dbQueue.close()

        let store = try f.store()
        #expect(try store.schemaVersion() == Schema.version && Schema.version >= 25)
        #expect(try Self.summaries.map { sql in try store.readSession { try $0.fetch(sql).map(\.values) } } == before)
        let after = try store.figures(for: ClassificationTests.march)
        #expect(Self.withoutNPL(after) == figuresBefore)
        #expect(try store.readSession { try $0.fetchOne("SELECT count(*) FROM loan_balances WHERE grade <> 1", as: Int.self) } == 0)
        #expect(try store.readSession { try $0.fetchOne("SELECT count(*) FROM npl_summary", as: Int.self) } == 0)
        #expect(try ClassificationTests.npl(store) == [" 2200 0 1500 0", "C1 2000 0 1500 0", "B1 1600 0 1100 0", "B2 600 0 400 0"])
        let rule = try #require(try store.alertRule(id: 16))  // (seeded by v1 here, by v25 in aV25StoreTakenBack…)
        #expect(rule.measure == .techNPLGap && rule.warnAbove == 299)
        #expect(try store.check().findings.map(\.description) == [])

        // The same ledger again, now kept with its classifications (a balance-only import: by delta).
        _ = try store.importFiles([try f.write(ClassificationTests.files[5].0, ClassificationTests.files[5].1, folder: "again")])
        #expect(try ClassificationTests.npl(store) == [" 2200 1000 1500 500", "C1 2000 1000 1500 500", "B1 1600 600 1100 100", "B2 600 400 400 400"])
        #expect(try Self.summaries.map { sql in try store.readSession { try $0.fetch(sql).map(\.values) } } == before)
        #expect(try store.check().findings.map(\.description) == [])
    }

    /// What takes a store back to v24 (the tests of older versions run it first): no grade, no
    /// npl_summary, no rule 16.
    static let backToV24 = NewLoanSummaryTests.backToV25 + """
        DROP TABLE npl_summary; ALTER TABLE loan_balances DROP COLUMN grade;
        DELETE FROM alert_rules WHERE id = 16;
        \(Schema.forgetting(from: 25))
        """

    /// The same taken back by hand from a v25 store holding classifications, then migrated
    /// again: every balance normal, the kept figures as before, `store check` clean.
    @Test func aV25StoreTakenBackMigratesAgain() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try ClassificationTests.files.map { try f.write($0.0, $0.1) })
        try store.dbQueue.write { try $0.execute(sql: Self.backToV24) }
        try store.dbQueue.close()
        let again = try f.store()
        #expect(try again.schemaVersion() == Schema.version)
        // (A v24 store made by this kejin has rule 16 from v1's seed of every default rule; one
        // made by an older kejin has not, as here: v25 seeds it.)
        let seeded = try #require(try again.alertRule(id: 16))
        #expect(seeded.measure == .techNPLGap && seeded.warnAbove == 299)
        #expect(try ClassificationTests.npl(again) == [" 2200 0 1500 0", "C1 2000 0 1500 0", "B1 1600 0 1100 0", "B2 600 0 400 0"])
        #expect(try again.check().findings.map(\.description) == [])
    }

    /// A store that already has a rule 16 (imported by hand) keeps it through the migration.
    @Test func aRule16OfTheStoreIsKept() throws {
        let f = try Fixture()
        let older = Array(Schema.migrations.prefix { $0.version <= 24 })
        let v24 = try Store(path: f.storePath, readOnly: false, busyTimeout: 5, migrations: older)
        try v24.saveAlertRule(AlertRule(id: 16, measure: .ledgerSpread, warnAbove: 500))
        try v24.dbQueue.close()
        let store = try f.store()
        #expect(try store.alertRule(id: 16).map { ($0.measure, $0.warnAbove) }! == (.ledgerSpread, 500))
    }
}
