import GRDB
import KejinCore

/// The loan measures per (period, bank, chain), kept beside `period_summary` by the same
/// recompute, so the Banks, Four-loans and chain → banks screens read a few hundred summary
/// rows instead of a month of balances (1M loans: ~3 s → milliseconds).
///
/// Why (bank, chain) and not bank alone: borrowers are distinct enterprises, and an enterprise
/// has one chain, so chains partition a bank's borrowers — a bank's figures are the exact sum
/// of its (bank, chain) rows, and a chain's banks are its rows as they are. Chain '' holds the
/// enterprises without a chain. A chain's own figures (borrowing from several banks) come
/// from period_summary, never from summing banks.
enum BankSummary {
    /// The migration body (v7): create the table; `PeriodSummary.recompute` fills it.
    static func migrate(_ db: Database) throws {
        let measures = PeriodSummary.columnNames.split(separator: ", ").map { "\($0) INTEGER NOT NULL" }
        try db.execute(sql: """
            CREATE TABLE bank_summary(
                period TEXT NOT NULL, bank TEXT NOT NULL, chain TEXT NOT NULL,
                \(measures.joined(separator: ",\n    ")),
                PRIMARY KEY(period, bank, chain)) WITHOUT ROWID
            """)
    }

    static func exists(_ session: any StoreSession) throws -> Bool { try session.tableExists("bank_summary") }

    /// The rows of one period, computed from loan_balances: bank, chain, count, measures
    /// (`kejin store check`).
    static let rowsSQL = PeriodSummary.groupedSQL(keys: ["l.bank", "coalesce(e.chain, '')"])

    /// The recompute reads a period's balances once, into per-(bank, enterprise) groups (a few
    /// per enterprise); bank rows and period_summary's chain rows both aggregate those.
    /// The groups carry the enterprise's region for RegionSummary ('' before the v9 migration),
    /// and `lent`, the loans with a positive balance, for EnterpriseSummary.
    /// A temp table of the session (both engines: unqualified; BIGINT, as sums of fen need 64 bits).
    static func createGroups(_ s: any StoreSession) throws {
        let sums = PeriodSummary.Column.allCases.map { "m\($0.rawValue) BIGINT" }.joined(separator: ", ")
        try s.execute("CREATE TEMP TABLE IF NOT EXISTS summary_groups(bank TEXT, chain TEXT, region TEXT, enterprise TEXT, n BIGINT, \(sums), lent BIGINT)")
    }

    /// Groups the balances per (bank, enterprise) first, then looks each group's enterprise up
    /// once (its chain and region), not once per balance row: 1.05 → 0.82 CPU-s a month at 300k
    /// loans. (An enterprise has one chain and one region; a loan of an enterprise not in
    /// enterprises counts nowhere, as with a join per row.)
    private static func groupsSQL(regions: Bool) -> String {
        let sums = PeriodSummary.Column.allCases.map { "g.m\($0.rawValue)" }.joined(separator: ", ")
        return """
            INSERT INTO summary_groups
            SELECT g.bank, e.chain, \(regions ? RegionSummary.key : "''"), g.enterprise, g.n, \(sums), g.lent
            FROM (SELECT l.bank AS bank, l.enterprise AS enterprise, count(*) AS n, \(PeriodSummary.balanceSums.joined(separator: ", ")),
                         sum(CASE WHEN b.balance > 0 THEN 1 ELSE 0 END) AS lent
                  FROM loan_balances b
                  JOIN loans l ON l.id = b.loan_id
                  WHERE b.period = ?1
                  GROUP BY l.bank, l.enterprise) AS g
            JOIN enterprises e ON e.code = g.enterprise
            """
    }
    /// A period's (?1) rows from the groups, written inside the engine: the rows never travel
    /// (on PostgreSQL they were a round trip each).
    private static let insertBankRowsSQL = """
        INSERT INTO bank_summary(period, bank, chain, \(PeriodSummary.columnNames))
        SELECT ?1, bank, coalesce(chain, ''), sum(n), \(PeriodSummary.groupMeasures.joined(separator: ", "))
        FROM summary_groups GROUP BY bank, coalesce(chain, '')
        """
    /// period_summary's chain rows (chain, count, measures) from the groups: per enterprise first.
    static let chainRowsSQL = """
        SELECT chain, sum(n), \(PeriodSummary.groupMeasures.joined(separator: ", "))
        FROM (SELECT chain, enterprise, sum(n) AS n,
                \(PeriodSummary.Column.allCases.map { "sum(m\($0.rawValue)) AS m\($0.rawValue)" }.joined(separator: ", "))
              FROM summary_groups GROUP BY chain, enterprise) AS per_enterprise
        GROUP BY chain
        """

    /// Rebuilds one period's rows from loan_balances, leaving its groups in summary_groups.
    /// `regions`: the store has enterprises.region (v9).
    static func recompute(_ s: any StoreSession, period: String, regions: Bool) throws {
        try s.execute("DELETE FROM summary_groups")
        try s.execute(groupsSQL(regions: regions), period)
        try s.execute("DELETE FROM bank_summary WHERE period = ?1", period)
        try s.execute(insertBankRowsSQL, period)
    }

