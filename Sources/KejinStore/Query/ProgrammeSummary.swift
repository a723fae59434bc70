import KejinCore

/// The Programme screen's per-period sums, kept beside `period_summary` (schema v17):
///
/// - `programme_whitelist`, per (period, enterprise on the whitelist at the period end): the
///   positive balance of its loans started by then, those loans, and this year's first loans
///   (count, amount). A row for every listed firm, loans or not (`withoutCredit` counts them).
/// - `programme_spread`, per (period, bank, spread): the ledger loans (funded by a draw) with a
///   positive balance whose rate less their tool's rate in force on the start date (else the
///   tool's first rate) is `spread` bp, and their balance. Spread in the key keeps the widest
///   one (a max) exact under a delta: it is the largest spread with a row.
///
/// Why: the screen sought each whitelisted firm's loans and balances and each funded loan's
/// balance every period (10k + 10k at 1M loans: 447 ms a period move on SQLite, 1 s on
/// PostgreSQL); it now sums a row per listed firm and a few rows per bank.
///
/// Kept as the other summaries: PeriodSummary.recompute recomputes a period's rows; a
/// balance-only import applies a delta (exact: both are sums of per-loan positive balances;
/// a period new to the store is recomputed, as its rows do not exist yet). What moves a loan
/// between rows or changes the listed firms or spreads recomputes every period: loans or
/// enterprises written (a loan counts from its start date, with no balance needed: the
/// periods with its balances are not enough; a whitelist tag changes the listed firms) — for
/// a small import, only the involved firms' rows (ReferenceDelta) — and rates, tools or draws
/// written (the spreads). Rows exist only for periods in `period_summary`.
enum ProgrammeSummary {
    static let whitelistTable = "programme_whitelist"
    static let spreadTable = "programme_spread"

