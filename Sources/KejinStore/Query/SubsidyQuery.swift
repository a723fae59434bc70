import KejinCore

/// The interest subsidy (KejinCore's InterestSubsidyFigures) from the v22 tables
/// (Import/InterestSubsidy.swift). Reference data only, so a viewer reads the book once per
/// reference version (`VersionedReads.subsidy`) and each period cuts it in Swift: the budgets
/// and allocations as they are, the claims summed per bank, claim month and payment month.
struct SubsidyBook: Sendable {
    struct Budget: Sendable { var code: String, name: Names, level: String, amount: Int64, funded: String }
    struct Allocation: Sendable { var bank: String, amount: Int64, date: String }
    /// One bank's claims made in one month and paid in another ("" unpaid).
    struct Claims: Sendable { var bank: String, claimed: String, paid: String, count: Int, amount: Int64, paidAmount: Int64 }
    var budgets: [Budget] = []
    var allocations: [Allocation] = []
    var claims: [Claims] = []
    /// Bank → the month each of its distinct claimed loans was first claimed, in order: the
    /// loans claimed by a month are a prefix.
    var firstClaims: [String: [String]] = [:]
    var names: [String: Names] = [:]

    static func read(_ s: any StoreSession) throws -> SubsidyBook {
        var book = SubsidyBook()
        // A store migrated only part-way (tests' older stores) has none.
        guard try s.tableExists(InterestSubsidy.claims.table) else { return book }
        book.budgets = try s.fetch("SELECT code, name_zh, name_en, level, budget, funded_date FROM \(InterestSubsidy.budgets.table)").map {
            Budget(code: try $0.get(0), name: Names(zh: try $0.get(1), en: try $0.get(2)), level: try $0.get(3),
                   amount: try $0.get(4), funded: try $0.get(5))
        }
        book.allocations = try s.fetch("SELECT bank, allocated, allocated_date FROM \(InterestSubsidy.allocations.table)").map {
            Allocation(bank: try $0.get(0), amount: try $0.get(1), date: try $0.get(2))
        }
        // One plain scan of the claims, summed here: SQLite's GROUP BY and DISTINCT each sorted
        // every claim in a temporary b-tree (10k claims at 1M loans: 30 ms of the first frame
        // against 4 for the scan). Streamed (a cursor) and keyed by structs rather than
        // materialised rows and arrays of strings (at 1M: 59.5 → 50.3 ms of CPU per first frame;
        // most of the rest is SQLite's own steps and the Swift strings: keeping its sums in the
        // store is what would take it off the first frame).
        struct Key: Hashable { var bank: String, claimed: String, paid: String }
        struct Loan: Hashable { var bank: String, loan: String }
        var sums: [Key: Claims] = [:]
        var first: [Loan: String] = [:]
        try s.cursor("""
            SELECT bank, loan, substr(claimed_date, 1, 7), coalesce(substr(paid_date, 1, 7), ''), claimed, coalesce(paid, 0)
            FROM \(InterestSubsidy.claims.table)
            """, []) { r in
            let bank: String = try r.get(0), loan: String = try r.get(1), claimed: String = try r.get(2), paid: String = try r.get(3)
            let key = Key(bank: bank, claimed: claimed, paid: paid)
            sums[key, default: Claims(bank: bank, claimed: claimed, paid: paid, count: 0, amount: 0, paidAmount: 0)].add(
                amount: try r.get(4), paid: try r.get(5))
            let id = Loan(bank: bank, loan: loan)
            if let seen = first[id], seen <= claimed { return true }
            first[id] = claimed
            return true
        }
        for (id, month) in first { book.firstClaims[id.bank, default: []].append(month) }
        for bank in book.firstClaims.keys { book.firstClaims[bank]!.sort() }
        book.claims = sums.values.sorted { ($0.bank, $0.claimed, $0.paid) < ($1.bank, $1.claimed, $1.paid) }
        for r in try s.fetch("SELECT code, name_zh, name_en FROM institutions WHERE kind = 'bank'") {
            book.names[try r.get(0)] = Names(zh: try r.get(1), en: try r.get(2))
        }
        return book
    }

    /// The budgets funded by the end of `period`, each bank's allocations, claims and payments
    /// up to then.
    func figures(at period: Period) -> InterestSubsidyFigures {
        let day = period.endDate, month = period.key
        let budgets = self.budgets.filter { $0.funded <= day }
            .sorted { ($0.level == "city" ? 0 : 1, $0.code) < ($1.level == "city" ? 0 : 1, $1.code) }
            .map { InterestSubsidyFigures.Budget(code: $0.code, name: $0.name, level: $0.level, amount: Money(fen: $0.amount)) }
        var allocated: [String: Int64] = [:], claimed: [String: LoanTally] = [:], paid: [String: Int64] = [:]
        for a in allocations where a.date <= day { allocated[a.bank, default: 0] += a.amount }
        for c in claims where c.claimed <= month {
            claimed[c.bank, default: .zero] = claimed[c.bank, default: .zero] + LoanTally(amount: Money(fen: c.amount), loans: c.count)
            if !c.paid.isEmpty, c.paid <= month { paid[c.bank, default: 0] += c.paidAmount }
        }
        let banks = Set(allocated.keys).union(claimed.keys).sorted().map { bank in
            InterestSubsidyFigures.Bank(code: bank, name: names[bank] ?? Names(zh: bank, en: bank), allocated: Money(fen: allocated[bank] ?? 0),
                                        claims: claimed[bank] ?? .zero, loans: firstClaims[bank].map { Self.count($0, upTo: month) } ?? 0, paid: Money(fen: paid[bank] ?? 0))
        }
        return InterestSubsidyFigures(budgets: budgets, banks: banks)
    }

    /// How many of `months` (in order) are at most `month`.
    private static func count(_ months: [String], upTo month: String) -> Int {
        var low = 0, high = months.count
        while low < high {
            let mid = (low + high) / 2
            if months[mid] <= month { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension SubsidyBook.Claims {
    mutating func add(amount: Int64, paid: Int64) {
        count += 1
        self.amount += amount
        paidAmount += paid
    }
}
