import GRDB
import KejinCore

/// The loan-balance summary that keeps `figures(for:)` fast on big stores.
///
/// Design: loan_balances grows to (loans × months) rows — 24 M for 1 M loans over two years —
/// far too many to aggregate per dashboard frame. Every loan measure the figures need is a sum
/// of balances and a count of distinct borrowers over a fixed set of loan properties (tech,
/// purpose, IP pledge, re-lending funded), so the importer keeps one row per (period, chain)
/// in `period_summary`, plus one for the whole city (chain ''), inside the import transaction.
/// An enterprise belongs to at most one chain, so chains partition borrowers and the city row
/// is the sum of the chain rows (including the 'no chain' group).
///
/// What triggers a recompute (`refresh`): loan balances recompute the periods they were written
/// for; written loans, and the loans of enterprises whose chain or tags were written, recompute
/// their tech flag and every period in which any of them has a balance (when at least half
/// of all loans were written: every loan's flag and every period, in one pass). Figures then read at
/// most 14 periods × chains summary rows, and the small tables (draws, guarantees, pools)
/// directly.
enum PeriodSummary {
    /// The measures of one summary row.
    struct Measures {
        var balance: [Int64] = Array(repeating: 0, count: Column.allCases.count)
        var borrowers: [Int64] = Array(repeating: 0, count: Column.allCases.count)
    }

    enum Column: Int, CaseIterable {
        case all, tech, innovation, transformation, ip, relending
        var name: String { "\(self)" }
    }

    /// Periods with loan balances, oldest first (the city rows of the summary).
    static func periods(_ db: Database) throws -> [Period] {
        try String.fetchAll(db, sql: "SELECT period FROM period_summary WHERE chain = '' ORDER BY period")
            .compactMap(Period.init)
    }

