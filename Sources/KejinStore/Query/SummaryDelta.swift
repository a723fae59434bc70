import GRDB

/// Keeps the summaries of a balance-only import by delta instead of recomputing its periods
/// (1M loans: a one-row correction recomputed its whole month, ~2 s; now milliseconds).
///
/// Exact, distinct borrowers included: every summary measure is a sum over enterprises of
/// what that enterprise's loans give in its group (balance sums, and 1 when its sum in the
/// measure is > 0). Only the enterprises of the changed loans can give something else, so the
/// delta subtracts their contributions before the import (the old balances of the changed
/// loans, recorded here as each row is written, with their other loans as they are) and adds
/// them after. Groups whose balance-row count falls to 0 are removed, as a recompute would
/// not write them. draw_summary and enterprise_summary are per loan sums, so their delta is the
/// changed loans alone (`changed_loans`, joined once per period for every delta that needs
/// only the changed loans); the chain, bank, region and product groups need the firms' other
/// loans too, read once per period with both balances (AffectedLoans), and enterprise_summary
/// sums the same read rather than joining its changed loans to their firms again.
///
/// Imports that write loans, enterprises or tags change which group a loan counts in: a small
/// one takes its loans' balances out through this delta and puts them back after
/// (ReferenceDelta.swift), a big one recomputes. So does a balance import past `limit` changed
/// rows, where a recompute of the period is cheaper than the per-enterprise work.
final class BalanceChanges {
    private let session: any StoreSession
    let limit: Int
    private(set) var count = 0
    /// Past the limit: the recorded rows are incomplete, recompute the periods.
    private(set) var overflowed = false
    private let record: any PreparedStatement
    /// The store's balances carry a grade (v25).
    private let grades: Bool

    /// On a GRDB connection (callers not yet on the seam).
    convenience init(_ db: Database) throws { try self.init(SQLiteSession(db: db)) }

    init(_ s: any StoreSession) throws {
        session = s
        try Self.createTemp(s, """
            CREATE TEMP TABLE IF NOT EXISTS balance_changes(
                period TEXT NOT NULL, loan_id BIGINT NOT NULL, old_balance BIGINT, old_grade BIGINT,
                PRIMARY KEY(period, loan_id)) WITHOUT ROWID
            """)
        try s.execute("DELETE FROM balance_changes")
        // The first write of a (period, loan) keeps its old balance (NULL: it had none) and,
        // from v25, its old grade: a row whose grade alone changes moves the NPL (NPLSummary).
        let hasGrades = try NPLSummary.exists(s)
        grades = hasGrades
        // One seek of the balance row for both (`WHERE`: SQLite needs one before an upsert's
        // ON CONFLICT after a SELECT; the casts type PostgreSQL's parameters).
        record = try s.prepare("""
            INSERT INTO balance_changes(period, loan_id, old_balance, old_grade)
            SELECT CAST(?1 AS TEXT), CAST(?2 AS BIGINT), b.balance, \(hasGrades ? "b.grade" : "1")
            FROM (SELECT 1 AS one) AS k LEFT JOIN loan_balances b ON b.period = ?1 AND b.loan_id = ?2
            WHERE 1 = 1
            ON CONFLICT DO NOTHING
            """)
        // One enterprise's loans are about 10 balance rows to read twice; a period's recompute
        // reads every row once: past a twentieth of the loans the recompute wins.
        limit = max(1_000, (try s.fetchOne("SELECT max(id) FROM loans", as: Int.self) ?? 0) / 20)
    }

    /// Recorded changes from which `apply` first takes loan_balances' statistics.
    static let statisticsAfter = 500

    /// Call before writing or deleting the balance of `loan` in `period`.
    func willChange(period: String, loan: Int64) throws {
        guard !overflowed else { return }
        record.bind(1, .text(period))
        record.bind(2, .integer(loan))
        try record.execute()
        count += 1
        if count > limit { overflowed = true }
    }

    /// Temp tables of the session, on both engines (unqualified: PostgreSQL keeps them in
    /// pg_temp). SQLite keeps them keyed without a rowid: one b-tree per table, not two.
    static func createTemp(_ s: any StoreSession, _ ddl: String) throws {
        try s.execute(s is SQLiteSession ? ddl : PostgresSpelling.postgresDDL(fromSQLite: ddl))
    }

