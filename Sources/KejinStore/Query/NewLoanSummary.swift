import KejinCore

/// The programme's new loans kept per start month (schema v26): `new_loan_summary`, a row per
/// (month, cut, code) with the loans started that month, their amount and amount × rate:
///
/// - cut `bank`, code the bank; cut `chain`, code the firm's chain ('' none) — each loan once
///   in each, so either sums to the month's total (ProgrammeQuery.cost);
/// - cut `tech`, code '': the loans whose firm held any TechKind tag on the start date;
///   cut `kind`, code a TechKind: those holding that kind (a loan may count under two).
///
/// Only these cuts, not their cross product (bank × chain × kinds at 1M loans is nearly a row
/// per loan): the Programme screen's first open read every loan since the policy start with
/// three tag seeks each (1M: 3.1 s on SQLite, one 5 s statement on PostgreSQL); now a few
/// thousand rows. Every month is kept, not only those since the policy start: the book's first
/// month follows the first stored balance year (NewLoanBook.read), which an import may move.
///
/// Kept inside the import transaction (NewLoanChanges.swift): the touched loans' contributions
/// before the import are recorded as each loan, firm or tag is written, and their delta applied
/// after; a big import recomputes the table (`recompute`). `kejin store check` compares it with
/// `freshSQL`, the per-loan definition, which the recompute does not use.
enum NewLoanSummary {
    static let table = "new_loan_summary"

    enum Cut: String, CaseIterable, Sendable { case bank, chain, tech, kind }

