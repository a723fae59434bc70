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

    static func read(_ db: Database) throws -> GuaranteeBook {
        var book = GuaranteeBook()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT g.guarantor, g.enterprise, e.chain, coalesce(e.region, ''), g.amount, g.fee, g.bank_share, g.pool,
              g.start_date, g.end_date, g.released_date
            FROM guarantees g LEFT JOIN enterprises e ON e.code = g.enterprise
            """)
        while let r = try rows.next() {
            let guarantor: String = r[0], enterprise: String = r[1]
            book.entries.append(Entry(
                guarantor: book.guarantors.number(guarantor), chain: (r[2] as String?).map { book.chains.number($0) },
                region: book.regions.number(r[3]), pool: (r[7] as String?).map { book.pools.number($0) },
                firm: book.firms.number("\(guarantor)\u{1F}\(enterprise)"), amount: r[4], fee: r[5], bankShare: r[6],
                start: day(r[8]), end: day(r[9]), released: (r[10] as String?).map(day)))
        }
        return book
    }

    static func add(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "integer overflow") }
        return sum
    }

    static func multiply(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "integer overflow") }
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
    private var version: (data: Int64, own: Int)?
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
    /// period key → its reads, the oldest first out past `monthCapacity`.
    private var months: [String: MonthReads] = [:]
    private var monthOrder: [String] = []
    /// The months a Regions view and its hysteresis read, and a few more.
    private let monthCapacity = 8

    private func validate(_ db: Database) throws {
        let now = (data: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0, own: db.totalChangesCount)
        if let version, version == now { return }
        version = now
        forgetMonths()
        let current = try ReferenceVersion.current(SQLiteSession(db: db))
        if let references, references == current { return }
        references = .some(current)
        (book, draws, held, tree, rules, banks) = (nil, nil, nil, nil, nil, nil)
    }

    /// `kept` if this version has it, else `read` once and kept.
    private func cached<T>(_ db: Database, _ kept: ReferenceWritableKeyPath<VersionedReads, T?>,
                           _ read: (Database) throws -> T) throws -> T {
        try validate(db)
        if let value = self[keyPath: kept] { return value }
        let value = try read(db)
        self[keyPath: kept] = value
        return value
    }

    func book(_ db: Database) throws -> GuaranteeBook {
        try cached(db, \.book) { db in bookReads += 1; return try GuaranteeBook.read(db) }
    }
    func heldRegions(_ db: Database) throws -> Set<String> { try cached(db, \.held, FiguresQuery.heldRegions) }
    func tree(_ db: Database) throws -> RegionTree { try cached(db, \.tree, RegionSummary.tree) }
    func alertRules(_ db: Database) throws -> [AlertRule] { try cached(db, \.rules, FiguresQuery.alertRules) }
    func bankNames(_ db: Database) throws -> [String: Names] { try cached(db, \.banks, RelendingCoverage.bankNames) }

    /// The month's shared reads, read once at this version.
    func month(_ db: Database, _ period: Period) throws -> MonthReads {
        try validate(db)
        if let kept = months[period.key] { return kept }
        let reads = try MonthReads.read(db, period, book: book(db), draws: cached(db, \.draws, DrawBook.read))
        months[period.key] = reads
        monthOrder.append(period.key)
        if monthOrder.count > monthCapacity { months[monthOrder.removeFirst()] = nil }
        return reads
    }

    /// Forgets the months (not the rest): `kejin bench` measures each key without them.
    func forgetMonths() {
        months = [:]
        monthOrder = []
    }
}
