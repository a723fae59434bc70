import GRDB
import KejinCore

/// Per-bank figures and the four loans. `period_summary` has no bank dimension, so these
/// aggregate the period's balances directly (one pass, grouped per enterprise first as in
/// PeriodSummary.recompute). They run only when the Banks or Four-loans screen is shown.
///
/// The four loans (首贷, 信用贷, 无还本续贷, 随借随还) are counted among tech loans, so their
/// shares are of tech loans (metrics.md: "share of all tech loans").
struct BankQuery {
    let base: DetailQuery

    /// One aggregate row: total and tech balance, tech firms, and (firms, balance) per four-loan kind.
    struct Measures {
        var all: Int64 = 0, tech: Int64 = 0, techFirms = 0
        var kinds = Array(repeating: (firms: 0, balance: Int64(0)), count: 4)
    }

    /// Measures of one period grouped by `key` ("l.bank" or "e.chain").
    func measures(groupedBy key: String, period: Period) throws -> [String?: Measures] {
        var result: [String?: Measures] = [:]
        let kinds = ["l.first_loan", "l.credit_loan", "l.renewal", "l.revolving"]
            .map { "sum(CASE WHEN l.is_tech AND \($0) THEN b.balance ELSE 0 END)" }
        let rows = try Row.fetchCursor(base.db, sql: """
            SELECT k, sum(a), sum(t), sum(t > 0), sum(k0), sum(k0 > 0), sum(k1), sum(k1 > 0),
              sum(k2), sum(k2 > 0), sum(k3), sum(k3 > 0)
            FROM (
              SELECT \(key) AS k, l.enterprise, sum(b.balance) AS a,
                sum(CASE WHEN l.is_tech THEN b.balance ELSE 0 END) AS t,
                \(kinds.enumerated().map { "\($1) AS k\($0)" }.joined(separator: ", "))
              FROM loan_balances b
              JOIN loans l ON l.id = b.loan_id
              JOIN enterprises e ON e.code = l.enterprise
              WHERE b.period = ?
              GROUP BY k, l.enterprise)
            GROUP BY k
            """, arguments: [period.key])
        while let row = try rows.next() {
            var m = Measures(all: row[1], tech: row[2], techFirms: row[3])
            for i in 0..<4 { m.kinds[i] = (row[5 + 2 * i], row[4 + 2 * i]) }
            result[row[0] as String?] = m
        }
        return result
    }

    func banks() throws -> DetailRows {
        let p = base.period
        let now = try measures(groupedBy: "l.bank", period: p)
        // Year-ago tech balance per bank, only when the store has that month.
        let ago: [String: Int64]? = try base.yearAgoKnown() ? Dictionary(uniqueKeysWithValues: Row.fetchAll(base.db, sql: """
            SELECT l.bank, sum(b.balance) FROM loan_balances b JOIN loans l ON l.id = b.loan_id
            WHERE b.period = ? AND l.is_tech GROUP BY l.bank
            """, arguments: [p.yearAgo.key]).map { ($0[0] as String, $0[1] as Int64) }) : nil
        let drawn = try Dictionary(uniqueKeysWithValues: Row.fetchAll(base.db, sql: """
            SELECT d.bank, sum(d.amount) FROM relending_draws d WHERE \(FiguresQuery.outstanding) GROUP BY d.bank
            """, arguments: ["e": base.end]).map { ($0[0] as String, $0[1] as Int64) })
        let market = now.values.reduce(0) { $0 + $1.tech }
        let scores = try self.scores()
        let banks = try Row.fetchAll(base.db, sql: "SELECT code, name_zh, name_en FROM institutions WHERE kind = 'bank'")
        let rows = banks.map { row -> DetailRow in
            let code: String = row[0]
            let m = now[code] ?? Measures()
            var values: [DetailValue] = [
                .money(Money(fen: m.tech)), DetailQuery.growth(m.tech, ago.map { $0[code] ?? 0 }),
                .percent(BasisPoints.ratio(m.tech, m.all)), .percent(BasisPoints.ratio(m.tech, market)),
            ]
            for k in m.kinds { values += [.count(k.firms), .money(Money(fen: k.balance))] }
            values += [.money(Money(fen: drawn[code] ?? 0)), .unavailable]
            if let periodScores = scores { values += (periodScores[code] ?? [nil, nil, nil, nil, nil]).map(DetailValue.score) }
            return DetailRow(code: code, name: Names(zh: row[1], en: row[2]), values: values,
                             next: .enterprises(chain: nil, bank: code))
        }.sorted { (LendingQuery.money($0.values[0]), $1.code) > (LendingQuery.money($1.values[0]), $0.code) }
        var fields: [DetailField] = [
            .techBalance, .yoy, .shareOfOwnLoans, .shareOfMarket, .firstFirms, .firstBalance, .creditFirms, .creditBalance,
            .renewalFirms, .renewalBalance, .revolvingFirms, .revolvingBalance, .relendingDrawn, .techNPL,
        ]
        if scores != nil { fields += [.policyExecution, .productInnovation, .serviceNetwork, .riskControl, .collaboration] }
        return DetailRows(request: .banks, period: p, nameField: .bank, fields: fields, rows: rows)
    }

