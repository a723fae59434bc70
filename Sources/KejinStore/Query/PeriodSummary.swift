import GRDB
import KejinCore

/// The loan-balance summary that keeps `figures(for:)` fast on big stores.
///
/// Design: loan_balances grows to (loans × months) rows — 24 M for 1 M loans over two years —
/// far too many to aggregate per dashboard frame. Every loan measure the screens need is a sum
/// of balances and a count of distinct borrowers over a fixed set of loan properties (`Column`:
/// tech, purpose, IP pledge, re-lending funded, the four loans among tech loans), so the
/// importer keeps, inside the import transaction, one row per (period, chain) in
/// `period_summary`, plus one for the whole city (chain ''), and one per (period, bank, chain)
/// in `bank_summary` (BankSummary.swift). An enterprise belongs to at most one chain, so chains
/// partition borrowers: the city row is the sum of the chain rows (including the 'no chain'
/// group), and a bank the sum of its (bank, chain) rows. Each row also counts its balance
/// rows, so a delta can tell when a group appears or disappears.
///
/// How they are kept (`refresh`): a balance-only import under a twentieth of the loans updates
/// its periods by delta (SummaryDelta.swift: exact, distinct borrowers included). Otherwise
/// loan balances recompute the periods they were written for; written loans, and the loans of
/// enterprises whose chain or tags were written, recompute their tech flag and every period in
/// which any of them has a balance (when at least half of all loans were written: every loan's
/// flag and every period, in one pass). Figures then read at most 14 periods × chains summary
/// rows, and the small tables (draws, guarantees, pools) directly. The same measures per
/// region (region_summary, region_bank_summary) are kept beside them: RegionSummary.swift;
/// the enterprise lists' figures per (chain, bank, enterprise): EnterpriseSummary.swift; the
/// Programme screen's whitelist coverage and ledger spreads: ProgrammeSummary.swift.
enum PeriodSummary {
    /// The measures of one summary row.
    struct Measures: Equatable {
        /// Balance rows in the group (a row exists while this is > 0; the delta needs it).
        var rows: Int64 = 0
        var balance: [Int64] = Array(repeating: 0, count: Column.allCases.count)
        var borrowers: [Int64] = Array(repeating: 0, count: Column.allCases.count)

        func balance(_ c: Column) -> Int64 { balance[c.rawValue] }
        func borrowers(_ c: Column) -> Int { Int(borrowers[c.rawValue]) }

        /// Adds a group that shares no borrower with this one (chains partition enterprises).
        mutating func add(_ other: Measures, times sign: Int64 = 1) {
            rows += sign * other.rows
            for i in balance.indices { balance[i] += sign * other.balance[i]; borrowers[i] += sign * other.borrowers[i] }
        }

        /// Adds another group's measures as SQL's `sum` would: past Int64 is the seam's
        /// integer-overflow error, not a trap.
        mutating func sum(_ other: Measures) throws {
            rows = try GuaranteeBook.add(rows, other.rows)
            for i in balance.indices {
                balance[i] = try GuaranteeBook.add(balance[i], other.balance[i])
                borrowers[i] = try GuaranteeBook.add(borrowers[i], other.borrowers[i])
            }
        }
    }

    /// The measured loan sets. The four loans (first, credit, renewal, revolving) count only
    /// tech loans, as the Four-loans and Banks screens show them (metrics.md).
    enum Column: Int, CaseIterable {
        case all, tech, innovation, transformation, ip, relending, first, credit, renewal, revolving
        var name: String { "\(self)" }

