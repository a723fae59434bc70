import GRDB
import KejinCore

/// Answers drill-down requests (`DetailSource`) for one period. Each level reads only the rows
/// under its parent through an index (enterprises by chain, loans by enterprise, bank or draw,
/// balances by (period, loan)), so a level costs what it shows, not what the store holds.
/// The bank-wide lists (banks, four loans) aggregate one period of balances: see BankQuery.
///
/// A list in a region (`DrillRequest.inRegion`) is the same query keeping only the region's
/// rows (Region.swift says how rows map to regions), and its rows open their next levels in
/// the same region: no level of a region's list reaches another region's rows.
struct DetailQuery {
    /// The transaction's statements (Backend/StoreBackend.swift).
    let session: any StoreSession
    /// The same connection as GRDB's, for the lists not yet moved onto the seam (SQLite only:
    /// asking for one of those on another engine is a programming error, not a user's).
    var db: Database {
        guard let sqlite = session as? SQLiteSession else { preconditionFailure("a list not yet on the backend seam") }
        return sqlite.db
    }
    let period: Period
    /// The codes of the region's subtree; nil: the whole store.
    var regions: Set<String>? = nil
    /// The region's name (Four loans' first row names it).
    var regionName: Names? = nil
    /// The viewer's reads kept per store version (nil: read everything): the enterprise lists
    /// keep their firms' names and tags there.
    var versioned: VersionedReads? = nil
    var end: String { period.endDate }

    init(session: any StoreSession, period: Period) {
        self.session = session
        self.period = period
    }

    init(db: Database, period: Period) { self.init(session: SQLiteSession(db: db), period: period) }

    func rows(_ request: DrillRequest) throws -> DetailRows {
        switch request {
        case .inRegion(let code, let list):
            var scoped = self
            let tree = try RegionSummary.tree(session)
            scoped.regions = tree.subtree(code)
            scoped.regionName = tree[code]?.name
            var result = try scoped.rows(list.level)
            result.request = request
            for i in result.rows.indices { result.rows[i].next = result.rows[i].next?.within(code) }
            return result
        case .banks: return try BankQuery(base: self).banks()
        case .fourLoans: return try BankQuery(base: self).fourLoans()
        case .chainBanks(let chain): return try LendingQuery(base: self).chainBanks(chain)
        case .enterprises(let chain, let bank): return try LendingQuery(base: self).enterprises(chain: chain, bank: bank)
        case .enterpriseLoans(let enterprise, let bank): return try LoanRowsQuery(base: self).enterpriseLoans(enterprise, bank: bank)
        case .toolDraws(let tool): return try RelendingDetailQuery(base: self).draws(tool)
        case .drawLoans(let draw): return try LoanRowsQuery(base: self).drawLoans(draw)
        case .guarantorGuarantees(let guarantor): return try GuaranteeDetailQuery(base: self).guarantees(guarantor)
        case .guaranteeLoans(let guarantee): return try LoanRowsQuery(base: self).guaranteeLoans(guarantee)
        case .poolPayouts(let pool): return try GuaranteeDetailQuery(base: self).payouts(pool)
        case .deliveries(let reporter): return try DeliveryLogQuery(base: self).entries(reporter)
        }
    }

    /// `AND column` lies in the region ('' for the whole store; the index on a region column
    /// serves it). The codes come from the
    /// regions table and are written into the SQL as quoted literals, so the one clause fits
    /// queries with positional, numbered and named arguments alike.
    func inRegion(_ column: String) -> String {
        guard let regions else { return "" }
        let literals = regions.sorted().map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
        return "AND \(column) IN (\(literals.joined(separator: ",")))"
    }

    /// `AND` the enterprise `column` names lies in the region.
    func enterpriseInRegion(_ column: String) -> String {
        regions == nil ? "" : "AND \(column) IN (SELECT code FROM enterprises WHERE 1 = 1 \(inRegion("region")))"
    }

