import Foundation
import GRDB
import KejinCore
@testable import KejinStore
import Testing

/// Issue 12, item 11: a chain's "of which" per enterprise category, computed by the store from
/// loans, balances and tags (never typed in), and a re-lending tool's first ledger loan.
@Suite struct EnterpriseCategoryTests {
    /// The crafted store (Fixture.files) with category tags: E1 (TEA) a key client twice over
    /// (two tag rows overlapping in June), E2 (TEA) one until 2025-05-31, E3 (SE) a new-type
    /// agricultural entity from 2025-06-15.
    static func store() throws -> (Fixture, Store, before: Figures) {
        let (f, store) = try Fixture.crafted()
        let before = try store.figures(for: Period("2025-06")!)
        _ = try store.importFiles([try f.write("enterprise_tags.csv", """
            enterprise,tag,certificate,valid_from,valid_to
            E1,key_small_micro,SXXW2025001,2025-01-01,2025-12-31
            E1,key_small_micro,SXXW2025101,2025-06-01,2026-05-31
            E2,key_small_micro,SXXW2024002,2024-01-01,2025-05-31
            E3,new_agri_entity,,2025-06-15,2026-06-14

            """, folder: "categories")])
        return (f, store, before)
    }

    static func categories(_ store: Store, _ period: String, _ chain: String) throws -> [CategoryMeasure] {
        try store.chainCategories(for: Period(period)!, region: nil)[chain] ?? []
    }

    /// Counted once per firm whatever its tag rows, only in months its tag touches, only with
    /// a positive balance (L2's 0 is not E1's); the chain and tech figures do not move.
    @Test func aChainsOfWhichComesFromItsTaggedFirmsBalances() throws {
        let (_, store, before) = try Self.store()
        let june = try store.figures(for: Period("2025-06")!)
        #expect(try Self.categories(store, "2025-06", "TEA") == [CategoryMeasure(category: .keySmallMicro, firms: 1, balance: .yuan(700_000))])
        #expect(try Self.categories(store, "2025-06", "SE") == [CategoryMeasure(category: .newAgriEntity, firms: 1, balance: .yuan(900_000))])
        #expect(try Self.categories(store, "2025-06", "NM").isEmpty)
        // A category is no tech qualification: every other figure is as before the tags.
        #expect(june.chains == before.chains && june.city == before.city)

        #expect(try Self.categories(store, "2025-05", "TEA") == [CategoryMeasure(category: .keySmallMicro, firms: 2, balance: .yuan(1_400_000))])
        #expect(try Self.categories(store, "2025-05", "SE").isEmpty)
    }

    /// The kept rows (category_summary, v21) follow a balance-only import by delta: a firm's
    /// balance moves by its changed loans, a firm whose loans all fall to 0 stops counting and
    /// comes back; `store check` finds the kept rows equal to a recompute after each step.
    @Test func theKeptRowsFollowBalanceImportsByDelta() throws {
        let (f, store, _) = try Self.store()
        let kept = { try store.readSession { try $0.fetchOne("SELECT count(*) FROM category_summary WHERE period = '2025-06'", as: Int.self) } }
        #expect(try kept() == 2)   // E1 (two tag rows, one category) and E3; E2's tag ends in May
        var step = 0
        func balances(_ rows: String) throws {
            step += 1
            _ = try store.importFiles([try f.write("loan_balances-fix\(step).csv", "loan,period,balance_yuan\n" + rows, folder: "delta\(step)")])
            #expect(try store.check().findings.map(\.description) == [])
        }
        try balances("L2,2025-06,300000\n")                 // E1: 700,000 + 300,000
        #expect(try Self.categories(store, "2025-06", "TEA") == [CategoryMeasure(category: .keySmallMicro, firms: 1, balance: .yuan(1_000_000))])
        try balances("L4,2025-06,0\nL5,2025-06,0\n")        // E3's loans all at 0: SE has none
        #expect(try Self.categories(store, "2025-06", "SE").isEmpty)
        try balances("L5,2025-06,250000\n")                 // and back
        #expect(try Self.categories(store, "2025-06", "SE") == [CategoryMeasure(category: .newAgriEntity, firms: 1, balance: .yuan(250_000))])
        #expect(try kept() == 2)   // a firm at 0 keeps its row
    }

    /// A v20 store (before category_summary) opened by this kejin gets the table, filled, and
    /// the same "of which" as computed on the spot.
    @Test func aV20StoreMigratesWithTheSameOfWhich() throws {
        let (f, store, _) = try Self.store()
        let june = try store.chainCategories(for: Period("2025-06")!, region: nil)
        try store.dbQueue.write { db in
            try db.execute(sql: GuidanceFundTests.backToV21)
            try db.execute(sql: """
                DROP TABLE category_summary;
                \(Schema.forgetting(from: 21))
                """)
        }
        // Without the table the same figures come from the rows computed on the spot.
        #expect(try store.chainCategories(for: Period("2025-06")!, region: nil) == june)
        try store.dbQueue.close()
        let migrated = try f.store()
        #expect(try migrated.schemaVersion() == Schema.version)
        #expect(try migrated.readSession { try $0.fetchOne("SELECT count(*) FROM category_summary", as: Int.self) } ?? 0 > 0)
        #expect(try migrated.chainCategories(for: Period("2025-06")!, region: nil) == june)
        #expect(try migrated.check().findings.map(\.description) == [])
    }

