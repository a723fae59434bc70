import KejinCore

/// The interest subsidy (KejinCore's InterestSubsidyFigures) from the v22 tables
/// (Import/InterestSubsidy.swift). Reference data only, so a viewer reads the book once per
/// reference version (`VersionedReads.subsidy`) and each period cuts it in Swift: the budgets
/// and allocations as they are, the claims from their sums per bank and month
/// (SubsidySummary.swift: a few hundred rows, however many claims).
struct SubsidyBook: Sendable {
    struct Budget: Sendable { var code: String, name: Names, level: String, amount: Int64, funded: String }
    struct Allocation: Sendable { var bank: String, amount: Int64, date: String }
    var budgets: [Budget] = []
    var allocations: [Allocation] = []
    /// Each bank's claims summed up to each of its months, the months ascending (from the
    /// claims per bank and month: SubsidySummary.rows). A period takes the last sum at or
    /// before its month, rather than summing every row up to it on every month's figures
    /// (1,400 rows at 1M loans: ~0.9 ms of a month's ~6.5).
    var claimsToDate: [String: [ClaimsToDate]] = [:]
    var names: [String: Names] = [:]

    /// A bank's claims from its first month to `month`: claimed (of the rows with claims),
    /// claims, paid, loans.
    struct ClaimsToDate: Sendable {
        var month: String
        var claimed: Int64 = 0, claims = 0, paid: Int64 = 0, loans = 0
    }

    /// Sums `rows` (any order) per bank to each month.
    static func toDate(_ rows: [SubsidySummary.Row]) throws -> [String: [ClaimsToDate]] {
        var result: [String: [ClaimsToDate]] = [:]
        for r in rows.sorted(by: { ($0.bank, $0.month) < ($1.bank, $1.month) }) {
            var sum = result[r.bank]?.last ?? ClaimsToDate(month: r.month)
            sum.month = r.month
            // Only a row with claims counts its amount claimed (as the figures always had it).
            if r.claims > 0 {
                sum.claimed = try GuaranteeBook.add(sum.claimed, r.claimed)
                sum.claims += r.claims
            }
            sum.paid = try GuaranteeBook.add(sum.paid, r.paid)
            sum.loans += r.loans
            result[r.bank, default: []].append(sum)
        }
        return result
    }

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
        book.claimsToDate = try toDate(SubsidySummary.rows(s))
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
        var allocated: [String: Int64] = [:], toDate: [String: ClaimsToDate] = [:]
        for a in allocations where a.date <= day { allocated[a.bank, default: 0] += a.amount }
        // Each bank's rows up to the month (a payment counts from the later of its claim's month and its own).
        for (bank, sums) in claimsToDate {
            toDate[bank] = sums.last { $0.month <= month }
        }
        // A bank shows with an allocation by then, or a claim.
        let claiming = toDate.filter { $0.value.claims > 0 }.keys
        let banks = Set(allocated.keys).union(claiming).sorted().map { bank in
            let sum = toDate[bank]
            return InterestSubsidyFigures.Bank(code: bank, name: names[bank] ?? Names(zh: bank, en: bank), allocated: Money(fen: allocated[bank] ?? 0),
                                               claims: sum.map { $0.claims > 0 ? LoanTally(amount: Money(fen: $0.claimed), loans: $0.claims) : .zero } ?? .zero,
                                               loans: sum?.loans ?? 0, paid: Money(fen: sum?.paid ?? 0))
        }
        return InterestSubsidyFigures(budgets: budgets, banks: banks)
    }
}
