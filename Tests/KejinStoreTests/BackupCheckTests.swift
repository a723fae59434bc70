import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// `Store.check()` finds what is wrong (and nothing on a good store); `backup(to:)` taken while
/// an import runs is a consistent store equal to the source before or after that import;
/// `restore` writes only new paths.
@Suite struct BackupCheckTests {
    /// Every period's figures: what a backup must reproduce.
    static func snapshot(_ store: Store) throws -> [Period: Figures] {
        var result: [Period: Figures] = [:]
        for p in try store.availablePeriods() { result[p] = try store.figures(for: p) }
        return result
    }

    static func demoStore(_ f: Fixture) throws -> Store {
        let store = try f.demoStore()
        return store
    }

    @Test func theDemoAndTheCraftedStoreAreConsistent() throws {
        let f = try Fixture()
        let store = try Self.demoStore(f)
        let report = try store.check()
        #expect(report.findings == [])
        #expect(report.periods == 18)
        let crafted = try Fixture()
        _ = try crafted.store().importFiles(try crafted.writeAll())
        #expect(try crafted.store(readOnly: true).check().findings == [])
    }

    @Test func checkFindsASummaryRowCorruptedByHand() throws {
        let f = try Fixture()
        let store = try Self.demoStore(f)
        let chain = try store.dbQueue.write { db -> String in
            let chain = try String.fetchOne(db, sql: "SELECT min(chain) FROM period_summary WHERE period = '2025-03' AND chain != ''")!
            try db.execute(sql: "UPDATE period_summary SET tech_balance = tech_balance + 1 WHERE period = '2025-03' AND chain = ?",
                           arguments: [chain])
            return chain
        }
        let findings = try store.check().findings
        #expect(findings.count == 1)
        let text = findings.first?.description ?? ""
        #expect(text.hasPrefix("summary: period_summary 2025-03 chain \(chain): tech_balance "), "\(text)")
        #expect(text.contains("recomputed"))
    }

    @Test func checkFindsDrawSummaryTechFlagCodesAndMoney() throws {
        let f = try Fixture()
        let store = try Self.demoStore(f)
        let draw = try store.dbQueue.write { db -> String in
            let draw = try String.fetchOne(db, sql: "SELECT min(draw) FROM draw_summary WHERE period = '2024-06'")!
            try db.execute(sql: "UPDATE draw_summary SET loans = loans + 1 WHERE period = '2024-06' AND draw = ?", arguments: [draw])
            try db.execute(sql: "UPDATE loans SET is_tech = NOT is_tech WHERE id = (SELECT min(id) FROM loans)")
            try db.execute(sql: "UPDATE guarantees SET pool = 'NO-SUCH-POOL' WHERE code = (SELECT min(code) FROM guarantees)")
            try db.execute(sql: "UPDATE relending_draws SET amount = 12.5 WHERE code = (SELECT min(code) FROM relending_draws)")
            return draw
        }
        let text = try store.check().findings.map(\.description)
        #expect(text.contains { $0.hasPrefix("summary: draw_summary 2024-06 draw \(draw):") }, "\(text)")
        // The flipped flag is found; the summaries built from it differ too, in that loan's periods.
        #expect(text.contains { $0.hasPrefix("summary: loans.is_tech: 1 loan(s)") }, "\(text)")
        #expect(text.contains("reference: guarantees.pool: 1 row(s) name a code that is not in risk_pools (first: \"NO-SUCH-POOL\")"), "\(text)")
        #expect(text.contains("money: relending_draws.amount: 1 row(s) are not a whole, non-negative number of fen"), "\(text)")
    }

    @Test func checkFindsAMissingLedgerTotal() throws {
        let f = try Fixture()
        let store = try Self.demoStore(f)
        // A balance row for a loan that does not exist: the ledger total and the codes disagree.
        try store.dbQueue.write { try $0.execute(sql: "INSERT INTO loan_balances(period, loan_id, balance) VALUES ('2025-03', 999999, 100)") }
        let text = try store.check().findings.map(\.description)
        #expect(text.contains { $0.hasPrefix("reference: loan_balances.loan_id: 1 row(s)") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("money: period_summary 2025-03 city: all_balance") }, "\(text)")
    }