        /// The loans in the set, as SQL over `loans l` (also used by FullScanBaseline). A boolean
        /// on both engines: flags are 0/1 integers, so they are compared (PostgreSQL has no
        /// integer truth).
        var condition: String {
            switch self {
            case .all: "1 = 1"
            case .tech: "l.is_tech = 1"
            case .innovation: "l.purpose = 'tech_innovation'"
            case .transformation: "l.purpose = 'tech_transformation'"
            case .ip: "l.ip_pledge = 1"
            case .relending: "l.relending_draw IS NOT NULL"
            case .first: "l.is_tech = 1 AND l.first_loan = 1"
            case .credit: "l.is_tech = 1 AND l.credit_loan = 1"
            case .renewal: "l.is_tech = 1 AND l.renewal = 1"
            case .revolving: "l.is_tech = 1 AND l.revolving = 1"
            }
        }
    }

    /// The measure columns of period_summary and bank_summary: balance rows, then balance and
    /// borrowers in Column order.
    static let columnNames = "balance_rows, " + Column.allCases.map { "\($0.name)_balance, \($0.name)_borrowers" }.joined(separator: ", ")
    static let columnCount = 1 + 2 * Column.allCases.count
    /// period_summary's columns before v7 (no row count, no four loans).
    static let legacyColumnNames = Column.allCases.prefix(through: Column.relending.rawValue)
        .map { "\($0.name)_balance, \($0.name)_borrowers" }.joined(separator: ", ")

    static let periodsSQL = "SELECT period FROM period_summary WHERE chain = '' ORDER BY period"
    /// Periods with loan balances, oldest first (the city rows of the summary).
    static func periods(_ session: any StoreSession) throws -> [Period] {
        try session.fetchColumn(periodsSQL, as: String.self).compactMap(Period.init)
    }
    static func periods(_ db: Database) throws -> [Period] { try periods(SQLiteSession(db: db)) }

    /// Brings derived data up to date after an import wrote `loans`, the chain or tags of
    /// `enterprises`, and balances of `balancePeriods`.
    /// `facts`: PeriodGroups read before, of the loans and firms as they are (none written).
    static func refresh(_ s: any StoreSession, loans: Set<Int64>, enterprises: Set<String>,
                        balancePeriods: Set<String>, changes: BalanceChanges? = nil, facts: PeriodGroups? = nil,
                        streamed: [String: [PeriodGroups.LoanBalance]] = [:]) throws {
        var periods = balancePeriods
        // Balances alone, recorded as written: by delta (SummaryDelta.swift).
        if loans.isEmpty, enterprises.isEmpty, let changes, try changes.covers() {
            try changes.apply(periods: balancePeriods)
            return
        }
        // Most loans written (a first or full import): one pass over every loan instead of
        // a temp table of ids (1M loans: ~3 s → ~1 s), and every period with balances. The
        // written loans got their flag with the row (RowWriters: References.isTech, this
        // definition in Swift), so the other loans' flags can change only when enterprises'
        // chains or tags were written too; a loans file alone skips the pass (1M: ~0.5 s).
        if !loans.isEmpty, loans.count * 2 >= (try s.fetchOne("SELECT count(*) FROM loans", as: Int.self) ?? 0) {
            if !enterprises.isEmpty { try s.execute("UPDATE loans SET is_tech = \(isTech) WHERE is_tech IS DISTINCT FROM \(isTech)") }
            try recompute(s, periods: Array(periods.union(Self.periods(s).map(\.key))), streamed: streamed)
            return
        }
        if !loans.isEmpty || !enterprises.isEmpty {
            // The affected loans, in a temp table so SQL can join them.
            try s.execute("CREATE TEMP TABLE IF NOT EXISTS affected_loans(id BIGINT PRIMARY KEY)")
            try s.execute("DELETE FROM affected_loans")
            // In bulk (PostgreSQL: one COPY, not a round trip per loan), then the enterprises'
            // loans with one statement (it was one per enterprise: an enterprises file of 100,000
            // firms, 100,000 round trips).
            if !loans.isEmpty {
                try s.load(into: "affected_loans", columns: ["id"]) { append in
                    for id in loans { try append([.integer(id)]) }
                }
            }
            if !enterprises.isEmpty {
                try s.execute("CREATE TEMP TABLE IF NOT EXISTS affected_enterprises(code TEXT PRIMARY KEY)")
                try s.execute("DELETE FROM affected_enterprises")
                try s.load(into: "affected_enterprises", columns: ["code"]) { append in
                    for code in enterprises { try append([.text(code)]) }
                }
                try s.updateStatistics(of: "affected_enterprises")
                try s.execute("""
                    INSERT INTO affected_loans(id) SELECT l.id FROM affected_enterprises a CROSS JOIN loans l ON l.enterprise = a.code
                    WHERE 1 = 1 ON CONFLICT DO NOTHING
                    """)
                try s.execute("DELETE FROM affected_enterprises")
            }

            try s.updateStatistics(of: "affected_loans")
            try s.execute("UPDATE loans SET is_tech = \(isTech) WHERE id IN (SELECT id FROM affected_loans)")
            let hasBalance = try s.prepare("""
                SELECT EXISTS(SELECT 1 FROM affected_loans a
                              CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = a.id)
                """)
            for p in try Self.periods(s).map(\.key) where !periods.contains(p) {
                hasBalance.bind(1, .text(p))
                if let found = try hasBalance.fetchValue(), Bool.decode(found) == true { periods.insert(p) }
            }
            try s.execute("DELETE FROM affected_loans")
        }
        try recompute(s, periods: Array(periods), facts: loans.isEmpty && enterprises.isEmpty ? facts : nil, streamed: streamed)
        // A loan counts in the programme's whitelist from its start date, balance or not, and a
        // tag may list or unlist a firm: the other periods too (ProgrammeSummary.swift).
        if !loans.isEmpty || !enterprises.isEmpty {
            try ProgrammeSummary.refresh(s, entities: [], loansOrEnterprises: true, done: periods)
        }
    }

