import KejinCore

/// The interest-subsidy claims kept per bank and month (schema v27): `subsidy_summary`, a row
/// per (bank, month) with
///
/// - `claims`, `claimed`: the claims made that month, and their amount;
/// - `paid`: what was paid on claims that count as paid from that month on — the later of the
///   claim's and the payment's month, so a month's figure is "claimed and paid by then";
/// - `loans`: the bank's distinct loans first claimed that month.
///
/// A month's figures (SubsidyBook.figures) are each bank's sums of its rows up to that month.
/// Why: the viewer's first frame read every claim to sum them (10,310 claims at 1M loans,
/// ~20 ms of CPU on the frame's critical path, growing with the store); now a row per bank and
/// month. Reference data, imported rarely: an import writing claims recomputes the whole table
/// in its transaction (`refresh`), from `freshSQL`, which `kejin store check` compares it with.
enum SubsidySummary {
    static let table = "subsidy_summary"

    static func exists(_ s: any StoreSession) throws -> Bool { try s.tableExists(table) }

    static let tableDDL = """
        CREATE TABLE \(table)(
            bank TEXT NOT NULL, month TEXT NOT NULL,
            claims INTEGER NOT NULL, claimed INTEGER NOT NULL, paid INTEGER NOT NULL, loans INTEGER NOT NULL,
            PRIMARY KEY(bank, month)) WITHOUT ROWID
        """

    /// v27 (with FirstLoanBook's index): the table, filled from the claims.
    static func create(_ s: any StoreSession) throws {
        try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
        try recompute(s)
    }

    /// The rows from the claims as they are: the table's definition, on both engines (the
    /// months are ASCII dates' first seven characters, so any collation orders them alike).
    static let freshSQL: String = {
        let claims = InterestSubsidy.claims.table
        let claimMonth = "substr(claimed_date, 1, 7)", paidMonth = "substr(paid_date, 1, 7)"
        return """
            SELECT bank, month, CAST(sum(claims) AS BIGINT) AS claims, CAST(sum(claimed) AS BIGINT) AS claimed,
                   CAST(sum(paid) AS BIGINT) AS paid, CAST(sum(loans) AS BIGINT) AS loans
            FROM (
              SELECT bank, \(claimMonth) AS month, 1 AS claims, claimed, 0 AS paid, 0 AS loans FROM \(claims)
              UNION ALL
              SELECT bank, CASE WHEN \(paidMonth) > \(claimMonth) THEN \(paidMonth) ELSE \(claimMonth) END,
                     0, 0, coalesce(paid, 0), 0
              FROM \(claims) WHERE paid_date IS NOT NULL
              UNION ALL
              SELECT bank, min(\(claimMonth)), 0, 0, 0, 1 FROM \(claims) GROUP BY bank, loan
            ) AS c
            GROUP BY bank, month
            """
    }()

    /// Rebuilds the table from every claim (a few hundred rows from ~10k claims).
    static func recompute(_ s: any StoreSession) throws {
        try s.execute("DELETE FROM \(table)")
        try s.execute("INSERT INTO \(table)(bank, month, claims, claimed, paid, loans) \(freshSQL)")
    }

    /// After an import (its transaction): claims written, the table rebuilt.
    static func refresh(_ s: any StoreSession, entities: Set<Entity>) throws {
        if entities.contains(.subsidyClaims), try exists(s) { try recompute(s) }
    }

    struct Row: Sendable, Equatable {
        var bank: String, month: String
        var claims: Int, claimed: Int64, paid: Int64, loans: Int
    }

    /// Every row by bank and month: kept, or recomputed from the claims (`kept: false`, and a
    /// store made before v27: tests' older stores).
    static func rows(_ s: any StoreSession, kept: Bool? = nil) throws -> [Row] {
        let kept = try kept ?? exists(s)
        let sql = kept ? "SELECT bank, month, claims, claimed, paid, loans FROM \(table)" : freshSQL
        return try s.fetch("SELECT * FROM (\(sql)) AS r ORDER BY bank, month").map { r in
            Row(bank: try r.get(0), month: try r.get(1), claims: Int(try r.get(2, as: Int64.self)), claimed: try r.get(3),
                paid: try r.get(4), loans: Int(try r.get(5, as: Int64.self)))
        }
    }

    /// The kept rows beside their recomputation (`kejin store check`), the whole table at once.
    static var kept: KeptRows {
        let columns = "bank, month, claims, claimed, paid, loans"
        return KeptRows(table: table, stored: "SELECT 'all', \(columns) FROM \(table)",
                        fresh: "SELECT 'all', \(columns) FROM (\(freshSQL)) AS f", arguments: [], keys: 2,
                        values: ["claims", "claimed", "paid", "loans"],
                        place: { "bank \(KeptRows.text($0[0])) month \(KeptRows.text($0[1]))" })
    }
}
