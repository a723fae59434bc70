import KejinCore

/// `kejin import --replace`: a bank's resubmitted ledger replaces its month. For every
/// (bank, period) a file delivers, the bank's balances of that period that the file does not
/// carry are removed; the counts say what was added, changed and removed per bank and period.
/// Only the replacing import pays for this bookkeeping (per row: one set insert).
final class Replacement {
    private let session: any StoreSession
    /// The bank's loans with a balance in the period before this import wrote any.
    private var existing: [Deliveries.Key: Set<Int64>] = [:]
    /// The loans the files carry.
    private var kept: [Deliveries.Key: Set<Int64>] = [:]
    private(set) var counts: [Deliveries.Key: ImportSummary.Replaced] = [:]
    private static let stored = """
        SELECT b.loan_id FROM loan_balances b CROSS JOIN loans l ON l.id = b.loan_id WHERE b.period = ?1 AND l.bank = ?2
        """

    init(session: any StoreSession) { self.session = session }

    /// Writes one balance row through `write` (which returns whether SQLite changed a row).
    func write(_ key: Deliveries.Key, loan: Int64, _ write: () throws -> Bool) throws {
        if existing[key] == nil {
            existing[key] = Set(try session.fetchColumn(Self.stored, key.period, key.institution, as: Int64.self))
            counts[key] = ImportSummary.Replaced(reporter: key.institution, period: key.period, entity: key.entity.rawValue)
        }
        let changed = try write()
        guard kept[key, default: []].insert(loan).inserted else { return }  // a repeated row
        if !existing[key]!.contains(loan) { counts[key]!.added += 1 } else if changed { counts[key]!.changed += 1 }
    }

    /// Removes every balance the files left out; returns the periods changed by it.
    func removeAbsent(changes: BalanceChanges?) throws -> Set<String> {
        let delete = try session.prepare("DELETE FROM loan_balances WHERE period = ?1 AND loan_id = ?2")
        var periods: Set<String> = []
        for (key, before) in existing {
            let absent = before.subtracting(kept[key] ?? [])
            for id in absent {
                try changes?.willChange(period: key.period, loan: id)
                try delete.execute(key.period, id)
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

/// `kejin import --replace` for guarantee and draw files: each reporter's book is replaced as a
/// whole. The reporter of a guarantee is its guarantor, of a re-lending draw the bank that drew
/// it (the data names it on every draw). A reporter's stored rows the files do not carry are
/// removed — unless a loan or pool pay-out still refers to one after the whole run (a loans
/// file of the same run may re-point it): then the import is refused naming the referring row.
final class BookReplacement {
    /// One reporter's book: its guarantees, or its draws.
    struct Book: Hashable {
        var entity: ReportedFile
        var reporter: String
    }
    private let session: any StoreSession
    private var existing: [Book: Set<String>] = [:]
    private var kept: [Book: Set<String>] = [:]
    private(set) var counts: [Book: ImportSummary.Replaced] = [:]
    /// The file that last delivered each book (its import log row keeps the removed count).
    private(set) var file: [Book: String] = [:]
    /// Loans and pay-outs this run wrote: code → (file, row), to name a referring row.
    private var written: [String: [String: (file: String, row: Int)]] = [:]

    init(session: any StoreSession) { self.session = session }

    /// The table, its reporter column, and the rows referring to it (table, column).
    private static func layout(_ entity: ReportedFile) -> (table: String, reporter: String, referrers: [(String, String)]) {
        switch entity {
        case .guarantees: return ("guarantees", "guarantor", [("loans", "guarantee"), ("pool_payouts", "guarantee")])
        case .relendingDraws: return ("relending_draws", "bank", [("loans", "relending_draw")])
        case .loanBalances: preconditionFailure("balances are replaced per period by Replacement")
        }
    }

    /// Writes one row (`write` returns whether SQLite changed a row) of `book`.
    func write(_ book: Book, code: String, file name: String, _ write: () throws -> Bool) throws {
        if existing[book] == nil {
            let l = Self.layout(book.entity)
            existing[book] = Set(try session.fetchColumn("SELECT code FROM \(l.table) WHERE \(l.reporter) = ?1", book.reporter, as: String.self))
            counts[book] = ImportSummary.Replaced(reporter: book.reporter, period: "", entity: book.entity.rawValue)
        }
        file[book] = name
        let changed = try write()
        guard kept[book, default: []].insert(code).inserted else { return }
        if !existing[book]!.contains(code) { counts[book]!.added += 1 } else if changed { counts[book]!.changed += 1 }
    }

    /// Notes where this run wrote a loan or pay-out (`table`), for the refusal message.
    func noteReferrer(_ table: String, code: String, _ row: CSVRow) {
        written[table, default: [:]][code] = (row.file, row.number)
    }

    /// Removes every row the files left out; refuses (throws) when a loan or pay-out still
    /// refers to one. Returns the number removed.
    @discardableResult
    func removeAbsent() throws -> Int {
        var total = 0
        for (book, before) in existing.sorted(by: { ($0.key.entity.rawValue, $0.key.reporter) < ($1.key.entity.rawValue, $1.key.reporter) }) {
            let absent = before.subtracting(kept[book] ?? []).sorted()
            counts[book]!.removed = absent.count
            guard !absent.isEmpty else { continue }
            let l = Self.layout(book.entity)
            // A temp table of this session (both engines; unqualified, as PostgreSQL names it pg_temp).
            try session.execute("CREATE TEMP TABLE IF NOT EXISTS replaced_codes(code TEXT PRIMARY KEY)")
            try session.execute("DELETE FROM replaced_codes")
            let add = try session.prepare("INSERT INTO replaced_codes(code) VALUES (?1)")
            for code in absent { try add.execute(code) }
            for (table, column) in l.referrers {
                if let row = try session.fetch("""
                    SELECT code, \(column) FROM \(table) WHERE \(column) IN (SELECT code FROM replaced_codes) ORDER BY code LIMIT 1
                    """).first {
                    throw refusal(book, table: table, column: column, code: try row.get(0), value: try row.get(1))
                }
            }
            try session.execute("DELETE FROM \(l.table) WHERE code IN (SELECT code FROM replaced_codes)")
            try session.execute("DELETE FROM replaced_codes")
            total += absent.count
        }
        return total
    }

    private func refusal(_ book: Book, table: String, column: String, code: String, value: String) -> ImportError {
        let what = book.entity == .guarantees ? "guarantee" : "re-lending draw"
        let reason = "refers to \(what) \(value), which the replacement of \(book.reporter)'s \(book.entity.rawValue) removes "
            + "(\(file[book] ?? "") leaves it out); nothing was removed. Re-point or end the \(table == "loans" ? "loan" : "pay-out") "
            + "in the same import, or keep the \(what) in the file"
        if let at = written[table]?[code] {
            return ImportError(file: at.file, row: at.row, column: column, value: value, reason: reason)
        }
        return ImportError(file: "\(table) in the store", column: column, value: value,
                           reason: "(\(table == "loans" ? "loan" : "pay-out") \(code)) " + reason)
    }

    var summary: [ImportSummary.Replaced] {
        counts.values.sorted { ($0.entity, $0.reporter) < ($1.entity, $1.reporter) }
    }
}
