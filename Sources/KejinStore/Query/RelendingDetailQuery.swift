import GRDB
import KejinCore

/// Re-lending tool → its draws (index on tool), each with the ledger loans it funds
/// (index on relending_draw, balances by primary key).
struct RelendingDetailQuery {
    let base: DetailQuery

    func draws(_ tool: String) throws -> DetailRows {
        let banks = try base.institutionNames()
        let rows = try Row.fetchAll(base.db, sql: """
            SELECT d.code, d.bank, d.amount, d.draw_date, d.maturity_date, d.rollovers_used, d.repaid_date,
              \(FiguresQuery.outstanding) AS outstanding,
              (SELECT coalesce(sum(b.balance), 0) FROM loans l
                 CROSS JOIN loan_balances b ON b.period = :p AND b.loan_id = l.id WHERE l.relending_draw = d.code),
              (SELECT count(*) FROM loans l
                 CROSS JOIN loan_balances b ON b.period = :p AND b.loan_id = l.id AND b.balance > 0
                 WHERE l.relending_draw = d.code)
            FROM relending_draws d WHERE d.tool = :t AND d.draw_date <= :e \(base.bankInRegion("d.bank"))
            ORDER BY outstanding DESC, d.maturity_date, d.code
            """, arguments: ["e": base.end, "p": base.period.key, "t": tool])
        let result = rows.map { row -> DetailRow in
            let code: String = row[0], bank: String = row[1]
            let amount: Int64 = row[2]
            let outstanding: Bool = row[7]
            return DetailRow(code: code, name: Names(zh: code, en: code), values: [
                .name(banks[bank] ?? Names(zh: bank, en: bank)), .money(Money(fen: amount)),
                .money(Money(fen: outstanding ? amount : 0)), .date(row[3]), .date(row[4]), .count(row[5]),
                .date(row[6]), .money(Money(fen: row[8])), .count(row[9]),
            ], next: .drawLoans(draw: code))
        }
        return DetailRows(request: .toolDraws(tool: tool), period: base.period, nameField: .draw,
                          fields: [.bank, .amount, .outstanding, .drawDate, .maturityDate, .rollovers, .repaidDate,
                                   .ledgerBalance, .ledgerLoans], rows: result)
    }
}