    /// `AND` the bank `column` names is a branch in the region (a draw's region, Region.swift).
    func bankInRegion(_ column: String) -> String {
        regions == nil ? "" : "AND \(column) IN (SELECT code FROM institutions WHERE 1 = 1 \(inRegion("region")))"
    }

    /// Is there balance data for the year-ago month? (Growth is nil otherwise, as in Figures.)
    func yearAgoKnown() throws -> Bool {
        try !session.fetch(yearAgoKnownRead).isEmpty
    }
    /// `yearAgoKnown`'s one statement, to send ahead (`StoreSession.prefetch`).
    var yearAgoKnownRead: Prefetch {
        Prefetch("SELECT 1 FROM period_summary WHERE period = ?1 AND chain = '' LIMIT 1", [.text(period.yearAgo.key)])
    }

    /// Institution names by code (a small table).
    func institutionNames() throws -> [String: Names] {
        var names: [String: Names] = [:]
        for row in try session.fetch("SELECT code, name_zh, name_en FROM institutions") {
            names[try row.get(0)] = Names(zh: try row.get(1), en: try row.get(2))
        }
        return names
    }

    /// The names of the products `keys` (products.csv, v24; none before it): a loan shows its
    /// product's name, not the code its loans.csv row names. Only the listed loans' products,
    /// found by the key's leading code: a province has thousands, a list a handful.
    func productNames(_ keys: Set<ProductKey>) throws -> [ProductKey: Names] {
        guard !keys.isEmpty, try session.tableExists(Products.catalogue.table) else { return [:] }
        var names: [ProductKey: Names] = [:]
        let codes = Array(Set(keys.map(\.code)))
        var start = 0
        while start < codes.count {
            // In chunks, as `tags(of:)` (SQLite limits bound variables).
            let chunk = codes[start..<min(codes.count, start + 500)]
            start += chunk.count
            let marks = (1...chunk.count).map { "?\($0)" }.joined(separator: ",")
            for row in try session.fetch("SELECT bank, code, name_zh, name_en FROM \(Products.catalogue.table) WHERE code IN (\(marks))",
                                         chunk.map(SQLValue.text)) {
                let key = ProductKey(bank: try row.get(0), code: try row.get(1))
                if keys.contains(key) { names[key] = Names(zh: try row.get(2), en: try row.get(3)) }
            }
        }
        return names
    }

    /// Tags of the given enterprises, in chunks (SQLite limits bound variables).
    func tags(of enterprises: [String]) throws -> [String: [EnterpriseTag]] {
        var result: [String: [EnterpriseTag]] = [:]
        var start = 0
        while start < enterprises.count {
            let chunk = Array(enterprises[start..<min(enterprises.count, start + 500)])
            start += chunk.count
            let marks = (2..<chunk.count + 2).map { "?\($0)" }.joined(separator: ",")
            try session.cursor("""
                SELECT enterprise, tag, certificate, valid_from, valid_to, CASE WHEN valid_from <= ?1 AND valid_to >= ?1 THEN 1 ELSE 0 END
                FROM enterprise_tags WHERE enterprise IN (\(marks)) ORDER BY enterprise, valid_from, tag
                """, [.text(end)] + chunk.map(SQLValue.text)) { row in
                result[try row.get(0), default: []].append(EnterpriseTag(
                    tag: try row.get(1), certificate: try row.get(2), validFrom: try row.get(3),
                    validTo: try row.get(4), validAtPeriodEnd: try row.get(5)))
                return true
            }
        }
        return result
    }

    static func growth(_ now: Int64, _ ago: Int64?) -> DetailValue {
        .growth(ago.flatMap { BasisPoints.growth(from: Money(fen: $0), to: Money(fen: now)) })
    }
}

extension Store: DetailSource {
    public func detail(_ request: DrillRequest, period: Period) throws -> DetailRows {
        try readSession { session in
            var query = DetailQuery(session: session, period: period)
            query.versioned = versioned
            return try query.rows(request)
        }
    }
}
