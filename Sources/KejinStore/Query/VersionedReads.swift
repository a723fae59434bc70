import Foundation
import KejinCore

/// What every month's figures read alike, kept for one store version: the books of guarantees
/// and re-lending draws, the regions holding data (`FiguresQuery.covers`, ~1 ms a query, asked
/// for each region's figures: 20 times for the Regions view), the region tree, the alert
/// rules, the banks' names, the programme's books, the enterprise lists' names and tags, and
/// the last few months' shared reads (MonthReads.swift). When the data changed (`PRAGMA data_version` for other connections'
/// commits, the connection's own change count for its writes) the months go; the books only
/// when the reference version moved too (ReferenceVersion.swift): a balance import leaves the
/// books as they were. The books live in `ReferenceBooks`, which the connections of one viewer
/// share (`Store.reader()`). Only used inside `Store.read`, whose queue serialises access.
final class VersionedReads: @unchecked Sendable {
    private var version: StoreVersion?
    /// The reference version this connection's snapshot is at (outer nil: not read yet).
    private var references: String??
    /// How many times the guarantee book was read (tests check a whole store's figures read
    /// its kept month sums instead) and the draw book (tests check it is kept across balance imports).
    private(set) var bookReads = 0, drawBookReads = 0
    /// How many times the whole store's figures were computed (`wholeFigures`; tests check a
    /// region holding everything computes none).
    private(set) var wholeFiguresComputed = 0
    /// The books, read once per reference version for every connection sharing them.
    private var books = ReferenceBooks()
    /// period key → its reads, the oldest first out past `monthCapacity`.
    private var months: [String: MonthReads] = [:]
    private var monthOrder: [String] = []
    /// period key → the whole store's figures (`wholeFigures`), at most `monthCapacity`.
    private var wholeKept: [String: Figures] = [:]
    private var wholeDay = ""
    /// Rows of reads that any data change may move but no period does (`versionRows`).
    private var versionKept: [Prefetch: [any SQLRow]] = [:]
    /// The months a Regions view and its hysteresis read, and a few more.
    private let monthCapacity = 8

    /// Reads the books of `other` from now on (a second connection to the same store, before
    /// its first read): a book either reads is read once for both.
    func share(_ other: VersionedReads) { books = other.books }

    private func validate(_ session: any StoreSession) throws {
        let now = try Self.version(session)
        if let version, version == now { return }
        version = now
        forgetMonths()
        versionKept = [:]
        references = .some(try ReferenceVersion.current(session))
    }

    /// The store's version as this connection sees it (`StoreSession.storeVersion`: SQLite's
    /// `PRAGMA data_version` and the connection's own change count; on PostgreSQL the generation
    /// row every write bumps, read once per read transaction).
    private static func version(_ session: any StoreSession) throws -> StoreVersion {
        try session.storeVersion()
    }

    /// The book `name` at this snapshot's reference version: kept if read, else `read` once.
    private func cached<T>(_ session: any StoreSession, _ name: String, _ read: (any StoreSession) throws -> T) throws -> T {
        try validate(session)
        return try books.book(name, at: references ?? nil) { try read(session) }
    }

