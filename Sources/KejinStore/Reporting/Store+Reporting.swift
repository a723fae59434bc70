import Foundation
import KejinCore

/// Reporting status (who delivered, complete / provisional / closed) and the operator's
/// period commands. Closing and reopening are writes like acknowledgements: whoever may write
/// the store may do them, recorded with the OS user and the time.
extension Store {
    public func reporting(for period: Period) throws -> PeriodReporting? {
        try readSession { try Deliveries.reporting($0, period) }
    }

    public func settledPeriods() throws -> [Period] {
        try readSession { try Deliveries.settledPeriods($0) }
    }

    /// Closes a period whatever is missing (its figures count as final), or reopens it.
    public func setPeriodClosed(_ period: Period, _ closed: Bool, by: String, at: String) throws {
        try writeSession { try Reporters.setClosed(period, closed, by: by, at: at, $0) }
    }

    /// Removes `reporter`'s loan balances for `period` and its delivery record (the period is
    /// provisional again while the bank is expected), recomputes the period's summaries and,
    /// when the period had been complete or closed, records the revision. Recorded with who and
    /// when. Returns the rows removed.
    @discardableResult
    public func withdraw(_ period: Period, reporter: String, by: String, at: String) throws -> Int {
        var removed = 0
        // A write that recomputes summaries: it takes the imports' lock, so it never
        // interleaves with an import (PostgreSQL's advisory lock; SQLite's write lock).
        try writeSession(.importFiles) { s in
            let settled = try Deliveries.settledPeriods(s).contains(period)
            let before = try Revisions.snapshot(s, period.key)
            let changes = try BalanceChanges(s)
            try changes.willRemove(period: period.key, bank: reporter)
            removed = try s.execute("""
                DELETE FROM loan_balances WHERE period = ?1 AND loan_id IN (SELECT id FROM loans WHERE bank = ?2)
                """, period.key, reporter)
            let delivery = try s.execute("DELETE FROM deliveries WHERE period = ?1 AND institution = ?2", period.key, reporter)
            guard removed > 0 || delivery > 0 else {
                throw ReportingError("\(reporter) has delivered nothing for \(period.key)")
            }
            guard let event = try s.fetchValue("""
                INSERT INTO period_events(period, action, reporter, done_by, done_at, rows) VALUES (?1, 'withdraw', ?2, ?3, ?4, ?5) RETURNING id
                """, [period.key.sqlValue, reporter.sqlValue, by.sqlValue, at.sqlValue, removed.sqlValue])?.integer else {
                throw StoreSQLError("period_events: no id returned")
            }
            try PeriodSummary.refresh(s, loans: [], enterprises: [], balancePeriods: [period.key], changes: changes)
            if settled {
                try Revisions.record(s, period: period.key, before: before, after: try Revisions.snapshot(s, period.key),
                                     importID: nil, eventID: event, at: at)
            }
        }
        return removed
    }

    /// The recorded revisions (of one period), oldest first.
    public func revisions(period: Period? = nil) throws -> [Revision] {
        try readSession { try Revisions.list($0, period: period) }
    }

    /// The registry of reporters, by institution.
    public func reporters() throws -> [RegisteredReporter] {
        try readSession(Reporters.list)
    }

    /// Imports a registry file in the reporters.csv format, whatever its name (CSVFormat.md).
    public func importReporters(_ url: URL) throws -> ImportSummary {
        try importFile(url, as: .reporters)
    }

    /// Adds a reporter to the registry or changes its periods (`to` nil: open-ended).
    public func setReporter(code: String, entity: String = "loan_balances", from: Period, to: Period?) throws {
        try writeSession { try Reporters.set(code: code, entity: entity, from: from, to: to, $0) }
    }
}

/// The registry and period commands' statements, written once for every engine.
enum Reporters {
    static func list(_ s: any StoreSession) throws -> [RegisteredReporter] {
        try s.fetch("""
            SELECT r.institution, coalesce(i.name_zh, r.institution), coalesce(i.name_en, r.institution),
                   r.entity, r.from_period, r.to_period
            FROM reporters r LEFT JOIN institutions i ON i.code = r.institution ORDER BY r.institution, r.entity
            """).map {
            guard let from = Period(try $0.get(4)) else { throw StoreSQLError("reporters: bad from_period \($0[4])") }
            return RegisteredReporter(code: try $0.get(0), name: Names(zh: try $0.get(1), en: try $0.get(2)), entity: try $0.get(3),
                                      from: from, to: try $0.get(5, as: String?.self).flatMap(Period.init))
        }
    }

    static func set(code: String, entity: String, from: Period, to: Period?, _ s: any StoreSession) throws {
        guard try !s.fetch("SELECT 1 FROM institutions WHERE code = ?1", code).isEmpty else {
            throw ReportingError("\(code) is not a known institution code")
        }
        try s.execute("""
            INSERT INTO reporters(institution, entity, from_period, to_period) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT(institution, entity) DO UPDATE SET from_period = excluded.from_period, to_period = excluded.to_period
            """, code, entity, from.key, to?.key)
    }

    static func setClosed(_ period: Period, _ closed: Bool, by: String, at: String, _ s: any StoreSession) throws {
        try s.execute("INSERT INTO period_events(period, action, done_by, done_at) VALUES (?1, ?2, ?3, ?4)",
                      period.key, closed ? "close" : "reopen", by, at)
    }
}

/// One entry of the reporters registry: `code` must deliver `entity` files for every period
/// from `from` to `to` (nil: still reporting).
public struct RegisteredReporter: Sendable, Equatable {
    public var code: String
    public var name: Names
    public var entity: String
    public var from: Period
    public var to: Period?
}

/// A refused registry or period command, said in one line.
public struct ReportingError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
