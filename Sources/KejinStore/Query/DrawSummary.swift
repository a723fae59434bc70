import GRDB
import KejinCore

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
            let s = SQLiteSession(db: db)
            for p in try PeriodSummary.periods(db) {
                try recompute(s, period: p.key)
                try Groups.refresh(s, period: p.key)
            }
        }

        /// Rebuilds one period's rows from loan_balances (this ledger's loans only).
        func recompute(_ s: any StoreSession, period: String) throws {
            try s.execute("DELETE FROM \(table) WHERE period = ?1", period)
            try s.execute("INSERT INTO \(table)(period, draw, balance, loans) " + rowsSQL, period)
        }

        /// The kept rows (draw, balance, loans) of period `?1`.
        var monthRowsSQL: String { "SELECT draw, balance, loans FROM \(table) WHERE period = ?1" }

        /// One period's rows (period `?1`, draw, balance, loans) from loan_balances. (Also `kejin store check`.)
        var rowsSQL: String { """
            SELECT ?1 AS period, f.draw AS draw, sum(b.balance) AS balance, count(*) AS loans
            FROM \(loans) f CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = f.loan_id AND b.balance > 0
            GROUP BY f.draw
            """
        }

        /// This ledger's loans among the changed loans (SummaryDelta's changed_loans, which
        /// carry their draw): rows of changed_loans' columns, with their draw.
        var changedLoans: String {
            self == .funded
                ? "SELECT * FROM changed_loans WHERE draw IS NOT NULL"
                : "SELECT c.loan_id, c.balance, c.old_balance, f.draw FROM changed_loans c JOIN ledger_ineligible f ON f.loan_id = c.loan_id"
        }

        /// The change of the rows (draw, balance, loans) of the period being applied by its
        /// changed loans: a loan's positive balance now in, its positive balance before out.
        var deltaRowsSQL: String { """
            SELECT c.draw AS draw, \(BalanceChanges.positiveChange) AS balance, \(BalanceChanges.positiveCountChange) AS loans
            FROM (\(changedLoans)) AS c
            WHERE \(BalanceChanges.positiveEitherSide)
            """
        }

        /// Adds the delta of the balance changes recorded for `period` (SummaryDelta).
        func applyDelta(_ s: any StoreSession, period: String) throws {
            // (`WHERE true`: SQLite reads an ON after a SELECT's FROM as a join's without one.)
            try s.execute("""
                INSERT INTO \(table)(period, draw, balance, loans)
                SELECT ?1, draw, sum(balance), sum(loans) FROM (\(deltaRowsSQL)) AS changed
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

    /// Rebuilds one period's rows of every ledger the store has, and their sums per tool and bank.
    static func recompute(_ s: any StoreSession, period: String) throws {
        for ledger in Ledger.allCases where try s.tableExists(ledger.table) { try ledger.recompute(s, period: period) }
        try Groups.refresh(s, period: period)
    }

    /// Both ledgers of the draws outstanding at a period's end, summed per tool and bank
    /// (schema v30): `draw_group_summary`, a row per (period, tool, bank) with a ledger row.
    /// A month's Re-lending figures read these (a row per tool and bank: 461 a month at 1M
    /// loans) instead of both ledgers' row per draw, each looked up by its code (1,514 rows,
    /// growing with the draws: DrawBook.groups). Moved by the ledgers' own delta on a balance
    /// import; rebuilt with the ledgers (a recompute, a new ineligible list) and for every
    /// period when draws are written: their dates say which are outstanding, their tool and
    /// bank where they count.
    enum Groups {
        static let table = "draw_group_summary"

        static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(table) }

        /// The table and both ledgers it sums are there (tests take stores back to
        /// before v4 by dropping `draw_summary` alone).
        static func isMaintained(_ s: any StoreSession) throws -> Bool {
            try exists(s) && Ledger.allCases.allSatisfy { try $0.exists(s) }
        }

        static let tableDDL = """
            CREATE TABLE \(table)(
                period TEXT NOT NULL, tool TEXT NOT NULL, bank TEXT NOT NULL,
                ledger INTEGER NOT NULL, ledger_loans INTEGER NOT NULL, ineligible INTEGER NOT NULL, ineligible_loans INTEGER NOT NULL,
                PRIMARY KEY(period, tool, bank)) WITHOUT ROWID
            """
        /// The sums kept per group; `columns` with the key.
        static let values = ["ledger", "ledger_loans", "ineligible", "ineligible_loans"]
        static let columns = "period, tool, bank, " + values.joined(separator: ", ")

        /// The sums for period `?1` (ending `?2`) of two statements giving that period's rows
        /// (draw, balance, loans) of each ledger.
        static func sumsSQL(funded: String, ineligible: String) -> String {
            let sum = { (column: String) in "CAST(sum(r.\(column)) AS BIGINT)" }
            return """
                SELECT ?1 AS period, d.tool AS tool, d.bank AS bank, \(sum("balance")) AS ledger, \(sum("loans")) AS ledger_loans,
                       \(sum("ineligible")) AS ineligible, \(sum("ineligible_loans")) AS ineligible_loans
                FROM (SELECT f.draw, f.balance, f.loans, 0 AS ineligible, 0 AS ineligible_loans FROM (\(funded)) AS f
                      UNION ALL
                      SELECT i.draw, 0, 0, i.balance, i.loans FROM (\(ineligible)) AS i) AS r
                JOIN relending_draws d ON d.code = r.draw
                WHERE \(FiguresQuery.outstanding(at: "?2"))
                GROUP BY d.tool, d.bank
                """
        }

        /// The sums of the kept ledger rows.
        static let keptSQL = sumsSQL(funded: Ledger.funded.monthRowsSQL, ineligible: Ledger.ineligible.monthRowsSQL)

        static func arguments(_ period: String) -> [SQLValue] {
            [.text(period), .text(Period(period)?.endDate ?? period)]
        }

        /// The migration (v30): the table, filled for every period with balances.
        static let migration = StoreMigration(version: 30, name: "v30 draw ledger sums") { s in
            try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
            for period in try PeriodSummary.periods(s) { try refresh(s, period: period.key) }
        }

        /// Rebuilds one period's sums from its kept ledger rows.
        static func refresh(_ s: any StoreSession, period: String) throws {
            guard try isMaintained(s) else { return }
            try s.execute("DELETE FROM \(table) WHERE period = ?1", period)
            try s.execute("INSERT INTO \(table)(\(columns)) " + keptSQL, arguments(period))
        }

        /// Adds the delta of the balance changes recorded for `period` (SummaryDelta), as the
        /// ledgers add theirs: only the changed loans' groups are touched (a full rebuild reads
        /// every ledger row of the month, ~8 ms of a one-row import at 1M loans). A group whose
        /// ledger has no loan left has no row, as after a rebuild.
        static func applyDelta(_ s: any StoreSession, period: String) throws {
            guard try isMaintained(s) else { return }
            let add = values.map { "\($0) = \(table).\($0) + excluded.\($0)" }
            try s.execute("""
                INSERT INTO \(table)(\(columns))
                SELECT * FROM (\(sumsSQL(funded: Ledger.funded.deltaRowsSQL, ineligible: Ledger.ineligible.deltaRowsSQL))) AS changed
                WHERE true
                ON CONFLICT(period, tool, bank) DO UPDATE SET \(add.joined(separator: ", "))
                """, arguments(period))
            try s.execute("DELETE FROM \(table) WHERE period = ?1 AND ledger_loans = 0", period)
        }

        /// After an import: draws written move every period's sums.
        static func refresh(_ s: any StoreSession, entities: Set<Entity>) throws {
            guard entities.contains(.relendingDraws), try isMaintained(s) else { return }
            for period in try periods(s) { try refresh(s, period: period) }
        }

        /// The periods with balances, and any other holding rows.
        static func periods(_ s: any StoreSession) throws -> [String] {
            Set(try PeriodSummary.periods(s).map(\.key)).union(try s.fetchColumn("SELECT DISTINCT period FROM \(table)", as: String.self)).sorted()
        }

        /// One period's sums beside the ledgers recomputed from loan_balances (`kejin store check`).
        static func kept(period: String) -> KeptRows {
            KeptRows(table: table, stored: "SELECT \(columns) FROM \(table) WHERE period = ?1",
                     fresh: sumsSQL(funded: Ledger.funded.rowsSQL, ineligible: Ledger.ineligible.rowsSQL),
                     arguments: arguments(period), keys: 2, values: values,
                     place: { "tool \(KeptRows.text($0[0])) bank \(KeptRows.text($0[1]))" })
        }
    }
}
