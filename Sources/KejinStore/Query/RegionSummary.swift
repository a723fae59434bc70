import GRDB
import KejinCore

/// The loan measures per region, kept beside `period_summary` and `bank_summary` by the same
/// recompute and delta (PeriodSummary.swift, SummaryDelta.swift):
///
/// - `region_summary` (period, region, chain): like period_summary, with chain '' the
///   region's total;
/// - `region_bank_summary` (period, region, bank, chain): like bank_summary (chain '' = no chain).
///
/// `region` is the borrowing enterprise's own region ('' for none; it may be a county, a city
/// or a province). A region's figures are the sum of the rows of every region in its subtree
/// (the regions table is small): exact, borrowers included, because an enterprise is in one
/// region only, so regions partition borrowers as chains do. The store-wide figures keep
/// reading period_summary and bank_summary as before, so they cost what they did; a county
/// reads its own rows (as many as the whole store has without regions), a city the rows of
/// its counties.
enum RegionSummary {
    /// The migration body (v9): the regions table, the region columns, the two summaries,
    /// filled for the periods already stored.
    static func migrate(_ db: Database) throws {
        let measures = PeriodSummary.columnNames.split(separator: ", ").map { "\($0) INTEGER NOT NULL" }
            .joined(separator: ",\n    ")
        try db.execute(sql: """
            CREATE TABLE regions(
                code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, parent TEXT,
                level TEXT NOT NULL);
            ALTER TABLE enterprises ADD COLUMN region TEXT;
            ALTER TABLE institutions ADD COLUMN region TEXT;
            -- A region's guarantors look up its enterprises (100k at province scale).
            CREATE INDEX enterprises_region ON enterprises(region);
            CREATE TABLE region_summary(
                period TEXT NOT NULL, region TEXT NOT NULL, chain TEXT NOT NULL,
                \(measures),
                PRIMARY KEY(period, region, chain)) WITHOUT ROWID;
            CREATE TABLE region_bank_summary(
                period TEXT NOT NULL, region TEXT NOT NULL, bank TEXT NOT NULL, chain TEXT NOT NULL,
                \(measures),
                PRIMARY KEY(period, region, bank, chain)) WITHOUT ROWID;
            """)
        try PeriodSummary.recompute(SQLiteSession(db: db), periods: PeriodSummary.periods(db).map(\.key))
    }

    static func exists(_ session: any StoreSession) throws -> Bool { try session.tableExists("region_summary") }

    /// The region key of an enterprise row `e`.
    static let key = "coalesce(e.region, '')"

