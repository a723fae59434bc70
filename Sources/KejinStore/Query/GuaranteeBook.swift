import GRDB
import KejinCore

/// Every guarantee with what a month's figures need of it and of its enterprise (chain,
/// region). A month's guarantee figures — in force per chain, per guarantor, per pool, per
/// region — are sums over the guarantees in force at its end: the same book for every month,
/// so it is read once per store version (`VersionedReads`) and each month filters it here
/// (5,000 guarantees at 1M loans: ~0.3 ms a month instead of ~6 ms of SQL look-ups).
struct GuaranteeBook {
    /// A code (guarantor, enterprise, chain, region, pool) by its number in `codes`: entries
    /// hold numbers, so filtering and summing 5,000 of them per month copies plain integers and
    /// hashes none of the strings (this was most of a month's guarantee cost at 1M loans).
    typealias Code = Int32
    /// No chain or pool.
    static let none: Code = -1

    struct Entry {
        var guarantor: Code, enterprise: Code, chain: Code
        /// The enterprise's region, the code of '' for none (RegionSummary.key).
        var region: Code
        var pool: Code
        var amount: Int64, fee: Int64, bankShare: Int64
        /// The dates as YYYYMMDD numbers (`day`), compared as integers; `released` Int.max when not.
        var start: Int, end: Int, released: Int

        /// In force on the day `e` (FiguresQuery.inForce).
        func inForce(_ e: Int) -> Bool { start <= e && end > e && released > e }
    }

    /// A stored date YYYY-MM-DD as the number YYYYMMDD (dates compare as they do as text).
    static func day(_ date: String) -> Int {
        Int(date.utf8.reduce(0) { n, c in c >= 48 && c <= 57 ? n * 10 + Int(c - 48) : n })
    }
    var entries: [Entry] = []
    /// Each code once, by number; `numbers` the other way.
    private(set) var codes: [String] = []
    private var numbers: [String: Code] = [:]

    /// The code numbered `n`; nil for `none`.
    func code(_ n: Code) -> String? { n == Self.none ? nil : codes[Int(n)] }
    /// The number of `code`, nil when no entry refers to it.
    func number(_ code: String) -> Code? { numbers[code] }

    private mutating func intern(_ code: String?) -> Code {
        guard let code else { return Self.none }
        if let n = numbers[code] { return n }
        let n = Code(codes.count)
        codes.append(code)
        numbers[code] = n
        return n
    }

    static func read(_ db: Database) throws -> GuaranteeBook {
        var book = GuaranteeBook()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT g.guarantor, g.enterprise, e.chain, coalesce(e.region, ''), g.amount, g.fee, g.bank_share, g.pool,
              g.start_date, g.end_date, g.released_date
            FROM guarantees g LEFT JOIN enterprises e ON e.code = g.enterprise
            """)
        while let r = try rows.next() {
            let entry = Entry(guarantor: book.intern(r[0]), enterprise: book.intern(r[1]), chain: book.intern(r[2]),
                              region: book.intern(r[3]), pool: book.intern(r[7]), amount: r[4], fee: r[5], bankShare: r[6],
                              start: day(r[8]), end: day(r[9]), released: (r[10] as String?).map(day) ?? .max)
            book.entries.append(entry)
        }
        return book
    }

    /// The guarantees in force at `e` whose enterprise lies in `regions` (nil: all).
    func inForce(_ e: String, regions: Set<String>?) -> [Entry] {
        let e = Self.day(e)
        guard let regions else { return entries.filter { $0.inForce(e) } }
        // The scope as a flag per code number: a look-up by number, not a string hash per entry.
        var inScope = [Bool](repeating: false, count: codes.count)
        for region in regions { if let n = numbers[region] { inScope[Int(n)] = true } }
        return entries.filter { $0.inForce(e) && inScope[Int($0.region)] }
    }

    /// Sums per code (`key` a code number of the entry; `none` skipped), keyed by the code itself.
    func sum(_ entries: [Entry], by key: (Entry) -> Code, _ value: (Entry) throws -> Int64) throws -> [String: Int64] {
        let byNumber = try Self.sum(entries, by: { e in key(e) == Self.none ? nil : key(e) }, value)
        return Dictionary(uniqueKeysWithValues: byNumber.map { (codes[Int($0.key)], $0.value) })
    }

    /// Sums keyed by `key`, exact or throwing SQLite's own "integer overflow" as `sum()` would.
    static func sum<K: Hashable>(_ entries: [Entry], by key: (Entry) -> K?, _ value: (Entry) throws -> Int64) throws -> [K: Int64] {
        var result: [K: Int64] = [:]
        for entry in entries {
            guard let k = key(entry) else { continue }
            result[k] = try add(result[k] ?? 0, value(entry))
        }
        return result
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

/// What every month's figures read alike, kept for one store version: the guarantee book, the
/// regions holding data (`FiguresQuery.covers`, ~1 ms a query, asked for each region's
/// figures: 20 times for the Regions view), the region tree and the alert rules. Emptied when the data changed (`PRAGMA
/// data_version` for other connections' commits, the connection's own change count for its
/// writes), like ReportingCache. Only used inside `Store.read`, whose queue serialises access.
final class VersionedReads: @unchecked Sendable {
    private var version: (data: Int64, own: Int)?
    private var book: GuaranteeBook?
    private var held: Set<String>?
    private var tree: RegionTree?
    private var rules: [AlertRule]?

    private func validate(_ db: Database) throws {
        let now = (data: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0, own: db.totalChangesCount)
        if let version, version == now { return }
        (version, book, held, tree, rules) = (now, nil, nil, nil, nil)
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

    func book(_ db: Database) throws -> GuaranteeBook { try cached(db, \.book, GuaranteeBook.read) }
    func heldRegions(_ db: Database) throws -> Set<String> { try cached(db, \.held, FiguresQuery.heldRegions) }
    func tree(_ db: Database) throws -> RegionTree { try cached(db, \.tree, RegionSummary.tree) }
    func alertRules(_ db: Database) throws -> [AlertRule] { try cached(db, \.rules, FiguresQuery.alertRules) }
}
