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