    @Test func backupAndRestoreReproduceTheStoreAndNeverOverwrite() throws {
        let f = try Fixture()
        let store = try Self.demoStore(f)
        let backup = f.dir.appendingPathComponent("backups/demo.sqlite").path
        let report = try store.backup(to: backup)
        #expect(report.check.isConsistent)
        #expect(report.bytes > 0)
        // One self-contained file, private.
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
        #expect(try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int == 0o600)
        #expect(try Self.snapshot(Store(path: backup, readOnly: true)) == Self.snapshot(store))
        #expect(throws: StoreError.alreadyExists(path: backup)) { try store.backup(to: backup) }

        let restored = f.dir.appendingPathComponent("restored/kejin.sqlite").path
        #expect(try Store.restore(backup: backup, to: restored).check.isConsistent)
        let again = try Store(path: restored)
        #expect(try Self.snapshot(again) == Self.snapshot(store))
        #expect(try again.contents() == .demo)
        #expect(throws: StoreError.alreadyExists(path: restored)) { try Store.restore(backup: backup, to: restored) }
        #expect(throws: StoreError.alreadyExists(path: f.storePath)) { try Store.restore(backup: backup, to: f.storePath) }
    }

    @Test func restoreMigratesAnOlderBackupAndRefusesForeignFiles() throws {
        let f = try Fixture()
        let old = f.dir.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: old)
        try Schema.migrator.migrate(queue, upTo: "v4 draw summary")
        try queue.close()
        let restored = f.dir.appendingPathComponent("new.sqlite").path
        #expect(try Store.restore(backup: old, to: restored).check.isConsistent)
        #expect(try Store(path: restored, readOnly: true).dbQueue.read { try Schema.storedVersion($0) } == Schema.version)

        let foreign = f.dir.appendingPathComponent("foreign.sqlite").path
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE other(x)") }
        let target = f.dir.appendingPathComponent("never.sqlite").path
        #expect(throws: StoreError.notAKejinStore(path: foreign)) { try Store.restore(backup: foreign, to: target) }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    /// Backups taken over and over while a 40,000-row import runs in another connection: each is
    /// consistent and shows every period exactly as the source did before or after the import.
    @Test func backupWhileAnImportRunsIsASnapshot() throws {
        let data = ScaleData(loans: 20_000, months: 13)
        let f = try Fixture()
        let store = try f.store()
        let small = ScaleData(loans: 1_000, months: 13)
        _ = try store.importFiles(try data.references.map { try f.write($0.0, $0.1) })
        _ = try store.importFiles([try f.write("loans.csv", small.loanFile),
                                   try f.write("loan_balances-a.csv", small.balanceFile(month: 0)),
                                   try f.write("loan_balances-b.csv", small.balanceFile(month: 1))])
        let before = try Self.snapshot(store)
        let loans = try f.write("loans.csv", data.loanFile, folder: "big")
        let balances = try f.write("loan_balances-c.csv", data.balanceFile(month: 1), folder: "big")

        final class Backups: @unchecked Sendable {
            let lock = NSLock()
            var paths: [String] = []
            var importing = true
            var error: String?
        }
        let backups = Backups()
        let source = f.storePath, dir = f.dir
        let thread = Thread {
            do {
                let reader = try Store(path: source, readOnly: true)
                var i = 0
                while backups.lock.withLock({ backups.importing }) || i == 0 {
                    let path = dir.appendingPathComponent("bk/\(i).sqlite").path
                    _ = try reader.backup(to: path)
                    backups.lock.withLock { backups.paths.append(path) }
                    i += 1
                }
            } catch {
                backups.lock.withLock { backups.error = "\(error)" }
            }
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.02)
        _ = try store.importFiles([loans, balances])
        backups.lock.withLock { backups.importing = false }
        while !thread.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        let after = try Self.snapshot(store)
        #expect(before != after)
        #expect(backups.error == nil, "\(backups.error ?? "")")
        #expect(backups.paths.count > 1, "no backup began while the import ran")
        // Every backup shows the figures before or after; the full check (a recompute of every
        // summary, ~1 CPU-s each in a debug build) runs on the first, the middle and the last:
        // a slow machine takes a hundred backups while the import runs.
        let paths = backups.paths
        let checked = Set([0, paths.count / 2, paths.count - 1])
        for (i, path) in paths.enumerated() {
            let copy = try Store(path: path, readOnly: true)
            if checked.contains(i) { #expect(try copy.check().findings == [], "\(path)") }
            let figures = try Self.snapshot(copy)
            #expect(figures == before || figures == after, "\(path) is neither before nor after the import")
        }
    }
}
