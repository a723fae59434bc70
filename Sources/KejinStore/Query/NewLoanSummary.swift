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

    /// SQLite's recompute: one plain scan of the loans, summed here, each loan's chain and
    /// kinds from its firm's row and tech tags held in memory (100k firms: a few MB). SQLite
    /// groups by sorting: any grouped statement sorts its rows once per cut (1M loans: 3.3M
    /// rows, more time than the tag seeks; see README, v26). The loans are summed first by
    /// (month, bank, chain, kinds held), a few thousand groups, then those into the cuts. Nil
    /// when a product or sum would pass Int64 or a value is not what the schema stores: SQL's
    /// arithmetic decides then.
    static func summed(_ s: any StoreSession) throws -> [Row]? {
        let kinds = TechKind.allCases
        let kindOfTag = Dictionary(uniqueKeysWithValues: kinds.enumerated().flatMap { i, kind in kind.tags.map { ($0, i) } })
        struct Firm { var chain = 0, tags: [(kind: Int, from: String, to: String)] = [] }
        var firms: [String: Firm] = [:]
        var chains = [""], chainIndex = ["": 0]  // '' is no chain, as coalesce(e.chain, '')
        var plain = true
        try s.prepare("SELECT code, coalesce(chain, '') FROM enterprises").cursor { r in
            guard case .text(let firm) = r[0], case .text(let chain) = r[1] else { plain = false; return false }
            if chainIndex[chain] == nil { chainIndex[chain] = chains.count; chains.append(chain) }
            firms[firm] = Firm(chain: chainIndex[chain]!)
            return true
        }
        try s.prepare("SELECT enterprise, tag, valid_from, valid_to FROM enterprise_tags WHERE tag IN (\(quoted(Array(kindOfTag.keys).sorted())))").cursor { r in
            guard plain, case .text(let firm) = r[0], case .text(let tag) = r[1], let kind = kindOfTag[tag],
                  case .text(let from) = r[2], case .text(let to) = r[3] else { plain = false; return false }
            firms[firm, default: Firm()].tags.append((kind, from, to))  // a firm with no row: no chain
            return true
        }
        guard plain else { return nil }

        struct Sum {
            var loans = 0, amount: Int64 = 0, weighted: Int64 = 0
            /// False when the amount or the weighted sum would pass Int64.
            mutating func add(loans n: Int, _ a: Int64, _ w: Int64) -> Bool {
                let (amount, o1) = amount.addingReportingOverflow(a), (weighted, o2) = weighted.addingReportingOverflow(w)
                (loans, self.amount, self.weighted) = (loans + n, amount, weighted)
                return !o1 && !o2
            }
        }
        struct Group: Hashable { var month: Substring, bank: String, chain: Int, held: Int }
        var groups: [Group: Sum] = [:]
        // SQLite compares text bytewise (BINARY): so do the dates here.
        func atMost(_ a: String, _ b: String) -> Bool { !b.utf8.lexicographicallyPrecedes(a.utf8) }
        try s.prepare("SELECT start_date, bank, enterprise, amount, rate FROM loans").cursor { r in
            guard case .text(let start) = r[0], case .text(let bank) = r[1], case .text(let firm) = r[2],
                  case .integer(let amount) = r[3], case .integer(let rate) = r[4] else { plain = false; return false }
            let (weighted, overflow) = amount.multipliedReportingOverflow(by: rate)
            let info = firms[firm]
            var held = 0  // a bit per kind: a loan counts once per kind however many tags hold
            for tag in info?.tags ?? [] where atMost(tag.from, start) && atMost(start, tag.to) { held |= 1 << tag.kind }
            // substr(start_date, 1, 7): seven characters, as prefix(7) counts them if ASCII.
            let group = Group(month: start.prefix(7), bank: bank, chain: info?.chain ?? 0, held: held)
            plain = !overflow && start.utf8.prefix(7).allSatisfy { $0 < 0x80 } && groups[group, default: Sum()].add(loans: 1, amount, weighted)
            return plain
        }
        guard plain else { return nil }

        struct Key: Hashable { var month: String, cut: Cut, code: String }
        var sums: [Key: Sum] = [:]
        for (group, sum) in groups {
            let month = String(group.month)
            let keys = [Key(month: month, cut: .bank, code: group.bank), Key(month: month, cut: .chain, code: chains[group.chain])]
                + (group.held == 0 ? [] : [Key(month: month, cut: .tech, code: "")])
                + kinds.indices.filter { group.held & (1 << $0) != 0 }.map { Key(month: month, cut: .kind, code: kinds[$0].rawValue) }
            for key in keys where !sums[key, default: Sum()].add(loans: sum.loans, sum.amount, sum.weighted) { return nil }
        }
        return sums.map { key, sum in Row(month: key.month, cut: key.cut, code: key.code, loans: sum.loans, amount: sum.amount, weighted: sum.weighted) }
    }

    /// Rebuilds the table from every loan (the migration, and an import past NewLoanChanges'
    /// limit): `summed` on SQLite (`freshSQL` where it gives up), `fastSQL` on PostgreSQL.
    static func recompute(_ s: any StoreSession) throws {
        try s.execute("DELETE FROM \(table)")
        let insert = "INSERT INTO \(table)(month, cut, code, loans, amount, weighted) "
        guard s is SQLiteSession else { try s.execute(insert + fastSQL); return }
        guard let rows = try summed(s) else { try s.execute(insert + freshSQL); return }
        try s.load(into: table, columns: ["month", "cut", "code", "loans", "amount", "weighted"]) { append in
            for r in rows { try append([.text(r.month), .text(r.cut.rawValue), .text(r.code), .integer(Int64(r.loans)), .integer(r.amount), .integer(r.weighted)]) }
        }
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
