import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// A viewer keeps its books (guarantees, draws, regions, rules) across a balance import and
/// reads them again after any import or edit that can change them, from another process's
/// connection as from its own.
@Suite struct ReferenceVersionTests {
    @Test func booksAreKeptAcrossBalanceImportsAndReadAgainAfterReferenceWrites() throws {
        let (f, writer) = try Fixture.crafted()
        let viewer = try f.store(readOnly: true)
        let june = try #require(Period("2025-06"))
        let before = try viewer.figures(for: june)
        #expect(viewer.versioned.bookReads == 1)

        // A balance correction: the figures follow, the book is not read again.
        _ = try writer.importFiles([try f.write("loan_balances-fix.csv", "loan,period,balance_yuan\nL4,2025-06,500000\n", folder: "a")])
        let corrected = try viewer.figures(for: june)
        #expect(corrected.city.allLoans.balance.fen == before.city.allLoans.balance.fen - 10_000_000)
        #expect(viewer.versioned.bookReads == 1)
        #expect(corrected.guarantors == before.guarantors)

        // A guarantee changed: read again, and the guarantor's balance in force follows.
        _ = try writer.importFiles([try f.write("guarantees.csv", """
            code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date
            GU1,G1,E1,B1,2025-01-01,2026-01-01,1100000,0.8,20,P1,

            """, folder: "b")])
        let regranted = try viewer.figures(for: june)
        #expect(viewer.versioned.bookReads == 2)
        let g1 = { (f: Figures) in f.guarantors.first { $0.code == "G1" }?.balanceInForce.fen ?? 0 }
        #expect(g1(regranted) == g1(before) + 10_000_000)

        // A rule saved: the figures carry it.
        var rule = try #require(writer.alertRules().first)
        rule.enabled.toggle()
        try writer.saveAlertRule(rule)
        #expect(try viewer.figures(for: june).alertRules.first { $0.id == rule.id }?.enabled == rule.enabled)

        // The viewer's own connection writing (operator mode) counts as well.
        let operatorStore = try f.store()
        _ = try operatorStore.figures(for: june)
        rule.enabled.toggle()
        try operatorStore.saveAlertRule(rule)
        #expect(try operatorStore.figures(for: june).alertRules.first { $0.id == rule.id }?.enabled == rule.enabled)
    }

    /// A viewer's loader connections (`Store.reader()`) read each book once between them, and
    /// both follow a reference write whichever reads it first.
    @Test func aViewersConnectionsShareTheirBooks() throws {
        let (f, writer) = try Fixture.crafted()
        let viewer = try f.store(readOnly: true)
        let second = try viewer.reader()
        let june = try #require(Period("2025-06"))
        let before = try viewer.figures(for: june)
        #expect(try second.figures(for: june) == before)
        #expect(viewer.versioned.bookReads == 1 && second.versioned.bookReads == 0)

        _ = try writer.importFiles([try f.write("guarantees.csv", """
            code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date
            GU1,G1,E1,B1,2025-01-01,2026-01-01,1100000,0.8,20,P1,

            """, folder: "b")])
        let g1 = { (f: Figures) in f.guarantors.first { $0.code == "G1" }?.balanceInForce.fen ?? 0 }
        let regranted = try second.figures(for: june)
        #expect(g1(regranted) == g1(before) + 10_000_000)
        #expect(try viewer.figures(for: june) == regranted)
        #expect(viewer.versioned.bookReads == 1 && second.versioned.bookReads == 1)
    }
}