    func book(_ session: any StoreSession) throws -> GuaranteeBook {
        try cached(session, "guarantees") { session in bookReads += 1; return try GuaranteeBook.read(session) }
    }
    func heldRegions(_ session: any StoreSession) throws -> Set<String> { try cached(session, "held", FiguresQuery.heldRegions) }
    func tree(_ session: any StoreSession) throws -> RegionTree { try cached(session, "tree") { try RegionSummary.tree($0) } }
    func alertRules(_ session: any StoreSession) throws -> [AlertRule] { try cached(session, "rules", FiguresQuery.alertRules) }
    func bankNames(_ session: any StoreSession) throws -> [String: Names] { try cached(session, "banks", RelendingCoverage.bankNames) }
    func chainNames(_ session: any StoreSession) throws -> [String: Names] { try cached(session, "chainNames", ProgrammeQuery.chainNames) }
    func newLoans(_ session: any StoreSession) throws -> NewLoanBook { try cached(session, "newLoans", NewLoanBook.read) }
    func lowCostFunds(_ session: any StoreSession) throws -> LowCostBook { try cached(session, "lowCost", LowCostBook.read) }
    func firstLoans(_ session: any StoreSession) throws -> FirstLoanBook { try cached(session, "firstLoans", FirstLoanBook.read) }
    func outreach(_ session: any StoreSession) throws -> OutreachBook { try cached(session, "outreach", OutreachBook.read) }
    func funds(_ session: any StoreSession) throws -> FundBook { try cached(session, "funds", FundBook.read) }
    func subsidy(_ session: any StoreSession) throws -> SubsidyBook { try cached(session, "subsidy", SubsidyBook.read) }
    func evaluations(_ session: any StoreSession) throws -> EvaluationBook { try cached(session, "evaluations", EvaluationBook.read) }
    func pipeline(_ session: any StoreSession) throws -> PipelineBook { try cached(session, "pipeline", PipelineBook.read) }
    func products(_ session: any StoreSession) throws -> ProductBook { try cached(session, "products", ProductBook.read) }
    /// Filled as the enterprise lists ask (EnterpriseCards.swift), emptied with the other books.
    func enterpriseCards(_ session: any StoreSession) throws -> EnterpriseCards { try cached(session, "enterpriseCards") { _ in EnterpriseCards() } }

    /// The rows of `read`, a read of reference data alone (the chains and their lead banks,
    /// the guarantors): read once per reference version, like the books.
    func referenceRows(_ session: any StoreSession, _ read: Prefetch) throws -> [any SQLRow] {
        try cached(session, Self.bookName(read)) { try $0.fetch(read) }
    }

    /// The rows of `read`, which a data change may move but a period does not (the periods
    /// with balances, the last import): read once per store version.
    func versionRows(_ session: any StoreSession, _ read: Prefetch) throws -> [any SQLRow] {
        try validate(session)
        if let kept = versionKept[read] { return kept }
        let rows = try session.fetch(read)
        versionKept[read] = rows
        return rows
    }

    /// Whether period_summary holds the period `key` (ProgrammeSummary.present), from the
    /// periods kept per store version: no round trip per part of a load on PostgreSQL.
    func present(_ session: any StoreSession, _ key: String) throws -> Bool {
        try versionRows(session, Prefetch(PeriodSummary.periodsSQL)).contains { try $0.get(0, as: String.self) == key }
    }

    /// `reads` but those `referenceRows` and `versionRows` keep (no need to send them ahead).
    func unkept(_ session: any StoreSession, _ reads: [Prefetch]) throws -> [Prefetch] {
        try validate(session)
        return reads.filter { versionKept[$0] == nil && !books.has(Self.bookName($0), at: references ?? nil) }
    }

    /// A read's book: its statement and arguments, typed (`1` and `'1'` differ). Spelled out,
    /// not `"\(read.arguments)"`: printing an array reflects on every value (`Mirror`), and
    /// every figures' read list is checked here (~8% of a month's figures at 1M loans).
    private static func bookName(_ read: Prefetch) -> String {
        read.arguments.reduce("rows " + read.sql) { name, value in
            switch value {
            case .null: name + "\u{1F}null"
            case .integer(let v): name + "\u{1F}i" + String(v)
            case .text(let t): name + "\u{1F}t" + t
            case .blob(let bytes): name + "\u{1F}b" + bytes.map { String($0, radix: 16) }.joined(separator: ".")
            }
        }
    }

