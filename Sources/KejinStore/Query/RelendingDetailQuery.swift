import GRDB
import KejinCore

/// Re-lending tool → its draws (index on tool), each with the ledger loans it funds: their
/// balance and how many have one, from `draw_summary` (a row per draw; balances are never
/// negative, so its sum of positive balances is the ledger's balance). Summing the loans'
/// balances here cost a seek per funded loan: 20 ms a period move at 1M loans.
struct RelendingDetailQuery {
    let base: DetailQuery

    func draws(_ tool: String) throws -> DetailRows {
        let banks = try base.institutionNames()
        // ?1 the period end, ?2 the period, ?3 the tool.
        let rows = try base.session.fetch("""
            SELECT d.code, d.bank, d.amount, d.draw_date, d.maturity_date, d.rollovers_used, d.repaid_date,
              CASE WHEN \(FiguresQuery.outstanding(at: "?1")) THEN 1 ELSE 0 END AS outstanding,
              coalesce(s.balance, 0), coalesce(s.loans, 0)
            FROM relending_draws d LEFT JOIN draw_summary s ON s.period = ?2 AND s.draw = d.code
            WHERE d.tool = ?3 AND d.draw_date <= ?1 \(base.bankInRegion("d.bank"))
            ORDER BY outstanding DESC, d.maturity_date, d.code
            """, base.end, base.period.key, tool)
        let result = try rows.map { row -> DetailRow in
            let code: String = try row.get(0), bank: String = try row.get(1)
            let amount: Int64 = try row.get(2)
            let outstanding: Bool = try row.get(7)
            return DetailRow(code: code, name: Names(zh: code, en: code), values: [
                .name(banks[bank] ?? Names(zh: bank, en: bank)), .money(Money(fen: amount)),
                .money(Money(fen: outstanding ? amount : 0)), .date(try row.get(3)), .date(try row.get(4)), .count(try row.get(5)),
                .date(try row.get(6)), .money(Money(fen: try row.get(8))), .count(try row.get(9)),
            ], next: .drawLoans(draw: code))
        }
        return DetailRows(request: .toolDraws(tool: tool), period: base.period, nameField: .draw,
                          fields: [.bank, .amount, .outstanding, .drawDate, .maturityDate, .rollovers, .repaidDate,
                                   .ledgerBalance, .ledgerLoans], rows: result)
    }
}
