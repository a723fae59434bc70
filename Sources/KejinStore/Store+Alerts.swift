import Foundation
import GRDB
import KejinCore

/// Alert rules and acknowledgements: the only writes besides imports. Every write refuses a
/// read-only store.
extension Store {
    /// Creates or replaces a rule (by id).
    public func saveAlertRule(_ rule: AlertRule) throws {
        try writeSession { s in
            try AlertAcks.save(rule, s)
            // A rule moves no guarantee: the kept month sums still hold.
            try GuaranteeSummary.bumpKeepingRows(s)
        }
    }

    /// The rule with this id, or nil.
    public func alertRule(id: Int64) throws -> AlertRule? {
        try alertRules().first { $0.id == id }
    }

    /// Imports rules from a file in the alert_rules.csv format, whatever its name, through the
    /// importer (checked rows, one transaction, import log).
    /// `options.waiting`: called when another import holds the store's import lock.
    public func importAlertRules(_ url: URL, options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        try importFile(url, as: .alertRules, options: options)
    }

    /// Imports one file as `entity` whatever its name, through the importer (checked rows,
    /// one transaction, import log).
    func importFile(_ url: URL, as entity: Entity, options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        try runImport(options) { try Importer(session: $0, options: options).run([url], as: entity) }
    }

    /// Records an acknowledgement (again: replaces who and when).
    public func acknowledge(_ ack: AlertAck) throws {
        try writeSession { try AlertAcks.record(ack, $0) }
    }

    /// The OS user acknowledging (the effective uid's login name, else $USER) and now in UTC.
    public static func acknowledger(environment: [String: String]) -> (by: String, at: String) {
        var name: String?
        if let pw = getpwuid(geteuid()), let n = pw.pointee.pw_name { name = String(cString: n) }
        return (name ?? environment["USER"] ?? "unknown", ImportClock.utcTimestamp())
    }


    /// `write` through the backend seam (see `readSession`). `.importFiles`: a write that
    /// recomputes summaries waits for (and holds off) imports.
    func writeSession(_ kind: StoreWriteKind = .other, _ body: (any StoreSession) throws -> Void) throws {
        guard !readOnly else { throw StoreError.readOnly(path: path) }
        try mapped { try backend.write(kind, waiting: {}) { try body($0) } }
    }
}

/// The statements behind rules and acknowledgements, written once for every engine.
enum AlertAcks {
    static func severityText(_ s: Severity) -> String { s == .critical ? "critical" : "warning" }

    static func save(_ rule: AlertRule, _ s: any StoreSession) throws {
        try s.execute("""
            INSERT INTO alert_rules(id, measure, scope, warn_below, critical_below, warn_above, critical_above, enabled, hysteresis, region)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT(id) DO UPDATE SET measure = excluded.measure, scope = excluded.scope,
                warn_below = excluded.warn_below, critical_below = excluded.critical_below,
                warn_above = excluded.warn_above, critical_above = excluded.critical_above,
                enabled = excluded.enabled, hysteresis = excluded.hysteresis, region = excluded.region
            """, rule.id, rule.measure.rawValue, rule.scope, rule.warnBelow, rule.criticalBelow,
            rule.warnAbove, rule.criticalAbove, rule.enabled, rule.hysteresis, rule.region)
    }

    /// Records an acknowledgement (again: replaces who and when).
    static func record(_ ack: AlertAck, _ s: any StoreSession) throws {
        try s.execute("""
            INSERT INTO alert_ack(rule_id, entity, severity, period, acknowledged_by, acknowledged_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(rule_id, entity, severity, period) DO UPDATE
            SET acknowledged_by = excluded.acknowledged_by, acknowledged_at = excluded.acknowledged_at
            """, ack.ruleID, ack.entityCode, severityText(ack.severity), ack.period.key, ack.by, ack.at)
    }

    static func list(_ s: any StoreSession) throws -> [AlertAck] {
        try decode(s.fetch(listRead.sql))
    }

    /// `list`'s one statement (a figures read keeps it per store version: FiguresQuery).
    static let listRead = Prefetch("""
        SELECT rule_id, entity, severity, period, acknowledged_by, acknowledged_at
        FROM alert_ack ORDER BY acknowledged_at, rule_id, entity
        """)

    static func decode(_ rows: [any SQLRow]) throws -> [AlertAck] {
        try rows.compactMap { row in
            guard let period = Period(try row.get(3)) else { return nil }
            let severity: Severity = try row.get(2, as: String.self) == "critical" ? .critical : .warning
            return AlertAck(ruleID: try row.get(0), entityCode: try row.get(1), severity: severity, period: period,
                            by: try row.get(4), at: try row.get(5))
        }
    }
}
