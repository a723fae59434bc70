import GRDB
import KejinCore

/// The revision history: when an import, a replacement or a withdrawal changes a period that
/// was already complete or closed, the headline figures before and after (city and per chain:
/// balance, borrowers, tech, innovation, transformation and IP-pledge loans, guarantees in
/// force; city and per tool: re-lending drawn) are recorded with what caused it. Read off
/// `period_summary` and the small draw and guarantee tables (before the import's recompute,
/// then after), so it costs a few rows per touched period.
enum Revisions {
    /// Schema v6 (with the reporting tables).
    static let table = """
        CREATE TABLE revisions(
            id INTEGER PRIMARY KEY, period TEXT NOT NULL, chain TEXT NOT NULL, measure TEXT NOT NULL,
            before INTEGER NOT NULL, after INTEGER NOT NULL,
            import_id INTEGER, event_id INTEGER, recorded_at TEXT NOT NULL);
        CREATE INDEX revisions_period ON revisions(period, id);
        """

    /// (scope, measure) → value for one period; scope '' is the city, else a chain (loan
    /// measures, guarantees in force) or a re-lending tool (drawn).
    typealias Snapshot = [String: [RevisedMeasure: Int64]]

    static func snapshot(_ db: any StoreSession, _ period: String, dated: Bool = true) throws -> Snapshot {
        merged(try loanSnapshot(db, period), dated ? try datedSnapshot(db, period) : [:])
    }

    /// The loan figures and the dated ones of one period in one snapshot.
    static func merged(_ loans: Snapshot, _ dated: Snapshot) -> Snapshot {
        loans.merging(dated) { $0.merging($1) { a, _ in a } }
    }

    /// The loan measures, off `period_summary` (an import takes it before its recompute).
    static func loanSnapshot(_ db: any StoreSession, _ period: String) throws -> Snapshot {
        let loanMeasures = RevisedMeasure.allCases.filter(\.isLoanMeasure)
        var out: Snapshot = [:]
        for row in try db.fetch("SELECT chain, \(loanMeasures.map(\.rawValue).joined(separator: ", ")) FROM period_summary WHERE period = ?1",
                                period) {
            var values: [RevisedMeasure: Int64] = [:]
            for (i, m) in loanMeasures.enumerated() { values[m] = try row.get(i + 1) }
            out[try row.get(0)] = values
        }
        return out
    }

    /// Re-lending drawn and guarantees in force (an import takes it before writing any row).
    static func datedSnapshot(_ db: any StoreSession, _ period: String) throws -> Snapshot {
        var out: Snapshot = [:]
        // The dated figures at the period end, as the Re-lending and Guarantees screens show
        // them: drawn per tool (outstanding draws) and guarantees in force per chain; city totals.
        guard let end = Period(period)?.endDate else { return out }
        let outstanding = FiguresQuery.outstanding(at: "?1"), inForce = FiguresQuery.inForce(at: "?1")
        let dated: [(RevisedMeasure, String)] = [
            (.relendingDrawn, "SELECT d.tool, sum(d.amount) FROM relending_draws d WHERE \(outstanding) GROUP BY d.tool"),
            (.guaranteesInForce, """
                SELECT coalesce(e.chain, ''), sum(g.amount) FROM guarantees g LEFT JOIN enterprises e ON e.code = g.enterprise
                WHERE \(inForce) GROUP BY coalesce(e.chain, '')
                """),
        ]
        for (measure, sql) in dated {
            var city: Int64 = 0
            for row in try db.fetch(sql, end) {
                let scope: String = try row.get(0), amount: Int64 = try row.get(1)
                city += amount
                if !scope.isEmpty { out[scope, default: [:]][measure] = amount }
            }
            out["", default: [:]][measure] = city
        }
        return out
    }

    /// Records every headline figure that differs between the snapshots.
    static func record(_ db: any StoreSession, period: String, before: Snapshot, after: Snapshot,
                       importID: Int64?, eventID: Int64?, at: String) throws {
        for chain in Set(before.keys).union(after.keys).sorted() {
            for m in RevisedMeasure.allCases {
                let b = before[chain]?[m] ?? 0, a = after[chain]?[m] ?? 0
                guard a != b else { continue }
                try db.execute("""
                    INSERT INTO revisions(period, chain, measure, before, after, import_id, event_id, recorded_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                    """, period, chain, m.rawValue, b, a, importID, eventID, at)
            }
        }
    }

    static func list(_ db: any StoreSession, period: Period?) throws -> [Revision] {
        let filter = period == nil ? "" : "WHERE r.period = ?1"
        return try db.fetch("""
            SELECT r.id, r.period, r.chain, coalesce(t.name_zh, c.name_zh, r.chain), coalesce(t.name_en, c.name_en, r.chain), r.measure,
                   r.before, r.after, r.import_id, l.file, r.event_id, e.action, e.reporter, e.done_by, r.recorded_at
            FROM revisions r LEFT JOIN chains c ON c.code = r.chain AND r.measure <> 'relending_drawn'
            LEFT JOIN relending_tools t ON t.code = r.chain AND r.measure = 'relending_drawn'
            LEFT JOIN import_log l ON l.id = r.import_id LEFT JOIN period_events e ON e.id = r.event_id
            \(filter) ORDER BY r.id
            """, period.map { [SQLValue.text($0.key)] } ?? []).compactMap { row in
            guard let p = Period(try row.get(1)), let measure = RevisedMeasure(rawValue: try row.get(5)) else { return nil }
            let chain: String = try row.get(2)
            let cause: String
            if let file: String = try row.get(9) { cause = "import \(try row.get(8, as: Int64.self)) \(file)" }
            else if let action: String = try row.get(11) {
                cause = "\(action) \(try row.get(12, as: String?.self) ?? "") by \(try row.get(13, as: String?.self) ?? "")"
            } else { cause = "" }
            return Revision(id: try row.get(0), period: p, chain: chain.isEmpty ? nil : chain,
                            chainName: chain.isEmpty ? nil : Names(zh: try row.get(3), en: try row.get(4)), measure: measure,
                            before: try row.get(6), after: try row.get(7), importID: try row.get(8), cause: cause, at: try row.get(14))
        }
    }

    // GRDB callers, until they move to `StoreSession` (Backend/StoreBackend.swift).
    static func snapshot(_ db: Database, _ period: String) throws -> Snapshot { try snapshot(SQLiteSession(db: db), period) }
    static func loanSnapshot(_ db: Database, _ period: String) throws -> Snapshot { try loanSnapshot(SQLiteSession(db: db), period) }
    static func datedSnapshot(_ db: Database, _ period: String) throws -> Snapshot { try datedSnapshot(SQLiteSession(db: db), period) }
    static func record(_ db: Database, period: String, before: Snapshot, after: Snapshot, importID: Int64?, eventID: Int64?, at: String) throws {
        try record(SQLiteSession(db: db), period: period, before: before, after: after, importID: importID, eventID: eventID, at: at)
    }
    static func list(_ db: Database, period: Period?) throws -> [Revision] { try list(SQLiteSession(db: db), period: period) }
}