    /// The month's shared reads, read once at this version (again when a region's figures
    /// need the guarantees cut per region and the kept read has only the whole store's).
    func month(_ session: any StoreSession, _ period: Period, regions: Bool) throws -> MonthReads {
        if let kept = try kept(session, period, regions: regions) { return kept }
        let draws = try cached(session, "draws") { drawBookReads += 1; return try DrawBook.read($0) }
        let reads = try MonthReads.read(session, period, book: { try book(session) }, draws: draws, regions: regions)
        if months.updateValue(reads, forKey: period.key) == nil { monthOrder.append(period.key) }
        if monthOrder.count > monthCapacity { months[monthOrder.removeFirst()] = nil }
        return reads
    }

    /// Whether this version's reads of `period` are kept (so `month` will read nothing).
    func hasMonth(_ session: any StoreSession, _ period: Period, regions: Bool) throws -> Bool {
        try kept(session, period, regions: regions) != nil
    }

    private func kept(_ session: any StoreSession, _ period: Period, regions: Bool) throws -> MonthReads? {
        try validate(session)
        return months[period.key].flatMap { !regions || $0.cutsRegions ? $0 : nil }
    }

    /// The whole store's figures of `period` at this version and on this day (`day`, UTC: their
    /// reporting status counts how late a reporter is, as ReportingCache does): `compute`d
    /// once (a region holding everything is the whole store, and the Regions view asks for both).
    func wholeFigures(_ session: any StoreSession, _ period: Period, day: String = String(ImportClock.utcTimestamp().prefix(10)),
                      compute: () throws -> Figures) throws -> Figures {
        try validate(session)
        if day != wholeDay { (wholeKept, wholeDay) = ([:], day) }
        if let kept = wholeKept[period.key] { return kept }
        let figures = try compute()
        wholeFiguresComputed += 1
        if wholeKept.count >= monthCapacity { wholeKept = [:] }
        wholeKept[period.key] = figures
        return figures
    }

    /// Forgets the months and the whole store's figures (not the rest): `kejin bench`
    /// measures each key without them.
    func forgetMonths() {
        months = [:]
        monthOrder = []
        wholeKept = [:]
    }
}

/// The books that depend on the reference data alone, for one reference version, shared by
/// the connections of one viewer (its loader's two threads): at 1M loans the programme's
/// new-loan book takes seconds to read, and each connection reading its own made a second
/// wait (and a second copy in memory) whenever a load fell to the other thread. A book is read
/// outside the lock, so one connection's long read never holds up another's other books. Two
/// asking for the same book at the same reference version read it once: the second waits for
/// the first's read (a viewer's first frame: both threads asked for the guarantee and
/// first-loan books at once and each read them, a quarter of the frame's CPU twice over).
final class ReferenceBooks: @unchecked Sendable {
    private let condition = NSCondition()
    /// The reference version the books were read at (outer nil: none read yet).
    private var references: String??
    private var books: [String: Any] = [:]
    /// Books being read now, with the reference version each is read at.
    private var reading: [String: String?] = [:]
    /// How many reads ran (tests check two threads asking at once read once).
    private(set) var reads = 0

    /// Whether the book `name` is kept at `references` (a read would not run).
    func has(_ name: String, at references: String?) -> Bool {
        condition.withLock { self.references == .some(references) && books[name] != nil }
    }

    func book<T>(_ name: String, at references: String?, read: () throws -> T) throws -> T {
        condition.lock()
        while true {
            if self.references == .some(references), let kept = books[name] as? T { condition.unlock(); return kept }
            // Another thread reads it at this version: wait for its book (or its failure,
            // after which this one reads it).
            guard let other = reading[name], other == references else { break }
            condition.wait()
        }
        reading[name] = .some(references)
        reads += 1
        condition.unlock()
        defer { condition.withLock { if reading[name] == .some(references) { reading[name] = nil }; condition.broadcast() } }
        let value = try read()
        return condition.withLock {
            if self.references != .some(references) { (self.references, books) = (.some(references), [:]) }
            if let kept = books[name] as? T { return kept }
            books[name] = value
            return value
        }
    }
}
