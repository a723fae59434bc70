import GRDB
import KejinCore

/// The loan measures computed the plain way, by aggregating loan_balances ⨝ loans ⨝ enterprises
/// on every call, without `period_summary`. Two uses: the equivalence tests (summary == full
/// scan) and `kejin bench`, which times the dashboard's refresh path against this one.
/// Deliberately a fair baseline: it reads the stored `loans.is_tech` flag and only the balance
/// rows of the requested periods (through the primary key), and skip-scans for the periods.
enum FullScanBaseline {
    /// Distinct periods of loan_balances, oldest first, by a skip scan of the primary key
    /// (one index seek per period instead of reading every balance row).
    static func periods(_ session: any StoreSession) throws -> [Period] {
        try session.fetchColumn("""
            WITH RECURSIVE p(period) AS (
              SELECT min(period) FROM loan_balances
              UNION ALL
              SELECT (SELECT min(period) FROM loan_balances WHERE period > p.period) FROM p
              WHERE p.period IS NOT NULL)
            SELECT period FROM p WHERE period IS NOT NULL
            """, as: String.self).compactMap(Period.init)
    }
    static func periods(_ db: Database) throws -> [Period] { try periods(SQLiteSession(db: db)) }

    /// period → chain ('' = city) → measures. Borrowers: distinct enterprises with a positive
    /// balance in the measure. The city is the sum of the chain groups (the NULL chain group
    /// included): an enterprise has one chain, so the groups partition the borrowers.
    /// `regions`: only the enterprises of these regions ('' = no region); nil: every enterprise.
    /// (SQLite's spelling still: the measures' conditions use flags as booleans, PeriodSummary.Column.)
    static func load(_ session: any StoreSession, periods: [Period], regions: Set<String>? = nil) throws -> [String: [String: PeriodSummary.Measures]] {
        let measures = PeriodSummary.Column.allCases.map(\.condition).map { c in
            "sum(CASE WHEN \(c) THEN b.balance ELSE 0 END), "
                + "count(DISTINCT CASE WHEN \(c) AND b.balance > 0 THEN l.enterprise END)"
        }.joined(separator: ",\n  ")
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        try perChain(session, "count(*),\n  \(measures)", periods, regions) { period, chain, row in
            let m = try PeriodSummary.measures(row, from: 2)
            var city = result[period]?[""] ?? PeriodSummary.Measures()
            city.add(m)
            if let chain { result[period, default: [:]][chain] = m }
            result[period, default: [:]][""] = city
        }
        return result
    }

    /// period → chain ('' = city) → all-loan balance (the trend lines'), by the plainest scan
    /// that answers it.
    static func balances(_ session: any StoreSession, periods: [Period], regions: Set<String>? = nil) throws -> [String: [String: Int64]] {
        var result: [String: [String: Int64]] = [:]
        try perChain(session, "sum(b.balance)", periods, regions) { period, chain, row in
            let balance = try row.integer(2)
            result[period, default: [:]][""] = try GuaranteeBook.add(result[period]?[""] ?? 0, balance)
            if let chain { result[period, default: [:]][chain] = balance }
        }
        return result
    }

    /// The balances of `periods` (and `regions`) grouped per period and chain, `aggregates`
    /// from column 2 on; `body` gets the period, the chain (nil for enterprises without one)
    /// and the row.
    private static func perChain(_ session: any StoreSession, _ aggregates: String, _ periods: [Period], _ regions: Set<String>?,
                                 _ body: (String, String?, any SQLRow) throws -> Void) throws {
        guard !periods.isEmpty else { return }
        let keys = Array(Set(periods.map(\.key))).sorted()
        let codes = regions?.sorted() ?? []
        try session.cursor("""
            SELECT b.period, e.chain, \(aggregates)
            FROM loan_balances b
            JOIN loans l ON l.id = b.loan_id
            JOIN enterprises e ON e.code = l.enterprise
            WHERE b.period IN (\(PeriodSummary.marks(1, keys.count)))
              \(regions == nil ? "" : "AND \(RegionSummary.key) IN (\(PeriodSummary.marks(keys.count + 1, codes.count)))")
            GROUP BY b.period, e.chain
            """, (keys + codes).map(SQLValue.text)) { row in
            try body(try row.get(0), try row.get(1, as: String?.self), row)
            return true
        }
    }

    static func load(_ db: Database, periods: [Period], regions: Set<String>? = nil) throws -> [String: [String: PeriodSummary.Measures]] {
        try load(SQLiteSession(db: db), periods: periods, regions: regions)
    }
}

