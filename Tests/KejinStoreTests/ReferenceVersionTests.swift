import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// A viewer keeps its books (guarantees, draws, regions, rules) across a balance import and
/// reads them again after any import or edit that can change them, from another process's
/// connection as from its own. (Counted on the draw book: a whole store's figures read the
/// guarantees' kept month sums, not their book: Query/GuaranteeSummary.swift.)
@Suite struct ReferenceVersionTests {
    @Test func booksAreKeptAcrossBalanceImportsAndReadAgainAfterReferenceWrites() throws {
        let (f, writer) = try Fixture.crafted()
        let viewer = try f.store(readOnly: true)
        let june = try #require(Period("2025-06"))
        let before = try viewer.figures(for: june)
        #expect(viewer.versioned.drawBookReads == 1)

        // A balance correction: the figures follow, the book is not read again.
        _ = try writer.importFiles([try f.write("loan_balances-fix.csv", "loan,period,balance_yuan\nL4,2025-06,500000\n", folder: "a")])
        let corrected = try viewer.figures(for: june)
        #expect(corrected.city.allLoans.balance.fen == before.city.allLoans.balance.fen - 10_000_000)
        #expect(viewer.versioned.drawBookReads == 1)
        #expect(corrected.guarantors == before.guarantors)

        // A guarantee changed: read again, and the guarantor's balance in force follows.
        _ = try writer.importFiles([try f.write("guarantees.csv", """
            code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date
            GU1,G1,E1,B1,2025-01-01,2026-01-01,1100000,0.8,20,P1,

            """, folder: "b")])
        let regranted = try viewer.figures(for: june)
        #expect(viewer.versioned.drawBookReads == 2)
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

    /// Besides the books, the figures keep the chains with their lead banks and the guarantors
    /// (per reference version), the periods with balances and the last import (per store
    /// version; a period move on PostgreSQL read them every time): each follows the writes
    /// that move it, and the figures stay those of a query keeping nothing.
    @Test func keptRowsFollowTheWritesThatMoveThem() throws {
        let (f, writer) = try Fixture.crafted()
        let viewer = try f.store(readOnly: true)
        let june = try #require(Period("2025-06")), july = try #require(Period("2025-07"))
        let kept = [FiguresQuery.chainsRead, FiguresQuery.guarantorsRead, Prefetch(PeriodSummary.periodsSQL), FiguresQuery.lastChangeRead]
        func unkept() throws -> [Prefetch] { try viewer.readSession { try viewer.versioned.unkept($0, kept) } }
        func keptPeriods() throws -> [String] {
            try viewer.readSession { s in try viewer.versioned.versionRows(s, kept[2]).map { try $0.get(0, as: String.self) } }
        }
        func expectFresh(_ period: Period, _ comment: Comment) throws {
            let fresh = try viewer.readSession { try FiguresQuery(session: $0, period: period).figures() }
            #expect(try viewer.figures(for: period) == fresh, comment)
        }
        try expectFresh(june, "first read")
        #expect(try unkept().isEmpty)
        #expect(try !keptPeriods().contains(july.key))

        // A month of balances: the periods and the last import are read again, the rest kept.
        _ = try writer.importFiles([try f.write("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-07,600000\n", folder: "a")])
        #expect(try unkept() == [kept[2], kept[3]])
        try expectFresh(july, "after a new month")
        #expect(try keptPeriods().last == july.key)

        // A chain renamed and a guarantor's net assets changed: both read again.
        _ = try writer.importFiles([
            try f.write("chains.csv", "code,name_zh,name_en,lead_bank\nTEA,茶产业,Tea industry,B2\n", folder: "b"),
            try f.write("institutions.csv", "code,kind,name_zh,name_en,net_assets_yuan\nG1,guarantor,担保一,Guarantor One,20000000\n", folder: "b"),
        ])
        #expect(try unkept() == kept)
        try expectFresh(june, "after reference writes")
        let renamed = try viewer.figures(for: june)
        let tea = try #require(renamed.chains.first { $0.code == "TEA" })
        #expect(tea.name.en == "Tea industry" && tea.leadBank?.en == "Bank Two")
        #expect(renamed.guarantors.first { $0.code == "G1" }?.netAssets == Money(fen: 2_000_000_000))
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
        #expect(viewer.versioned.drawBookReads == 1 && second.versioned.drawBookReads == 0)

        _ = try writer.importFiles([try f.write("guarantees.csv", """
            code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date
            GU1,G1,E1,B1,2025-01-01,2026-01-01,1100000,0.8,20,P1,

            """, folder: "b")])
        let g1 = { (f: Figures) in f.guarantors.first { $0.code == "G1" }?.balanceInForce.fen ?? 0 }
        let regranted = try second.figures(for: june)
        #expect(g1(regranted) == g1(before) + 10_000_000)
        #expect(try viewer.figures(for: june) == regranted)
        #expect(viewer.versioned.drawBookReads == 1 && second.versioned.drawBookReads == 1)
    }

    /// Two threads asking for a book at once (a viewer's first frame: the loader's two
    /// connections each want the guarantee book) read it once; the second waits for the first.
    @Test func twoThreadsAskingAtOnceReadABookOnce() throws {
        let books = ReferenceBooks()
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let answers = NSLock(), box = Answers()
        // Threads of their own: a GCD queue may run the second only after the first's read.
        for _ in 0..<2 {
            Thread {
                let value = try? books.book("guarantees", at: "r1") { () -> Int in
                    started.signal()
                    release.wait()  // the read is still running when the other thread asks
                    return 42
                }
                answers.withLock { box.values.append(value) }
                done.signal()
            }.start()
        }
        started.wait()
        Thread.sleep(forTimeInterval: 0.2)  // the second thread asks meanwhile
        release.signal(); release.signal()  // two: a second read (the fault) must not hang the test
        done.wait(); done.wait()
        #expect(books.reads == 1)
        #expect(box.values == [42, 42])
        // At another reference version the book is read again.
        #expect(try books.book("guarantees", at: "r2") { 7 } == 7)
        #expect(books.reads == 2)
    }
    private final class Answers: @unchecked Sendable { var values: [Int?] = [] }
}
