import KejinCore

/// The fiscal interest subsidy (财政贴息, the article's 六项保障 (五); issue 12, item 4; schema v22),
/// each file declared once (`DeclaredEntity`): the city's and counties' budgets, their
/// allocations to local legal-person banks, and the banks' claims on their re-lending-funded
/// loans. Query/SubsidyQuery.swift counts them; default rule 14 (`subsidy_claim_use`) warns when
/// a bank's claims exceed its allocation; CSVFormat.md §23–§25 documents them.
enum InterestSubsidy {
    /// `subsidy_budgets.csv`: a budget one level of government put up (the city's, a county's).
    static let budgets = DeclaredEntity(table: "subsidy_budgets", columns: [
        .init("code", .code, key: true),
        .init("name_zh", .text),
        .init("name_en", .text),
        .init("level", .oneOf(["city", "county"])),
        .init("region", .region, optional: true),
        .init("budget_yuan", stored: "budget", .money),
        .init("funded_date", .date),
    ])

    /// `subsidy_allocations.csv`: the part of a budget allotted to a bank, from a date. The
    /// allocations of one budget add up to at most the budget.
    static let allocations = DeclaredEntity(table: "subsidy_allocations", columns: [
        .init("budget", .budget, key: true),
        .init("bank", .institution(["bank"]), key: true),
        .init("allocated_yuan", stored: "allocated", .money),
        .init("allocated_date", .date),
    ], check: { try checkAllocation($0, $1, $2) })

    /// `subsidy_claims.csv`: a bank's claim on a budget for the interest of one of its loans
    /// funded by re-lending (loans.csv's `relending_draw`), and what was paid on it.
    static let claims = DeclaredEntity(table: "subsidy_claims", columns: [
        .init("code", .code, key: true),
        .init("budget", .budget),
        .init("bank", .institution(["bank"])),
        .init("loan", .loan),
        .init("claimed_date", .date),
        .init("claimed_yuan", stored: "claimed", .money),
        .init("paid_date", .date, optional: true),
        .init("paid_yuan", stored: "paid", .money, optional: true),
    ], check: { try checkClaim($0, $1, $2) })

    static let entities = [budgets, allocations, claims]

    /// The allocations of the row's budget, this one included, stay within the budget.
    static func checkAllocation(_ r: CSVRow, _ v: DeclaredEntity.Values, _ writers: RowWriters) throws {
        let budget = v.text("budget")!, bank = v.text("bank")!
        guard let amount = try writers.session.fetchOne("SELECT budget FROM \(budgets.table) WHERE code = ?1", budget, as: Int64.self) else { return }
        let others = try writers.session.fetchOne("""
            SELECT coalesce(sum(allocated), 0) FROM \(allocations.table) WHERE budget = ?1 AND bank <> ?2
            """, budget, bank, as: Int64.self) ?? 0
        if others + v["allocated"]!.integer! > amount {
            throw r.fail("allocated_yuan", "takes the budget's allocations past its \(Money(fen: amount).yuanText) yuan")
        }
    }

    /// The loan is the claiming bank's and funded by re-lending; a payment names its date and
    /// amount together, on or after the claim, at most the amount claimed.
    static func checkClaim(_ r: CSVRow, _ v: DeclaredEntity.Values, _ writers: RowWriters) throws {
        try Outreach.ordered(r, v, "claimed_date", "paid_date")
        let paidOn = v.text("paid_date"), paid = v["paid"]?.integer
        if paidOn != nil, paid == nil { throw r.fail("paid_yuan", "is empty; a payment names its amount") }
        if paidOn == nil, paid != nil { throw r.fail("paid_date", "is empty; a payment names its date") }
        if let paid, paid > v["claimed"]!.integer! { throw r.fail("paid_yuan", "is more than claimed_yuan") }
        guard let row = try writers.session.fetch("SELECT bank, coalesce(relending_draw, '') FROM loans WHERE code = ?1", v.text("loan")!).first
        else { return }
        let (lender, draw): (String, String) = (try row.get(0), try row.get(1))
        if lender != v.text("bank") { throw r.fail("loan", "is a loan of \(lender), not of the claiming bank \(v.text("bank")!)") }
        if draw.isEmpty { throw r.fail("loan", "is not funded by re-lending (no relending_draw)") }
    }

    /// Default rule 14 (`subsidy_claim_use`) into stores made before it, as v19 did rule 13.
    static func seedRule(_ s: any StoreSession) throws { try FiguresQuery.seedDefaultRules(s, on: .subsidyClaimUse) }
}