extension FullScanBaseline {
    /// The per-measure aggregates of a plain full scan, for the grouped queries below.
    private static let measures = PeriodSummary.Column.allCases.map(\.condition).map { c in
        "sum(CASE WHEN \(c) THEN b.balance ELSE 0 END), "
            + "count(DISTINCT CASE WHEN \(c) AND b.balance > 0 THEN l.enterprise END)"
    }.joined(separator: ",\n  ")

    /// One period's balances grouped by `keys`, each row: the keys, count(*), the measures.
    private static func grouped(_ session: any StoreSession, _ keys: [String], period: Period,
                                _ row: (any SQLRow) throws -> Void) throws {
        try session.cursor("""
            SELECT \(keys.joined(separator: ", ")), count(*), \(measures)
            FROM loan_balances b
            JOIN loans l ON l.id = b.loan_id
            JOIN enterprises e ON e.code = l.enterprise
            WHERE b.period = ?1
            GROUP BY \(keys.joined(separator: ", "))
            """, [.text(period.key)]) { try row($0); return true }
    }

    /// bank → chain ('' = no chain) → measures of one period, aggregated plainly with
    /// count(DISTINCT …): the reference `bank_summary` is compared with in the tests.
    static func byBankAndChain(_ session: any StoreSession, period: Period) throws -> [String: [String: PeriodSummary.Measures]] {
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        try grouped(session, ["l.bank", "coalesce(e.chain, '')"], period: period) { row in
            result[try row.get(0), default: [:]][try row.get(1)] = try PeriodSummary.measures(row, from: 2)
        }
        return result
    }
    static func byBankAndChain(_ db: Database, period: Period) throws -> [String: [String: PeriodSummary.Measures]] {
        try byBankAndChain(SQLiteSession(db: db), period: period)
    }

    /// "region" → chain ('' = the region's total) and "region bank" → chain ('' = no chain) of
    /// one period, aggregated plainly: what region_summary and region_bank_summary must hold;
    /// and bank → chain, those rows summed over the regions (a firm is in one region, or none:
    /// no borrower counts twice): what bank_summary must hold, without a scan of its own.
    static func byRegion(_ session: any StoreSession, period: Period) throws -> RegionMeasures {
        var chains: [String: [String: PeriodSummary.Measures]] = [:]
        // A region's total is the sum of its chains' rows and its firms' without a chain: a firm
        // is in one chain or none, so no borrower counts twice (one scan of the month, not two).
        try grouped(session, [RegionSummary.key, "e.chain"], period: period) { row in
            let region: String = try row.get(0), measures = try PeriodSummary.measures(row, from: 2)
            if let chain = try row.get(1, as: String?.self) { chains[region, default: [:]][chain] = measures }
            try chains[region, default: [:]]["", default: PeriodSummary.Measures()].sum(measures)
        }
        var banks: [String: [String: PeriodSummary.Measures]] = [:], byBank: [String: [String: PeriodSummary.Measures]] = [:]
        try grouped(session, [RegionSummary.key, "l.bank", "coalesce(e.chain, '')"], period: period) { row in
            let bank: String = try row.get(1), chain: String = try row.get(2), measures = try PeriodSummary.measures(row, from: 3)
            banks["\(try row.get(0, as: String.self)) \(bank)", default: [:]][chain] = measures
            try byBank[bank, default: [:]][chain, default: PeriodSummary.Measures()].sum(measures)
        }
        return RegionMeasures(chains: chains, banks: banks, byBank: byBank)
    }

    /// A month's measures per region (FullScanBaseline.byRegion).
    struct RegionMeasures {
        /// "region" → chain ('' = the region's total).
        var chains: [String: [String: PeriodSummary.Measures]]
        /// "region bank" → chain ('' = no chain).
        var banks: [String: [String: PeriodSummary.Measures]]
        /// bank → chain ('' = no chain), over every region.
        var byBank: [String: [String: PeriodSummary.Measures]]
    }
}

extension Store {
    /// The same `Figures` as `figures(for:)`, with every loan measure aggregated from
    /// loan_balances on the spot instead of read from `period_summary`. For benchmarks and tests.
    public func fullScanFigures(for period: Period, region: String? = nil) throws -> Figures {
        try readSession { try FiguresQuery(session: $0, period: period, loanMeasures: .fullScan, region: region).figures() }
    }

    /// The periods with loan balances, found from loan_balances rather than the summary.
    public func fullScanPeriods() throws -> [Period] {
        try readSession { try FullScanBaseline.periods($0) }
    }
}
