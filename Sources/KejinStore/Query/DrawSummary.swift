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
    /// The ledgers kept per (period, draw): every funded loan (`draw_summary`, v4) and the
    /// ineligible ones among them (`draw_ineligible_summary`, v14: LedgerEligibility.swift), so
    /// a period's ledger coverage reads a row per draw instead of seeking each loan's balance
    /// (2,000 ineligible loans at 1M: ~10 ms a month). One declaration, two sources of loans.
    enum Ledger: CaseIterable {
        case funded, ineligible

        var table: String { self == .funded ? "draw_summary" : "draw_ineligible_summary" }
        /// Rows (loan_id, draw) of the loans this ledger counts.
        var loans: String {
            self == .funded
                ? "(SELECT id AS loan_id, relending_draw AS draw FROM loans WHERE relending_draw IS NOT NULL)"
                : "ledger_ineligible"
        }

        func exists(_ db: Database) throws -> Bool { try db.tableExists(table) }
        func exists(_ session: any StoreSession) throws -> Bool { try session.tableExists(table) }

        func create(_ db: Database) throws {
            try db.execute(sql: """
                CREATE TABLE \(table)(
                    period TEXT NOT NULL, draw TEXT NOT NULL, balance INTEGER NOT NULL, loans INTEGER NOT NULL,
                    PRIMARY KEY(period, draw)) WITHOUT ROWID;
                """)
            for p in try PeriodSummary.periods(db) { try recompute(SQLiteSession(db: db), period: p.key) }
        }

        /// Rebuilds one period's rows from loan_balances (this ledger's loans only).
        func recompute(_ s: any StoreSession, period: String) throws {
            try s.execute("DELETE FROM \(table) WHERE period = ?1", period)
            try s.execute("INSERT INTO \(table)(period, draw, balance, loans) " + rowsSQL, period)
        }

        /// One period's rows (period `?1`, draw, balance, loans) from loan_balances. (Also `kejin store check`.)
        var rowsSQL: String { """
            SELECT ?1, f.draw, sum(b.balance), count(*)
            FROM \(loans) f CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = f.loan_id AND b.balance > 0
            GROUP BY f.draw
            """
        }

        /// The delta of the balance changes recorded for `period` (SummaryDelta): loans with a
        /// positive balance now in, their old positive balance out.
        func applyDelta(_ s: any StoreSession, period: String) throws {
            // (`WHERE true`: SQLite reads an ON after a SELECT's FROM as a join's without one.)
            try s.execute("""
                INSERT INTO \(table)(period, draw, balance, loans)
                SELECT ?1, draw, sum(balance), sum(loans) FROM (
                  SELECT f.draw AS draw, b.balance AS balance, 1 AS loans
                  FROM balance_changes c CROSS JOIN \(loans) f ON f.loan_id = c.loan_id
                  CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = c.loan_id
                  WHERE c.period = ?1 AND b.balance > 0
                  UNION ALL
                  SELECT f.draw, -c.old_balance, -1
                  FROM balance_changes c CROSS JOIN \(loans) f ON f.loan_id = c.loan_id
                  WHERE c.period = ?1 AND c.old_balance > 0) AS changed
                WHERE true GROUP BY draw
                ON CONFLICT(period, draw) DO UPDATE SET balance = \(table).balance + excluded.balance,
                                                        loans = \(table).loans + excluded.loans
                """, period)
            try s.execute("DELETE FROM \(table) WHERE period = ?1 AND loans = 0", period)
        }
    }

    /// The migration body (v4): create the funded ledger and fill it for the periods stored.
    static func migrate(_ db: Database) throws { try Ledger.funded.create(db) }

    static func exists(_ db: Database) throws -> Bool { try Ledger.funded.exists(db) }
    static func exists(_ session: any StoreSession) throws -> Bool { try Ledger.funded.exists(session) }

    /// Rebuilds one period's rows of every ledger the store has.
    static func recompute(_ s: any StoreSession, period: String) throws {
        for ledger in Ledger.allCases where try s.tableExists(ledger.table) { try ledger.recompute(s, period: period) }
    }
}