    /// On a GRDB connection (callers not yet on the seam: a withdrawal, migrations, tests).
    static func refresh(_ db: Database, loans: Set<Int64>, enterprises: Set<String>,
                        balancePeriods: Set<String>, changes: BalanceChanges? = nil) throws {
        try refresh(SQLiteSession(db: db), loans: loans, enterprises: enterprises, balancePeriods: balancePeriods, changes: changes)
    }

    static func recompute(_ db: Database, periods: [String]) throws {
        try recompute(SQLiteSession(db: db), periods: periods)
    }

    /// is_tech (1 or 0): the enterprise held a tech tag valid on the loan's start date (not a
    /// re-lending qualification such as `agri`: LedgerEligibility.techTags). (Also `kejin store check`.)
    /// `t.tag || ''`: one seek to the enterprise's few tags, not one per tech tag on (enterprise,
    /// tag) — at 1M loans with 2.7 tags per enterprise, 1.25 s → 0.5 s a pass. (SQLite's `+t.tag`
    /// says the same, but PostgreSQL has no unary plus on text.)
    static let isTech = """
        CASE WHEN EXISTS(SELECT 1 FROM enterprise_tags t WHERE t.enterprise = loans.enterprise
               AND t.valid_from <= loans.start_date AND t.valid_to >= loans.start_date
               AND t.tag || '' IN (\(LedgerEligibility.techTagList))) THEN 1 ELSE 0 END
        """

