import GRDB
import KejinCore

/// Every guarantee with what a month's figures need of it and of its enterprise (chain,
/// region). A month's guarantee figures — in force per chain, per guarantor, per pool, per
/// region — are sums over the guarantees in force at its end: the same book for every month,
/// so it is read once per store version (`VersionedReads`) and each month sums it once for
/// every region (MonthReads.swift). The codes are numbered here, once, so a month's sums
/// index arrays instead of hashing strings (5,000 guarantees at 1M loans: well under 1 ms a
/// month, instead of ~6 ms of SQL look-ups).
struct GuaranteeBook {
    struct Entry {
        /// Numbers in the book's `guarantors`, `chains`, `regions` (the enterprise's region,
        /// '' for none: RegionSummary.key) and `pools`.
        var guarantor: Int, chain: Int?, region: Int, pool: Int?
        /// The (guarantor, enterprise) pair's number: a guarantor's firms are its distinct pairs.
        var firm: Int
        var amount: Int64, fee: Int64, bankShare: Int64
        /// The dates as YYYYMMDD numbers (`day`): compared as integers, not strings.
        var start: Int, end: Int, released: Int?

        /// In force on the day `e` (FiguresQuery.inForce).
        func inForce(_ e: Int) -> Bool { start <= e && end > e && (released.map { $0 > e } ?? true) }
    }

    /// Codes numbered 0, 1, … in the order first met.
    struct Codes {
        private(set) var codes: [String] = []
        private var numbers: [String: Int] = [:]

        var count: Int { codes.count }
        subscript(number: Int) -> String { codes[number] }

        mutating func number(_ code: String) -> Int {
            if let n = numbers[code] { return n }
            numbers[code] = codes.count
            codes.append(code)
            return codes.count - 1
        }
    }

    /// A stored date YYYY-MM-DD as the number YYYYMMDD (dates compare as they do as text).
    static func day(_ date: String) -> Int {
        Int(date.utf8.reduce(0) { n, c in c >= 48 && c <= 57 ? n * 10 + Int(c - 48) : n })
    }
    var entries: [Entry] = []
    var guarantors = Codes(), chains = Codes(), regions = Codes(), pools = Codes(), firms = Codes()

    static func read(_ session: any StoreSession) throws -> GuaranteeBook {
        var book = GuaranteeBook()
        try session.cursor("""
            SELECT g.guarantor, g.enterprise, e.chain, coalesce(e.region, ''), g.amount, g.fee, g.bank_share, g.pool,
              g.start_date, g.end_date, g.released_date
            FROM guarantees g LEFT JOIN enterprises e ON e.code = g.enterprise
            """, []) { r in
            let guarantor: String = try r.get(0), enterprise: String = try r.get(1)
            let chain = try r.text(2), pool = try r.text(7)
            book.entries.append(Entry(
                guarantor: book.guarantors.number(guarantor), chain: chain.map { book.chains.number($0) },
                region: book.regions.number(try r.get(3)), pool: pool.map { book.pools.number($0) },
                firm: book.firms.number("\(guarantor)\u{1F}\(enterprise)"), amount: try r.integer(4), fee: try r.integer(5),
                bankShare: try r.integer(6), start: day(try r.get(8)), end: day(try r.get(9)),
                released: try r.text(10).map(day)))
            return true
        }
        return book
    }

    static func add(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw StoreSQLError("integer overflow") }
        return sum
    }

    static func multiply(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw StoreSQLError("integer overflow") }
        return product
    }
}

/// What every month's figures read alike, kept for one store version: the books of guarantees
/// and re-lending draws, the regions holding data (`FiguresQuery.covers`, ~1 ms a query, asked
/// for each region's figures: 20 times for the Regions view), the region tree, the alert
/// rules, the banks' names, and the last few months' shared reads (MonthReads.swift). When the
/// data changed (`PRAGMA data_version` for other connections' commits, the connection's own
/// change count for its writes) the months go; the rest only when the reference version moved
/// too (ReferenceVersion.swift): a balance import leaves the books as they were. Only used
/// inside `Store.read`, whose queue serialises access.
final class VersionedReads: @unchecked Sendable {
    private var version: StoreVersion?
    /// The reference version the books were read at (outer nil: not read yet).
    private var references: String??
    /// How many times the guarantee book was read (tests check it is kept across balance imports).
    private(set) var bookReads = 0
    private var book: GuaranteeBook?
    private var draws: DrawBook?
    private var held: Set<String>?
    private var tree: RegionTree?
    private var rules: [AlertRule]?
    private var banks: [String: Names]?
    private var newLoans: NewLoanBook?
    private var lowCost: LowCostBook?
    private var firstLoans: FirstLoanBook?
    private var outreach: OutreachBook?
    private var funds: FundBook?
    private var subsidy: SubsidyBook?
    private var evaluations: EvaluationBook?
    private var pipeline: PipelineBook?
    private var products: ProductBook?
    /// period key → its reads, the oldest first out past `monthCapacity`.
    private var months: [String: MonthReads] = [:]
    private var monthOrder: [String] = []
    /// The months a Regions view and its hysteresis read, and a few more.
    private let monthCapacity = 8

