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
    /// The claims per bank and month, by bank and month.
    var claims: [SubsidySummary.Row] = []
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
        book.claims = try SubsidySummary.rows(s)
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
        var allocated: [String: Int64] = [:], claimed: [String: LoanTally] = [:], paid: [String: Int64] = [:], loans: [String: Int] = [:]
        for a in allocations where a.date <= day { allocated[a.bank, default: 0] += a.amount }
        // Each bank's rows up to the month (a payment counts from the later of its claim's month and its own).
        for c in claims where c.month <= month {
            if c.claims > 0 {
                claimed[c.bank, default: .zero] = claimed[c.bank, default: .zero] + LoanTally(amount: Money(fen: c.claimed), loans: c.claims)
            }
            paid[c.bank, default: 0] += c.paid
            loans[c.bank, default: 0] += c.loans
        }
        let banks = Set(allocated.keys).union(claimed.keys).sorted().map { bank in
            InterestSubsidyFigures.Bank(code: bank, name: names[bank] ?? Names(zh: bank, en: bank), allocated: Money(fen: allocated[bank] ?? 0),
                                        claims: claimed[bank] ?? .zero, loans: loans[bank] ?? 0, paid: Money(fen: paid[bank] ?? 0))
        }
        return InterestSubsidyFigures(budgets: budgets, banks: banks)
    }
}