    /// Call before merging staged balance rows (`period`, `loan_id`: a bulk load's staging
    /// table, BulkLoad's `merging`): records their old balances with one statement (a key
    /// staged twice keeps its first record, as `willChange(period:loan:)` does; `WHERE`: SQLite
    /// needs one before an upsert's ON CONFLICT after a SELECT).
    func willChange(staged table: String) throws {
        guard !overflowed else { return }
        count += try session.execute("""
            INSERT INTO balance_changes(period, loan_id, old_balance, old_grade)
            SELECT s.period, s.loan_id, b.balance, \(grades ? "b.grade" : "1") FROM \(table) s
            LEFT JOIN loan_balances b ON b.period = s.period AND b.loan_id = s.loan_id
            WHERE 1 = 1
            ON CONFLICT DO NOTHING
            """)
        if count > limit { overflowed = true }
    }

    /// Call before deleting every balance of `bank` in `period` (a withdrawal).
    func willRemove(period: String, bank: String) throws {
        guard !overflowed else { return }
        count += try session.execute("""
            INSERT INTO balance_changes(period, loan_id, old_balance, old_grade)
            SELECT b.period, b.loan_id, b.balance, \(grades ? "b.grade" : "1") FROM loans l CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id
            WHERE l.bank = ?2
            ON CONFLICT DO NOTHING
            """, period, bank)
        if count > limit { overflowed = true }
    }

    /// Whether the recorded changes are complete and the store has every summary table.
    func covers() throws -> Bool {
        try !overflowed && session.tableExists("bank_summary") && session.tableExists(DrawSummary.Ledger.funded.table)
    }

    /// Applies the delta of every recorded change to period_summary, bank_summary, draw_summary,
    /// (v9) region_summary and region_bank_summary, (v15) enterprise_summary, (v17) the
    /// programme's summaries, (v24) product_summary and (v25) npl_summary.
    func apply(periods: Set<String>) throws {
        let regions = try session.tableExists("region_summary")
        let enterprises = try session.tableExists(EnterpriseSummary.table)
        let programme = try ProgrammeSummary.exists(session)
        let products = try ProductSummary.exists(session)
        try Self.createTemp(session, "CREATE TEMP TABLE IF NOT EXISTS delta_enterprises(code TEXT PRIMARY KEY) WITHOUT ROWID")
        try Self.createTemp(session, """
            CREATE TEMP TABLE IF NOT EXISTS changed_loans(
                loan_id BIGINT PRIMARY KEY, enterprise TEXT, bank TEXT, draw TEXT, start_date TEXT, rate BIGINT,
                balance BIGINT, grade BIGINT, old_balance BIGINT, old_grade BIGINT) WITHOUT ROWID
            """)
        try session.updateStatistics(of: "balance_changes")
        // A month arriving bank by bank grows by small files, which a bulk load's statistics
        // (BulkLoad) never follow: a PostgreSQL planner that takes the month for a few rows
        // joins its changes by a scan of the month per loan. A few hundred rows or more pay for
        // a sample (~30 ms); a correction of a few loans does not.
        if count >= Self.statisticsAfter { try session.updateStatistics(of: "loan_balances") }
        for period in periods.sorted() {
            let wasPresent = try programme && ProgrammeSummary.present(session, period)
            try fillChangedLoans(period: period)
            try session.execute("DELETE FROM delta_enterprises")
            try session.execute("INSERT INTO delta_enterprises(code) SELECT enterprise FROM changed_loans WHERE true ON CONFLICT DO NOTHING")
            try session.updateStatistics(of: "delta_enterprises")
            let affected = try AffectedLoans.read(session, period: period, regions: regions, products: products)
            try applyGroups(period: period, affected, regions: regions)
            for table in ["period_summary", "bank_summary"] + (regions ? ["region_summary", "region_bank_summary"] : []) {
                try session.execute("DELETE FROM \(table) WHERE period = ?1 AND balance_rows = 0", period)
            }
            try applyDraws(period: period)
            if enterprises { try EnterpriseSummary.applyDelta(session, period: period, affected) }
            if programme { try ProgrammeSummary.applyDelta(session, period: period, wasPresent: wasPresent) }
            if products { try ProductSummary.applyDelta(session, period: period, affected.productDelta()) }
            if grades { try NPLSummary.applyDelta(session, period: period) }
        }
        try session.execute("DELETE FROM balance_changes")
        try session.execute("DELETE FROM delta_enterprises")
        try session.execute("DELETE FROM changed_loans")
    }

    /// A changed loan's (`c`, a changed_loans row) positive balance now less its positive
    /// balance before: what it moves its firm's balance by in the per-firm summaries.
    static let positiveChange = "(CASE WHEN c.balance > 0 THEN c.balance ELSE 0 END) - (CASE WHEN c.old_balance > 0 THEN c.old_balance ELSE 0 END)"

    /// A changed loan's (`c`) move in the count of loans with a positive balance: 1 in, -1 out, 0.
    static let positiveCountChange = "(CASE WHEN c.balance > 0 THEN 1 ELSE 0 END) - (CASE WHEN c.old_balance > 0 THEN 1 ELSE 0 END)"

