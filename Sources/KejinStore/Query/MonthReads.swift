import KejinCore

/// What the figures of every region read alike in one month: the outstanding re-lending draws
/// per tool and drawing bank (with their ledgers from `draw_summary` and
/// `draw_ineligible_summary`), the caps in force, and the guarantees in force summed per
/// region. A region's figures split these in Swift by its banks' and enterprises' regions.
///
/// Why: the Regions view evaluates each child region's figures for two months (10 cities × 2
/// at province scale), and each read its draws, ledger and ineligible ledger with a
/// `d.bank IN (… json_each)` filter and scanned the 5,000 guarantees: ~1.5 ms a region-month
/// at 1M loans. Summed once per month from the books of draws and guarantees (DrawBook,
/// GuaranteeBook: read once per store version; the whole store's guarantees from their kept
/// month sums, GuaranteeSummary) and kept per store version in
/// `VersionedReads` (`kejin bench` empties them before each measured key, as it empties the
/// figures cache), the whole store and its ten cities share one read.
struct MonthReads {
    /// The outstanding draws of one tool at one bank at the period end, summed.
    struct DrawGroup {
        var tool: String, bank: String
        /// The drawing bank's region ('' for an institution without one); nil when the bank is
        /// not in `institutions` (then no region holds it, as the SQL filter had it).
        var bankRegion: String?
        var drawn: Int64 = 0, due30: Int64 = 0, due60: Int64 = 0, due90: Int64 = 0
        /// Draws due within 30 days with both rollovers used.
        var exhausted = 0
        /// The ledger loans the draws fund (balance, loans with a balance), and the ineligible ones among them.
        var ledger: Int64 = 0, ledgerLoans = 0
        var ineligible: Int64 = 0, ineligibleLoans = 0
    }

    /// One guarantor's guarantees in force (in a region, or summed over several).
    struct GuarantorSums {
        var balance: Int64 = 0, weighted: Int64 = 0, firms = 0
        var lowestBankShare: Int64?

        /// Adds another region's: firms add up because an enterprise lies in one region.
        mutating func add(_ other: GuarantorSums) throws {
            balance = try GuaranteeBook.add(balance, other.balance)
            weighted = try GuaranteeBook.add(weighted, other.weighted)
            firms += other.firms
            if let other = other.lowestBankShare { lowestBankShare = min(lowestBankShare ?? other, other) }
        }
    }

    /// The guarantees in force for a region's enterprises (or a set of regions').
    struct Guarantees {
        var balance: Int64 = 0
        var byChain: [String: Int64] = [:]
        var byGuarantor: [String: GuarantorSums] = [:]
        /// The pools covering one of them.
        var pools: Set<String> = []
    }

    /// A region's guarantees in force, indexed by the book's code numbers.
    private struct Sums {
        var balance: Int64 = 0
        var byChain: [Int64], byGuarantor: [GuarantorSums], pools: [Bool]

        init(_ book: GuaranteeBook) {
            byChain = Array(repeating: 0, count: book.chains.count)
            byGuarantor = Array(repeating: GuarantorSums(), count: book.guarantors.count)
            pools = Array(repeating: false, count: book.pools.count)
        }

        /// `newFirm`: the first guarantee in force of its (guarantor, enterprise) pair.
        mutating func add(_ g: GuaranteeBook.Entry, newFirm: Bool) throws {
            balance = try GuaranteeBook.add(balance, g.amount)
            if let c = g.chain { byChain[c] = try GuaranteeBook.add(byChain[c], g.amount) }
            if let p = g.pool { pools[p] = true }
            try byGuarantor[g.guarantor].add(GuarantorSums(balance: g.amount, weighted: GuaranteeBook.multiply(g.amount, g.fee),
                                                          firms: newFirm ? 1 : 0, lowestBankShare: g.bankShare))
        }

        mutating func add(_ other: Sums) throws {
            balance = try GuaranteeBook.add(balance, other.balance)
            for c in byChain.indices { byChain[c] = try GuaranteeBook.add(byChain[c], other.byChain[c]) }
            for g in byGuarantor.indices { try byGuarantor[g].add(other.byGuarantor[g]) }
            for p in pools.indices where other.pools[p] { pools[p] = true }
        }

        /// Keyed by code; only what is in force.
        func keyed(_ book: GuaranteeBook) -> Guarantees {
            var result = Guarantees(balance: balance)
            for (c, amount) in byChain.enumerated() where amount != 0 { result.byChain[book.chains[c]] = amount }
            for (g, sums) in byGuarantor.enumerated() where sums.lowestBankShare != nil { result.byGuarantor[book.guarantors[g]] = sums }
            for (p, covers) in pools.enumerated() where covers { result.pools.insert(book.pools[p]) }
            return result
        }
    }

