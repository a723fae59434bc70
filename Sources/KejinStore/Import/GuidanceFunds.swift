import KejinCore

/// The guidance funds (科创引导基金, the article's 五大矩阵 (三); issue 12, item 6; schema v22), each
/// file declared once (`DeclaredEntity`): a fund with its capital, leverage and breaker, and the
/// loans of loans.csv it backs. Query/FundQuery.swift counts them; CSVFormat.md §21–§22
/// documents them.
enum GuidanceFunds {
    /// `guidance_funds.csv`: a fund set up with a bank (汉阴农商银行 for Hanyin's), its capital, the
    /// leverage it backs loans at (1:5 → 5: a ceiling of five times the capital) and its breaker
    /// (熔断): the compensation paid, as a share of the capital, at which it stops backing loans.
    static let funds = DeclaredEntity(table: "guidance_funds", columns: [
        .init("code", .code, key: true),
        .init("name_zh", .text),
        .init("name_en", .text),
        .init("bank", .institution(["bank"])),
        .init("region", .region, optional: true),
        .init("capital_yuan", stored: "capital", .money),
        .init("leverage", .whole(1...100)),
        .init("breaker_pct", stored: "breaker", .percent),
        .init("established_date", .date),
    ])

    /// `fund_loans.csv`: a loan the fund backs (its bank's loan, backed on or after its start),
    /// and what the fund compensated on it (代偿) when it failed: the breaker's numerator.
    static let loans = DeclaredEntity(table: "fund_loans", columns: [
        .init("fund", .fund, key: true),
        .init("loan", .loan, key: true),
        .init("backed_date", .date),
        .init("compensated_date", .date, optional: true),
        .init("compensated_yuan", stored: "compensated", .money, optional: true),
    ], check: { try checkLoan($0, $1, $2) })

    static let entities = [funds, loans]

    /// The loan is the fund's bank's and started by the backing date; a compensation names its
    /// date and amount together, after the backing, at most the loan's amount.
    static func checkLoan(_ r: CSVRow, _ v: DeclaredEntity.Values, _ writers: RowWriters) throws {
        try Outreach.ordered(r, v, "backed_date", "compensated_date")
        let paidOn = v.text("compensated_date"), paid = v["compensated"]?.integer
        if paidOn != nil, paid == nil { throw r.fail("compensated_yuan", "is empty; a compensation names its amount") }
        if paidOn == nil, paid != nil { throw r.fail("compensated_date", "is empty; a compensation names its date") }
        guard let bank = try writers.session.fetchOne("SELECT bank FROM \(funds.table) WHERE code = ?1", v.text("fund")!, as: String.self),
              let row = try writers.session.fetch("SELECT bank, start_date, amount FROM loans WHERE code = ?1", v.text("loan")!).first
        else { return }
        let (lender, start, amount): (String, String, Int64) = (try row.get(0), try row.get(1), try row.get(2))
        if lender != bank { throw r.fail("loan", "is a loan of \(lender), not of the fund's bank \(bank)") }
        if let backed = v.text("backed_date"), backed < start { throw r.fail("backed_date", "is before the loan's start (\(start))") }
        if let paid, paid > amount { throw r.fail("compensated_yuan", "is more than the loan's amount") }
    }
}
