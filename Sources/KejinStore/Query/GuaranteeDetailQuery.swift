import GRDB
import KejinCore

/// Guarantor → guarantees in force (index on guarantor); pool → pay-outs (index on pool, date).
struct GuaranteeDetailQuery {
    let base: DetailQuery

    func guarantees(_ guarantor: String) throws -> DetailRows {
        let names = try base.institutionNames()
        let pools = try Dictionary(uniqueKeysWithValues: Row.fetchAll(base.db, sql: "SELECT code, name_zh, name_en FROM risk_pools")
            .map { ($0[0] as String, Names(zh: $0[1], en: $0[2])) })
        let rows = try Row.fetchAll(base.db, sql: """
            SELECT g.code, e.name_zh, e.name_en, g.bank, g.amount, g.fee, g.bank_share, g.pool, g.start_date, g.end_date
            FROM guarantees g JOIN enterprises e ON e.code = g.enterprise
            WHERE g.guarantor = :g AND \(FiguresQuery.inForce) \(base.inRegion("e.region"))
            ORDER BY g.amount DESC, g.code
            """, arguments: ["g": guarantor, "e": base.end])
        let result = rows.map { row -> DetailRow in
            let code: String = row[0], bank: String = row[3]
            let pool: String? = row[7]
            return DetailRow(code: code, name: Names(zh: row[1], en: row[2]), values: [
                .text(code), .name(names[bank] ?? Names(zh: bank, en: bank)), .money(Money(fen: row[4])),
                .percent(BasisPoints(row[5])), .percent(BasisPoints(row[6])),
                pool.map { .name(pools[$0] ?? Names(zh: $0, en: $0)) } ?? .text(""),
                .date(row[8]), .date(row[9]),
            ], next: .guaranteeLoans(guarantee: code))
        }
        return DetailRows(request: .guarantorGuarantees(guarantor: guarantor), period: base.period, nameField: .enterprise,
                          fields: [.guarantee, .bank, .amount, .fee, .bankShare, .pool, .startDate, .endDate], rows: result)
    }

    func payouts(_ pool: String) throws -> DetailRows {
        let names = try base.institutionNames()
        let rows = try Row.fetchAll(base.db, sql: """
            SELECT o.code, o.date, o.amount, o.guarantee, e.name_zh, e.name_en, g.guarantor
            FROM pool_payouts o
            LEFT JOIN guarantees g ON g.code = o.guarantee
            LEFT JOIN enterprises e ON e.code = g.enterprise
            WHERE o.pool = ? AND o.date <= ? \(base.inRegion("e.region")) ORDER BY o.date DESC, o.code
            """, arguments: [pool, base.end])
        let result = rows.map { row -> DetailRow in
            let code: String = row[0]
            let guarantee: String? = row[3]
            let guarantor: String? = row[6]
            let enterprise = (row[4] as String?).map { Names(zh: $0, en: row[5]) } ?? Names(zh: "-", en: "-")
            return DetailRow(code: code, name: Names(zh: code, en: code), values: [
                .date(row[1]), .money(Money(fen: row[2])), .name(enterprise), .text(guarantee ?? ""),
                guarantor.map { .name(names[$0] ?? Names(zh: $0, en: $0)) } ?? .text(""),
            ], next: guarantee.map { .guaranteeLoans(guarantee: $0) })
        }
        return DetailRows(request: .poolPayouts(pool: pool), period: base.period, nameField: .payout,
                          fields: [.date, .amount, .enterprise, .guarantee, .guarantor], rows: result)
    }
}
