import GRDB
import KejinCore

/// The deepest level: loans, with their balance over the last 13 months, product, purpose,
/// four-loan flags, IP pledge, guarantee and re-lending draw. Loans are found through an
/// index (enterprise, relending_draw); balances by primary key.
struct LoanRowsQuery {
    let base: DetailQuery

    func enterpriseLoans(_ enterprise: String, bank: String?) throws -> DetailRows {
        var sql = "SELECT \(Self.columns) FROM loans l JOIN enterprises e ON e.code = l.enterprise WHERE l.enterprise = ?1 AND l.start_date <= ?2 \(base.inRegion("e.region"))"
        var args: [SQLValue] = [.text(enterprise), .text(base.end)]
        if let bank { sql += " AND l.bank = ?3"; args.append(.text(bank)) }
        let tags = try base.tags(of: [enterprise])[enterprise] ?? []
        return try rows(.enterpriseLoans(enterprise: enterprise, bank: bank), sql: sql, args, withEnterprise: false, tags: tags)
    }

    func drawLoans(_ draw: String) throws -> DetailRows {
        try rows(.drawLoans(draw: draw), sql: """
            SELECT \(Self.columns) FROM loans l JOIN enterprises e ON e.code = l.enterprise WHERE l.relending_draw = ?1
              \(base.regions == nil ? "" : "AND l.relending_draw IN (SELECT code FROM relending_draws WHERE 1 = 1 \(base.bankInRegion("bank")))")
            """, [.text(draw)], withEnterprise: true, tags: [], ineligible: try LedgerEligibility.ineligibleLoans(base.session, draw: draw))
    }

    /// Through the guarantee's enterprise (indexed), not a scan of loans by guarantee.
    func guaranteeLoans(_ guarantee: String) throws -> DetailRows {
        try rows(.guaranteeLoans(guarantee: guarantee), sql: """
            SELECT \(Self.columns) FROM guarantees g
            CROSS JOIN loans l ON l.enterprise = g.enterprise AND l.guarantee = g.code
            JOIN enterprises e ON e.code = l.enterprise WHERE g.code = ?1 \(base.inRegion("e.region"))
            """, [.text(guarantee)], withEnterprise: true, tags: [])
    }

    static let columns = """
        l.id, l.code, l.bank, l.enterprise, e.name_zh, e.name_en, l.product, l.purpose, l.start_date, l.maturity_date,
        l.amount, l.rate, l.first_loan, l.credit_loan, l.renewal, l.revolving, l.ip_pledge, l.guarantee, l.relending_draw
        """

    private func rows(_ request: DrillRequest, sql: String, _ args: [SQLValue],
                      withEnterprise: Bool, tags: [EnterpriseTag], ineligible: Set<Int64>? = nil) throws -> DetailRows {
        let loans = try base.session.fetch(sql, args)
        let trendPeriods = try trendPeriods()
        let history = try balances(of: loans.map { try $0.get(0, as: Int64.self) }, periods: trendPeriods)
        let banks = try base.institutionNames()
        let products = try base.productNames(Set(try loans.compactMap { row -> ProductKey? in
            guard let code = try row.get(6, as: String?.self), !code.isEmpty else { return nil }
            return ProductKey(bank: try row.get(2), code: code)
        }))
        var fields: [DetailField] = [.bank, .balance, .trend, .product, .purpose, .fourLoans, .ipPledge,
                                     .guarantee, .draw, .amount, .rate, .startDate, .maturityDate]
        if withEnterprise { fields.insert(.enterprise, at: 0) }
        // A draw's ledger loans: which lacked the tool's qualification (LedgerEligibility.swift).
        if ineligible != nil { fields.append(.ineligible) }
        let result = try loans.map { row -> DetailRow in
            let id: Int64 = try row.get(0), bank: String = try row.get(2)
            let trend = trendPeriods.map { Money(fen: history[id]?[$0.key] ?? 0) }
            var values: [DetailValue] = [
                .name(banks[bank] ?? Names(zh: bank, en: bank)), .money(trend.last ?? .zero), .trend(trend),
                product(try row.get(6, as: String?.self) ?? "", bank: bank, products), .word(try row.get(7)),
                .flags(LoanFlags(firstLoan: try row.get(12), creditLoan: try row.get(13), renewal: try row.get(14),
                                 revolving: try row.get(15))),
                .flag(try row.get(16)), .text(try row.get(17, as: String?.self) ?? ""), .text(try row.get(18, as: String?.self) ?? ""),
                .money(Money(fen: try row.get(10))), .percent(BasisPoints(try row.get(11, as: Int64.self))),
                .date(try row.get(8)), .date(try row.get(9)),
            ]
            if withEnterprise { values.insert(.name(Names(zh: try row.get(4), en: try row.get(5))), at: 0) }
            if let ineligible { values.append(.flag(ineligible.contains(id))) }
            let code: String = try row.get(1)
            return DetailRow(code: code, name: Names(zh: code, en: code), values: values, next: nil)
        }.sorted {
            let a = LendingQuery.money($0.values[withEnterprise ? 2 : 1]), b = LendingQuery.money($1.values[withEnterprise ? 2 : 1])
            return (a, $1.code) > (b, $0.code)
        }
        return DetailRows(request: request, period: base.period, nameField: .loan, fields: fields, rows: result, tags: tags)
    }

    /// A loan's product by its name (its code when products.csv has none); none: empty.
    private func product(_ code: String, bank: String, _ names: [ProductKey: Names]) -> DetailValue {
        code.isEmpty ? .text("") : .name(names[ProductKey(bank: bank, code: code)] ?? Names(zh: code, en: code))
    }

    /// The 13 months ending at the period, from the store's first period on.
    func trendPeriods() throws -> [Period] {
        let first = try base.session.fetchOne("SELECT min(period) FROM period_summary WHERE chain = ''", as: String.self).flatMap(Period.init)
        return (0...12).map { base.period.advanced(by: $0 - 12) }.filter { p in first.map { p >= $0 } ?? false }
    }

    /// loan id → period → balance. The ids are integers from the store, written into the SQL.
    func balances(of ids: [Int64], periods: [Period]) throws -> [Int64: [String: Int64]] {
        guard !ids.isEmpty, !periods.isEmpty else { return [:] }
        var result: [Int64: [String: Int64]] = [:]
        let marks = (1...periods.count).map { "?\($0)" }.joined(separator: ",")
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + 500)]
            start += chunk.count
            try base.session.cursor("""
                SELECT loan_id, period, balance FROM loan_balances
                WHERE period IN (\(marks)) AND loan_id IN (\(chunk.map(String.init).joined(separator: ",")))
                """, periods.map { .text($0.key) }) { row in
                result[try row.get(0), default: [:]][try row.get(1)] = try row.get(2)
                return true
            }
        }
        return result
    }
}
