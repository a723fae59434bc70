import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The guarantee figures summed over the guarantee book (GuaranteeBook.swift) equal plain SQL
/// over the guarantees in force, in every period; the book kept per store version follows a
/// write through the same store and a commit by another connection.
@Suite struct GuaranteeBookTests {
    /// chain → in force; guarantor → (in force, firms, amount × fee, lowest bank share);
    /// pool → covered. Written here, apart from the book.
    private func plain(_ store: Store, _ p: Period) throws -> ([String: Int64], [String: [Int64]], [String: Int64]) {
        let e = p.endDate
        let inForce = "g.start_date <= ?1 AND g.end_date > ?1 AND (g.released_date IS NULL OR g.released_date > ?1)"
        return try store.dbQueue.read { db in
            let chains = try Row.fetchAll(db, sql: """
                SELECT e.chain, sum(g.amount) FROM guarantees g JOIN enterprises e ON e.code = g.enterprise
                WHERE e.chain IS NOT NULL AND \(inForce) GROUP BY e.chain
                """, arguments: [e]).reduce(into: [:]) { $0[$1[0] as String] = $1[1] as Int64 }
            let guarantors = try Row.fetchAll(db, sql: """
                SELECT guarantor, sum(amount), count(DISTINCT enterprise), sum(amount * fee), min(bank_share)
                FROM guarantees g WHERE \(inForce) GROUP BY guarantor
                """, arguments: [e]).reduce(into: [:]) { $0[$1[0] as String] = [$1[1], $1[2], $1[3], $1[4]] as [Int64] }
            let pools = try Row.fetchAll(db, sql: """
                SELECT pool, sum(amount) FROM guarantees g WHERE pool IS NOT NULL AND \(inForce) GROUP BY pool
                """, arguments: [e]).reduce(into: [:]) { $0[$1[0] as String] = $1[1] as Int64 }
            return (chains, guarantors, pools)
        }
    }

    private func expectPlain(_ store: Store, _ p: Period, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (chains, guarantors, pools) = try plain(store, p)
        let f = try store.figures(for: p)
        #expect(f.chains.reduce(into: [:]) { $0[$1.code] = $1.guaranteeBalance.fen }.filter { $0.value != 0 } == chains,
                "\(p.key) chains", sourceLocation: sourceLocation)
        for g in f.guarantors {
            let row = guarantors[g.code] ?? [0, 0, 0, 0]
            #expect(g.balanceInForce.fen == row[0] && Int64(g.firmsInForce) == row[1], "\(p.key) \(g.code)", sourceLocation: sourceLocation)
            if row[0] > 0 {
                #expect(g.averageFeeRate?.value == (row[2] * 2 + row[0]) / (row[0] * 2) && g.lowestBankRiskShare?.value == row[3],
                        "\(p.key) \(g.code)", sourceLocation: sourceLocation)
            }
        }
        #expect(Set(guarantors.keys).isSubset(of: Set(f.guarantors.map(\.code))), sourceLocation: sourceLocation)
        #expect(f.pools.reduce(into: [:]) { $0[$1.code] = $1.coveredBalance.fen }.filter { $0.value != 0 } == pools,
                "\(p.key) pools", sourceLocation: sourceLocation)
    }

    @Test func bookSumsEqualPlainSQLInEveryPeriod() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let periods = try store.availablePeriods()
        for p in periods { try expectPlain(store, p) }
        // Not vacuous: guarantees in force in the latest month, on chains and in pools.
        let (chains, guarantors, pools) = try plain(store, periods.last!)
        #expect(!chains.isEmpty && !guarantors.isEmpty && !pools.isEmpty)
    }

    @Test func theBookFollowsOwnWritesAndOtherConnectionsCommits() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let p = try #require(try store.availablePeriods().last)
        try expectPlain(store, p)   // the book is read and kept
        // A write through the same store, then a commit by another connection; each moves the
        // reference version, as every kejin write of guarantees does (ReferenceVersion.swift).
        try store.dbQueue.write {
            try $0.execute(sql: "UPDATE guarantees SET amount = amount + 100")
            try ReferenceVersion.bump(SQLiteSession(db: $0))
        }
        try expectPlain(store, p)
        let other = try f.store()
        try other.dbQueue.write {
            try $0.execute(sql: "UPDATE guarantees SET released_date = NULL, amount = amount * 2")
            try ReferenceVersion.bump(SQLiteSession(db: $0))
        }
        try expectPlain(store, p)
    }
}