    /// Stored rows of one period: bank → chain → measures (optionally one chain only). With
    /// `regions`, the sum of region_bank_summary's rows over those regions (RegionSummary.swift).
    static func load(_ session: any StoreSession, period: Period, chain: String? = nil,
                     regions: Set<String>? = nil) throws -> [String: [String: PeriodSummary.Measures]] {
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        var arguments: [SQLValue] = [.text(period.key)]
        var filter = ""
        if let chain { arguments.append(.text(chain)); filter = "AND chain = ?2" }
        let codes = regions?.sorted() ?? []
        let sql = regions == nil ? """
            SELECT bank, chain, \(PeriodSummary.columnNames) FROM bank_summary WHERE period = ?1 \(filter)
            """ : """
            SELECT bank, chain, \(sums) FROM region_bank_summary
            WHERE period = ?1 \(filter) AND region IN (\(PeriodSummary.marks(arguments.count + 1, codes.count)))
            GROUP BY bank, chain
            """
        try session.cursor(sql, arguments + codes.map(SQLValue.text)) { row in
            result[try row.get(0), default: [:]][try row.get(1)] = try PeriodSummary.measures(row, from: 2)
            return true
        }
        return result
    }
    static func load(_ db: Database, period: Period, chain: String? = nil,
                     regions: Set<String>? = nil) throws -> [String: [String: PeriodSummary.Measures]] {
        try load(SQLiteSession(db: db), period: period, chain: chain, regions: regions)
    }

    private static let sums = PeriodSummary.columnNames.split(separator: ", ").map { "sum(\($0))" }.joined(separator: ", ")

    /// One period per bank: the sum of its chains' rows (exact, see above); with `regions`, of
    /// its rows in those regions (exact too: regions partition borrowers). Summed here, not by
    /// a GROUP BY: SQLite's 21 aggregates per bank cost several times the reading of the rows
    /// (~200 a month at 1M loans; the Banks screen reads them).
    static func byBank(_ session: any StoreSession, period: Period, regions: Set<String>? = nil) throws -> [String: PeriodSummary.Measures] {
        var result: [String: PeriodSummary.Measures] = [:]
        let read = byBankRead(period: period, regions: regions)
        try session.cursor(read) { row in
            try result[try row.get(0), default: PeriodSummary.Measures()].sum(PeriodSummary.measures(row, from: 1))
            return true
        }
        return result
    }

    /// Each bank's balance of all loans and of tech loans in `period` (summed over `regions`):
    /// the two columns the NPL ratios need, not `byBank`'s 21 measures (~200 rows a month at
    /// 1M loans, read by every month's figures).
    static func balances(_ session: any StoreSession, period: Period, regions: Set<String>? = nil) throws -> [String: (all: Int64, tech: Int64)] {
        var result: [String: (all: Int64, tech: Int64)] = [:]
        let read = balancesRead(period: period, regions: regions)
        try session.cursor(read) { row in
            let bank: String = try row.get(0), sum = result[bank] ?? (0, 0)
            result[bank] = (try GuaranteeBook.add(sum.all, row.integer(1)), try GuaranteeBook.add(sum.tech, row.integer(2)))
            return true
        }
        return result
    }

    /// `byBank`'s one statement, to send ahead (`StoreSession.prefetch`).
    static func byBankRead(period: Period, regions: Set<String>? = nil) -> Prefetch {
        rows("bank, \(PeriodSummary.columnNames)", period: period, regions: regions)
    }

    /// `balances`' one statement, to send ahead (`StoreSession.prefetch`).
    static func balancesRead(period: Period, regions: Set<String>? = nil) -> Prefetch {
        rows("bank, all_balance, tech_balance", period: period, regions: regions)
    }

    /// `columns` of the period's per-bank rows: bank_summary's, or with `regions`
    /// region_bank_summary's in those regions (summed per bank by the caller).
    private static func rows(_ columns: String, period: Period, regions: Set<String>?) -> Prefetch {
        guard let regions else { return Prefetch("SELECT \(columns) FROM bank_summary WHERE period = ?1", [.text(period.key)]) }
        let codes = regions.sorted()
        return Prefetch("SELECT \(columns) FROM region_bank_summary WHERE period = ?1 AND region IN (\(PeriodSummary.marks(2, codes.count)))",
                        [.text(period.key)] + codes.map(SQLValue.text))
    }

    /// The same rows recomputed from loan_balances (for `kejin store check`).
    static func fresh(_ session: any StoreSession, period: Period) throws -> [String: [String: PeriodSummary.Measures]] {
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        try session.cursor(rowsSQL, [.text(period.key)]) { row in
            result[try row.get(0), default: [:]][try row.get(1)] = try PeriodSummary.measures(row, from: 2)
            return true
        }
        return result
    }
}
