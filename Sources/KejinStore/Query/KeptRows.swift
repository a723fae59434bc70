/// One period of a kept summary table beside the query that recomputes it, as `kejin store
/// check` compares them: both queries give the period, the row's key columns, then its values
/// (whole numbers), in the same order.
///
/// The comparison runs in SQL, `stored EXCEPT fresh` and `fresh EXCEPT stored` in one statement,
/// so a consistent store hands the client an empty result instead of every row twice. (On
/// PostgreSQL in a debug build, decoding those rows was most of a demo check's ~15 CPU-s.) A key
/// whose row differs comes back from both sides; a missing or extra row from one. Both sides are
/// materialised once (`WITH … AS MATERIALIZED`, on both engines): as two statements, each ran
/// the recomputation — a scan of the period's balances — again.
struct KeptRows {
    /// The table, as the findings name it.
    let table: String
    /// The stored rows of period `?1` and the recomputation, with the same columns.
    let stored: String, fresh: String
    let arguments: [SQLValue]
    /// How many columns after the period make the key; the rest are values, named `values`.
    let keys: Int
    let values: [String]
    /// The key as the findings show it, e.g. "enterprise E tag T".
    let place: ([SQLValue]) -> String
    /// False when the period has nothing to recompute (every stored row is then extra).
    var recomputes = true

    struct Difference: Equatable {
        let place: String
        let stored: [Int64]?, fresh: [Int64]?
    }

    /// The places where the stored rows and the recomputed ones differ, sorted by place.
    func differences(_ s: any StoreSession) throws -> [Difference] {
        let fresh = recomputes ? "SELECT * FROM (\(self.fresh)) AS f" : "SELECT * FROM (\(self.fresh)) AS f WHERE 1 = 0"
        // Column 0 says the side (0: only stored, 1: only recomputed), column 1 is the period.
        let sql = """
            WITH kejin_stored AS MATERIALIZED (SELECT * FROM (\(self.stored)) AS s),
                 kejin_fresh AS MATERIALIZED (\(fresh))
            SELECT 0 AS side, d.* FROM (SELECT * FROM kejin_stored EXCEPT SELECT * FROM kejin_fresh) AS d
            UNION ALL
            SELECT 1 AS side, d.* FROM (SELECT * FROM kejin_fresh EXCEPT SELECT * FROM kejin_stored) AS d
            """
        var onlyStored: [String: [Int64]] = [:], onlyFresh: [String: [Int64]] = [:]
        try s.cursor(sql, arguments) { row in
            let all = row.values
            let values = try (keys + 2..<all.count).map { try row.get($0, as: Int64.self) }
            if try row.get(0, as: Int64.self) == 0 {
                onlyStored[place(Array(all[2...keys + 1]))] = values
            } else {
                onlyFresh[place(Array(all[2...keys + 1]))] = values
            }
            return true
        }
        return Set(onlyStored.keys).union(onlyFresh.keys).sorted().map {
            Difference(place: $0, stored: onlyStored[$0], fresh: onlyFresh[$0])
        }
    }

    /// A side of a difference as the findings show it: "balance 1, loans 2", or "no row".
    func shown(_ side: [Int64]?) -> String {
        side.map { zip(values, $0).map { "\($0) \($1)" }.joined(separator: ", ") } ?? "no row"
    }

    /// A key value as the place shows it: text bare, a number as digits.
    static func text(_ value: SQLValue) -> String {
        switch value {
        case .text(let t): return t
        case .integer(let i): return "\(i)"
        case .null: return ""
        case .blob(let b): return "\(b.count) bytes"
        }
    }
}