    /// Rebuilds the summary rows (period_summary, bank_summary, draw_summary, the region
    /// summaries, enterprise_summary) of the given periods from loan_balances (`streamed`: a
    /// period's rows as the import streamed them, RowWriters.streamedBalances).
    static func recompute(_ s: any StoreSession, periods: [String], facts: PeriodGroups? = nil,
                          streamed: [String: [PeriodGroups.LoanBalance]] = [:]) throws {
        // A store before v7 (only while tests import into an older schema): its own columns.
        let banks = try s.tableExists("bank_summary")
        let columns = banks ? columnNames : legacyColumnNames
        let columnList = ["period", "chain"] + columns.components(separatedBy: ", ")
        // With bank_summary: the chains from its per-(bank, enterprise) groups, not the balances again.
        if banks { try BankSummary.createGroups(s) }
        let draws = try s.tableExists(DrawSummary.Ledger.funded.table)
        let regions = try banks && s.tableExists("region_summary")
        let enterprises = try banks && s.tableExists(EnterpriseSummary.table)
        let programme = try ProgrammeSummary.exists(s)
        let products = try ProductSummary.exists(s)
        let npl = try NPLSummary.exists(s)
        // The current schema: the groups summed in Swift (PeriodGroups.swift), on either engine.
        // (No period, no read: a first loans file has no balances yet; 1M loans: ~1.2 s.)
        let inMemory = try !periods.isEmpty && regions && enterprises && products ? facts ?? PeriodGroups.read(s) : nil
        for period in Set(periods).sorted() {
            if draws { try DrawSummary.recompute(s, period: period) }
            if npl { try NPLSummary.recompute(s, period: period) }
            var chainRows: [(chain: String?, measures: Measures)]
            var firms: FirmBalances?
            if let inMemory, let sums = try inMemory.sums(s, period: period, streamed: streamed[period]) {
                chainRows = try inMemory.write(s, period: period, sums)
                if programme { firms = try inMemory.firmBalances(sums) }
            } else {
                if products { try ProductSummary.recompute(s, period: period) }
                if banks { try BankSummary.recompute(s, period: period, regions: regions) }
                if regions { try RegionSummary.recompute(s, period: period) }
                if enterprises { try EnterpriseSummary.recompute(s, period: period) }
                chainRows = try s.fetch(banks ? BankSummary.chainRowsSQL : groupedSQL(keys: ["e.chain"]), banks ? [] : [.text(period)])
                    .map { (try $0.get(0), try measures($0, from: 1)) }
            }
            try s.execute("DELETE FROM period_summary WHERE period = ?1", period)
            // One load, not a statement per chain (PostgreSQL: a round trip each).
            try s.load(into: "period_summary", columns: columnList) { append in
                var city = Measures()
                for (chain, m) in chainRows {
                    city.add(m)
                    if let chain { try append(arguments([period, chain], m, legacy: !banks)) }
                }
                // The city row marks the period as present, even when every balance is 0.
                if city.rows > 0 { try append(arguments([period, ""], city, legacy: !banks)) }
            }
            // After the city row: the programme's rows are kept for the periods it marks.
            if programme { try ProgrammeSummary.recompute(s, period: period, firms: firms) }
        }
        if banks { try s.execute("DELETE FROM summary_groups") }
    }

    /// One period's measures grouped by `keys` (SQL over `loans l`, `enterprises e`): the keys,
    /// the number of balance rows, then balance and borrowers per Column. Sums per enterprise
    /// first, then per group: an enterprise borrows in a measure when its sum there is > 0
    /// (balances are never negative, so that is "has a loan with balance > 0"). About 3×
    /// faster than count(DISTINCT …) per measure.
    static func groupedSQL(keys: [String]) -> String {
        let inner = balanceSums, outer = groupMeasures
        let names = keys.indices.map { "k\($0)" }
        return """
            SELECT \(names.joined(separator: ", ")), sum(n), \(outer.joined(separator: ", "))
            FROM (
              SELECT \(zip(keys, names).map { "\($0) AS \($1)" }.joined(separator: ", ")), count(*) AS n,
                \(inner.joined(separator: ",\n    "))
              FROM loan_balances b
              JOIN loans l ON l.id = b.loan_id
              JOIN enterprises e ON e.code = l.enterprise
              WHERE b.period = ?1
              GROUP BY \(names.joined(separator: ", ")), l.enterprise) AS per_enterprise
            GROUP BY \(names.joined(separator: ", "))
            """
    }

