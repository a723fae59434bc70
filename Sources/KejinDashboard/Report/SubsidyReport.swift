import KejinCore

/// The fiscal interest subsidy in `kejin report` (issue 12, item 4): a JSON object inside
/// `programme` (fen, basis points) and a CSV section. The text report prints the screen's panel
/// (ProgrammeReport.text, 六项保障 · 财政贴息).
enum SubsidyReport {
    typealias Amount = JSONReport.Amount

    struct Document: Encodable {
        struct Budget: Encodable { let budget, name, level: String; let amount: Amount }
        struct Bank: Encodable {
            let bank, name: String
            let allocated, claimed, paid: Amount
            let claims, loans: Int
            /// Claimed ÷ allocated: default rule 14 fires above 100%.
            let claimUseBp: Int64?
        }
        let budget, allocated, claimed, paid, left: Amount
        let paidShareBp: Int64?
        let budgets: [Budget]
        let banks: [Bank]

        init(_ s: InterestSubsidyFigures, _ l: Language) {
            budget = Amount(s.budget, l); allocated = Amount(s.allocated, l); claimed = Amount(s.claimed, l)
            paid = Amount(s.paid, l); left = Amount(s.left, l); paidShareBp = s.paidShare?.value
            budgets = s.budgets.map { Budget(budget: $0.code, name: $0.name.text(l), level: $0.level, amount: Amount($0.amount, l)) }
            banks = s.banks.map {
                Bank(bank: $0.code, name: $0.name.text(l), allocated: Amount($0.allocated, l), claimed: Amount($0.claims.amount, l),
                     paid: Amount($0.paid, l), claims: $0.claims.loans, loans: $0.loans, claimUseBp: $0.claimUse?.value)
            }
        }
    }

    /// (title, header, rows): the total, then one row per bank.
    static func csvSections(_ p: ProgrammeFigures, _ l: Language) -> [(Names, [Names], [[String]])] {
        let s = p.subsidy
        return [(Str.subsidyTitle.names,
                 [Names(zh: "代码", en: "Code"), Str.colBankName.names, Names(zh: "预算/分配(元)", en: "Budget / allocated (¥)"),
                  Names(zh: "申请笔数", en: "Claims"), Names(zh: "申请金额(元)", en: "Claimed (¥)"),
                  Names(zh: "已拨付(元)", en: "Disbursed (¥)"), Names(zh: "剩余(元)", en: "Left (¥)"),
                  Names(zh: "申请/分配(%)", en: "Claims / allocation (%)")],
                 [["", Names(zh: "合计", en: "All").text(l), s.budget.yuanText, "\(s.banks.reduce(0) { $0 + $1.claims.loans })",
                   s.claimed.yuanText, s.paid.yuanText, s.left.yuanText, ""]]
                 + s.banks.map { b in
                     [b.code, b.name.text(l), b.allocated.yuanText, "\(b.claims.loans)", b.claims.amount.yuanText, b.paid.yuanText,
                      (b.allocated - b.paid).yuanText, b.claimUse?.percentText ?? ""]
                 })]
    }
}
