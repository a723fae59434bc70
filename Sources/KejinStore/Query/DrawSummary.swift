import GRDB

/// The re-lending ledger per (period, draw): balance and number of funded loans with a
/// positive balance, kept beside `period_summary` by the same recompute.
///
/// Why: the Re-lending figures need, per tool, the balance of every loan funded by an
/// outstanding draw. Queried directly that is one balance seek per funded loan — 10k seeks at
/// 1M loans, ~25 ms, most of a period move. Whether a draw is outstanding depends on the
/// period end, so the summary is per draw, and the query sums the outstanding ones (~1k rows).
///
/// The table comes with a schema migration (`migrate`). Until the store has it, both the
/// importer and `FiguresQuery` fall back to the direct query (`exists`).
enum DrawSummary {
    /// The migration body: create the table and fill it for the periods already stored.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE draw_summary(
                period TEXT NOT NULL, draw TEXT NOT NULL, balance INTEGER NOT NULL, loans INTEGER NOT NULL,
                PRIMARY KEY(period, draw)) WITHOUT ROWID;
            """)
        for p in try PeriodSummary.periods(db) { try recompute(db, period: p.key) }
    }

    static func exists(_ db: Database) throws -> Bool { try db.tableExists("draw_summary") }

    /// Rebuilds one period's rows from loan_balances (funded loans only, via their index).
    static func recompute(_ db: Database, period: String) throws {
        try db.execute(sql: "DELETE FROM draw_summary WHERE period = ?", arguments: [period])
        try db.execute(sql: "INSERT INTO draw_summary(period, draw, balance, loans) " + rowsSQL, arguments: [period])
    }

    /// One period's rows (period `?1`, draw, balance, loans) from loan_balances. (Also `kejin store check`.)
    static let rowsSQL = """
        SELECT ?1, l.relending_draw, sum(b.balance), count(*)
        FROM loans l CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id AND b.balance > 0
        WHERE l.relending_draw IS NOT NULL
        GROUP BY l.relending_draw
        """

    /// tool → (balance, loans) of the draws outstanding at the period end (`:e`, `:p`).
    /// `filter`: more conditions on the draw `d` (a region's banks).
    static func ledgerSQL(_ filter: String = "") -> String { """
        SELECT d.tool, sum(s.balance), sum(s.loans)
        FROM relending_draws d
        CROSS JOIN draw_summary s ON s.period = :p AND s.draw = d.code
        WHERE \(FiguresQuery.outstanding) \(filter) GROUP BY d.tool
        """
    }
}