    /// Brings derived data up to date after an import wrote `loans`, the chain or tags of
    /// `enterprises`, and balances of `balancePeriods`.
    static func refresh(_ db: Database, loans: Set<Int64>, enterprises: Set<String>,
                        balancePeriods: Set<String>) throws {
        var periods = balancePeriods
        // Most loans written (a first or full import): one pass over every loan instead of
        // a temp table of ids (1M loans: ~3 s → ~1 s), and every period with balances.
        if !loans.isEmpty, loans.count * 2 >= (try Int.fetchOne(db, sql: "SELECT count(*) FROM loans") ?? 0) {
            try db.execute(sql: "UPDATE loans SET is_tech = \(isTech) WHERE is_tech IS NOT \(isTech)")
            try recompute(db, periods: Array(periods.union(self.periods(db).map(\.key))))
            return
        }
        if !loans.isEmpty || !enterprises.isEmpty {
            // The affected loans, in a temp table so SQL can join them.
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS affected_loans(id INTEGER PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM temp.affected_loans")
            let add = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.affected_loans(id) VALUES (?)")
            for id in loans { try add.execute(arguments: [id]) }
            let addByEnterprise = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO temp.affected_loans(id) SELECT id FROM loans WHERE enterprise = ?
                """)
            for code in enterprises { try addByEnterprise.execute(arguments: [code]) }

            try db.execute(sql: "UPDATE loans SET is_tech = \(isTech) WHERE id IN (SELECT id FROM temp.affected_loans)")
            let hasBalance = try db.makeStatement(sql: """
                SELECT EXISTS(SELECT 1 FROM temp.affected_loans a
                              CROSS JOIN loan_balances b ON b.period = ? AND b.loan_id = a.id)
                """)
            for p in try self.periods(db) where !periods.contains(p.key) {
                if try Bool.fetchOne(hasBalance, arguments: [p.key]) == true { periods.insert(p.key) }
            }
            try db.execute(sql: "DELETE FROM temp.affected_loans")
        }
        try recompute(db, periods: Array(periods))
    }

    /// is_tech: the enterprise held a tag valid on the loan's start date. (Also `kejin store check`.)
    static let isTech = """
        EXISTS(SELECT 1 FROM enterprise_tags t WHERE t.enterprise = loans.enterprise
               AND t.valid_from <= loans.start_date AND t.valid_to >= loans.start_date)
        """

    /// Rebuilds the summary rows of the given periods from loan_balances.
    static func recompute(_ db: Database, periods: [String]) throws {
        let delete = try db.makeStatement(sql: "DELETE FROM period_summary WHERE period = ?")
        let insert = try db.makeStatement(sql: """
            INSERT INTO period_summary(period, chain, all_balance, all_borrowers, tech_balance, tech_borrowers,
                innovation_balance, innovation_borrowers, transformation_balance, transformation_borrowers,
                ip_balance, ip_borrowers, relending_balance, relending_borrowers)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Sums per enterprise first, then per chain: an enterprise borrows in a measure when its
        // sum there is > 0 (balances are never negative, so that is "has a loan with balance > 0").
        // About 3× faster than count(DISTINCT …) per measure.
        let select = try db.makeStatement(sql: """
            SELECT chain, sum(n), sum(a), sum(a > 0), sum(t), sum(t > 0), sum(i), sum(i > 0),
              sum(x), sum(x > 0), sum(p), sum(p > 0), sum(r), sum(r > 0)
            FROM (
              SELECT l.enterprise, e.chain, count(*) AS n,
                sum(b.balance) AS a,
                sum(CASE WHEN l.is_tech THEN b.balance ELSE 0 END) AS t,
                sum(CASE WHEN l.purpose = 'tech_innovation' THEN b.balance ELSE 0 END) AS i,
                sum(CASE WHEN l.purpose = 'tech_transformation' THEN b.balance ELSE 0 END) AS x,
                sum(CASE WHEN l.ip_pledge THEN b.balance ELSE 0 END) AS p,
                sum(CASE WHEN l.relending_draw IS NOT NULL THEN b.balance ELSE 0 END) AS r
              FROM loan_balances b
              JOIN loans l ON l.id = b.loan_id
              JOIN enterprises e ON e.code = l.enterprise
              WHERE b.period = ?
              GROUP BY l.enterprise)
            GROUP BY chain
            """)
        let draws = try DrawSummary.exists(db)
        for period in Set(periods).sorted() {
            if draws { try DrawSummary.recompute(db, period: period) }
            try delete.execute(arguments: [period])
            var city = Measures()
            var rows = 0
            let cursor = try Row.fetchCursor(select, arguments: [period])
            while let row = try cursor.next() {
                rows += row[1] as Int
                var m = Measures()
                for c in Column.allCases {
                    m.balance[c.rawValue] = row[2 + 2 * c.rawValue] ?? 0
                    m.borrowers[c.rawValue] = row[3 + 2 * c.rawValue] ?? 0
                    city.balance[c.rawValue] += m.balance[c.rawValue]
                    city.borrowers[c.rawValue] += m.borrowers[c.rawValue]
                }
                if let chain: String = row[0] { try insert.execute(arguments: arguments(period, chain, m)) }
            }
            // The city row marks the period as present, even when every balance is 0.
            if rows > 0 { try insert.execute(arguments: arguments(period, "", city)) }
        }
    }

    private static func arguments(_ period: String, _ chain: String, _ m: Measures) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = [period, chain]
        for c in Column.allCases { values.append(m.balance[c.rawValue]); values.append(m.borrowers[c.rawValue]) }
        return StatementArguments(values)
    }

    /// Summary rows of the given periods: period → chain ('' = city) → measures.
    static func load(_ db: Database, periods: [Period]) throws -> [String: [String: Measures]] {
        guard !periods.isEmpty else { return [:] }
        let columns = Column.allCases.map { "\($0.name)_balance, \($0.name)_borrowers" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: periods.count).joined(separator: ", ")
        var result: [String: [String: Measures]] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT period, chain, \(columns) FROM period_summary WHERE period IN (\(marks))",
                                       arguments: StatementArguments(periods.map(\.key)))
        while let row = try rows.next() {
            var m = Measures()
            for c in Column.allCases {
                m.balance[c.rawValue] = row[2 + 2 * c.rawValue]
                m.borrowers[c.rawValue] = row[3 + 2 * c.rawValue]
            }
            result[row[0], default: [:]][row[1]] = m
        }
        return result
    }
}