    /// The changed loans of `c` that counted, or count, in a per loan sum of positive balances.
    static let positiveEitherSide = "(c.balance > 0 OR c.old_balance > 0)"

    /// `changed_loans`: the period's changed loans joined once to what the summaries' deltas
    /// read of them — the loan's firm, bank, draw, start date and rate, its balance row after
    /// the import (balance and grade; NULL: it has none) and before (as recorded). The
    /// affected firms' read, the categories, the programme (whitelist and spreads), the draw
    /// ledgers and the NPL read it instead of joining the changes to `loans` and
    /// `loan_balances` each again (a 1% month at 1M loans: 10,000
    /// changes, two or three seeks each, in each of a dozen statements).
    private func fillChangedLoans(period: String) throws {
        try session.execute("DELETE FROM changed_loans")
        try session.execute("""
            INSERT INTO changed_loans(loan_id, enterprise, bank, draw, start_date, rate, balance, grade, old_balance, old_grade)
            SELECT c.loan_id, l.enterprise, l.bank, l.relending_draw, l.start_date, l.rate, b.balance, \(grades ? "b.grade" : "NULL"),
                   c.old_balance, c.old_grade
            FROM balance_changes c CROSS JOIN loans l ON l.id = c.loan_id
            LEFT JOIN loan_balances b ON b.period = ?1 AND b.loan_id = c.loan_id
            WHERE c.period = ?1
            """, period)
        try session.updateStatistics(of: "changed_loans")
    }

    /// period_summary (with the whole store's total, chain '') and bank_summary and, when the
    /// store keeps regions (v9), region_summary (with each region's total, chain '') and
    /// region_bank_summary, keyed by the enterprise's region as the recompute keys them
    /// (RegionSummary.swift). An enterprise has one region, so it counts as a borrower in one
    /// region's group only and the regions' groups add up to the whole store's.
    private func applyGroups(period: String, _ affected: AffectedLoans, regions: Bool) throws {
        var city = PeriodSummary.Measures()
        var regionTotals: [String: PeriodSummary.Measures] = [:], chains: [String: PeriodSummary.Measures] = [:]
        let (byChain, byBank) = try affected.regionDelta()
        for (key, d) in byChain {
            city.add(d)
            regionTotals[key.region, default: PeriodSummary.Measures()].add(d)
            guard let chain = key.chain else { continue }
            chains[chain, default: PeriodSummary.Measures()].add(d)
            if regions { try add(d, to: "region_summary", ["period": period, "region": key.region, "chain": chain]) }
        }
        if regions {
            for (region, d) in regionTotals { try add(d, to: "region_summary", ["period": period, "region": region, "chain": ""]) }
        }
        for (chain, d) in chains { try add(d, to: "period_summary", ["period": period, "chain": chain]) }
        try add(city, to: "period_summary", ["period": period, "chain": ""])
        var banks: [BankChain: PeriodSummary.Measures] = [:]
        for (key, d) in byBank {
            banks[BankChain(bank: key.bank, chain: key.chain), default: PeriodSummary.Measures()].add(d)
            if regions {
                try add(d, to: "region_bank_summary", ["period": period, "region": key.region, "bank": key.bank, "chain": key.chain])
            }
        }
        for (key, d) in banks { try add(d, to: "bank_summary", ["period": period, "bank": key.bank, "chain": key.chain]) }
    }
    private struct BankChain: Hashable { var bank: String, chain: String }

    /// Adds `d` to the row with `key`, creating it when the group is new.
    private func add(_ d: PeriodSummary.Measures, to table: String, _ key: KeyValuePairs<String, String>) throws {
        let columns = PeriodSummary.columnNames.split(separator: ", ")
        let marks = (1...(key.count + columns.count)).map { "?\($0)" }.joined(separator: ", ")
        try session.execute("""
            INSERT INTO \(table)(\(key.map(\.key).joined(separator: ", ")), \(PeriodSummary.columnNames)) VALUES (\(marks))
            ON CONFLICT(\(key.map(\.key).joined(separator: ", "))) DO UPDATE SET
            \(columns.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", "))
            """, PeriodSummary.arguments(key.map(\.value), d))
    }

    /// The draw ledgers (DrawSummary.Ledger) count loans with a positive balance; their sums
    /// per tool and bank follow.
    private func applyDraws(period: String) throws {
        for ledger in DrawSummary.Ledger.allCases where try session.tableExists(ledger.table) { try ledger.applyDelta(session, period: period) }
        try DrawSummary.Groups.applyDelta(session, period: period)
    }
}
