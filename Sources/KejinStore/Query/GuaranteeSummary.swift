import KejinCore

/// The guarantees in force at the end of each stored month, cut as the whole store's figures
/// need them (schema v28): `guarantee_summary`, a row per (month, cut, code) —
///
/// - `total` '': everything in force (a row for every stored month, nothing in force or not:
///   its presence says the month is kept);
/// - `chain`, `pool`, `region` (the enterprise's, '' for none): the balance in force;
/// - `guarantor`: the balance, amount × fee summed, distinct firms and the lowest bank share.
///
/// Why: the viewer's first frame read every guarantee joined to its firm (5,000 at 1M loans,
/// ~16 ms of CPU, growing with the store) to sum the month; now tens of rows a month. A
/// region's figures (a city or county selected) still cut the book (MonthReads.swift): their
/// firms and guarantors lie across regions, and a region is not the first frame.
///
/// The rows are recomputed inside an import that writes guarantees or enterprises (a firm's
/// chain or region moves its guarantees); a balance import adds the months it brings and drops
/// those it removed. They hold for the reference version `store_meta` records beside them
/// (`stampKey`): a write of guarantees moves that version (ReferenceVersion.swift), so rows of
/// another are never read, and the month is summed from the book as before.
enum GuaranteeSummary {
    static let table = "guarantee_summary"
    enum Cut: String, CaseIterable { case total, chain, guarantor, pool, region }

