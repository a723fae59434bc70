import Foundation
import GRDB
import Testing
@testable import KejinStore

/// A read beside an import's transaction (AsideRead) sees the store as the transaction
/// found it — not the transaction's own writes — and a big balances import that reads its
/// summaries' facts that way keeps every summary equal to a recompute.
@Suite struct AsideReadTests {
    @Test func itSeesTheStoreAsLastCommittedNotTheTransactionsWrites() throws {
        let f = try Fixture()
        let store = try f.store()
        let before = try store.readSession { try $0.fetchOne("SELECT count(*) FROM loans", as: Int.self) }
        let counts: (Int?, Int??, Int??) = try store.dbQueue.writeWithoutTransaction { db in
            var counts: (Int?, Int??, Int??) = (nil, nil, nil)
            // As an import: BEGIN IMMEDIATE, rows written, then the read beside it; rolled back.
            try db.inTransaction(.immediate) {
                try db.execute(sql: "INSERT INTO enterprises(code, name_zh, name_en) VALUES ('E-ASIDE', '旁读', 'Aside')")
                try db.execute(sql: """
                    INSERT INTO loans(code, bank, enterprise, product, purpose, start_date, maturity_date, amount, rate,
                                      first_loan, credit_loan, renewal, revolving, ip_pledge)
                    VALUES ('L-ASIDE', 'B', 'E-ASIDE', '', 'general', '2024-01-01', '2025-01-01', 100, 300, 0, 0, 0, 0, 0)
                    """)
                let session = SQLiteSession(db: db)
                let aside = try #require(try session.readAside { try $0.fetchOne("SELECT count(*) FROM loans", as: Int.self) })
                counts = (try session.fetchOne("SELECT count(*) FROM loans", as: Int.self), aside.wait(), aside.wait())
                return .rollback
            }
            return counts
        }
        #expect(counts.0 == (before ?? 0) + 1)
        #expect(counts.1 == .some(before) && counts.2 == .some(before), "the aside read sees the committed store; a second wait gives the same")
    }

    @Test func anInMemoryStoreHasNoSecondConnection() throws {
        let queue = try DatabaseQueue()
        let aside = try queue.read { db in try SQLiteSession(db: db).readAside { _ in 1 } }
        #expect(aside == nil)
    }
}
