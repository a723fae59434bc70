import KejinCore

/// The guidance funds (KejinCore's GuidanceFund) from the v22 tables (Import/GuidanceFunds.swift)
/// and the loans they back. Reference data only (funds, their loans, loans), so a viewer reads
/// the book once per reference version (`VersionedReads.funds`) and each period cuts it in
/// Swift: a fund has a handful of loans.
struct FundBook: Sendable {
    struct Fund: Sendable {
        var code: String, name: Names, bank: String, capital: Int64, leverage: Int, breaker: Int64
    }
    struct Backed: Sendable {
        var fund: String, enterprise: String, amount: Int64
        var backed: String, maturity: String
        /// The compensation's date and amount (nil: none).
        var compensatedOn: String?, compensated: Int64
    }
    var funds: [Fund] = []
    var loans: [Backed] = []
    var names: [String: Names] = [:]

    static func read(_ s: any StoreSession) throws -> FundBook {
        var book = FundBook()
        // A store migrated only part-way (tests' older stores) has none.
        guard try s.tableExists(GuidanceFunds.loans.table) else { return book }
        book.funds = try s.fetch("""
            SELECT code, name_zh, name_en, bank, capital, leverage, breaker FROM \(GuidanceFunds.funds.table) ORDER BY code
            """).map {
                Fund(code: try $0.get(0), name: Names(zh: try $0.get(1), en: try $0.get(2)), bank: try $0.get(3),
                     capital: try $0.get(4), leverage: Int(try $0.get(5, as: Int64.self)), breaker: try $0.get(6))
            }
        book.loans = try s.fetch("""
            SELECT f.fund, l.enterprise, l.amount, f.backed_date, l.maturity_date, f.compensated_date, coalesce(f.compensated, 0)
            FROM \(GuidanceFunds.loans.table) f JOIN loans l ON l.code = f.loan
            """).map {
                Backed(fund: try $0.get(0), enterprise: try $0.get(1), amount: try $0.get(2), backed: try $0.get(3),
                       maturity: try $0.get(4), compensatedOn: try $0.get(5), compensated: try $0.get(6))
            }
        for r in try s.fetch("SELECT code, name_zh, name_en FROM institutions WHERE kind = 'bank'") {
            book.names[try r.get(0)] = Names(zh: try r.get(1), en: try r.get(2))
        }
        return book
    }

    /// Every fund at the end of `period`: the loans backed by then, those still in use (not
    /// matured, not compensated by then) and the compensation paid by then.
    func funds(at period: Period) -> [GuidanceFund] {
        let day = period.endDate
        return funds.map { f in
            let backed = loans.filter { $0.fund == f.code && $0.backed <= day }
            let paid = backed.filter { ($0.compensatedOn.map { $0 <= day }) ?? false }
            let inUse = backed.filter { $0.maturity > day && !(($0.compensatedOn.map { $0 <= day }) ?? false) }
            return GuidanceFund(code: f.code, name: f.name, bank: names[f.bank] ?? Names(zh: f.bank, en: f.bank),
                                capital: Money(fen: f.capital), leverage: f.leverage, breaker: BasisPoints(f.breaker),
                                backed: LoanTally(amount: Money(fen: backed.reduce(0) { $0 + $1.amount }), loans: backed.count),
                                firms: Set(backed.map(\.enterprise)).count,
                                inUse: Money(fen: inUse.reduce(0) { $0 + $1.amount }),
                                compensated: Money(fen: paid.reduce(0) { $0 + $1.compensated }))
        }
    }
}
