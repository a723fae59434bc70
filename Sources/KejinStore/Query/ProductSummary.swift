import KejinCore

/// The products' figures per period (schema v24): `product_summary`, a row per (period, bank,
/// product) with a balance row — product '' holds a bank's loans of no product — with the
/// balance rows, the balance and the borrowers (enterprises whose loans of the product sum to
/// a positive balance). The Programme screen's 一链一行 reads a period's rows and the year-ago
/// month's, not a month of balances (ProductQuery.swift).
///
/// Kept as period_summary is (SummaryDelta.swift): PeriodSummary.recompute rebuilds a
/// period's rows (so a loan written, re-pointed to another product, recomputes the periods it
/// has balances in); a balance-only import applies the delta of the changed loans' enterprises
/// — their contributions after less before, exact for distinct borrowers too — and drops rows
/// left with no balance row. Which chain a product is on is the catalogue's, read with it, so
/// a products file changes no row. `kejin store check` compares the rows with a recompute.
enum ProductSummary {
    static let table = "product_summary"

    static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(table) }

    static let tableDDL = """
        CREATE TABLE \(table)(
            period TEXT NOT NULL, bank TEXT NOT NULL, product TEXT NOT NULL,
            balance_rows INTEGER NOT NULL, balance INTEGER NOT NULL, borrowers INTEGER NOT NULL,
            PRIMARY KEY(period, bank, product)) WITHOUT ROWID
        """

    static func create(_ s: any StoreSession) throws {
        try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
    }

    /// Period `?1`'s rows: period, bank, product, balance rows, balance, borrowers — per
    /// enterprise first, so a firm counts once however many loans of the product it has.
    static let rowsSQL = """
        SELECT ?1 AS period, k.bank AS bank, k.product AS product, sum(k.n) AS balance_rows, sum(k.v) AS balance,
               sum(CASE WHEN k.v > 0 THEN 1 ELSE 0 END) AS borrowers
        FROM (SELECT l.bank AS bank, l.product AS product, count(*) AS n, sum(b.balance) AS v
              FROM loan_balances b
              JOIN loans l ON l.id = b.loan_id
              WHERE b.period = ?1
              GROUP BY l.bank, l.product, l.enterprise) AS k
        GROUP BY k.bank, k.product
        """

    static func recompute(_ s: any StoreSession, period key: String) throws {
        guard try exists(s) else { return }
        try s.execute("DELETE FROM \(table) WHERE period = ?1", key)
        try s.execute("INSERT INTO \(table)(period, bank, product, balance_rows, balance, borrowers) " + rowsSQL, key)
    }

    /// Adds a small import's `delta` for period `key` (AffectedLoans.productDelta) and drops
    /// rows left with no balance row.
    static func applyDelta(_ s: any StoreSession, period key: String, _ delta: [ProductKey: (rows: Int64, balance: Int64, borrowers: Int64)]) throws {
        guard try exists(s) else { return }
        let add = try s.prepare("""
            INSERT INTO \(table)(period, bank, product, balance_rows, balance, borrowers) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(period, bank, product) DO UPDATE SET balance_rows = \(table).balance_rows + excluded.balance_rows,
                balance = \(table).balance + excluded.balance, borrowers = \(table).borrowers + excluded.borrowers
            """)
        for (k, v) in delta where v != (0, 0, 0) {
            try add.execute([.text(key), .text(k.bank), .text(k.code), .integer(v.rows), .integer(v.balance), .integer(v.borrowers)])
        }
        try s.execute("DELETE FROM \(table) WHERE period = ?1 AND balance_rows = 0", key)
    }

    /// One period's kept rows beside their recomputation (`kejin store check`).
    static func kept(period: String) -> KeptRows {
        KeptRows(table: table, stored: "SELECT period, bank, product, balance_rows, balance, borrowers FROM \(table) WHERE period = ?1",
                 fresh: rowsSQL, arguments: [.text(period)], keys: 2, values: ["balance_rows", "balance", "borrowers"],
                 place: { "bank \(KeptRows.text($0[0])) product '\(KeptRows.text($0[1]))'" })
    }

    /// A period's products with a balance row: (bank, product) → (balance, borrowers). Streamed
    /// (a province's banks have thousands of products: no array of rows).
    static func read(_ s: any StoreSession, period: Period) throws -> [ProductKey: (balance: Int64, borrowers: Int)] {
        var result: [ProductKey: (balance: Int64, borrowers: Int)] = [:]
        for row in try s.fetch(read(period)) {
            result[ProductKey(bank: try row.get(0), code: try row.get(1))] = (try row.integer(2), Int(try row.integer(3)))
        }
        return result
    }

    /// `read`'s one statement, to send ahead (`StoreSession.prefetch`): a period's rows are one
    /// per bank and product, a few hundred.
    static func read(_ period: Period) -> Prefetch {
        Prefetch("SELECT bank, product, balance, borrowers FROM \(table) WHERE period = ?1 AND product <> ''", [.text(period.key)])
    }
}

/// A product's key: its bank and its code within the bank.
struct ProductKey: Hashable { let bank: String, code: String }
