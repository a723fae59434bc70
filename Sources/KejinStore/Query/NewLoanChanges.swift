/// Keeps `new_loan_summary` (NewLoanSummary.swift) through an import that writes loans,
/// enterprises or enterprise tags, inside its transaction, as BalanceChanges keeps the period
/// summaries through a balance import.
///
/// Exact: a loan's contribution (its month, bank, chain, kinds and money) depends on its own
/// row, its firm's chain and its firm's tags only. So before a loan row is written, and before
/// a firm's row or one of its tags is written, the current contribution of that loan (of each of
/// the firm's loans) is recorded — the first record of a loan wins, and it is always taken
/// before anything it depends on changed. After the import the delta is the cuts of the
/// recorded and written loans as they are now, less the cuts of the recorded rows.
///
/// Past `limit` loans (a first import, a full loans or enterprises file) recording stops and
/// the whole table is recomputed instead (`NewLoanSummary.recompute`: one scan of the loans
/// summed in memory on SQLite, a grouped pass per cut on PostgreSQL; no tag seek per loan),
/// cheaper than the per-loan work, which stays the delta's (a few loans).
final class NewLoanChanges {
    private let session: any StoreSession
    let limit: Int
    private var count = 0
    /// Past the limit: the records are incomplete, recompute.
    private(set) var overflowed = false
    private let byLoan: any PreparedStatement
    private let byEnterprise: any PreparedStatement
    /// The largest loan id when the import began: new loans get larger ones.
    private let existing: Int64
    /// A store without loans when the import began (a first load): each loan is summed as it is
    /// written and `apply` writes those sums — exact, as the table is then the sum of the loans
    /// written — instead of a recompute scanning them again after the file (1M loans: ~0.9 s
    /// on the importing thread, which has room while the CSV thread parses). Read lazily, at
    /// the first loan: the run's firms and tags are written by then (they sort before loans).
    private var sumsAsWritten: NewLoanSums?
    /// Whether the loans written are being summed; false once the sums could not be exact (a
    /// loan written twice, a firm or tag written after a loan, a bulk merge, a value not plain).
    private var summingWritten: Bool

    static let before = "new_loan_before"
    static let after = "new_loan_after"

    /// Nil for a store without the table (before v26).
    static func start(_ s: any StoreSession) throws -> NewLoanChanges? {
        try NewLoanSummary.exists(s) ? try NewLoanChanges(s) : nil
    }

    private init(_ s: any StoreSession) throws {
        session = s
        let columns = NewLoanSummary.perLoanColumns.map { "\($0) \($0.hasPrefix("k") ? "INTEGER" : $0 == "amount" || $0 == "weighted" ? "BIGINT" : "TEXT")" }
        try s.execute("CREATE TEMP TABLE IF NOT EXISTS \(Self.before)(id BIGINT PRIMARY KEY, \(columns.joined(separator: ", ")))")
        try s.execute("CREATE TEMP TABLE IF NOT EXISTS \(Self.after)(id BIGINT PRIMARY KEY)")
        try s.execute("DELETE FROM \(Self.before)")
        try s.execute("DELETE FROM \(Self.after)")
        // Only loans that existed when the import began have a "before": a loan this import
        // inserted and then writes again (its code twice in a file, or its firm in a later
        // file) would otherwise record a state the table never held.
        existing = try s.fetchOne("SELECT coalesce(max(id), 0) FROM loans", as: Int64.self) ?? 0
        summingWritten = existing == 0
        byLoan = try s.prepare(Self.record(where: "l.code = ?1 AND l.id <= \(existing)"))
        byEnterprise = try s.prepare(Self.record(where: "l.enterprise = ?1 AND l.id <= \(existing)"))
        // A loan's delta is two per-loan rows and their tag seeks; the recompute one per loan.
        // (The largest id stands for the count: ids are dense, and a count reads every loan.)
        limit = max(1_000, Int(existing) / 20)
    }

    /// Records the current contribution of the loans of `from` (naming the loans `l`) matching `filter`.
    private static func record(from: String = "loans l", where filter: String) -> String {
        let columns = ["id"] + NewLoanSummary.perLoanColumns
        return "INSERT INTO \(before)(\(columns.joined(separator: ", "))) "
            + NewLoanSummary.perLoanSQL(from: from, where: filter) + " ON CONFLICT DO NOTHING"
    }

    private func counted(_ rows: Int) {
        count += rows
        if count > limit { overflowed = true }
    }