    /// The latest evaluation up to the period, per bank (five scores); nil when none is loaded.
    /// Evaluations are periodic (say yearly), so a month shows the one in force.
    func scores() throws -> [String: [Int?]]? {
        guard let latest = try String.fetchOne(base.db, sql: "SELECT max(period) FROM bank_scores WHERE period <= ?",
                                               arguments: [base.period.key]) else { return nil }
        var result: [String: [Int?]] = [:]
        for row in try Row.fetchAll(base.db, sql: """
            SELECT bank, policy_execution, product_innovation, service_network, risk_control, collaboration
            FROM bank_scores WHERE period = ?
            """, arguments: [latest]) {
            result[row[0]] = (1...5).map { row[$0] as Int? }
        }
        return result
    }

    /// The city first (code ''), then every chain by tech balance.
    func fourLoans() throws -> DetailRows {
        let p = base.period
        let byChain = try measures(groupedBy: "e.chain", period: p)
        var city = Measures()
        for m in byChain.values {
            city.all += m.all; city.tech += m.tech; city.techFirms += m.techFirms
            for i in 0..<4 { city.kinds[i].firms += m.kinds[i].firms; city.kinds[i].balance += m.kinds[i].balance }
        }
        func values(_ m: Measures) -> [DetailValue] {
            var v: [DetailValue] = [.money(Money(fen: m.tech)), .count(m.techFirms)]
            for k in m.kinds { v += [.count(k.firms), .money(Money(fen: k.balance)), .percent(BasisPoints.ratio(k.balance, m.tech))] }
            return v
        }
        let chains = try Row.fetchAll(base.db, sql: "SELECT code, name_zh, name_en FROM chains").map { row -> DetailRow in
            let code: String = row[0]
            return DetailRow(code: code, name: Names(zh: row[1], en: row[2]), values: values(byChain[code] ?? Measures()),
                             next: .chainBanks(chain: code))
        }.sorted { (LendingQuery.money($0.values[0]), $1.code) > (LendingQuery.money($1.values[0]), $0.code) }
        let cityRow = DetailRow(code: "", name: Names(zh: "全市", en: "City"), values: values(city), next: .banks)
        return DetailRows(request: .fourLoans, period: p, nameField: .chain, fields: [
            .techBalance, .techBorrowers, .firstFirms, .firstBalance, .firstShare, .creditFirms, .creditBalance, .creditShare,
            .renewalFirms, .renewalBalance, .renewalShare, .revolvingFirms, .revolvingBalance, .revolvingShare,
        ], rows: [cityRow] + chains)
    }
}
