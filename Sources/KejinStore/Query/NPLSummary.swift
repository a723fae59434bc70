import KejinCore

/// Non-performing loans (不良, issue 12 item 10; schema v25): each balance row carries its
/// five-grade classification (`loan_balances.grade`, 1 normal … 5 loss, LoanClassification),
/// and `npl_summary` keeps, per (period, region, bank, chain), the balance of the rows graded
/// substandard or worse for the loan sets the screens divide by — all loans, tech loans, the
/// four loans among tech loans (PeriodSummary.Column) — so a bank's, a chain's, a region's and
/// the city's NPL ratio is a sum of a few rows over the balance the other summaries keep.
///
/// Why a table of its own and not four more columns of period_summary: those columns are one
/// list shared by four tables, and stores made by older migrations (tests import the demo into
/// v19 … v24 stores) would have to switch the list per store. NPL balances are plain sums (no
/// distinct borrowers), so one (region, bank, chain) grain serves every slice exactly.
///
/// Kept like product_summary: PeriodSummary.recompute rebuilds a period's rows; a balance-only
/// import applies the changed rows' delta — their NPL after less before, where "before" is the
/// balance *and grade* BalanceChanges recorded, so a row whose only change is its grade moves
/// the NPL — and drops rows left at zero. Only rows with an NPL balance are kept (most groups
/// have none). `kejin store check` compares them with a recompute; the full-scan baseline
/// reads the same sums from loan_balances (`fresh`).
enum NPLSummary {
    static let table = "npl_summary"

    /// The loan sets with an NPL balance, in the table's column order.
    static let columns: [PeriodSummary.Column] = [.all, .tech, .first, .credit, .renewal, .revolving]
    static let columnNames = columns.map { "\($0.name)_npl_balance" }

