import Foundation
import KejinCore

/// The reporting status and revisions of periods already read, kept per store version, so a
/// period move reads only the periods it has not seen (one period's ~200 reporters) instead of
/// seven periods' status and the revisions twice (the shown month and, for the alerts, the
/// month before): 22–25 ms → the ~9 ms of the figures alone at 1M loans.
///
/// Exact: the cache is keyed by what can change its values — the store's data
/// (`StoreSession.storeVersion`: on SQLite `PRAGMA data_version`, bumped by other connections'
/// commits, and this connection's own total of changed rows, which grows with every write it
/// makes; on PostgreSQL the generation row every write bumps) and the day (`asOf`, how late a
/// missing reporter is). Any change empties it. Only used inside `Store.read`, whose queue
/// serialises access. (On PostgreSQL it was skipped: a period move read seven periods' status
/// and the revisions each time, a round trip each.)
final class ReportingCache: @unchecked Sendable {
    private struct Version: Equatable {
        var data: StoreVersion
        var day: String
    }
    private var version: Version?
    private var reporting: [Period: PeriodReporting] = [:]
    private var revisions: [Period: [Revision]] = [:]

    /// Empties the cache when the store or the day changed since it was filled.
    private func validate(_ db: any StoreSession) throws {
        let now = Version(data: try db.storeVersion(), day: String(ImportClock.utcTimestamp().prefix(10)))
        if now != version {
            version = now
            reporting = [:]
            revisions = [:]
        }
    }

    /// The reporting status of `periods` (names included), reading only those not cached.
    func reporting(_ db: any StoreSession, _ periods: [Period]) throws -> [PeriodReporting] {
        try validate(db)
        let missing = periods.filter { reporting[$0] == nil }
        for r in try Deliveries.reporting(db, missing) { reporting[r.period] = r }
        return periods.compactMap { reporting[$0] }
    }

    /// The revisions recorded for `period`, oldest first.
    func revisions(_ db: any StoreSession, _ period: Period) throws -> [Revision] {
        try validate(db)
        if let cached = revisions[period] { return cached }
        let list = try Revisions.list(db, period: period)
        revisions[period] = list
        return list
    }
}