    /// A region's codes as one SQL argument: `column IN (SELECT value FROM json_each(?))`.
    static func json(_ codes: Set<String>) -> String {
        let quoted = codes.sorted().map { code -> String in
            let escaped = code.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return "[" + quoted.joined(separator: ",") + "]"
    }

    /// A period's (?1) rows from summary_groups (BankSummary.createGroups: per bank and
    /// enterprise, with the enterprise's region), written inside the engine (on PostgreSQL each row
    /// was a round trip: a month of 200 banks in 80 counties, ~1,300). region_summary: per
    /// region and chain, and a region's total (chain '', its firms of no chain too), both over
    /// the groups summed per enterprise once (an enterprise has one chain and one region);
    /// region_bank_summary: per region, bank and chain.
    private static let insertRowsSQL = [
        """
        INSERT INTO region_summary(period, region, chain, \(PeriodSummary.columnNames))
        WITH per_enterprise AS (
          SELECT region, chain, enterprise, sum(n) AS n,
            \(PeriodSummary.Column.allCases.map { "sum(m\($0.rawValue)) AS m\($0.rawValue)" }.joined(separator: ", "))
          FROM summary_groups GROUP BY region, chain, enterprise)
        SELECT ?1, region, chain, sum(n), \(PeriodSummary.groupMeasures.joined(separator: ", "))
        FROM per_enterprise WHERE chain IS NOT NULL GROUP BY region, chain
        UNION ALL
        SELECT ?1, region, '', sum(n), \(PeriodSummary.groupMeasures.joined(separator: ", "))
        FROM per_enterprise GROUP BY region
        """,
        """
        INSERT INTO region_bank_summary(period, region, bank, chain, \(PeriodSummary.columnNames))
        SELECT ?1, region, bank, coalesce(chain, ''), sum(n), \(PeriodSummary.groupMeasures.joined(separator: ", "))
        FROM summary_groups GROUP BY region, bank, coalesce(chain, '')
        """,
    ]

    /// Rebuilds one period's rows from the groups `BankSummary.recompute` left.
    static func recompute(_ s: any StoreSession, period: String) throws {
        try s.execute("DELETE FROM region_summary WHERE period = ?1", period)
        try s.execute("DELETE FROM region_bank_summary WHERE period = ?1", period)
        for sql in insertRowsSQL { try s.execute(sql, period) }
    }

    private static let sums = PeriodSummary.columnNames.split(separator: ", ").map { "sum(\($0))" }.joined(separator: ", ")

    /// period → chain ('' = the regions' total) → measures, summed over `regions`.
    /// `load`'s statement.
    static func loadRead(_ periods: [Period], regions: Set<String>) -> Prefetch {
        let codes = regions.sorted()
        return Prefetch("""
            SELECT period, chain, \(sums) FROM region_summary
            WHERE period IN (\(PeriodSummary.marks(1, periods.count))) AND region IN (\(PeriodSummary.marks(periods.count + 1, codes.count)))
            GROUP BY period, chain
            """, periods.map { .text($0.key) } + codes.map(SQLValue.text))
    }

    /// `PeriodSummary.balancesRead`, summed over `regions`.
    static func balancesRead(_ periods: [Period], regions: Set<String>) -> Prefetch {
        let codes = regions.sorted()
        return Prefetch("""
            SELECT period, chain, sum(all_balance) FROM region_summary
            WHERE period IN (\(PeriodSummary.marks(1, periods.count))) AND region IN (\(PeriodSummary.marks(periods.count + 1, codes.count)))
            GROUP BY period, chain
            """, periods.map { .text($0.key) } + codes.map(SQLValue.text))
    }

    static func load(_ session: any StoreSession, periods: [Period], regions: Set<String>) throws -> [String: [String: PeriodSummary.Measures]] {
        guard !periods.isEmpty else { return [:] }
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        let read = loadRead(periods, regions: regions)
        try session.cursor(read) { row in
            result[try row.get(0), default: [:]][try row.get(1)] = try PeriodSummary.measures(row, from: 2)
            return true
        }
        return result
    }

    /// Each region's total ('' chain rows) for the given periods: period → region → measures.
    static func totals(_ session: any StoreSession, periods: [Period]) throws -> [String: [String: PeriodSummary.Measures]] {
        guard !periods.isEmpty else { return [:] }
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        try session.cursor("""
            SELECT period, region, \(PeriodSummary.columnNames) FROM region_summary
            WHERE period IN (\(PeriodSummary.marks(1, periods.count))) AND chain = ''
            """, periods.map { .text($0.key) }) { row in
            result[try row.get(0), default: [:]][try row.get(1)] = try PeriodSummary.measures(row, from: 2)
            return true
        }
        return result
    }

    /// Stored rows of one period: region → chain → measures (`kejin store check`).
    static func stored(_ session: any StoreSession, period: Period) throws -> [String: [String: PeriodSummary.Measures]] {
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        try session.cursor("SELECT region, chain, \(PeriodSummary.columnNames) FROM region_summary WHERE period = ?1", [.text(period.key)]) { row in
            result[try row.get(0), default: [:]][try row.get(1)] = try PeriodSummary.measures(row, from: 2)
            return true
        }
        return result
    }

    /// Stored rows of one period: "region bank" → chain → measures (`kejin store check`).
    static func storedBanks(_ session: any StoreSession, period: Period) throws -> [String: [String: PeriodSummary.Measures]] {
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        try session.cursor("""
            SELECT region, bank, chain, \(PeriodSummary.columnNames) FROM region_bank_summary WHERE period = ?1
            """, [.text(period.key)]) { row in
            result["\(try row.get(0, as: String.self)) \(try row.get(1, as: String.self))", default: [:]][try row.get(2)]
                = try PeriodSummary.measures(row, from: 3)
            return true
        }
        return result
    }

    /// The store's regions (none before v9).
    static func tree(_ session: any StoreSession) throws -> RegionTree {
        guard try session.tableExists("regions") else { return .empty }
        return RegionTree(try session.fetch("SELECT code, name_zh, name_en, parent, level FROM regions").compactMap { row in
            guard let level = RegionLevel(rawValue: try row.get(4)) else { return nil }
            return Region(code: try row.get(0), name: Names(zh: try row.get(1), en: try row.get(2)), parent: try row.get(3), level: level)
        })
    }
    static func tree(_ db: Database) throws -> RegionTree { try tree(SQLiteSession(db: db)) }
}
