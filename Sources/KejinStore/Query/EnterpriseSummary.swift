import GRDB

/// What the enterprise lists show, per (period, chain, bank, enterprise): balance, tech balance
/// and loans with a positive balance; a row while the enterprise has such a loan at the bank.
/// Kept beside `period_summary` by the same recompute (from BankSummary's per-(bank,
/// enterprise) groups, no second pass over the balances) and by delta (SummaryDelta.swift).
///
/// Why: a list walked every loan of the chain or bank and its two balances (10–20k loans at
/// 1M: 26–31 ms an open or period move); it now reads a summary row per enterprise and bank
/// for the period and the year-ago one. Chain leads the key so a chain's list (and a chain's
/// list at a bank) is one range; a bank's list is a range per chain (`chain IN` every chain).
/// A loan's row moves with its enterprise's chain, its bank and its tech flag: imports that
/// write loans, enterprises or tags recompute the periods (PeriodSummary.refresh); balances
/// alone are per loan, so their delta is the changed loans alone, exactly as draw_summary's.
enum EnterpriseSummary {
    static let table = "enterprise_summary"

    static func exists(_ session: any StoreSession) throws -> Bool { try session.tableExists(table) }

    /// The migration body (v15): create the table and fill it for the periods stored.
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE \(table)(
                period TEXT NOT NULL, chain TEXT NOT NULL, bank TEXT NOT NULL, enterprise TEXT NOT NULL,
                balance INTEGER NOT NULL, tech_balance INTEGER NOT NULL, loans INTEGER NOT NULL,
                PRIMARY KEY(period, chain, bank, enterprise)) WITHOUT ROWID
            """)
        for p in try PeriodSummary.periods(db) {
            try SQLiteSession(db: db).execute("INSERT INTO \(table) " + rowsSQL, p.key)
        }
    }

    /// One period's rows (period `?1`, chain, bank, enterprise, balance, tech balance, loans)
    /// from loan_balances. (Also `kejin store check`.)
    static let rowsSQL = """
        SELECT ?1, coalesce(e.chain, ''), l.bank, l.enterprise, sum(b.balance),
               sum(CASE WHEN l.is_tech = 1 THEN b.balance ELSE 0 END), count(*)
        FROM loan_balances b JOIN loans l ON l.id = b.loan_id JOIN enterprises e ON e.code = l.enterprise
        WHERE b.period = ?1 AND b.balance > 0
        GROUP BY 2, 3, 4
        """

    /// Rebuilds one period's rows from the recompute's groups (BankSummary.recompute has just
    /// filled summary_groups for this period: m0 all balance, m1 tech, `lent` loans > 0).
    static func recompute(_ s: any StoreSession, period: String) throws {
        try s.execute("DELETE FROM \(table) WHERE period = ?1", period)
        try s.execute("""
            INSERT INTO \(table)(period, chain, bank, enterprise, balance, tech_balance, loans)
            SELECT ?1, coalesce(chain, ''), bank, enterprise, m0, m1, lent FROM summary_groups WHERE lent > 0
            """, period)
    }

    /// The delta of the balance changes recorded for `period` (SummaryDelta): loans with a
    /// positive balance now in, their old positive balance out, per row key (computed once, in
    /// enterprise_delta, a temp table); then the rows that lost their last loan go.
    static func applyDelta(_ s: any StoreSession, period: String) throws {
        try s.execute("""
            CREATE TEMP TABLE IF NOT EXISTS enterprise_delta(
                chain TEXT, bank TEXT, enterprise TEXT, balance BIGINT, tech BIGINT, loans BIGINT,
                PRIMARY KEY(chain, bank, enterprise))
            """)
        try s.execute("DELETE FROM enterprise_delta")
        // Per changed loan (BalanceChanges' changed_loans): its positive balance now minus its
        // positive balance before (one look-up of its enterprise each).
        try s.execute("""
            INSERT INTO enterprise_delta
            SELECT chain, bank, enterprise, sum(d), sum(CASE WHEN tech = 1 THEN d ELSE 0 END), sum(n) FROM (
              SELECT coalesce(e.chain, '') AS chain, c.bank AS bank, c.enterprise AS enterprise, c.is_tech AS tech,
                \(BalanceChanges.positiveChange) AS d,
                (CASE WHEN c.balance > 0 THEN 1 ELSE 0 END) - (CASE WHEN c.old_balance > 0 THEN 1 ELSE 0 END) AS n
              FROM changed_loans c CROSS JOIN enterprises e ON e.code = c.enterprise) AS changed
            GROUP BY 1, 2, 3
            """)
        try s.execute("""
            INSERT INTO \(table)(period, chain, bank, enterprise, balance, tech_balance, loans)
            SELECT ?1, chain, bank, enterprise, balance, tech, loans FROM enterprise_delta
            WHERE balance <> 0 OR tech <> 0 OR loans <> 0
            ON CONFLICT(period, chain, bank, enterprise) DO UPDATE SET
                balance = \(table).balance + excluded.balance, tech_balance = \(table).tech_balance + excluded.tech_balance,
                loans = \(table).loans + excluded.loans
            """, period)
        try s.execute("""
            DELETE FROM \(table) WHERE period = ?1 AND loans = 0
              AND (chain, bank, enterprise) IN (SELECT chain, bank, enterprise FROM enterprise_delta WHERE loans < 0)
            """, period)
    }

    /// One period's kept rows beside their recomputation from loan_balances (`kejin store check`).
    static func kept(period: String) -> KeptRows {
        KeptRows(table: table, stored: "SELECT period, chain, bank, enterprise, balance, tech_balance, loans FROM \(table) WHERE period = ?1",
                 fresh: rowsSQL, arguments: [.text(period)], keys: 3, values: ["balance", "tech", "loans"],
                 place: { "chain/bank/enterprise '\($0.map(KeptRows.text).joined(separator: " "))'" })
    }
}
