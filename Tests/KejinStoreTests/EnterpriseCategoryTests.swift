import Foundation
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