    static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(whitelistTable) }

    /// The tables, one declaration for both engines: SQLite's DDL, PostgreSQL's spelling of it
    /// as `kejin store copy` writes it (PostgresSpelling.postgresDDL), so a store made at v17 and
    /// one migrated to it have the same tables.
    static let tablesDDL = [
        """
        CREATE TABLE \(whitelistTable)(
            period TEXT NOT NULL, enterprise TEXT NOT NULL, balance INTEGER NOT NULL, loans INTEGER NOT NULL,
            first_loans INTEGER NOT NULL, first_amount INTEGER NOT NULL,
            PRIMARY KEY(period, enterprise)) WITHOUT ROWID
        """,
        """
        CREATE TABLE \(spreadTable)(
            period TEXT NOT NULL, bank TEXT NOT NULL, spread INTEGER NOT NULL, loans INTEGER NOT NULL, balance INTEGER NOT NULL,
            PRIMARY KEY(period, bank, spread)) WITHOUT ROWID
        """,
    ]

    /// The migration (v17): the tables, filled for every stored period.
    static let migration = StoreMigration(version: 17, name: "v17 programme summaries") { s in
        for ddl in ProgrammeSummary.tablesDDL { try s.execute(s is SQLiteSession ? ddl : PostgresSpelling.postgresDDL(fromSQLite: ddl)) }
        for p in try PeriodSummary.periods(s) { try ProgrammeSummary.recompute(s, period: p.key) }
    }

    /// The arguments of the rows queries for `period`: key, end date, first day of its year.
    static func arguments(_ period: Period) -> [SQLValue] {
        [.text(period.key), .text(period.endDate), .text("\(period.year)-01-01")]
    }

    /// One period's whitelist rows (period `?1`, end date `?2`, year start `?3`): each listed
    /// firm, its loans started by the end (the `loans_enterprise` index), their positive
    /// balances in the period, this year's first loans. (Also `kejin store check`.)
    static let whitelistRowsSQL = whitelistRows(listed: listedSQL)
    /// `whitelistRowsSQL` of the listed firms `listed` selects (a column `enterprise`).
    private static func whitelistRows(listed: String) -> String { """
        SELECT ?1, w.enterprise, coalesce(sum(CASE WHEN b.balance > 0 THEN b.balance ELSE 0 END), 0), \(whitelistLoans)
        FROM (\(listed)) w
        LEFT JOIN loans l ON l.enterprise = w.enterprise AND l.start_date <= ?2
        LEFT JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id
        GROUP BY w.enterprise
        """
    }
    /// The same rows without the balance (same arguments, `?1` unused): enterprise, loans, first loans, their
    /// amount — the recompute adds the balance from PeriodGroups' scan, no seek per loan.
    static let whitelistLoansSQL = """
        SELECT w.enterprise, \(whitelistLoans)
        FROM (\(listedSQL)) w
        LEFT JOIN loans l ON l.enterprise = w.enterprise AND l.start_date <= ?2
        GROUP BY w.enterprise
        """
    /// The firms on the whitelist at the end date `?2`.
    private static let listedSQL = "SELECT DISTINCT enterprise FROM enterprise_tags WHERE tag = 'whitelist' AND valid_from <= ?2 AND valid_to >= ?2"
    /// A listed firm's loans `l`: their count, this year's (from `?3`) first loans and their amount.
    private static let whitelistLoans = """
        count(l.id), coalesce(sum(CASE WHEN l.first_loan = 1 AND l.start_date >= ?3 THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN l.first_loan = 1 AND l.start_date >= ?3 THEN l.amount ELSE 0 END), 0)
        """

    /// A ledger loan's spread over its tool's rate (NULL: the tool has no rate), over loans `l`
    /// and their draw `d`.
    static let spreadExpression = spread(of: "l")

    /// The spread of loan `l` (rows with a rate and a start date, as `loans` or changed_loans)
    /// drawn on `d`.
    static func spread(of l: String) -> String { """
        \(l).rate - coalesce((SELECT r.rate FROM relending_rates r WHERE r.tool = d.tool AND r.effective_from <= \(l).start_date
                           ORDER BY r.effective_from DESC LIMIT 1),
                          (SELECT r.rate FROM relending_rates r WHERE r.tool = d.tool ORDER BY r.effective_from LIMIT 1))
        """
    }

    /// One period's spread rows (period `?1`): draws → their loans (the partial index of funded
    /// loans) → the loan's balance. (Also `kejin store check`.)
    static let spreadRowsSQL = """
        SELECT ?1, x.bank, x.spread, count(*), sum(x.balance) FROM (
          SELECT l.bank AS bank, \(spreadExpression) AS spread, b.balance AS balance
          FROM relending_draws d CROSS JOIN loans l ON l.relending_draw = d.code
          CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id AND b.balance > 0) AS x
        WHERE x.spread IS NOT NULL
        GROUP BY x.bank, x.spread
        """

    /// Rebuilds one period's rows; none for a period without balances (not in period_summary).
    /// `firms`: the period's positive balances per firm, summed by PeriodGroups.
    static func recompute(_ s: any StoreSession, period key: String, firms: FirmBalances? = nil) throws {
        try CategorySummary.recompute(s, period: key, firms: firms)
        try s.execute("DELETE FROM \(whitelistTable) WHERE period = ?1", key)
        try s.execute("DELETE FROM \(spreadTable) WHERE period = ?1", key)
        guard let period = Period(key), try present(s, key) else { return }
        if let firms {
            let rows = try s.fetch(whitelistLoansSQL, arguments(period))
            try s.load(into: whitelistTable, columns: ["period", "enterprise", "balance", "loans", "first_loans", "first_amount"]) { append in
                for r in rows {
                    let firm: String = try r.get(0)
                    try append([.text(key), .text(firm), .integer(firms.started(firm)), r[1], r[2], r[3]])
                }
            }
        } else {
            try s.execute("INSERT INTO \(whitelistTable)(period, enterprise, balance, loans, first_loans, first_amount) " + whitelistRowsSQL,
                          arguments(period))
        }
        try s.execute("INSERT INTO \(spreadTable)(period, bank, spread, loans, balance) " + spreadRowsSQL, key)
    }

    /// Period `key`'s whitelist and category rows of the firms in the temp table `firms`
    /// (column `code`) recomputed, the category totals moved by the difference: what a small
    /// import of loans, firms or tags changes besides balances (ReferenceDelta) — a loan
    /// started, a firm listed or tagged, moved to another chain or region.
    static func recompute(_ s: any StoreSession, period key: String, firmsIn firms: String) throws {
        guard try exists(s), let period = Period(key), try present(s, key) else { return }
        let involved = "enterprise IN (SELECT code FROM \(firms))"
        try s.execute("DELETE FROM \(whitelistTable) WHERE period = ?1 AND \(involved)", key)
        try s.execute("INSERT INTO \(whitelistTable)(period, enterprise, balance, loans, first_loans, first_amount) "
                      + whitelistRows(listed: listedSQL + " AND " + involved), arguments(period))
        try CategorySummary.recompute(s, period: period, where: involved)
    }

    /// Whether `period_summary` has the period (its city row).
    static func present(_ s: any StoreSession, _ key: String) throws -> Bool {
        let read = presentRead(key)
        return try s.fetch(read).first?.get(0, as: Int64.self) ?? 0 > 0
    }
    /// `present`'s one statement, to send ahead (`StoreSession.prefetch`).
    static func presentRead(_ key: String) -> Prefetch {
        Prefetch("SELECT count(*) FROM period_summary WHERE period = ?1 AND chain = ''", [.text(key)])
    }

    /// After an import: every period when what it wrote moves loans between rows or changes the
    /// listed firms or the spreads, but for `done` (periods the summary refresh recomputed).
    static func refresh(_ s: any StoreSession, entities: Set<Entity>, loansOrEnterprises: Bool, done: Set<String> = []) throws {
        guard try exists(s), loansOrEnterprises || !entities.isDisjoint(with: [.relendingRates, .relendingTools, .relendingDraws]) else { return }
        for p in try PeriodSummary.periods(s).map(\.key) where !done.contains(p) { try recompute(s, period: p) }
    }

    /// The delta of the balance changes recorded for `period` (SummaryDelta), after
    /// period_summary's. `wasPresent`: the period was in period_summary before the import; a
    /// period new to it, or gone from it, is recomputed instead (its rows are not there yet,
    /// or go).
    static func applyDelta(_ s: any StoreSession, period key: String, wasPresent: Bool) throws {
        guard wasPresent, try present(s, key), let period = Period(key) else { return try recompute(s, period: key) }
        // Listed firms' rows exist: each changed loan started by the end moves its firm's
        // balance by its positive balance now less its positive balance before.
        try s.execute("""
            INSERT INTO \(whitelistTable)(period, enterprise, balance, loans, first_loans, first_amount)
            SELECT ?1, w.enterprise, sum(changed.d), 0, 0, 0 FROM (
              SELECT c.enterprise AS enterprise,
                \(BalanceChanges.positiveChange) AS d
              FROM changed_loans c
              WHERE c.start_date <= ?2) AS changed
            CROSS JOIN \(whitelistTable) w ON w.period = ?1 AND w.enterprise = changed.enterprise
            WHERE true GROUP BY w.enterprise
            ON CONFLICT(period, enterprise) DO UPDATE SET balance = \(whitelistTable).balance + excluded.balance
            """, period.key, period.endDate)
        // Ledger loans with a positive balance now in, their old positive balance out.
        try s.execute("""
            INSERT INTO \(spreadTable)(period, bank, spread, loans, balance)
            SELECT ?1, bank, spread, sum(n), sum(v) FROM (
              SELECT c.bank AS bank, \(spread(of: "c")) AS spread,
                     \(BalanceChanges.positiveCountChange) AS n, \(BalanceChanges.positiveChange) AS v
              FROM changed_loans c CROSS JOIN relending_draws d ON d.code = c.draw
              WHERE \(BalanceChanges.positiveEitherSide)) AS changed
            WHERE spread IS NOT NULL GROUP BY bank, spread
            ON CONFLICT(period, bank, spread) DO UPDATE SET loans = \(spreadTable).loans + excluded.loans,
                                                            balance = \(spreadTable).balance + excluded.balance
            """, period.key)
        try s.execute("DELETE FROM \(spreadTable) WHERE period = ?1 AND loans = 0", period.key)
        try CategorySummary.applyDelta(s, period: period.key)
    }

    // MARK: Reads (ProgrammeQuery) and `kejin store check`

    /// The whitelist coverage of a period from its rows.
    static func whitelist(_ s: any StoreSession, period: Period) throws -> WhitelistCoverage {
        let read = whitelistRead(period: period)
        let r = try s.fetch(read)[0]
        return WhitelistCoverage(listed: Int(try r.get(0, as: Int64.self)), withBalance: Int(try r.get(1, as: Int64.self)),
                                 balance: Money(fen: try r.get(2)), firstLoans: LoanTally(amount: Money(fen: try r.get(5)), loans: Int(try r.get(4, as: Int64.self))),
                                 withoutCredit: Int(try r.get(3, as: Int64.self)))
    }

    /// Per bank: ledger loans with a balance, their balance, Σ balance × spread, the widest spread.
    struct BankSpread: Equatable {
        var loans: Int64, balance: Int64, weighted: Int64, widest: Int64
    }

    /// Summed here, not by a GROUP BY: SQLite's aggregates per bank cost several times the
    /// reading of the rows (~1,200 a month at 1M loans, read by every month's figures). The
    /// rows come in key order on SQLite (bank, then spread), so a bank's rows are summed as a
    /// run and looked up once; rows in any other order still add up.
    static func spreads(_ s: any StoreSession, period: Period) throws -> [String: BankSpread] {
        var result: [String: BankSpread] = [:]
        var run: (bank: String, sum: BankSpread)?
        func merge(_ row: BankSpread, into sum: BankSpread?) throws -> BankSpread {
            guard let sum else { return row }
            return BankSpread(loans: try GuaranteeBook.add(sum.loans, row.loans), balance: try GuaranteeBook.add(sum.balance, row.balance),
                              weighted: try GuaranteeBook.add(sum.weighted, row.weighted), widest: max(sum.widest, row.widest))
        }
        let read = spreadsRead(period: period)
        try s.cursor(read) { r in
            let spread = try r.integer(1), balance = try r.integer(3)
            let row = BankSpread(loans: try r.integer(2), balance: balance, weighted: try GuaranteeBook.multiply(balance, spread), widest: spread)
            guard let bank = try r.text(0) else { throw StoreSQLError("\(spreadTable): a row without a bank") }
            if let current = run, current.bank == bank {
                run = (bank, try merge(row, into: current.sum))
            } else {
                if let current = run { result[current.bank] = try merge(current.sum, into: result[current.bank]) }
                run = (bank, row)
            }
            return true
        }
        if let current = run { result[current.bank] = try merge(current.sum, into: result[current.bank]) }
        return result
    }

    /// `whitelist`'s one statement, to send ahead (`StoreSession.prefetch`).
    static func whitelistRead(period: Period) -> Prefetch {
        Prefetch("""
            SELECT count(*), coalesce(sum(CASE WHEN balance > 0 THEN 1 ELSE 0 END), 0), coalesce(sum(balance), 0),
                   coalesce(sum(CASE WHEN loans = 0 THEN 1 ELSE 0 END), 0), coalesce(sum(first_loans), 0), coalesce(sum(first_amount), 0)
            FROM \(whitelistTable) WHERE period = ?1
            """, [.text(period.key)])
    }

    /// `spreads`' one statement, to send ahead (`StoreSession.prefetch`).
    static func spreadsRead(period: Period) -> Prefetch {
        Prefetch("SELECT bank, spread, loans, balance FROM \(spreadTable) WHERE period = ?1", [.text(period.key)])
    }

    /// One period's kept tables beside their recomputation from the ledgers (`kejin store
    /// check`): the whitelist, the spreads and the categories. A period not in period_summary
    /// recomputes to no rows, as `recompute` writes.
    static func kept(_ s: any StoreSession, period: Period) throws -> [KeptRows] {
        let present = try present(s, period.key)
        var whitelist = KeptRows(table: whitelistTable, stored: "SELECT period, enterprise, balance, loans, first_loans, first_amount FROM \(whitelistTable) WHERE period = ?1",
                                 fresh: whitelistRowsSQL, arguments: arguments(period), keys: 1, values: ["balance", "loans", "first_loans", "first_amount"],
                                 place: { "enterprise \(KeptRows.text($0[0]))" })
        var spread = KeptRows(table: spreadTable, stored: "SELECT period, bank, spread, loans, balance FROM \(spreadTable) WHERE period = ?1",
                              fresh: spreadRowsSQL, arguments: [.text(period.key)], keys: 2, values: ["loans", "balance"],
                              place: { "bank \(KeptRows.text($0[0])) spread \(KeptRows.text($0[1]))" })
        whitelist.recomputes = present
        spread.recomputes = present
        return [whitelist, spread] + (try CategorySummary.exists(s) ? [try CategorySummary.kept(s, period: period)] : [])
            + (try CategorySummary.Totals.exists(s) ? [try CategorySummary.Totals.kept(s, period: period)] : [])
    }
}