    static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(table) }

    static let tableDDL = """
        CREATE TABLE \(table)(
            month TEXT NOT NULL, cut TEXT NOT NULL, code TEXT NOT NULL,
            balance INTEGER NOT NULL, weighted INTEGER NOT NULL, firms INTEGER NOT NULL, lowest_bank_share INTEGER NOT NULL,
            PRIMARY KEY(month, cut, code)) WITHOUT ROWID
        """

    /// v28: the table, filled for every stored month.
    static let migration = StoreMigration(version: 28, name: "v28 guarantee summary") { s in
        try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
        try recompute(s)
        try stamp(s, bumpFollows: false)
    }

    /// The stored months: the city rows of period_summary (PeriodSummary.periodsSQL).
    static let storedMonths = "SELECT period AS month FROM period_summary WHERE chain = ''"

    /// The rows of the months `months` (a statement giving a column `month`) from the
    /// guarantees as they are: the table's definition, on both engines. In force at a month's
    /// end (FiguresQuery.inForce) is said by months, since a month's end is its last day:
    /// started in it or before, ending and released (if at all) after it.
    static func freshSQL(months: String) -> String {
        let after = { (date: String) in "substr(\(date), 1, 7) > m.month" }
        return """
            WITH m AS (\(months)),
            held AS MATERIALIZED (
              SELECT m.month, g.guarantor, g.enterprise, g.amount, g.fee, g.bank_share, g.pool, e.chain,
                     coalesce(e.region, '') AS region
              FROM m JOIN guarantees g ON substr(g.start_date, 1, 7) <= m.month AND \(after("g.end_date"))
                AND (g.released_date IS NULL OR \(after("g.released_date")))
              LEFT JOIN enterprises e ON e.code = g.enterprise)
            SELECT m.month, 'total' AS cut, '' AS code, CAST(coalesce(sum(h.amount), 0) AS BIGINT) AS balance,
                   0 AS weighted, 0 AS firms, 0 AS lowest_bank_share
            FROM m LEFT JOIN held h ON h.month = m.month GROUP BY m.month
            UNION ALL
            SELECT month, 'chain', chain, CAST(sum(amount) AS BIGINT), 0, 0, 0 FROM held WHERE chain IS NOT NULL GROUP BY month, chain
            UNION ALL
            SELECT month, 'guarantor', guarantor, CAST(sum(amount) AS BIGINT), CAST(sum(amount * fee) AS BIGINT),
                   count(DISTINCT enterprise), min(bank_share)
            FROM held GROUP BY month, guarantor
            UNION ALL
            SELECT month, 'pool', pool, CAST(sum(amount) AS BIGINT), 0, 0, 0 FROM held WHERE pool IS NOT NULL GROUP BY month, pool
            UNION ALL
            SELECT month, 'region', region, CAST(sum(amount) AS BIGINT), 0, 0, 0 FROM held GROUP BY month, region
            """
    }

    static let columns = "month, cut, code, balance, weighted, firms, lowest_bank_share"

    /// Rebuilds the table for every stored month (tens of rows a month from a few thousand guarantees).
    static func recompute(_ s: any StoreSession) throws {
        try s.execute("DELETE FROM \(table)")
        try s.execute("INSERT INTO \(table)(\(columns)) \(freshSQL(months: storedMonths))")
    }

    /// A balance import: the months it removed go, the months it brought come (the others'
    /// guarantees did not move).
    static func followMonths(_ s: any StoreSession) throws {
        try s.execute("DELETE FROM \(table) WHERE month NOT IN (SELECT period FROM period_summary WHERE chain = '')")
        let missing = "\(storedMonths) AND period NOT IN (SELECT month FROM \(table) WHERE cut = 'total')"
        try s.execute("INSERT INTO \(table)(\(columns)) \(freshSQL(months: missing))")
    }

    /// After an import (its transaction, before the importer moves the reference version for
    /// anything but balances: `bumpFollows`).
    static func refresh(_ s: any StoreSession, entities: Set<Entity>) throws {
        guard try exists(s) else { return }
        let moved = entities.contains(.guarantees) || entities.contains(.enterprises)
        if try moved || !isCurrent(s) {
            try recompute(s)
        } else if entities.contains(.loanBalances) {
            try followMonths(s)
        }
        try stamp(s, bumpFollows: entities.contains { $0 != .loanBalances })
    }

    // MARK: The reference version the rows hold for

    static let stampKey = "guarantee_summary"

    /// Records the rows as holding for the reference version the transaction commits with:
    /// the current one, or the next when the writer moves it after (`bumpFollows`).
    static func stamp(_ s: any StoreSession, bumpFollows: Bool) throws {
        let current = try ReferenceVersion.current(s).flatMap { Int64($0) } ?? 0
        try s.execute("""
            INSERT INTO store_meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """, [.text(stampKey), .text(String(current + (bumpFollows ? 1 : 0)))])
    }

    /// Whether the rows hold for the current reference version (none yet counts as 0).
    static let currentSQL = """
        (SELECT value FROM store_meta WHERE key = '\(stampKey)') = coalesce((SELECT value FROM store_meta WHERE key = 'references'), '0')
        """

    static func isCurrent(_ s: any StoreSession) throws -> Bool {
        try s.fetchOne("SELECT CASE WHEN \(currentSQL) THEN 1 ELSE 0 END", as: Int64.self) == 1
    }

    /// A write that moves the reference version but changes no guarantee or firm (an alert
    /// rule saved): rows that held before hold after.
    static func bumpKeepingRows(_ s: any StoreSession) throws {
        let held = try exists(s) && isCurrent(s)
        try ReferenceVersion.bump(s)
        if held { try stamp(s, bumpFollows: false) }
    }

    // MARK: Reading

    /// ?1 the month: its rows, when they hold for this reference version.
    static let monthSQL = """
        SELECT cut, code, balance, weighted, firms, lowest_bank_share FROM \(table) WHERE month = ?1 AND \(currentSQL)
        """

    /// The whole store's guarantees in force at the month's end (MonthReads.Guarantees).
    struct Month {
        var whole = MonthReads.Guarantees()
        /// Enterprise region ('' for none) → its guarantees in force; pool → those it covers.
        var byRegion: [String: Int64] = [:], coveredByPool: [String: Int64] = [:]
    }

    /// The month's kept sums; nil when the store keeps none for it (not a stored month, rows of
    /// another reference version, a store before v28).
    static func month(_ s: any StoreSession, _ period: Period) throws -> Month? {
        guard try exists(s) else { return nil }
        var month = Month(), kept = false
        for r in try s.fetch(monthSQL, [.text(period.key)]) {
            let code: String = try r.get(1), balance: Int64 = try r.get(2)
            switch Cut(rawValue: try r.get(0)) {
            case .total: (month.whole.balance, kept) = (balance, true)
            // Only what is in force, as the book keys it (MonthReads.Sums.keyed).
            case .chain: if balance != 0 { month.whole.byChain[code] = balance }
            case .guarantor:
                month.whole.byGuarantor[code] = MonthReads.GuarantorSums(
                    balance: balance, weighted: try r.get(3), firms: Int(try r.get(4, as: Int64.self)), lowestBankShare: try r.get(5, as: Int64.self))
            case .pool:
                month.coveredByPool[code] = balance
                month.whole.pools.insert(code)
            case .region: month.byRegion[code] = balance
            case nil: break
            }
        }
        return kept ? month : nil
    }

    struct Row: Sendable, Equatable {
        var month: String, cut: String, code: String
        var balance: Int64, weighted: Int64, firms: Int64, lowestBankShare: Int64
    }

    /// Every row: kept, or recomputed from the guarantees (`kept: false`).
    static func rows(_ s: any StoreSession, kept: Bool) throws -> [Row] {
        let sql = kept ? "SELECT \(columns) FROM \(table)" : freshSQL(months: storedMonths)
        return try s.fetch("SELECT * FROM (\(sql)) AS r ORDER BY month, cut, code").map { r in
            Row(month: try r.get(0), cut: try r.get(1), code: try r.get(2), balance: try r.get(3), weighted: try r.get(4),
                firms: try r.get(5), lowestBankShare: try r.get(6))
        }
    }

    /// The kept rows beside their recomputation (`kejin store check`), every month at once.
    static var kept: KeptRows {
        let values = "balance, weighted, firms, lowest_bank_share"
        return KeptRows(table: table, stored: "SELECT 'all', month, cut, code, \(values) FROM \(table)",
                        fresh: "SELECT 'all', month, cut, code, \(values) FROM (\(freshSQL(months: storedMonths))) AS f",
                        arguments: [], keys: 3, values: ["balance", "weighted", "firms", "lowest_bank_share"],
                        place: { "month \(KeptRows.text($0[0])) \(KeptRows.text($0[1])) '\(KeptRows.text($0[2]))'" })
    }
}
