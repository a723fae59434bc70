import GRDB
import KejinCore

/// `kejin import --replace`: a bank's resubmitted ledger replaces its month. For every
/// (bank, period) a file delivers, the bank's balances of that period that the file does not
/// carry are removed; the counts say what was added, changed and removed per bank and period.
/// Only the replacing import pays for this bookkeeping (per row: one set insert).
final class Replacement {
    private let db: Database
    /// The bank's loans with a balance in the period before this import wrote any.
    private var existing: [Deliveries.Key: Set<Int64>] = [:]
    /// The loans the files carry.
    private var kept: [Deliveries.Key: Set<Int64>] = [:]
    private(set) var counts: [Deliveries.Key: ImportSummary.Replaced] = [:]
    private lazy var stored = try? db.makeStatement(sql: """
        SELECT b.loan_id FROM loan_balances b CROSS JOIN loans l ON l.id = b.loan_id WHERE b.period = ? AND l.bank = ?
        """)

    init(db: Database) { self.db = db }

    /// Writes one balance row through `write` (which returns whether SQLite changed a row).
    func write(_ key: Deliveries.Key, loan: Int64, _ write: () throws -> Bool) throws {
        if existing[key] == nil {
            guard let stored else { throw DatabaseError(message: "cannot prepare the replacement query") }
            existing[key] = try Set(Int64.fetchAll(stored, arguments: [key.period, key.institution]))
            counts[key] = ImportSummary.Replaced(reporter: key.institution, period: key.period, entity: key.entity.rawValue)
        }
        let changed = try write()
        guard kept[key, default: []].insert(loan).inserted else { return }  // a repeated row
        if !existing[key]!.contains(loan) { counts[key]!.added += 1 } else if changed { counts[key]!.changed += 1 }
    }

    /// Removes every balance the files left out; returns the periods changed by it.
    func removeAbsent(changes: BalanceChanges?) throws -> Set<String> {
        let delete = try db.makeStatement(sql: "DELETE FROM loan_balances WHERE period = ? AND loan_id = ?")
        var periods: Set<String> = []
        for (key, before) in existing {
            let absent = before.subtracting(kept[key] ?? [])
            for id in absent {
                try changes?.willChange(period: key.period, loan: id)
                try delete.execute(arguments: [key.period, id])
            }
            counts[key]!.removed = absent.count
            if !absent.isEmpty { periods.insert(key.period) }
        }
        return periods
    }

    var summary: [ImportSummary.Replaced] {
        counts.values.sorted { ($0.period, $0.reporter) < ($1.period, $1.reporter) }
    }
}
