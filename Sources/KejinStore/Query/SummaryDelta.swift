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
/// changed loans alone.
///
/// Imports that write loans, enterprises or tags recompute instead (they change which group a
/// loan counts in), and so does an import past `limit` changed rows, where a recompute of
/// the period is cheaper than the per-enterprise work.
final class BalanceChanges {
    private let db: Database
    let limit: Int
    private(set) var count = 0
    /// Past the limit: the recorded rows are incomplete, recompute the periods.
    private(set) var overflowed = false
    private let record: Statement

    init(_ db: Database) throws {
        self.db = db
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS balance_changes(
                period TEXT NOT NULL, loan_id INTEGER NOT NULL, old_balance INTEGER,
                PRIMARY KEY(period, loan_id)) WITHOUT ROWID;
            DELETE FROM temp.balance_changes;
            """)
        // The first write of a (period, loan) keeps its old balance (NULL: it had none).
        record = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO temp.balance_changes(period, loan_id, old_balance)
            VALUES (?1, ?2, (SELECT balance FROM main.loan_balances WHERE period = ?1 AND loan_id = ?2))
            """)
        // One enterprise's loans are about 10 balance rows to read twice; a period's recompute
        // reads every row once: past a twentieth of the loans the recompute wins.
        limit = max(1_000, (try Int.fetchOne(db, sql: "SELECT max(id) FROM loans") ?? 0) / 20)
    }

    /// Call before writing or deleting the balance of `loan` in `period`.
    func willChange(period: String, loan: Int64) throws {
        guard !overflowed else { return }
        try record.execute(arguments: [period, loan])
        count += 1
        if count > limit { overflowed = true }
    }

    /// Call before deleting every balance of `bank` in `period` (a withdrawal).
    func willRemove(period: String, bank: String) throws {
        guard !overflowed else { return }
        try db.execute(sql: """
            INSERT OR IGNORE INTO temp.balance_changes(period, loan_id, old_balance)
            SELECT b.period, b.loan_id, b.balance FROM loans l CROSS JOIN loan_balances b ON b.period = ? AND b.loan_id = l.id
            WHERE l.bank = ?
            """, arguments: [period, bank])
        count += db.changesCount
        if count > limit { overflowed = true }
    }

    /// Whether the recorded changes are complete and the store has every summary table.
    func covers(_ db: Database) throws -> Bool {
        try !overflowed && BankSummary.exists(db) && DrawSummary.exists(db)
    }

    /// Applies the delta of every recorded change to period_summary, bank_summary, draw_summary,
    /// (v9) region_summary and region_bank_summary, and (v15) enterprise_summary.
    func apply(periods: Set<String>) throws {
        let regions = try RegionSummary.exists(db)
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS delta_enterprises(code TEXT PRIMARY KEY) WITHOUT ROWID")
        for period in periods.sorted() {
            // (One statement per execute: GRDB hands each statement its own arguments.)
            try db.execute(sql: "DELETE FROM temp.delta_enterprises")
            try db.execute(sql: """
                INSERT OR IGNORE INTO temp.delta_enterprises(code)
                SELECT l.enterprise FROM temp.balance_changes c CROSS JOIN loans l ON l.id = c.loan_id WHERE c.period = ?1;
                """, arguments: [period])
            var city = PeriodSummary.Measures()
            for (keys, d) in try delta(keys: ["e.chain"], period: period) {
                city.add(d)
                if let chain = keys[0] { try add(d, to: "period_summary", ["period": period, "chain": chain]) }
            }
            try add(city, to: "period_summary", ["period": period, "chain": ""])
            for (keys, d) in try delta(keys: ["l.bank", "coalesce(e.chain, '')"], period: period) {
                try add(d, to: "bank_summary", ["period": period, "bank": keys[0]!, "chain": keys[1]!])
            }
            if regions { try applyRegions(period: period) }
            for table in ["period_summary", "bank_summary"] + (regions ? ["region_summary", "region_bank_summary"] : []) {
                try db.execute(sql: "DELETE FROM \(table) WHERE period = ? AND balance_rows = 0", arguments: [period])
            }
            try applyDraws(period: period)
            if try EnterpriseSummary.exists(db) { try EnterpriseSummary.applyDelta(db, period: period) }
        }
        try db.execute(sql: "DELETE FROM temp.balance_changes; DELETE FROM temp.delta_enterprises")
    }

    /// region_summary (with each region's total, chain '') and region_bank_summary, keyed by
    /// the enterprise's region as the recompute keys them (RegionSummary.swift).
    private func applyRegions(period: String) throws {
        var totals: [String: PeriodSummary.Measures] = [:]
        for (keys, d) in try delta(keys: RegionSummary.chainDeltaKeys, period: period) {
            totals[keys[0]!, default: PeriodSummary.Measures()].add(d)
            if let chain = keys[1] { try add(d, to: "region_summary", ["period": period, "region": keys[0]!, "chain": chain]) }
        }
        for (region, d) in totals { try add(d, to: "region_summary", ["period": period, "region": region, "chain": ""]) }
        for (keys, d) in try delta(keys: RegionSummary.bankDeltaKeys, period: period) {
            try add(d, to: "region_bank_summary", ["period": period, "region": keys[0]!, "bank": keys[1]!, "chain": keys[2]!])
        }
    }

    /// The affected enterprises' balance rows after the import (`b`: loan_id, balance).
    private static let after = """
        SELECT b.loan_id, b.balance FROM temp.delta_enterprises a
        CROSS JOIN loans l ON l.enterprise = a.code
        CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id
        """
    /// … and before it: the unchanged rows as they are, the changed ones as they were.
    private static let before = """
        \(after)
        WHERE NOT EXISTS(SELECT 1 FROM temp.balance_changes c WHERE c.period = ?1 AND c.loan_id = l.id)
        UNION ALL
        SELECT loan_id, old_balance FROM temp.balance_changes WHERE period = ?1 AND old_balance IS NOT NULL
        """

    /// after − before per group.
    private func delta(keys: [String], period: String) throws -> [[String?]: PeriodSummary.Measures] {
        var result: [[String?]: PeriodSummary.Measures] = [:]
        for (source, sign) in [(Self.after, Int64(1)), (Self.before, -1)] {
            let rows = try Row.fetchCursor(db, sql: PeriodSummary.groupedSQL(keys: keys, balances: source), arguments: [period])
            while let row = try rows.next() {
                let key = keys.indices.map { row[$0] as String? }
                result[key, default: PeriodSummary.Measures()].add(PeriodSummary.measures(row, from: keys.count), times: sign)
            }
        }
        return result
    }

    /// Adds `d` to the row with `key`, creating it when the group is new.
    private func add(_ d: PeriodSummary.Measures, to table: String, _ key: KeyValuePairs<String, String>) throws {
        let columns = PeriodSummary.columnNames.split(separator: ", ")
        let marks = Array(repeating: "?", count: key.count + columns.count).joined(separator: ", ")
        try db.execute(sql: """
            INSERT INTO \(table)(\(key.map(\.key).joined(separator: ", ")), \(PeriodSummary.columnNames)) VALUES (\(marks))
            ON CONFLICT(\(key.map(\.key).joined(separator: ", "))) DO UPDATE SET
            \(columns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
            """, arguments: PeriodSummary.arguments(key.map(\.value), d))
    }

    /// The draw ledgers (DrawSummary.Ledger) count loans with a positive balance.
    private func applyDraws(period: String) throws {
        for ledger in DrawSummary.Ledger.allCases where try ledger.exists(db) { try ledger.applyDelta(db, period: period) }
    }
}
