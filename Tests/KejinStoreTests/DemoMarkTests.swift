import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The demo stays apart: a store records whether it holds the demo data set, `importDemo`
/// refuses a store with real imports, and real files go into a demo store only on purpose.
@Suite struct DemoMarkTests {
    static let oneBank = "code,kind,name_zh,name_en\nB-REAL,bank,真实银行,Real Bank\n"

    @Test func aNewStoreIsEmptyAndRuleImportsDoNotCount() throws {
        let f = try Fixture()
        let store = try f.store()
        #expect(try store.contents() == .empty)
        let rules = try f.write("my-rules.csv", """
            id,measure,scope,warn_below,critical_below,warn_above,critical_above,enabled
            1,relending_usage,,9500,8000,,10000,1
            """)
        _ = try store.importAlertRules(rules)
        #expect(try store.contents() == .empty)
        #expect(try !store.holdsDemoData())
    }

    @Test func demoIntoAStoreWithRealRowsIsRefusedAndChangesNothing() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles([try f.write("institutions.csv", Self.oneBank)])
        #expect(try store.contents() == .real)
        let before = try Fixture.counts(store)
        #expect(throws: StoreError.holdsRealData(path: f.storePath)) { try store.importDemo() }
        #expect(try Fixture.counts(store) == before)
        #expect(try store.contents() == .real)
        #expect(StoreError.holdsRealData(path: f.storePath).description.contains("kejin demo --store PATH"))
    }

    @Test func importIntoADemoStoreNeedsIntoDemo() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importDemo()
        #expect(try store.contents() == .demo)
        #expect(try store.holdsDemoData())
        let file = try f.write("institutions.csv", Self.oneBank)
        let before = try Fixture.counts(store)
        #expect(throws: StoreError.holdsDemoData(path: f.storePath)) { try store.importFiles([file]) }
        #expect(try Fixture.counts(store) == before)
        #expect(StoreError.holdsDemoData(path: f.storePath).description.contains("--into-demo"))

        #expect(try store.importFiles([file], intoDemo: true).rows == 1)
        #expect(try store.contents() == .demo, "files added on purpose keep the demo mark")
        // Re-loading the demo into a demo store stays allowed (idempotent).
        _ = try store.importDemo()
        #expect(try store.contents() == .demo)
        // A viewer sees the mark too (FigureSource).
        let viewer: any FigureSource = try f.store(readOnly: true)
        #expect(try viewer.holdsDemoData())
    }

    /// Stores made before migration v5 are classified by their import log.
    @Test(arguments: [("demo", StoreContents.demo), ("demo+real", .real), ("none", .empty), ("rules", .empty)])
    func legacyStoresAreClassifiedByTheirImportLog(history: String, expected: StoreContents) throws {
        let f = try Fixture()
        let queue = try DatabaseQueue(path: f.storePath)
        try Schema.migrator.migrate(queue, upTo: "v4 draw summary")
        var files: [URL] = []
        // The demo as it was then: no relending_caps.csv (schema v13), rrr_releases.csv (v18) nor the outreach (v20), fund and subsidy (v22) or pipeline files (v23).
        if history.hasPrefix("demo") {
            files += try Store.demoFiles().filter {
                !["relending_caps.csv", "rrr_releases.csv", "guarantor_cooperation.csv", "service_stations.csv",
                  "station_institutions.csv", "station_demands.csv", "guidance_funds.csv", "fund_loans.csv",
                  "subsidy_budgets.csv", "subsidy_allocations.csv", "subsidy_claims.csv",
                  "whitelist_pushes.csv", "matchmaking_meetings.csv"].contains($0.lastPathComponent)
            }
        }
        if history.hasSuffix("real") { files.append(try f.write("institutions-extra.csv", Self.oneBank)) }
        if history == "rules" {
            files.append(try f.write("alert_rules.csv", "id,measure,scope,warn_below,critical_below,warn_above,critical_above,enabled\n"))
        }
        if !files.isEmpty {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction { _ = try Importer(session: SQLiteSession(db: db)).run(files); return .commit }
            }
        }
        try queue.close()
        let store = try f.store()
        #expect(try store.contents() == expected)
    }
}