    /// The draws per tool and bank; nil when the store keeps no draw ledgers (before v14), and
    /// the figures query them as before.
    var draws: [DrawGroup]?
    /// tool → cap in force at the period end.
    var caps: [String: BasisPoints]
    /// The whole store's guarantees in force: kept rows (GuaranteeSummary.swift), or summed
    /// from the book.
    private var wholeStore: Guarantees
    /// Enterprise region ('' for none) → its guarantees in force.
    private(set) var guaranteeBalances: [String: Int64]
    /// pool → the guarantees in force it covers, wherever they are.
    var coveredByPool: [String: Int64]
    /// The guarantees in force per enterprise region (by the book's region number): only a
    /// region's figures need them, so only they read the book when the month is kept.
    private var regional: (book: GuaranteeBook, sums: [Sums])?
    /// Whether `guarantees(in:)` can cut regions.
    var cutsRegions: Bool { regional != nil }

    /// The draws of the banks in `regions` (nil: every draw).
    func draws(in regions: Set<String>?) -> [DrawGroup]? {
        guard let regions else { return draws }
        return draws?.filter { $0.bankRegion.map(regions.contains) ?? false }
    }

    /// The guarantees in force for the enterprises in `regions` (nil: all); a region's only
    /// from reads that cut regions (`read(… regions: true)`).
    func guarantees(in regions: Set<String>?) throws -> Guarantees {
        guard let regions else { return wholeStore }
        guard let regional else { throw StoreSQLError("the month's guarantees were read without their regions") }
        var result = Sums(regional.book)
        for (r, sums) in regional.sums.enumerated() where regions.contains(regional.book.regions[r]) { try result.add(sums) }
        return result.keyed(regional.book)
    }

    /// The statements `read` runs (the caps, the draw ledgers' rows, the kept guarantee sums), to send ahead.
    static func reads(_ session: any StoreSession, _ period: Period, regions: Bool) throws -> [Prefetch] {
        let ledgers = try DrawSummary.exists(session) && DrawSummary.Ledger.ineligible.exists(session)
        return (try LedgerEligibility.exists(session) ? [Prefetch(RelendingCoverage.capsSQL, [.text(period.endDate)])] : [])
            + (ledgers ? try DrawBook.ledgerReads(session, period) : [])
            + (try !regions && GuaranteeSummary.exists(session) ? [Prefetch(GuaranteeSummary.monthSQL, [.text(period.key)])] : [])
    }

    /// `regions`: cut the guarantees per region too (a region's figures), from the book; the
    /// whole store's alone come from the kept rows when the month has them (`book` unread).
    static func read(_ session: any StoreSession, _ period: Period, book: () throws -> GuaranteeBook, draws: DrawBook,
                     regions: Bool) throws -> MonthReads {
        // The caps come with ledger eligibility (v13); before it there is no coverage.
        // The caps and the draw ledgers' rows, sent together (StoreSession.prefetch).
        try session.prefetch(reads(session, period, regions: regions))
        let caps = try LedgerEligibility.exists(session) ? RelendingCoverage.caps(session, end: period.endDate) : [:]
        let groups = try draws.groups(session, period)
        if !regions, let kept = try GuaranteeSummary.month(session, period) {
            return MonthReads(draws: groups, caps: caps, wholeStore: kept.whole, guaranteeBalances: kept.byRegion,
                              coveredByPool: kept.coveredByPool, regional: nil)
        }
        let book = try book(), e = GuaranteeBook.day(period.endDate)
        var regionSums = Array(repeating: Sums(book), count: book.regions.count), whole = Sums(book)
        var counted = Array(repeating: false, count: book.firms.count), covered: [Int64] = Array(repeating: 0, count: book.pools.count)
        for g in book.entries where g.inForce(e) {
            try regionSums[g.region].add(g, newFirm: !counted[g.firm])
            counted[g.firm] = true
            if let p = g.pool { covered[p] = try GuaranteeBook.add(covered[p], g.amount) }
        }
        for sums in regionSums { try whole.add(sums) }
        return MonthReads(draws: groups, caps: caps, wholeStore: whole.keyed(book),
                          guaranteeBalances: Dictionary(uniqueKeysWithValues: regionSums.enumerated().map { (book.regions[$0.offset], $0.element.balance) }),
                          coveredByPool: Dictionary(uniqueKeysWithValues: covered.enumerated().map { (book.pools[$0.offset], $0.element) }),
                          regional: (book, regionSums))
    }
}

extension Store {
    /// Forgets the months' shared reads this connection keeps (MonthReads), as a store change
    /// does: `kejin bench` empties them before each measured key with the figures cache, so no
    /// measurement reuses a month read by an earlier one.
    public func forgetMonthReads() throws {
        try readSession { _ in versioned.forgetMonths() }
    }
}
