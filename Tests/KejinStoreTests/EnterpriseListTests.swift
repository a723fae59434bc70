import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The enterprise lists (a chain's or a bank's enterprises, or every one) equal a plain
/// GROUP BY over loans, enterprises and balances, on generated data with every kind of row:
/// enterprises without a chain, zero balances, loans absent in a month, tags valid or not.
@Suite struct EnterpriseListTests {
    let data = ScaleData(loans: 3_000, months: 14)
    let store: Store

    init() throws {
        let f = try Fixture()
        store = try f.store()
        _ = try store.importFiles(try data.references.map { try f.write($0.0, $0.1) } + [try f.write("loans.csv", data.loanFile)])
        _ = try store.importFiles(try (0..<data.months).map {
            try f.write("loan_balances-\(data.periods[$0].key).csv", data.balanceFile(month: $0))
        })
    }

    /// Code, name, chain, balance, loans with a balance, tech balance, year-ago balance, in the
    /// list's order (balance down, then code).
    struct Expected: Equatable {
        var code: String, names: Names, chain: String?, balance: Int64, loans: Int, tech: Int64, ago: Int64
    }

    func expected(chain: String?, bank: String?, period: Period) throws -> [Expected] {
        try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.code, e.name_zh, e.name_en, e.chain,
                  sum(CASE WHEN b.period = :p THEN b.balance ELSE 0 END) AS balance,
                  sum(b.period = :p AND b.balance > 0),
                  sum(CASE WHEN b.period = :p AND l.is_tech THEN b.balance ELSE 0 END),
                  sum(CASE WHEN b.period = :ago THEN b.balance ELSE 0 END) AS ago
                FROM loans l JOIN enterprises e ON e.code = l.enterprise
                JOIN loan_balances b ON b.loan_id = l.id AND b.period IN (:p, :ago)
                WHERE (:chain IS NULL OR e.chain = :chain) AND (:bank IS NULL OR l.bank = :bank)
                GROUP BY e.code HAVING balance > 0 OR ago > 0
                ORDER BY balance DESC, e.code
                """, arguments: ["p": period.key, "ago": period.yearAgo.key, "chain": chain, "bank": bank]).map {
                Expected(code: $0[0], names: Names(zh: $0[1], en: $0[2]), chain: $0[3], balance: $0[4], loans: $0[5],
                         tech: $0[6], ago: $0[7])
            }
        }
    }

    @Test(arguments: [("C1", "B1"), ("C3", "B3"), (nil, "B2"), ("C4", nil), (nil, nil), ("C9", "B0")] as [(String?, String?)])
    func listEqualsAPlainGroupBy(chain: String?, bank: String?) throws {
        let chainNames = try store.dbQueue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, name_zh, name_en FROM chains").map {
                ($0[0] as String, Names(zh: $0[1], en: $0[2]))
            })
        }
        // The last month (its year-ago month stored) and 2023-12 (none: growth undefined).
        let noYearAgo = data.periods[11]
        for period in [data.periods.last!, noYearAgo] {
            let want = try expected(chain: chain, bank: bank, period: period)
            #expect(!want.isEmpty)
            let list = try store.detail(.enterprises(chain: chain, bank: bank), period: period)
            let known = period != noYearAgo
            #expect(list.rows.map(\.code) == want.map(\.code))
            for (row, w) in zip(list.rows, want) {
                let v = Dictionary(uniqueKeysWithValues: zip(list.fields, row.values))
                #expect(row.name == w.names)
                #expect(v[.balance] == .money(Money(fen: w.balance)))
                #expect(v[.loans] == .count(w.loans))
                #expect(v[.techBalance] == .money(Money(fen: w.tech)))
                #expect(v[.yoy] == DetailQuery.growth(w.balance, known ? w.ago : nil))
                #expect(row.next == .enterpriseLoans(enterprise: w.code, bank: bank))
                if chain == nil {
                    #expect(v[.chain] == .name(w.chain.flatMap { chainNames[$0] } ?? Names(zh: "-", en: "-")))
                }
            }
        }
    }
}