    private func validate(_ session: any StoreSession) throws {
        let now = try Self.version(session)
        if let version, version == now { return }
        version = now
        forgetMonths()
        let current = try ReferenceVersion.current(session)
        if let references, references == current { return }
        references = .some(current)
        (book, draws, held, tree, rules, banks, newLoans, lowCost, outreach) = (nil, nil, nil, nil, nil, nil, nil, nil, nil)
        (firstLoans, funds, subsidy, evaluations, pipeline, products) = (nil, nil, nil, nil, nil, nil)
    }

    /// The store's version as this connection sees it (`StoreSession.storeVersion`: SQLite's
    /// `PRAGMA data_version` and the connection's own change count; on PostgreSQL the generation
    /// row every write bumps, read once per read transaction).
    private static func version(_ session: any StoreSession) throws -> StoreVersion {
        try session.storeVersion()
    }

    /// `kept` if this version has it, else `read` once and kept.
    private func cached<T>(_ session: any StoreSession, _ kept: ReferenceWritableKeyPath<VersionedReads, T?>,
                           _ read: (any StoreSession) throws -> T) throws -> T {
        try validate(session)
        if let value = self[keyPath: kept] { return value }
        let value = try read(session)
        self[keyPath: kept] = value
        return value
    }

    func book(_ session: any StoreSession) throws -> GuaranteeBook {
        try cached(session, \.book) { session in bookReads += 1; return try GuaranteeBook.read(session) }
    }
    func heldRegions(_ session: any StoreSession) throws -> Set<String> { try cached(session, \.held, FiguresQuery.heldRegions) }
    func tree(_ session: any StoreSession) throws -> RegionTree { try cached(session, \.tree) { try RegionSummary.tree($0) } }
    func alertRules(_ session: any StoreSession) throws -> [AlertRule] { try cached(session, \.rules, FiguresQuery.alertRules) }
    func bankNames(_ session: any StoreSession) throws -> [String: Names] { try cached(session, \.banks, RelendingCoverage.bankNames) }
    func newLoans(_ session: any StoreSession) throws -> NewLoanBook { try cached(session, \.newLoans, NewLoanBook.read) }
    func lowCostFunds(_ session: any StoreSession) throws -> LowCostBook { try cached(session, \.lowCost, LowCostBook.read) }
    func firstLoans(_ session: any StoreSession) throws -> FirstLoanBook { try cached(session, \.firstLoans, FirstLoanBook.read) }
    func outreach(_ session: any StoreSession) throws -> OutreachBook { try cached(session, \.outreach, OutreachBook.read) }
    func funds(_ session: any StoreSession) throws -> FundBook { try cached(session, \.funds, FundBook.read) }
    func subsidy(_ session: any StoreSession) throws -> SubsidyBook { try cached(session, \.subsidy, SubsidyBook.read) }
    func evaluations(_ session: any StoreSession) throws -> EvaluationBook { try cached(session, \.evaluations, EvaluationBook.read) }
    func pipeline(_ session: any StoreSession) throws -> PipelineBook { try cached(session, \.pipeline, PipelineBook.read) }
    func products(_ session: any StoreSession) throws -> ProductBook { try cached(session, \.products, ProductBook.read) }

    /// The month's shared reads, read once at this version.
    func month(_ session: any StoreSession, _ period: Period) throws -> MonthReads {
        try validate(session)
        if let kept = months[period.key] { return kept }
        let reads = try MonthReads.read(session, period, book: book(session), draws: cached(session, \.draws, DrawBook.read))
        months[period.key] = reads
        monthOrder.append(period.key)
        if monthOrder.count > monthCapacity { months[monthOrder.removeFirst()] = nil }
        return reads
    }

    /// Whether this version's reads of `period` are kept (so `month` will read nothing).
    func hasMonth(_ session: any StoreSession, _ period: Period) throws -> Bool {
        try validate(session)
        return months[period.key] != nil
    }

    /// Forgets the months (not the rest): `kejin bench` measures each key without them.
    func forgetMonths() {
        months = [:]
        monthOrder = []
    }
}