    /// Call before a loans row of `code` is written; `written`: the loans this import has
    /// written so far. They count against the limit too (`apply` recomputes past it), so a
    /// big file stops recording there: a first loans file would otherwise seek every new code
    /// for a before that cannot exist (1M loans: ~1.6 s).
    func willWriteLoan(_ code: String, written: Int) throws {
        guard !overflowed, existing > 0 else { return }  // no loan before the import: no "before" to record
        guard count + written <= limit else { overflowed = true; return }
        counted(try byLoan.execute([.text(code)]))
    }

    /// Call after a loans row is written; `first`: the import had not written this loan before.
    func didWriteLoan(first: Bool, start: String, bank: String, enterprise: String, amount: Int64, rate: Int64) throws {
        guard summingWritten else { return }
        if sumsAsWritten == nil { sumsAsWritten = try NewLoanSums(session) }
        summingWritten = first && sumsAsWritten?.add(start: start, bank: bank, firm: enterprise, amount: amount, rate: rate) == true
    }

    /// Call before a firm's row or one of its tags is written (its chain or kinds may change).
    func willWriteEnterprise(_ code: String) throws {
        if sumsAsWritten != nil { summingWritten = false }  // a loan summed already used the firm as it was
        // No loan before the import: nothing to record (a first load's 100,000 firms and their
        // tags were a statement each, minutes of round trips on PostgreSQL).
        guard !overflowed, existing > 0 else { return }
        counted(try byEnterprise.execute([.text(code)]))
    }

    /// Call before a bulk load merges `staging` (rows with a `code`) into loans.
    func willMergeLoans(staging: String) throws {
        summingWritten = false
        guard !overflowed else { return }
        counted(try session.execute(Self.record(from: "\(staging) s CROSS JOIN loans l ON l.code = s.code", where: "l.id <= \(existing)")))
    }

    /// After every write: applies the delta of the recorded and `written` loans, or recomputes
    /// the table past the limit.
    func apply(written: Set<Int64>) throws {
        defer { _ = try? session.execute("DELETE FROM \(Self.before)"); _ = try? session.execute("DELETE FROM \(Self.after)") }
        if summingWritten, let rows = sumsAsWritten?.rows() {
            try NewLoanSummary.replace(session, with: rows)
            return
        }
        if overflowed || count + written.count > limit {
            try NewLoanSummary.recompute(session)
            return
        }
        if count == 0, written.isEmpty { return }
        try session.execute("INSERT INTO \(Self.after)(id) SELECT id FROM \(Self.before) WHERE 1 = 1 ON CONFLICT DO NOTHING")
        try session.execute("CREATE TEMP TABLE IF NOT EXISTS new_loan_written(id BIGINT PRIMARY KEY)")
        try session.execute("DELETE FROM new_loan_written")
        try session.load(into: "new_loan_written", columns: ["id"]) { append in for id in written { try append([.integer(id)]) } }
        try session.execute("INSERT INTO \(Self.after)(id) SELECT id FROM new_loan_written WHERE 1 = 1 ON CONFLICT DO NOTHING")
        try session.execute("DELETE FROM new_loan_written")
        try session.updateStatistics(of: Self.after)
        try session.updateStatistics(of: Self.before)

        struct Key: Hashable { var month: String, cut: String, code: String }
        var delta: [Key: (loans: Int64, amount: Int64, weighted: Int64)] = [:]
        let now = NewLoanSummary.cutsSQL(NewLoanSummary.perLoanSQL(from: "\(Self.after) a CROSS JOIN loans l ON l.id = a.id"))
        let then = NewLoanSummary.cutsSQL("SELECT * FROM \(Self.before)")
        for (sql, sign) in [(now, Int64(1)), (then, -1)] {
            for r in try session.fetch(sql) {
                let key = Key(month: try r.get(0), cut: try r.get(1), code: try r.get(2))
                var d = delta[key] ?? (0, 0, 0)
                d.loans += sign * (try r.get(3, as: Int64.self))
                d.amount += sign * (try r.get(4, as: Int64.self))
                d.weighted += sign * (try r.get(5, as: Int64.self))
                delta[key] = d
            }
        }
        let table = NewLoanSummary.table
        let add = try session.prepare("""
            INSERT INTO \(table)(month, cut, code, loans, amount, weighted) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(month, cut, code) DO UPDATE SET loans = \(table).loans + excluded.loans,
              amount = \(table).amount + excluded.amount, weighted = \(table).weighted + excluded.weighted
            """)
        for (key, d) in delta where d.loans != 0 || d.amount != 0 || d.weighted != 0 {
            try add.execute([.text(key.month), .text(key.cut), .text(key.code), .integer(d.loans), .integer(d.amount), .integer(d.weighted)])
        }
        // A cut left without loans is no row, as the recompute writes none.
        try session.execute("DELETE FROM \(table) WHERE loans = 0")
    }
}
