import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// Issue 15: a resubmission replaces a bank's month, a withdrawal removes it, and changes to a
/// month shown complete are recorded as revisions. After every step the store passes its own
/// check (summaries equal a recomputation from the ledgers).
@Suite struct CorrectionTests {
    // The crafted data set (Fixture.crafted): June 2025 has B1: L1 L2 L5, B2: L3 L4 L6.

    /// A `--replace` import of June rows.
    private func replace(_ f: Fixture, _ store: Store, _ rows: String, folder: String, dryRun: Bool = false) throws -> ImportSummary {
        try store.importFiles([try f.write("loan_balances-2025-06-fix.csv", "loan,period,balance_yuan\n" + rows, folder: folder)],
                              options: ImportOptions(dryRun: dryRun, replace: true))
    }

    private func junePeriod() -> Period { Period("2025-06")! }

    /// The city and chain figures of June in a store built from `files` with June's ledger replaced by `june`.
    private func fresh(june: String) throws -> Figures {
        let f = try Fixture()
        let store = try f.store()
        let files = Fixture.files.filter { $0.0 != "loan_balances-2025-06.csv" } + [("loan_balances-2025-06.csv", "loan,period,balance_yuan\n" + june)]
        _ = try store.importFiles(try files.map { try f.write($0.0, $0.1) })
        return try store.figures(for: junePeriod())
    }

    private func same(_ a: Figures, _ b: Figures) {
        #expect(a.city == b.city)
        #expect(a.chains == b.chains)
    }

    @Test func aCorrectedFileWithFewerRowsEqualsImportingTheCorrectedLedger() throws {
        let (f, store) = try Fixture.crafted()
        // B1 resubmits June without L5.
        let dry = try replace(f, store, "L1,2025-06,700000\nL2,2025-06,0\n", folder: "dry", dryRun: true)
        #expect(dry.replaced == [ImportSummary.Replaced(reporter: "B1", period: "2025-06", entity: "loan_balances", added: 0, changed: 0, removed: 1)])
        #expect(try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM loan_balances WHERE period = '2025-06'") } == 6)
        let summary = try replace(f, store, "L1,2025-06,700000\nL2,2025-06,0\n", folder: "a")
        #expect(summary.replaced == dry.replaced)
        #expect(try store.check().findings == [])
        same(try store.figures(for: junePeriod()),
             try fresh(june: "L1,2025-06,700000\nL2,2025-06,0\nL3,2025-06,600000\nL4,2025-06,600000\nL6,2025-06,150000\n"))
        #expect(try store.importLog().last.map { $0.file } == "loan_balances-2025-06-fix.csv")
        let removedLogged = try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT removed FROM import_log ORDER BY id DESC LIMIT 1") }
        #expect(removedLogged == 1)
        // June was complete: its revised figures are recorded with the import.
        let revisions = try store.revisions(period: junePeriod())
        #expect(!revisions.isEmpty && revisions.allSatisfy { $0.importID == (try? store.importLog().last?.id) })
        // L5 (300,000 yuan) left the city's balance.
        let city = try #require(revisions.first { $0.chain == nil && $0.measure == .balance })
        #expect(city.before - city.after == 300_000_00)
    }

    @Test func aCorrectedFileWithMoreRowsAndChangedOnes() throws {
        let (f, store) = try Fixture.crafted()
        // B2 resubmits: L3 changed, L4 and L6 unchanged… and a balance for L6 only once; nothing removed.
        let summary = try replace(f, store, "L3,2025-06,610000\nL4,2025-06,600000\nL6,2025-06,150000\n", folder: "b")
        #expect(summary.replaced == [ImportSummary.Replaced(reporter: "B2", period: "2025-06", entity: "loan_balances", added: 0, changed: 1, removed: 0)])
        // B1 adds a balance for L2 in a month it had not carried it: added.
        let may = try store.importFiles([try f.write("loan_balances-2025-05-b1.csv", "loan,period,balance_yuan\nL1,2025-05,750000\nL2,2025-05,500000\n", folder: "c")],
                                        options: ImportOptions(replace: true))
        #expect(may.replaced.map(\.added) == [1] && may.replaced.map(\.removed) == [0])
        #expect(try store.check().findings == [])
    }