    static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(table) }

    static let tableDDL = """
        CREATE TABLE \(table)(
            month TEXT NOT NULL, cut TEXT NOT NULL, code TEXT NOT NULL,
            loans INTEGER NOT NULL, amount INTEGER NOT NULL, weighted INTEGER NOT NULL,
            PRIMARY KEY(month, cut, code)) WITHOUT ROWID
        """

    /// v26: the table, filled from the loans (100k loans: see README's bench notes).
    static let migration = StoreMigration(version: 26, name: "v26 new-loan summary") { s in
        try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
        try recompute(s)
    }

    /// One row per loan of `from` (which names the loans `l`), filtered by `filter`: its start
    /// month, bank, chain, a 0/1 column per TechKind held on the start date (k0, k1, …), its
    /// amount and amount × rate. The columns the recorded "before" rows keep (NewLoanChanges).
    static func perLoanSQL(from: String = "loans l", where filter: String = "1 = 1") -> String {
        let kinds = TechKind.allCases.enumerated().map { i, kind in
            """
            CASE WHEN EXISTS(SELECT 1 FROM enterprise_tags t WHERE t.enterprise = l.enterprise AND t.tag IN (\(kind.tags.map { "'\($0)'" }.joined(separator: ", ")))
                             AND t.valid_from <= l.start_date AND t.valid_to >= l.start_date) THEN 1 ELSE 0 END AS k\(i)
            """
        }.joined(separator: ",\n")
        return """
            SELECT l.id AS id, substr(l.start_date, 1, 7) AS month, l.bank AS bank, coalesce(e.chain, '') AS chain,
                   \(kinds), l.amount AS amount, l.amount * l.rate AS weighted
            FROM \(from) LEFT JOIN enterprises e ON e.code = l.enterprise
            WHERE \(filter)
            """
    }
    /// The per-loan columns after the id.
    static let perLoanColumns = ["month", "bank", "chain"] + TechKind.allCases.indices.map { "k\($0)" } + ["amount", "weighted"]

    /// The cuts of per-loan rows (`perLoan`, as `perLoanSQL` gives them): month, cut, code,
    /// loans, amount, weighted — the table's columns. The rows are made once (MATERIALIZED)
    /// and grouped once per cut.
    static func cutsSQL(_ perLoan: String) -> String {
        func cut(_ cut: Cut, _ code: String, where filter: String = "1 = 1", by: String = "") -> String {
            """
            SELECT month, '\(cut.rawValue)' AS cut, \(code) AS code, count(*) AS loans,
                   CAST(sum(amount) AS BIGINT) AS amount, CAST(sum(weighted) AS BIGINT) AS weighted
            FROM per_loan WHERE \(filter) GROUP BY month\(by)
            """
        }
        let any = TechKind.allCases.indices.map { "k\($0)" }.joined(separator: " + ")
        let branches = [cut(.bank, "bank", by: ", bank"), cut(.chain, "chain", by: ", chain"), cut(.tech, "''", where: "\(any) > 0")]
            + TechKind.allCases.enumerated().map { i, kind in cut(.kind, "'\(kind.rawValue)'", where: "k\(i) = 1") }
        return """
            SELECT * FROM (
              WITH per_loan AS MATERIALIZED (\(perLoan))
              \(branches.joined(separator: "\nUNION ALL\n"))) AS cuts
            """
    }

    /// Every month's rows from the loans as they are, one per-loan row at a time: the table's
    /// definition, which `kejin store check` compares it with (recompute reads them faster).
    static let freshSQL = cutsSQL(perLoanSQL())

    /// The tech tags as a SQL list: 'high_tech', …
    private static func quoted(_ tags: [String]) -> String { tags.map { "'\($0)'" }.joined(separator: ", ") }

    /// The same rows as `freshSQL` in a grouped pass per cut, no per-loan rows: bank from the
    /// loans, chain from the loans ⋈ their firm, tech and each kind from the loans holding such
    /// a tag on their start date (EXISTS: a loan once however many tags). PostgreSQL's
    /// recompute: each EXISTS a hash semi-join of the loans with that kind's tags, each GROUP BY
    /// a hash aggregate (1M loans: 6.0 s against freshSQL's 28 s, see README, v26; grouping the
    /// tags ⋈ loans by loan id instead sorted 666k rows: 7.3 s). Not SQLite's: there each
    /// EXISTS is a seek per loan and each GROUP BY a sort (`summed`).
    static let fastSQL: String = {
        func cut(_ cut: Cut, _ code: String, from: String = "loans l", where filter: String = "1 = 1", by: String = "") -> String {
            """
            SELECT substr(l.start_date, 1, 7) AS month, '\(cut.rawValue)' AS cut, \(code) AS code, count(*) AS loans,
                   CAST(sum(l.amount) AS BIGINT) AS amount, CAST(sum(l.amount * l.rate) AS BIGINT) AS weighted
            FROM \(from) WHERE \(filter) GROUP BY substr(l.start_date, 1, 7)\(by)
            """
        }
        func held(_ tags: [String]) -> String {
            """
            EXISTS(SELECT 1 FROM enterprise_tags t WHERE t.enterprise = l.enterprise AND t.tag IN (\(quoted(tags)))
                   AND t.valid_from <= l.start_date AND t.valid_to >= l.start_date)
            """
        }
        let branches = [
            cut(.bank, "l.bank", by: ", l.bank"),
            cut(.chain, "coalesce(e.chain, '')", from: "loans l LEFT JOIN enterprises e ON e.code = l.enterprise", by: ", coalesce(e.chain, '')"),
            cut(.tech, "''", where: held(TechKind.allCases.flatMap(\.tags))),
        ] + TechKind.allCases.map { kind in cut(.kind, "'\(kind.rawValue)'", where: held(kind.tags)) }
        return "SELECT * FROM (\n" + branches.joined(separator: "\nUNION ALL\n") + ") AS cuts"
    }()

    /// SQLite's recompute: one plain scan of the loans, summed in memory (NewLoanSums). SQLite
    /// groups by sorting: any grouped statement sorts its rows once per cut (1M loans: 3.3M
    /// rows, more time than the tag seeks; see README, v26). Nil when a product or sum would
    /// pass Int64 or a value is not what the schema stores: SQL's arithmetic decides then.
    static func summed(_ s: any StoreSession) throws -> [Row]? {
        guard var sums = try NewLoanSums(s) else { return nil }
        var typed = true
        try s.prepare("SELECT start_date, bank, enterprise, amount, rate FROM loans").cursor { r in
            guard case .text(let start) = r[0], case .text(let bank) = r[1], case .text(let firm) = r[2],
                  case .integer(let amount) = r[3], case .integer(let rate) = r[4] else { typed = false; return false }
            return sums.add(start: start, bank: bank, firm: firm, amount: amount, rate: rate)
        }
        return typed ? sums.rows() : nil
    }

    /// Replaces the table's rows with `rows`.
    static func replace(_ s: any StoreSession, with rows: [Row]) throws {
        try s.execute("DELETE FROM \(table)")
        try s.load(into: table, columns: ["month", "cut", "code", "loans", "amount", "weighted"]) { append in
            for r in rows { try append([.text(r.month), .text(r.cut.rawValue), .text(r.code), .integer(Int64(r.loans)), .integer(r.amount), .integer(r.weighted)]) }
        }
    }

    /// Rebuilds the table from every loan (the migration, and an import past NewLoanChanges'
    /// limit): `summed` on SQLite (`freshSQL` where it gives up), `fastSQL` on PostgreSQL.
    static func recompute(_ s: any StoreSession) throws {
        if s is SQLiteSession, let rows = try summed(s) { try replace(s, with: rows); return }
        try s.execute("DELETE FROM \(table)")
        try s.execute("INSERT INTO \(table)(month, cut, code, loans, amount, weighted) " + (s is SQLiteSession ? freshSQL : fastSQL))
    }

    /// A row of the cuts: the table's, or the same read from the loans.
    struct Row: Sendable, Equatable {
        var month: String, cut: Cut, code: String
        var loans: Int, amount: Int64, weighted: Int64
    }

    /// The rows of the months from `since` (YYYY-MM) on: kept, or read from the loans started
    /// since then (a store without the table, only while tests open one made before v26;
    /// `kept: false`, tests comparing the two).
    static func rows(_ s: any StoreSession, since month: String, kept: Bool? = nil) throws -> [Row] {
        let kept = try kept ?? exists(s)
        let sql = kept
            ? "SELECT month, cut, code, loans, amount, weighted FROM \(table) WHERE month >= ?1"
            : cutsSQL(perLoanSQL(where: "l.start_date >= ?1"))
        let rows = try s.fetch("SELECT * FROM (\(sql)) AS r ORDER BY month, cut, code", kept ? month : month + "-01")
        return try rows.compactMap { r -> Row? in
            guard let cut = Cut(rawValue: try r.get(1, as: String.self)) else { return nil }
            return Row(month: try r.get(0), cut: cut, code: try r.get(2), loans: Int(try r.get(3, as: Int64.self)),
                       amount: try r.get(4), weighted: try r.get(5))
        }
    }

    /// The kept rows beside their recomputation (`kejin store check`); the whole table at once
    /// (a few thousand rows), its first column a constant where KeptRows expects the period.
    static var kept: KeptRows {
        let columns = "month, cut, code, loans, amount, weighted"
        return KeptRows(table: table, stored: "SELECT 'all', \(columns) FROM \(table)",
                        fresh: "SELECT 'all', \(columns) FROM (\(freshSQL)) AS f", arguments: [], keys: 3,
                        values: ["loans", "amount", "weighted"],
                        place: { "month \(KeptRows.text($0[0])) \(KeptRows.text($0[1])) '\(KeptRows.text($0[2]))'" })
    }
}
