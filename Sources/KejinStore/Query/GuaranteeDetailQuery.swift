import GRDB
import KejinCore

/// Guarantor → guarantees in force (index on guarantor); pool → pay-outs (index on pool, date).
struct GuaranteeDetailQuery {
    let base: DetailQuery

    func guarantees(_ guarantor: String) throws -> DetailRows {
        let names = try base.institutionNames()
        let s = base.session
        let pools = try Dictionary(uniqueKeysWithValues: s.fetch("SELECT code, name_zh, name_en FROM risk_pools")
            .map { (try $0.get(0, as: String.self), Names(zh: try $0.get(1), en: try $0.get(2))) })
        let inForce = FiguresQuery.inForce(at: "?2")
        let rows = try s.fetch("""
            SELECT g.code, e.name_zh, e.name_en, g.bank, g.amount, g.fee, g.bank_share, g.pool, g.start_date, g.end_date
            FROM guarantees g JOIN enterprises e ON e.code = g.enterprise
            WHERE g.guarantor = ?1 AND \(inForce) \(base.inRegion("e.region"))
            ORDER BY g.amount DESC, g.code
            """, guarantor, base.end)
        let result = try rows.map { row -> DetailRow in
            let code: String = try row.get(0), bank: String = try row.get(3)
            let pool: String? = try row.get(7)
            return DetailRow(code: code, name: Names(zh: try row.get(1), en: try row.get(2)), values: [
                .text(code), .name(names[bank] ?? Names(zh: bank, en: bank)), .money(Money(fen: try row.get(4))),
                .percent(BasisPoints(try row.get(5, as: Int64.self))), .percent(BasisPoints(try row.get(6, as: Int64.self))),
                pool.map { .name(pools[$0] ?? Names(zh: $0, en: $0)) } ?? .text(""),
                .date(try row.get(8)), .date(try row.get(9)),
            ], next: .guaranteeLoans(guarantee: code))
        }
        return DetailRows(request: .guarantorGuarantees(guarantor: guarantor), period: base.period, nameField: .enterprise,
                          fields: [.guarantee, .bank, .amount, .fee, .bankShare, .pool, .startDate, .endDate], rows: result)
    }

    func payouts(_ pool: String) throws -> DetailRows {
        let names = try base.institutionNames()
        let rows = try base.session.fetch("""
            SELECT o.code, o.date, o.amount, o.guarantee, e.name_zh, e.name_en, g.guarantor
            FROM pool_payouts o
            LEFT JOIN guarantees g ON g.code = o.guarantee
            LEFT JOIN enterprises e ON e.code = g.enterprise
            WHERE o.pool = ?1 AND o.date <= ?2 \(base.inRegion("e.region")) ORDER BY o.date DESC, o.code
            """, pool, base.end)
        let result = try rows.map { row -> DetailRow in
            let code: String = try row.get(0)
            let guarantee: String? = try row.get(3)
            let guarantor: String? = try row.get(6)
            let enterprise = try row.get(4, as: String?.self).map { Names(zh: $0, en: try row.get(5)) } ?? Names(zh: "-", en: "-")
            return DetailRow(code: code, name: Names(zh: code, en: code), values: [
                .date(try row.get(1)), .money(Money(fen: try row.get(2))), .name(enterprise), .text(guarantee ?? ""),
                guarantor.map { .name(names[$0] ?? Names(zh: $0, en: $0)) } ?? .text(""),
            ], next: guarantee.map { .guaranteeLoans(guarantee: $0) })
        }
        return DetailRows(request: .poolPayouts(pool: pool), period: base.period, nameField: .payout,
                          fields: [.date, .amount, .enterprise, .guarantee, .guarantor], rows: result)
    }
}