    static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(table) }

    static let tableDDL = """
        CREATE TABLE \(table)(
            period TEXT NOT NULL, region TEXT NOT NULL, bank TEXT NOT NULL, chain TEXT NOT NULL,
            \(columnNames.map { "\($0) INTEGER NOT NULL" }.joined(separator: ", ")),
            PRIMARY KEY(period, region, bank, chain)) WITHOUT ROWID
        """

    /// v25: every balance so far is `normal` (grade 1, the column's default: no figure moves,
    /// so the table starts empty), and default rule 16 on the tech NPL gap.
    static let migration = StoreMigration(version: 25, name: "v25 loan classification, tech NPL") { s in
        let grade = "ALTER TABLE loan_balances ADD COLUMN grade INTEGER NOT NULL DEFAULT 1"
        try s.execute(s is SQLiteSession ? grade : PostgresSpelling.postgresDDL(fromSQLite: grade))
        try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
        try FiguresQuery.seedDefaultRules(s, on: .techNPLGap)
    }

    /// `grade >= 3`: substandard, doubtful, loss.
    static let nonPerforming = "grade >= \(LoanClassification.firstNonPerforming)"

    /// Per enterprise-free group: the NPL sums of `b` (rows of loan_id, balance) per Column.
    private static let sums = columns.map { "sum(CASE WHEN \($0.condition) THEN b.balance ELSE 0 END)" }
    private static let groupKeys = "\(RegionSummary.key), l.bank, coalesce(e.chain, '')"

    /// Period `?1`'s rows from loan_balances: period, region, bank, chain, the NPL sums.
    static let rowsSQL = """
        SELECT ?1 AS period, \(RegionSummary.key) AS region, l.bank AS bank, coalesce(e.chain, '') AS chain,
          \(zip(sums, columnNames).map { "\($0) AS \($1)" }.joined(separator: ", "))
        FROM loan_balances b
        JOIN loans l ON l.id = b.loan_id
        JOIN enterprises e ON e.code = l.enterprise
        WHERE b.period = ?1 AND b.\(nonPerforming)
        GROUP BY \(groupKeys)
        HAVING sum(b.balance) > 0
        """

    static func recompute(_ s: any StoreSession, period key: String) throws {
        guard try exists(s) else { return }
        try s.execute("DELETE FROM \(table) WHERE period = ?1", key)
        try s.execute("INSERT INTO \(table)(period, region, bank, chain, \(columnNames.joined(separator: ", "))) " + rowsSQL, key)
    }

    /// The delta of the balance changes recorded for `key` (BalanceChanges): the changed
    /// rows' NPL now, less their NPL as recorded (old balance and old grade).
    static func applyDelta(_ s: any StoreSession, period key: String) throws {
        guard try exists(s) else { return }
        let signed = columns.map { "sum(b.sign * CASE WHEN \($0.condition) THEN b.balance ELSE 0 END)" }
        let rows = try s.fetch("""
            SELECT \(groupKeys), \(signed.joined(separator: ", "))
            FROM (SELECT c.loan_id, c.balance, 1 AS sign FROM changed_loans c
                  WHERE c.balance IS NOT NULL AND c.\(nonPerforming)
                  UNION ALL
                  SELECT c.loan_id, c.old_balance, -1 FROM changed_loans c
                  WHERE c.old_balance IS NOT NULL AND c.old_\(nonPerforming)) AS b
            JOIN loans l ON l.id = b.loan_id
            JOIN enterprises e ON e.code = l.enterprise
            GROUP BY \(groupKeys)
            """)
        let marks = (1...(4 + columns.count)).map { "?\($0)" }.joined(separator: ", ")
        let add = try s.prepare("""
            INSERT INTO \(table)(period, region, bank, chain, \(columnNames.joined(separator: ", "))) VALUES (\(marks))
            ON CONFLICT(period, region, bank, chain) DO UPDATE SET
            \(columnNames.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", "))
            """)
        for row in rows {
            let values = try (3..<(3 + columns.count)).map { try row.integer($0) }
            guard values.contains(where: { $0 != 0 }) else { continue }
            try add.execute([.text(key), .text(try row.get(0)), .text(try row.get(1)), .text(try row.get(2))] + values.map(SQLValue.integer))
        }
        try s.execute("DELETE FROM \(table) WHERE period = ?1 AND all_npl_balance = 0", key)
    }

    /// One period's kept rows beside their recomputation (`kejin store check`).
    static func kept(period: String) -> KeptRows {
        KeptRows(table: table,
                 stored: "SELECT period, region, bank, chain, \(columnNames.joined(separator: ", ")) FROM \(table) WHERE period = ?1",
                 fresh: rowsSQL, arguments: [.text(period)], keys: 3, values: columnNames,
                 place: { "region '\(KeptRows.text($0[0]))' bank \(KeptRows.text($0[1])) chain '\(KeptRows.text($0[2]))'" })
    }

    /// NPL balances of one group, in `columns` order.
    struct Balances: Equatable {
        var values = Array(repeating: Int64(0), count: NPLSummary.columns.count)
        func of(_ c: PeriodSummary.Column) -> Int64 { NPLSummary.columns.firstIndex(of: c).map { values[$0] } ?? 0 }
        mutating func add(_ other: Balances) { for i in values.indices { values[i] += other.values[i] } }
    }

    /// A period's NPL per bank → chain ('' no chain), summed over `regions` (nil: every region),
    /// from the kept rows or (`fresh`: the full-scan baseline) from loan_balances. Empty on a
    /// store before v25.
    static func load(_ s: any StoreSession, period: Period, regions: Set<String>? = nil,
                     fresh: Bool = false) throws -> [String: [String: Balances]] {
        guard try exists(s) else { return [:] }
        let read = loadRead(period: period, regions: regions, fresh: fresh)
        var result: [String: [String: Balances]] = [:]
        try s.cursor(read) { row in
            var b = Balances()
            for i in b.values.indices { b.values[i] = try row.integer(2 + i) }
            result[try row.get(0), default: [:]][try row.get(1)] = b
            return true
        }
        return result
    }

    /// `load`'s one statement (a few hundred rows), to send ahead (`StoreSession.prefetch`).
    static func loadRead(period: Period, regions: Set<String>? = nil, fresh: Bool = false) -> Prefetch {
        let codes = regions?.sorted() ?? []
        let source = fresh ? "(\(rowsSQL)) AS k" : "\(table) k"
        let filter = regions == nil ? "" : "AND k.region IN (\(PeriodSummary.marks(2, codes.count)))"
        return Prefetch("""
            SELECT k.bank, k.chain, \(columnNames.map { "sum(k.\($0))" }.joined(separator: ", "))
            FROM \(source) WHERE k.period = ?1 \(filter) GROUP BY k.bank, k.chain
            """, [.text(period.key)] + codes.map(SQLValue.text))
    }
}
