import GRDB
import KejinCore

/// Who reports what (the registry), what each reporter delivered per period, and the
/// operators' period events (close, reopen). A period is complete when every reporter the
/// registry expects for it has a delivery; see KejinCore's `PeriodReporting`.
///
/// The reporter of a loan balance is the loan's bank; of a guarantee its guarantor, of a
/// re-lending draw its bank, when the row names its reporting month (`period`). The registry
/// is keyed by (institution, entity): a bank with draws reports two files a month.
enum Deliveries {
    struct Key: Hashable {
        var period: String
        var institution: String
        var entity: Entity
    }

    /// Schema v6.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE reporters(
                institution TEXT NOT NULL, entity TEXT NOT NULL,
                from_period TEXT NOT NULL, to_period TEXT,
                PRIMARY KEY(institution, entity)) WITHOUT ROWID;
            CREATE TABLE deliveries(
                period TEXT NOT NULL, institution TEXT NOT NULL, entity TEXT NOT NULL,
                rows INTEGER NOT NULL, delivered_at TEXT, import_id INTEGER,
                PRIMARY KEY(period, institution, entity)) WITHOUT ROWID;
            CREATE TABLE period_events(
                id INTEGER PRIMARY KEY, period TEXT NOT NULL, action TEXT NOT NULL, reporter TEXT,
                done_by TEXT NOT NULL, done_at TEXT NOT NULL);
            CREATE INDEX period_events_period ON period_events(period, id);
            ALTER TABLE period_events ADD COLUMN rows INTEGER;
            ALTER TABLE import_log ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
            """)
        try db.execute(sql: Revisions.table)
        // An older store: every bank delivered what it holds (time and import unknown) and is
        // expected from its first period on, so its months stay complete.
        try db.execute(sql: """
            INSERT INTO deliveries(period, institution, entity, rows)
            SELECT b.period, l.bank, 'loan_balances', count(*)
            FROM loan_balances b JOIN loans l ON l.id = b.loan_id GROUP BY b.period, l.bank;
            INSERT INTO reporters(institution, entity, from_period)
            SELECT institution, entity, min(period) FROM deliveries GROUP BY institution, entity;
            """)
        // The late-reporter rule for stores made before it (a new store got it with the others);
        // a store whose id 10 is taken gets the next free id.
        if let rule = AlertEngine.defaultRules.first(where: { $0.measure == .reportingLate }),
           try Bool.fetchOne(db, sql: "SELECT NOT EXISTS(SELECT 1 FROM alert_rules WHERE measure = ?)", arguments: [rule.measure.rawValue]) == true {
            let id = try Int64.fetchOne(db, sql: "SELECT CASE WHEN EXISTS(SELECT 1 FROM alert_rules WHERE id = ?) THEN max(id) + 1 ELSE ? END FROM alert_rules",
                                        arguments: [rule.id, rule.id]) ?? rule.id
            try db.execute(sql: """
                INSERT INTO alert_rules(id, measure, scope, warn_below, critical_below, warn_above, critical_above, enabled, hysteresis)
                VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, rule.measure.rawValue, rule.warnBelow, rule.criticalBelow, rule.warnAbove,
                                 rule.criticalAbove, rule.enabled, rule.hysteresis])
        }
    }

    /// Schema v8: the delivery log, filled from the latest deliveries already recorded.
    static func migrateLog(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE import_log ADD COLUMN imported_by TEXT;
            CREATE TABLE delivery_log(
                institution TEXT NOT NULL, period TEXT NOT NULL, import_id INTEGER NOT NULL, entity TEXT NOT NULL,
                rows INTEGER NOT NULL, added INTEGER, changed INTEGER, removed INTEGER,
                PRIMARY KEY(institution, period, import_id, entity)) WITHOUT ROWID;
            INSERT INTO delivery_log(institution, period, import_id, entity, rows)
            SELECT institution, period, import_id, entity, rows FROM deliveries WHERE import_id IS NOT NULL;
            """)
    }

    /// Records one file's deliveries (import `importID` at `at`) and registers a reporter seen
    /// for the first time, expected from that period on; a known one's start moves back when
    /// older history arrives. A reporter that stops reporting is ended in the registry
    /// (`kejin reporters set CODE --to P`).
    /// `replaced`: what a `--replace` did per delivery (added, changed, removed); nil for a
    /// plain import, which does not tell new rows from changed ones.
    static func record(_ db: any StoreSession, _ rows: [Key: Int], importID: Int64, at: String,
                       replaced: (Key) -> ImportSummary.Replaced? = { _ in nil }) throws {
        guard !rows.isEmpty else { return }
        // In a fixed order (the statements' text and the rows written do not depend on the
        // dictionary's), a few statements for all rows.
        let delivered = rows.sorted { ($0.key.period, $0.key.institution, $0.key.entity.rawValue) < ($1.key.period, $1.key.institution, $1.key.entity.rawValue) }
        try db.insertValues("INSERT INTO deliveries(period, institution, entity, rows, delivered_at, import_id)", delivered.map { key, count in
            [.text(key.period), .text(key.institution), .text(key.entity.rawValue), .integer(Int64(count)), .text(at), .integer(importID)]
        }, """
            ON CONFLICT(period, institution, entity) DO UPDATE SET
                rows = excluded.rows, delivered_at = excluded.delivered_at, import_id = excluded.import_id
            """)
        // A reporter's first period among these (one row per reporter: one upsert may not
        // change a row twice).
        struct Reporter: Hashable { var institution: String, entity: Entity }
        var first: [Reporter: String] = [:]
        for (key, _) in delivered {
            let reporter = Reporter(institution: key.institution, entity: key.entity)
            first[reporter] = min(first[reporter] ?? key.period, key.period)
        }
        let reporters = first.sorted { ($0.key.institution, $0.key.entity.rawValue) < ($1.key.institution, $1.key.entity.rawValue) }
        try db.insertValues("INSERT INTO reporters(institution, entity, from_period)", reporters.map {
            [.text($0.key.institution), .text($0.key.entity.rawValue), .text($0.value)]
        }, """
            ON CONFLICT(institution, entity) DO UPDATE SET from_period = excluded.from_period
            WHERE excluded.from_period < reporters.from_period
            """)
        guard try db.tableExists("delivery_log") else { return }
        try db.insertValues("INSERT INTO delivery_log(institution, period, import_id, entity, rows, added, changed, removed)", delivered.map { key, count in
            let r = replaced(key)
            return [.text(key.institution), .text(key.period), .integer(importID), .text(key.entity.rawValue), .integer(Int64(count)),
                    r.map { .integer(Int64($0.added)) } ?? .null, r.map { .integer(Int64($0.changed)) } ?? .null, r.map { .integer(Int64($0.removed)) } ?? .null]
        }, """
            ON CONFLICT(institution, period, import_id, entity) DO UPDATE
            SET rows = excluded.rows, added = excluded.added, changed = excluded.changed, removed = excluded.removed
            """)
    }

    /// The reporting status of one period.
    static func reporting(_ db: any StoreSession, _ period: Period) throws -> PeriodReporting {
        try reporting(db, [period])[0]
    }

    /// The reporting status of several periods in two queries (the viewer reads them through
    /// `ReportingCache`, so a period move reads only the periods it has not seen).
    static func reporting(_ db: any StoreSession, _ periods: [Period]) throws -> [PeriodReporting] {
        guard !periods.isEmpty else { return [] }
        let values = (1...periods.count).map { "(?\($0))" }.joined(separator: ", ")
        let keys = periods.map { SQLValue.text($0.key) }
        var reporters: [String: [ReporterStatus]] = [:]
        let status = Prefetch("""
            WITH p(period) AS (VALUES \(values))
            SELECT p.period, r.institution, coalesce(i.name_zh, r.institution), coalesce(i.name_en, r.institution),
                   d.rows, d.delivered_at, d.import_id, CASE WHEN d.period IS NULL THEN 0 ELSE 1 END, r.entity
            FROM p JOIN reporters r ON r.from_period <= p.period AND (r.to_period IS NULL OR r.to_period >= p.period)
            LEFT JOIN institutions i ON i.code = r.institution
            LEFT JOIN deliveries d ON d.period = p.period AND d.institution = r.institution AND d.entity = r.entity
            ORDER BY p.period, r.institution, r.entity
            """, keys)
        let closes = Prefetch("""
            WITH p(period) AS (VALUES \(values))
            SELECT e.period, e.action, e.done_by, e.done_at FROM p JOIN period_events e ON e.id = (
                SELECT max(id) FROM period_events WHERE period = p.period AND action IN ('close', 'reopen'))
            """, keys)
        // Both at once where a statement is a round trip (StoreSession.prefetch).
        try db.prefetch([status, closes])
        for row in try db.fetch(status) {
            let delivered: Bool = try row.get(7)
            reporters[try row.get(0), default: []].append(ReporterStatus(
                code: try row.get(1), name: Names(zh: try row.get(2), en: try row.get(3)), entity: try row.get(8),
                delivery: delivered ? Delivery(rows: try row.get(4), at: try row.get(5), importID: try row.get(6)) : nil))
        }
        // The latest close or reopen of each period, if any.
        var closed: [String: (action: String, by: String, at: String)] = [:]
        for row in try db.fetch(closes) {
            closed[try row.get(0)] = (try row.get(1), try row.get(2), try row.get(3))
        }
        let asOf = String(ImportClock.utcTimestamp().prefix(10))
        return periods.map { period in
            let list = reporters[period.key] ?? []
            let close = closed[period.key].flatMap { $0.action == "close" ? $0 : nil }
            let delivered = list.filter { $0.delivery != nil }.count
            return PeriodReporting(period: period,
                                   status: PeriodReporting.status(expected: list.count, delivered: delivered, closed: close != nil),
                                   reporters: list, closedBy: close?.by, closedAt: close?.at, asOf: asOf)
        }
    }

    /// The settled (complete or closed) periods among the store's periods, oldest first.
    static func settledPeriods(_ db: any StoreSession) throws -> [Period] {
        try db.fetchColumn("""
            SELECT s.period FROM period_summary s WHERE s.chain = '' AND (
                NOT EXISTS (SELECT 1 FROM reporters r
                            WHERE r.from_period <= s.period AND (r.to_period IS NULL OR r.to_period >= s.period)
                              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.period = s.period
                                              AND d.institution = r.institution AND d.entity = r.entity))
                OR (SELECT action FROM period_events e WHERE e.period = s.period AND e.action IN ('close', 'reopen')
                    ORDER BY e.id DESC LIMIT 1) = 'close')
            ORDER BY s.period
            """, as: String.self).compactMap(Period.init)
    }

    // GRDB callers, until they move to `StoreSession` (Backend/StoreBackend.swift).
    static func record(_ db: Database, _ rows: [Key: Int], importID: Int64, at: String,
                       replaced: (Key) -> ImportSummary.Replaced? = { _ in nil }) throws {
        try record(SQLiteSession(db: db), rows, importID: importID, at: at, replaced: replaced)
    }
    static func reporting(_ db: Database, _ period: Period) throws -> PeriodReporting { try reporting(SQLiteSession(db: db), period) }
    static func reporting(_ db: Database, _ periods: [Period]) throws -> [PeriodReporting] { try reporting(SQLiteSession(db: db), periods) }
    static func settledPeriods(_ db: Database) throws -> [Period] { try settledPeriods(SQLiteSession(db: db)) }
}
