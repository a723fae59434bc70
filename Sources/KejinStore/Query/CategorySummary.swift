import KejinCore

/// A chain's "of which" per enterprise category (EnterpriseCategory.swift), kept per period
/// (schema v21): `category_summary`, a row per (period, enterprise, category tag) for each firm
/// whose tag of that category touches the month, with the firm's chain and region and the
/// positive balance of all its loans at the period end (0: none; the firm then does not count).
///
/// Why: the query sought each listed firm's loans and each loan's balance (11,667 firms at 1M
/// loans: ~350 ms, every period move on Chains and Programme); a period now reads its rows,
/// one range. Kept exactly as `programme_whitelist` (ProgrammeSummary.swift), from whose
/// recompute and delta it is called: a balance-only import moves each firm's balance by its
/// changed loans' positive balance now less before; loans, enterprises or tags written (a
/// loan's firm, a firm's chain, region or tags) recompute the involved firms' rows in every
/// period when few (ReferenceDelta), every row otherwise.
enum CategorySummary {
    static let table = "category_summary"

    static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(table) }

    static let tableDDL = """
        CREATE TABLE \(table)(
            period TEXT NOT NULL, enterprise TEXT NOT NULL, tag TEXT NOT NULL, chain TEXT NOT NULL, region TEXT NOT NULL,
            balance INTEGER NOT NULL,
            PRIMARY KEY(period, enterprise, tag)) WITHOUT ROWID
        """

    /// The migration (v21): the table, filled for every stored period.
    static let migration = StoreMigration(version: 21, name: "v21 category summary") { s in
        try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
        for p in try PeriodSummary.periods(s) { try recompute(s, period: p.key) }
    }

    /// The rows queries' arguments for `period`: key, end date, first day.
    static func arguments(_ period: Period) -> [SQLValue] {
        [.text(period.key), .text(period.endDate), .text(period.key + "-01")]
    }

    /// One period's rows (period `?1`, end date `?2`, first day `?3`), named as the table's
    /// columns: the firms with a category tag touching the month (the tags by tag, v19), their
    /// loans (`loans_enterprise`), a balance seek each. (Also a period without kept rows, and
    /// `kejin store check`.)
    static let rowsSQL = rows(tagged: taggedSQL)
    /// `rowsSQL` of the firms `tagged` joins (as `taggedSQL`).
    private static func rows(tagged: String) -> String { """
        SELECT ?1 AS period, t.enterprise AS enterprise, t.tag AS tag, coalesce(e.chain, '') AS chain,
               coalesce(e.region, '') AS region, coalesce(sum(CASE WHEN b.balance > 0 THEN b.balance ELSE 0 END), 0) AS balance
        FROM \(tagged)
        LEFT JOIN loans l ON l.enterprise = t.enterprise
        LEFT JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id
        GROUP BY t.enterprise, t.tag, e.chain, e.region
        """
    }
    /// The same rows without the balance (same arguments, `?1` unused): the recompute adds each firm's
    /// positive balance from PeriodGroups' scan, no seek per loan.
    static let taggedFirmsSQL = """
        SELECT DISTINCT t.enterprise, t.tag, coalesce(e.chain, ''), coalesce(e.region, '') FROM \(taggedSQL)
        """
    /// The firms with a category tag touching the month (end `?2`, first day `?3`), and their row.
    private static let taggedSQL = tagged(where: "true")
    /// `taggedSQL` of the firms that match `filter` (a condition on enterprise_tags' columns).
    private static func tagged(where filter: String) -> String { """
        (SELECT DISTINCT enterprise, tag FROM enterprise_tags
              WHERE tag IN (\(EnterpriseCategory.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")))
                AND valid_from <= ?2 AND valid_to >= ?3 AND \(filter)) t
        CROSS JOIN enterprises e ON e.code = t.enterprise
        """
    }

    /// Rebuilds one period's rows; none for a period without balances (not in period_summary).
    /// `firms`: the period's positive balances per firm, summed by PeriodGroups.
    static func recompute(_ s: any StoreSession, period key: String, firms: FirmBalances? = nil) throws {
        guard try exists(s) else { return }
        try s.execute("DELETE FROM \(table) WHERE period = ?1", key)
        guard let period = Period(key), try ProgrammeSummary.present(s, key) else { return try Totals.refresh(s, period: key) }
        if let firms {
            let rows = try s.fetch(taggedFirmsSQL, arguments(period))
            try s.load(into: table, columns: ["period", "enterprise", "tag", "chain", "region", "balance"]) { append in
                for r in rows {
                    let firm: String = try r.get(0)
                    try append([.text(key), .text(firm), r[1], r[2], r[3], .integer(firms.positive(firm))])
                }
            }
        } else {
            try s.execute("INSERT INTO \(table)(period, enterprise, tag, chain, region, balance) " + rowsSQL, arguments(period))
        }
        try Totals.refresh(s, period: key)
    }

    /// Period `period`'s rows of the firms matching `filter` (a condition on `enterprise`)
    /// recomputed, their totals moved by the difference (ProgrammeSummary.recompute(firmsIn:)).
    static func recompute(_ s: any StoreSession, period: Period, where filter: String) throws {
        guard try exists(s) else { return }
        try Totals.add(s, period: period.key, rowsWhere: filter, sign: -1)
        try s.execute("DELETE FROM \(table) WHERE period = ?1 AND \(filter)", period.key)
        try s.execute("INSERT INTO \(table)(period, enterprise, tag, chain, region, balance) " + rows(tagged: tagged(where: filter)),
                      arguments(period))
        try Totals.add(s, period: period.key, rowsWhere: filter, sign: 1)
    }

    /// The delta of the balance changes recorded for a period whose rows exist (SummaryDelta;
    /// ProgrammeSummary.applyDelta recomputes the others): each changed loan moves every row of
    /// its firm by its positive balance now less its positive balance before.
    static func applyDelta(_ s: any StoreSession, period key: String) throws {
        guard try exists(s) else { return }
        // The totals first: their delta needs each firm row's balance before this one moves it.
        try Totals.applyDelta(s, period: key)
        try s.execute("""
            INSERT INTO \(table)(period, enterprise, tag, chain, region, balance)
            SELECT ?1, w.enterprise, w.tag, w.chain, w.region, changed.d FROM (\(changedFirmsSQL)) AS changed
            CROSS JOIN \(table) w ON w.period = ?1 AND w.enterprise = changed.enterprise
            WHERE true
            ON CONFLICT(period, enterprise, tag) DO UPDATE SET balance = \(table).balance + excluded.balance
            """, key)
    }

    /// Per firm with a balance change in the period being applied (BalanceChanges'
    /// changed_loans): how much its positive balance moved (`d`), each changed loan's positive
    /// balance now less its positive balance before.
    static let changedFirmsSQL = """
        SELECT c.enterprise AS enterprise,
               sum(\(BalanceChanges.positiveChange)) AS d
        FROM changed_loans c
        GROUP BY c.enterprise
        """

    /// One period's kept rows beside their recomputation (`kejin store check`); the chain and
    /// region are in the key, so a firm moved without its rows shows.
    static func kept(_ s: any StoreSession, period: Period) throws -> KeptRows {
        var kept = KeptRows(table: table, stored: "SELECT period, enterprise, tag, chain, region, balance FROM \(table) WHERE period = ?1",
                            fresh: rowsSQL, arguments: arguments(period), keys: 4, values: ["balance"],
                            place: { "enterprise \(KeptRows.text($0[0])) tag \(KeptRows.text($0[1])) chain '\(KeptRows.text($0[2]))' region '\(KeptRows.text($0[3]))'" })
        kept.recomputes = try ProgrammeSummary.present(s, period.key)
        return kept
    }

    /// A chain's "of which" summed per region (schema v29): `category_chain_summary`, a row per
    /// (period, chain, category tag, region) of the firms with a positive balance in
    /// category_summary — how many, and their balance. The Chains and Programme screens read
    /// these (tens of rows a month) instead of summing category_summary's row per firm on every
    /// switch and period move (11,667 rows a month at 1M loans, ~3.5 ms, growing with the store).
    /// Rebuilt from the period's category_summary rows whenever those change (recompute, delta).
    enum Totals {
        static let table = "category_chain_summary"

        static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(table) }

        static let tableDDL = """
            CREATE TABLE \(table)(
                period TEXT NOT NULL, chain TEXT NOT NULL, tag TEXT NOT NULL, region TEXT NOT NULL,
                firms INTEGER NOT NULL, balance INTEGER NOT NULL,
                PRIMARY KEY(period, chain, tag, region)) WITHOUT ROWID
            """

        /// The totals of `rows` (category_summary's columns, any periods), named as the table's columns.
        static func totalsSQL(of rows: String) -> String {
            """
            SELECT r.period AS period, r.chain AS chain, r.tag AS tag, r.region AS region, count(*) AS firms, sum(r.balance) AS balance
            FROM (\(rows)) r WHERE r.balance > 0
            GROUP BY r.period, r.chain, r.tag, r.region
            """
        }

        /// The migration (v29): the table, filled for every period category_summary holds.
        static let migration = StoreMigration(version: 29, name: "v29 category totals") { s in
            try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
            try s.execute("INSERT INTO \(table)(period, chain, tag, region, firms, balance) "
                          + totalsSQL(of: "SELECT * FROM \(CategorySummary.table)"))
        }

        /// Rebuilds one period's totals from its category_summary rows. Summed here, not by a
        /// `GROUP BY`: SQLite sorts for one (11,667 rows at 1M loans: ~16 ms, most of a one-row
        /// import's commit); tens of groups in a dictionary cost a plain scan. (`store check`
        /// recomputes them with `totalsSQL`.)
        static func refresh(_ s: any StoreSession, period key: String) throws {
            guard try exists(s) else { return }
            try s.execute("DELETE FROM \(table) WHERE period = ?1", key)
            struct Group: Hashable { var chain, tag, region: String }
            var totals: [Group: (firms: Int64, balance: Int64)] = [:]
            try s.cursor("SELECT chain, tag, region, balance FROM \(CategorySummary.table) WHERE period = ?1 AND balance > 0",
                         [.text(key)]) { r in
                let group = Group(chain: try r.get(0), tag: try r.get(1), region: try r.get(2))
                let sum = totals[group, default: (0, 0)]
                totals[group] = (sum.firms + 1, try GuaranteeBook.add(sum.balance, r.integer(3)))
                return true
            }
            try s.load(into: table, columns: ["period", "chain", "tag", "region", "firms", "balance"]) { append in
                for (group, sum) in totals {
                    try append([.text(key), .text(group.chain), .text(group.tag), .text(group.region), .integer(sum.firms), .integer(sum.balance)])
                }
            }
        }

        /// The delta of the balance changes recorded for `key`, from the changed firms' rows as
        /// they are before `CategorySummary.applyDelta` moves them: a firm counts in its group
        /// while its balance is positive. A rebuild scans the month's every firm row (11,667 at
        /// 1M loans: ~55 M instructions, a quarter of a one-row import); this reads the changed.
        static func applyDelta(_ s: any StoreSession, period key: String) throws {
            guard try exists(s) else { return }
            let now = "w.balance + changed.d"
            let positive = { (balance: String) in "(CASE WHEN \(balance) > 0 THEN \(balance) ELSE 0 END)" }
            let counted = { (balance: String) in "(CASE WHEN \(balance) > 0 THEN 1 ELSE 0 END)" }
            try s.execute("""
                INSERT INTO \(table)(period, chain, tag, region, firms, balance)
                SELECT ?1, w.chain, w.tag, w.region, sum(\(counted(now)) - \(counted("w.balance"))),
                       sum(\(positive(now)) - \(positive("w.balance")))
                FROM (\(changedFirmsSQL)) AS changed
                CROSS JOIN \(CategorySummary.table) w ON w.period = ?1 AND w.enterprise = changed.enterprise
                WHERE true GROUP BY w.chain, w.tag, w.region
                ON CONFLICT(period, chain, tag, region) DO UPDATE SET firms = \(table).firms + excluded.firms,
                                                                     balance = \(table).balance + excluded.balance
                """, key)
            try s.execute("DELETE FROM \(table) WHERE period = ?1 AND firms = 0", key)
        }

        /// Adds (`sign` 1) or takes out (-1) period `key`'s category rows matching `filter` in
        /// their totals: a firm counts while its balance is positive.
        static func add(_ s: any StoreSession, period key: String, rowsWhere filter: String, sign: Int64) throws {
            guard try exists(s) else { return }
            try s.execute("""
                INSERT INTO \(table)(period, chain, tag, region, firms, balance)
                SELECT ?1, chain, tag, region, CAST(?2 AS BIGINT) * count(*), CAST(?2 AS BIGINT) * sum(balance)
                FROM \(CategorySummary.table) WHERE period = ?1 AND balance > 0 AND \(filter)
                GROUP BY chain, tag, region
                ON CONFLICT(period, chain, tag, region) DO UPDATE SET firms = \(table).firms + excluded.firms,
                                                                     balance = \(table).balance + excluded.balance
                """, key, sign)
            try s.execute("DELETE FROM \(table) WHERE period = ?1 AND firms = 0", key)
        }

        /// One period's totals beside their sums of the firms recomputed (`kejin store check`).
        static func kept(_ s: any StoreSession, period: Period) throws -> KeptRows {
            var kept = KeptRows(table: table, stored: "SELECT period, chain, tag, region, firms, balance FROM \(table) WHERE period = ?1",
                                fresh: totalsSQL(of: rowsSQL), arguments: arguments(period), keys: 3, values: ["firms", "balance"],
                                place: { "chain '\(KeptRows.text($0[0]))' tag \(KeptRows.text($0[1])) region '\(KeptRows.text($0[2]))'" })
            kept.recomputes = try ProgrammeSummary.present(s, period.key)
            return kept
        }
    }
}