    /// A v28 store taken back by hand from this one (the migration tests' chain starts here).
    static let backToV28 = DrawGroupSummaryTests.backToV29 + """
        DROP TABLE \(CategorySummary.Totals.table);
        \(Schema.forgetting(from: 29))
        """

    /// The totals per chain, category and region (v29) follow every change of the firms' rows
    /// — a firm's balance moved by delta, a firm whose loans fall to 0 (its group gone), a
    /// whole recompute — and a region's "of which" is its own firms'; `store check` names a
    /// total that is off.
    @Test func theTotalsFollowTheFirmsRowsAndTheCheckNamesOneOff() throws {
        let (f, store, _) = try Self.store()
        let totals = {
            try store.readSession { s in
                try s.fetch("SELECT chain, tag, region, firms, balance FROM \(CategorySummary.Totals.table) WHERE period = '2025-06' ORDER BY 1, 2, 3")
                    .map { "\(try $0.get(0, as: String.self)) \(try $0.get(1, as: String.self)) '\(try $0.get(2, as: String.self))' \(try $0.integer(3)) \(try $0.integer(4))" }
            }
        }
        #expect(try totals() == ["SE new_agri_entity '' 1 90000000", "TEA key_small_micro '' 1 70000000"])
        _ = try store.importFiles([try f.write("loan_balances-fix.csv", "loan,period,balance_yuan\nL4,2025-06,0\nL5,2025-06,0\nL2,2025-06,300000\n", folder: "totals")])
        #expect(try totals() == ["TEA key_small_micro '' 1 100000000"])
        #expect(try store.check().findings.map(\.description) == [])

        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE \(CategorySummary.Totals.table) SET firms = 2 WHERE period = '2025-06' AND chain = 'TEA'")
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings.count == 1)
        #expect(findings.first?.contains("\(CategorySummary.Totals.table)") == true && findings.first?.contains("chain 'TEA'") == true)
        // What the screens read is the kept total (the check is what catches it).
        #expect(try Self.categories(store, "2025-06", "TEA") == [CategoryMeasure(category: .keySmallMicro, firms: 2, balance: .yuan(1_000_000))])
    }

    /// A v28 store (the "of which" summed from each firm's row) opened by this kejin: the
    /// totals filled for every period, the same "of which", `store check` clean.
    @Test func aV28StoreMigratesWithTheSameTotals() throws {
        let (f, store, _) = try Self.store()
        let months = ["2025-05", "2025-06"]
        let before = try months.map { try store.chainCategories(for: Period($0)!, region: nil) }
        try store.dbQueue.write { db in try db.execute(sql: Self.backToV28) }
        // Without the totals the same figures come from the firms' rows.
        #expect(try months.map { try store.chainCategories(for: Period($0)!, region: nil) } == before)
        try store.dbQueue.close()
        let migrated = try f.store()
        #expect(try migrated.schemaVersion() == Schema.version)
        // Every period with a firm counted has its totals (the check compares their values).
        let periods = { (sql: String) in try migrated.readSession { try $0.fetchColumn(sql, as: String.self) } }
        #expect(try periods("SELECT DISTINCT period FROM \(CategorySummary.Totals.table) ORDER BY 1")
                == periods("SELECT DISTINCT period FROM \(CategorySummary.table) WHERE balance > 0 ORDER BY 1"))
        #expect(try periods("SELECT DISTINCT period FROM \(CategorySummary.Totals.table)").count >= 2)
        #expect(try months.map { try migrated.chainCategories(for: Period($0)!, region: nil) } == before)
        #expect(try migrated.check().findings.map(\.description) == [])
    }

    /// The tool's earliest draw, its earliest-starting loan; none before that draw, none for a
    /// tool whose first draw funds no loan.
    @Test func aToolsFirstLedgerLoanIsItsFirstDrawsFirstLoan() throws {
        let (_, store) = try Fixture.crafted()
        let june = try store.figures(for: Period("2025-06")!)
        let ti = try #require(june.relendingTools.first { $0.code == "TI" })
        #expect(ti.firstLoan == FirstLedgerLoan(loan: "L1", draw: "D1", bank: Names(zh: "银行一", en: "Bank One"),
                                                enterprise: Names(zh: "企业一", en: "Firm 1"), startDate: "2024-03-01",
                                                amount: .yuan(1_000_000)))
        #expect(june.relendingTools.first { $0.code == "AG" }?.firstLoan == nil)
        let before = try store.figures(for: Period("2024-06")!)
        #expect(before.relendingTools.first { $0.code == "TI" }?.firstLoan == nil)
    }
}