    /// Per enterprise (rows `b` ⨝ `l`): the balance sum of each Column, as m0, m1, …
    static let balanceSums = Column.allCases.map { "sum(CASE WHEN \($0.condition) THEN b.balance ELSE 0 END) AS m\($0.rawValue)" }
    /// Per group of enterprise rows: each Column's balance and borrowers (enterprises with a sum > 0).
    static let groupMeasures = Column.allCases.map { "sum(m\($0.rawValue)), sum(CASE WHEN m\($0.rawValue) > 0 THEN 1 ELSE 0 END)" }

    /// Measures read from `row` starting at column `first` (balance rows, then balance and
    /// borrowers per Column, as in `columnNames`).
    static func measures(_ row: Row, from first: Int) -> Measures {
        var m = Measures(rows: row[first] ?? 0)
        for c in Column.allCases {
            m.balance[c.rawValue] = row[first + 1 + 2 * c.rawValue] ?? 0
            m.borrowers[c.rawValue] = row[first + 2 + 2 * c.rawValue] ?? 0
        }
        return m
    }

    /// The same from a row on the seam (a NULL sum reads 0).
    static func measures(_ row: any SQLRow, from first: Int) throws -> Measures {
        var m = Measures(rows: try row.integer(first))
        for c in Column.allCases {
            m.balance[c.rawValue] = try row.integer(first + 1 + 2 * c.rawValue)
            m.borrowers[c.rawValue] = try row.integer(first + 2 + 2 * c.rawValue)
        }
        return m
    }

    /// A summary row's values: its keys, then its measures in `columnNames` order.
    static func arguments(_ keys: [String], _ m: Measures, legacy: Bool = false) -> [SQLValue] {
        var values: [SQLValue] = keys.map { .text($0) } + (legacy ? [] : [.integer(m.rows)])
        for c in Column.allCases where !legacy || c.rawValue <= Column.relending.rawValue {
            values.append(.integer(m.balance[c.rawValue]))
            values.append(.integer(m.borrowers[c.rawValue]))
        }
        return values
    }

    /// Summary rows of the given periods: period → chain ('' = city) → measures.
    static func load(_ session: any StoreSession, periods: [Period]) throws -> [String: [String: Measures]] {
        guard !periods.isEmpty else { return [:] }
        var result: [String: [String: Measures]] = [:]
        let read = loadRead(periods)
        try session.cursor(read) { row in
            result[try row.get(0), default: [:]][try row.get(1)] = try measures(row, from: 2)
            return true
        }
        return result
    }
    /// `load`'s statement.
    static func loadRead(_ periods: [Period]) -> Prefetch {
        Prefetch("SELECT period, chain, \(columnNames) FROM period_summary WHERE period IN (\(marks(1, periods.count)))",
                 periods.map { .text($0.key) })
    }
    /// period → chain → all-loan balance, from `balancesRead` (or its regions' version).
    static func balances(_ session: any StoreSession, _ read: Prefetch) throws -> [String: [String: Int64]] {
        var result: [String: [String: Int64]] = [:]
        try session.cursor(read) { row in
            result[try row.get(0), default: [:]][try row.get(1)] = try row.integer(2)
            return true
        }
        return result
    }
    static func balancesRead(_ periods: [Period]) -> Prefetch {
        Prefetch("SELECT period, chain, all_balance FROM period_summary WHERE period IN (\(marks(1, periods.count)))",
                 periods.map { .text($0.key) })
    }
    static func load(_ db: Database, periods: [Period]) throws -> [String: [String: Measures]] {
        try load(SQLiteSession(db: db), periods: periods)
    }

    /// `?first, ?first+1, …`: `count` numbered placeholders, for an `IN (…)` list; `NULL` for
    /// none (an empty list is a syntax error, and nothing is IN (NULL)).
    static func marks(_ first: Int, _ count: Int) -> String {
        count == 0 ? "NULL" : (first..<first + count).map { "?\($0)" }.joined(separator: ", ")
    }
}
