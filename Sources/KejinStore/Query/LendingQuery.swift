import GRDB
import KejinCore

/// Chain → banks lending to it (from bank_summary) → enterprises at a bank. The enterprise list
/// reads the chain's enterprises (index on chain), their loans (index on enterprise) and one
/// or two balances per loan (primary key (period, loan)); CROSS JOIN keeps the planner on that path.
struct LendingQuery {
    let base: DetailQuery

    func chainBanks(_ chain: String) throws -> DetailRows {
        let p = base.period
        let known = try base.yearAgoKnown()
        // bank → balance, borrowers, tech balance; from bank_summary (see BankSummary.swift)
        let now = try BankSummary.load(base.db, period: p, chain: chain).compactMapValues { $0[chain] }
            .mapValues { ($0.balance(.all), $0.borrowers(.all), $0.balance(.tech)) }
        let ago = try BankSummary.load(base.db, period: p.yearAgo, chain: chain).compactMapValues { $0[chain]?.balance(.all) }
        let total = now.values.reduce(0) { $0 + $1.0 }
        let names = try base.institutionNames()
        let result = Set(now.keys).union(ago.keys).map { bank -> DetailRow in
            let (balance, borrowers, tech) = now[bank] ?? (0, 0, 0)
            return DetailRow(code: bank, name: names[bank] ?? Names(zh: bank, en: bank), values: [
                .money(Money(fen: balance)), .count(borrowers),
                DetailQuery.growth(balance, known ? (ago[bank] ?? 0) : nil),
                .money(Money(fen: tech)), .percent(BasisPoints.ratio(balance, total)),
            ], next: .enterprises(chain: chain, bank: bank))
        }.sorted { (Self.money($0.values[0]), $1.code) > (Self.money($1.values[0]), $0.code) }
        return DetailRows(request: .chainBanks(chain: chain), period: p, nameField: .bank,
                          fields: [.balance, .borrowers, .yoy, .techBalance, .shareOfChain], rows: result)
    }

    /// Enterprises with a balance at the period end (or a year earlier), of a chain and/or at a bank.
    func enterprises(chain: String?, bank: String?) throws -> DetailRows {
        let p = base.period
        let known = try base.yearAgoKnown()
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = [p.key, p.yearAgo.key]
        // Start from the most selective index: the chain's enterprises, else the bank's loans.
        let from: String
        if let chain {
            from = """
                enterprises e CROSS JOIN loans l ON l.enterprise = e.code
                CROSS JOIN loan_balances b ON b.period IN (?, ?) AND b.loan_id = l.id
                """
            conditions.append("e.chain = ?"); arguments.append(chain)
        } else {
            from = """
                loans l CROSS JOIN enterprises e ON e.code = l.enterprise
                CROSS JOIN loan_balances b ON b.period IN (?, ?) AND b.loan_id = l.id
                """
        }
        if let bank { conditions.append("l.bank = ?"); arguments.append(bank) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        struct Acc { var names: Names; var chain: String?; var balance: Int64 = 0; var loans = 0; var tech: Int64 = 0; var ago: Int64 = 0 }
        var acc: [String: Acc] = [:]
        let rows = try Row.fetchCursor(base.db, sql: """
            SELECT e.code, e.name_zh, e.name_en, e.chain, b.period, sum(b.balance), sum(b.balance > 0),
              sum(CASE WHEN l.is_tech THEN b.balance ELSE 0 END)
            FROM \(from) \(whereClause) GROUP BY e.code, b.period
            """, arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            let code: String = row[0]
            var a = acc[code] ?? Acc(names: Names(zh: row[1], en: row[2]), chain: row[3])
            if (row[4] as String) == p.key { a.balance = row[5]; a.loans = row[6]; a.tech = row[7] } else { a.ago = row[5] }
            acc[code] = a
        }
        let listed = acc.filter { $0.value.balance > 0 || $0.value.ago > 0 }
        let tags = try base.tags(of: Array(listed.keys))
        let chainNames = chain == nil ? try chainNamesByCode() : [:]
        var fields: [DetailField] = [.code, .balance, .yoy, .loans, .techBalance, .tags]
        if chain == nil { fields.insert(.chain, at: 1) }
        let result = listed.map { code, a -> DetailRow in
            var values: [DetailValue] = [.text(code), .money(Money(fen: a.balance)),
                                         DetailQuery.growth(a.balance, known ? a.ago : nil), .count(a.loans),
                                         .money(Money(fen: a.tech)), .tags(tags[code] ?? [])]
            if chain == nil { values.insert(.name(a.chain.flatMap { chainNames[$0] } ?? Names(zh: "-", en: "-")), at: 1) }
            return DetailRow(code: code, name: a.names, values: values, next: .enterpriseLoans(enterprise: code, bank: bank))
        }.sorted { (acc[$0.code]!.balance, $1.code) > (acc[$1.code]!.balance, $0.code) }
        return DetailRows(request: .enterprises(chain: chain, bank: bank), period: p, nameField: .enterprise,
                          fields: fields, rows: result)
    }

    func chainNamesByCode() throws -> [String: Names] {
        var names: [String: Names] = [:]
        for row in try Row.fetchAll(base.db, sql: "SELECT code, name_zh, name_en FROM chains") {
            names[row[0]] = Names(zh: row[1], en: row[2])
        }
        return names
    }

    static func money(_ v: DetailValue) -> Int64 {
        if case .money(let m) = v { return m?.fen ?? 0 }
        return 0
    }
}
