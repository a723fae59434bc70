import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The enterprise lists (a chain's or a bank's enterprises, or every one), read from
/// enterprise_summary, equal a plain GROUP BY over loans, enterprises and balances (the loan
/// walk the lists did before the summary), on generated data with every kind of row:
/// enterprises without a chain, zero balances, loans absent in a month, tags valid or not;
/// on the demo; after small imports kept by delta; and on a store migrated from v14.
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

    static func expected(_ store: Store, chain: String?, bank: String?, period: Period) throws -> [Expected] {
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
        // The last month, two more with their year-ago month stored, and 2023-12 (none: growth undefined).
        for period in [data.periods.last!, data.periods[12], data.periods[13], data.periods[11]] {
            #expect(try Self.compare(store, chain: chain, bank: bank, period: period) > 0)
        }
    }

    /// The list against the reference; returns the number of rows compared.
    @discardableResult
    static func compare(_ store: Store, chain: String?, bank: String?, period: Period) throws -> Int {
        let chainNames = try store.dbQueue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, name_zh, name_en FROM chains").map {
                ($0[0] as String, Names(zh: $0[1], en: $0[2]))
            })
        }
        let known = try store.dbQueue.read {
            try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM loan_balances WHERE period = ?)", arguments: [period.yearAgo.key])!
        }
        let want = try expected(store, chain: chain, bank: bank, period: period)
        let list = try store.detail(.enterprises(chain: chain, bank: bank), period: period)
        #expect(list.rows.map(\.code) == want.map(\.code), "\(chain ?? "-") \(bank ?? "-") \(period.key)")
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
        return want.count
    }

    /// Every chain's and bank's list on the demo, for three months.
    @Test func demoListsEqualAPlainGroupBy() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let periods = try store.availablePeriods()
        let (chains, banks) = try store.dbQueue.read { db in
            (try String.fetchAll(db, sql: "SELECT DISTINCT chain FROM enterprises WHERE chain IS NOT NULL"),
             try String.fetchAll(db, sql: "SELECT DISTINCT bank FROM loans"))
        }
        var rows = 0
        for period in [periods.last!, periods[periods.count / 2], periods.first!] {
            for chain in chains { rows += try Self.compare(store, chain: chain, bank: nil, period: period) }
            for bank in banks { rows += try Self.compare(store, chain: nil, bank: bank, period: period) }
            rows += try Self.compare(store, chain: chains[0], bank: banks[0], period: period)
        }
        #expect(rows > 100)
    }

    /// Balance corrections (kept by delta), a tag import (recomputed: loans change their tech
    /// flag) and a chain change leave the lists equal to the reference and the summary to its
    /// recompute.
    @Test func listsFollowSmallImports() throws {
        let f = try Fixture()
        let p = data.periods.last!
        // Raise one loan, zero another, add a balance for a loan absent that month.
        let text = "loan,period,balance_yuan\nL10,\(p.key),98765.43\nL11,\(p.key),0\nL2999,\(p.key),10.00\n"
        _ = try store.importFiles([try f.write("loan_balances-fix.csv", text)])
        #expect(try store.check().findings == [])
        let e = try store.dbQueue.read { try String.fetchOne($0, sql: "SELECT enterprise FROM loans WHERE code = 'L10'")! }
        _ = try store.importFiles([try f.write("enterprise_tags.csv", "enterprise,tag,certificate,valid_from,valid_to\n\(e),srdi,S1,2000-01-01,2099-12-31\n")])
        #expect(try store.check().findings == [])
        _ = try store.importFiles([try f.write("enterprises.csv", "code,name_zh,name_en,chain,region\n\(e),企业,Firm,C1,K11\n")])
        #expect(try store.check().findings == [])
        for (chain, bank) in [("C1", "B1"), (nil, "B0"), ("C0", nil), ("C1", nil), (nil, nil)] as [(String?, String?)] {
            #expect(try Self.compare(store, chain: chain, bank: bank, period: p) > 0)
        }
    }

    /// `store check` names a changed, a missing and an extra enterprise_summary row.
    @Test func checkCatchesATamperedSummary() throws {
        let p = data.periods[5].key
        #expect(try store.check().findings == [])
        let keys = try store.dbQueue.write { db -> [Row] in
            let keys = try Row.fetchAll(db, sql: "SELECT chain, bank, enterprise, balance, tech_balance, loans FROM enterprise_summary WHERE period = ? LIMIT 2",
                                        arguments: [p])
            try db.execute(sql: "UPDATE enterprise_summary SET tech_balance = tech_balance + 1 WHERE period = ? AND chain = ? AND bank = ? AND enterprise = ?",
                           arguments: [p, keys[0][0], keys[0][1], keys[0][2]])
            try db.execute(sql: "DELETE FROM enterprise_summary WHERE period = ? AND chain = ? AND bank = ? AND enterprise = ?",
                           arguments: [p, keys[1][0], keys[1][1], keys[1][2]])
            try db.execute(sql: "INSERT INTO enterprise_summary VALUES (?, 'C1', 'B9', 'E0', 5, 0, 1)", arguments: [p])
            return keys
        }
        func row(_ r: Row, tech: Int64 = 0) -> String { "balance \(r[3] as Int64), tech \((r[4] as Int64) + tech), loans \(r[5] as Int64)" }
        func key(_ r: Row) -> String { "'\(r[0] as String) \(r[1] as String) \(r[2] as String)'" }
        let findings = Set(try store.check().findings.map(\.message))
        #expect(findings == [
            "enterprise_summary \(p) chain/bank/enterprise \(key(keys[0])): \(row(keys[0], tech: 1)) stored, \(row(keys[0])) recomputed from loan_balances",
            "enterprise_summary \(p) chain/bank/enterprise \(key(keys[1])): no row stored, \(row(keys[1])) recomputed from loan_balances",
            "enterprise_summary \(p) chain/bank/enterprise 'C1 B9 E0': balance 5, tech 0, loans 1 stored, no row recomputed from loan_balances",
        ])
    }

    /// A v14 store (no enterprise_summary) opened by this kejin gets the table, filled.
    @Test func aV14StoreMigrates() throws {
        let (f, loaded) = try data.importedStore()
        try loaded.dbQueue.write { db in
            try db.execute(sql: GuidanceFundTests.backToV21)
            try db.execute(sql: """
                DROP TABLE enterprise_summary;
                DROP TABLE programme_whitelist;
                DROP TABLE programme_spread;
                DROP TABLE rrr_releases;
                DROP TABLE guarantor_cooperation; DROP TABLE service_stations; DROP TABLE station_institutions; DROP TABLE station_demands;
                DROP TABLE category_summary;
                DELETE FROM grdb_migrations WHERE identifier IN ('v15 enterprise summary', 'v16 reference version');
                \(Schema.forgetting(from: 15))
                """)
        }
        try loaded.dbQueue.close()
        let old = try DatabaseQueue(path: f.storePath)
        #expect(try old.read { try Schema.storedVersion($0) } == 14)
        try old.close()
        let store = try f.store()
        #expect(try store.dbQueue.read { try Schema.storedVersion($0) } == Schema.version)
        #expect(try store.check().findings == [])
        #expect(try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(DISTINCT period) FROM enterprise_summary") } == data.months)
        for (chain, bank) in [("C1", "B1"), (nil, "B2"), ("C4", nil)] as [(String?, String?)] {
            #expect(try Self.compare(store, chain: chain, bank: bank, period: data.periods.last!) > 0)
        }
    }
}