    @Test func aFileWithAnotherReportersRowsReplacesThatReporterToo() throws {
        let (f, store) = try Fixture.crafted()
        // B1's whole June plus one B2 row: B2's June is replaced by that one row (L4, L6 removed).
        let summary = try replace(f, store, "L1,2025-06,700000\nL2,2025-06,0\nL5,2025-06,300000\nL3,2025-06,600000\n", folder: "d")
        #expect(summary.replaced.map { "\($0.reporter):\($0.removed)" } == ["B1:0", "B2:2"])
        #expect(try store.check().findings == [])
        same(try store.figures(for: junePeriod()), try fresh(june: "L1,2025-06,700000\nL2,2025-06,0\nL5,2025-06,300000\nL3,2025-06,600000\n"))
    }

    @Test func aRefusedReplacementRemovesNothing() throws {
        let (f, store) = try Fixture.crafted()
        let before = try Fixture.counts(store)
        let june = try store.figures(for: junePeriod())
        #expect(throws: ImportError.self) {
            _ = try replace(f, store, "L1,2025-06,700000\nL5,2025-06,12x\n", folder: "e")
        }
        #expect(try Fixture.counts(store) == before)
        #expect(try store.figures(for: junePeriod()) == june)
        // Files without a reporter to replace are refused, not silently upserted.
        #expect(throws: ImportError.self) {
            _ = try store.importFiles([try f.write("chains.csv", "code,name_zh,name_en\n", folder: "g")],
                                      options: ImportOptions(replace: true))
        }
        #expect(try store.revisions().isEmpty)
    }

    @Test func withdrawAndReimport() throws {
        let (f, store) = try Fixture.crafted()
        let original = try store.figures(for: junePeriod())
        let removed = try store.withdraw(junePeriod(), reporter: "B2", by: "ops", at: "2025-07-20 10:00:00")
        #expect(removed == 3)
        #expect(try store.check().findings == [])
        let june = try #require(try store.reporting(for: junePeriod()))
        #expect(june.status == .provisional && june.missing.map(\.code) == ["B2"])
        #expect(try store.defaultPeriod(in: try store.availablePeriods()) == Period("2025-05"))
        // Recorded with who and when, and as a revision of a month that was complete.
        let revisions = try store.revisions(period: junePeriod())
        #expect(!revisions.isEmpty && revisions.allSatisfy { $0.cause == "withdraw B2 by ops" && $0.importID == nil })
        #expect(throws: ReportingError.self) { try store.withdraw(junePeriod(), reporter: "B2", by: "ops", at: "2025-07-20 10:01:00") }

        // B2 re-imports: complete again, figures as before; June was provisional, so no new revision.
        _ = try store.importFiles([try f.write("loan_balances-2025-06-b2.csv", "loan,period,balance_yuan\nL3,2025-06,600000\nL4,2025-06,600000\nL6,2025-06,150000\n", folder: "h")])
        #expect(try store.reporting(for: junePeriod())?.status == .complete)
        #expect(try store.check().findings == [])
        let back = try store.figures(for: junePeriod())
        #expect(back.city == original.city && back.chains == original.chains)
        #expect(try store.revisions(period: junePeriod()).count == revisions.count)
        #expect(back.revisions.count == revisions.count)  // the screen's 修订 marks read these
    }

    @Test func noRevisionForAProvisionalMonth() throws {
        let (f, store) = try Fixture.crafted()
        _ = try store.importFiles([try f.write("loan_balances-2025-07-b1.csv", "loan,period,balance_yuan\nL1,2025-07,650000\n", folder: "i")])
        _ = try store.importFiles([try f.write("loan_balances-2025-07-b1.csv", "loan,period,balance_yuan\nL1,2025-07,640000\n", folder: "j")],
                                  options: ImportOptions(replace: true))
        #expect(try store.revisions().isEmpty)
        #expect(try store.check().findings == [])
    }
}
