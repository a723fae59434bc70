import Foundation
import GRDB
import KejinCore
@testable import KejinStore
import Testing

/// The draw ledgers of the outstanding draws summed per tool and bank (schema v30,
/// DrawSummary.Groups): the rows follow balance deltas and draws whose dates change, the
/// Re-lending figures read from them equal those summed from the ledgers' row per draw, and
/// `store check` names a sum that is off.
@Suite struct DrawGroupSummaryTests {
    /// Takes a store back to v29 (the migration tests' chain starts here).
    static let backToV29 = """
        DROP TABLE \(DrawSummary.Groups.table);
        \(Schema.forgetting(from: 30))
        """

    /// A period's rows as "tool bank ledger/loans ineligible/loans" (fen).
    static func sums(_ store: Store, _ period: String) throws -> [String] {
        try store.readSession { s in
            try s.fetch("""
                SELECT tool, bank, ledger, ledger_loans, ineligible, ineligible_loans FROM \(DrawSummary.Groups.table)
                WHERE period = ?1 ORDER BY tool, bank
                """, [.text(period)]).map {
                "\(try $0.get(0, as: String.self)) \(try $0.get(1, as: String.self)) \(try $0.integer(2))/\(try $0.integer(3)) \(try $0.integer(4))/\(try $0.integer(5))"
            }
        }
    }

    static let periods = ["2024-06", "2025-05", "2025-06"]

    /// The crafted store (Fixture.files): D1 (TI at B1) funds L1, D2 (TI at B2) L3, D3 (TI at
    /// B1, repaid 2025-06-15) L5; D5 (AG at B2) funds nothing.
    @Test func theSumsFollowBalancesAndDrawsAndTheCheckNamesOneOff() throws {
        let (f, store) = try Fixture.crafted()
        // 2024-06: no draw outstanding yet. 2025-05: D3 outstanding, but L5 has no balance that month.
        #expect(try Self.sums(store, "2024-06") == [])
        #expect(try Self.sums(store, "2025-05") == ["TI B1 75000000/1 0/0", "TI B2 65000000/1 0/0"])
        // 2025-06: D3 repaid in the month, so L5's balance is in no ledger.
        #expect(try Self.sums(store, "2025-06") == ["TI B1 70000000/1 0/0", "TI B2 60000000/1 0/0"])

        // A correction (the delta path): L3 repaid in full drops B2's row, L1 moves B1's.
        _ = try store.importFiles([try f.write("loan_balances-fix.csv", "loan,period,balance_yuan\nL3,2025-06,0\nL1,2025-06,650000\n", folder: "fix")])
        #expect(try Self.sums(store, "2025-06") == ["TI B1 65000000/1 0/0"])

        // D3 never repaid after all: outstanding at June's end, so L5 counts at B1.
        let draws = try #require(Fixture.files.first { $0.0 == "relending_draws.csv" }?.1)
        _ = try store.importFiles([try f.write("relending_draws.csv", draws.replacingOccurrences(of: ",1,2025-06-15", with: ",1,"), folder: "draws")])
        #expect(try Self.sums(store, "2025-06") == ["TI B1 95000000/2 0/0"])
        #expect(try Self.sums(store, "2025-05") == ["TI B1 75000000/1 0/0", "TI B2 65000000/1 0/0"])
        #expect(try store.check().findings.map(\.description) == [])

        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE \(DrawSummary.Groups.table) SET ledger_loans = 3 WHERE period = '2025-06' AND tool = 'TI'")
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings.count == 1)
        #expect(findings.first?.contains(DrawSummary.Groups.table) == true && findings.first?.contains("tool TI bank B1") == true)
    }

    /// A v29 store (the ledgers' row per draw summed at each read) opened by this kejin: the
    /// sums filled for every period, every Re-lending figure as before, `store check` clean.
    @Test func aV29StoreMigratesWithTheSameFigures() throws {
        let (f, store) = try Fixture.crafted()
        let before = try Self.periods.map { try store.figures(for: Period($0)!).relendingTools }
        #expect(before.flatMap { $0 }.contains { $0.ledgerLoans > 0 })
        try store.dbQueue.write { db in try db.execute(sql: Self.backToV29) }
        try store.forgetMonthReads()
        // Without the sums the same figures come from the ledgers' rows.
        #expect(try Self.periods.map { try store.figures(for: Period($0)!).relendingTools } == before)
        try store.dbQueue.close()

        let migrated = try f.store()
        #expect(try migrated.schemaVersion() == Schema.version)
        #expect(try Self.sums(migrated, "2025-06") == ["TI B1 70000000/1 0/0", "TI B2 60000000/1 0/0"])
        #expect(try Self.periods.map { try migrated.figures(for: Period($0)!).relendingTools } == before)
        #expect(try migrated.check().findings.map(\.description) == [])
    }
}
