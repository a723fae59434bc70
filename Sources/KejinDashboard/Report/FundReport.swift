import KejinCore

/// The guidance funds in `kejin report` (issue 12, item 6): a JSON array inside `programme`
/// (fen, basis points) and a CSV section. The text report prints the screen's lines
/// (ProgrammeReport.text, 五大矩阵).
enum FundReport {
    typealias Amount = JSONReport.Amount

    struct Fund: Encodable {
        let fund, name, bank: String
        let capital, ceiling: Amount
        let leverage: Int
        /// Loans backed up to the period end, at their contract amounts, and the firms they went to.
        let backed: ProgrammeReport.Tally
        let firms: Int
        /// Backed loans neither matured nor compensated at the period end, against the ceiling.
        let inUse: Amount
        let usageBp: Int64?
        let compensated: Amount
        let lossRateBp: Int64?
        let breakerBp: Int64
        let tripped: Bool

        init(_ f: GuidanceFund, _ l: Language) {
            fund = f.code; name = f.name.text(l); bank = f.bank.text(l)
            capital = Amount(f.capital, l); ceiling = Amount(f.ceiling, l); leverage = f.leverage
            backed = ProgrammeReport.Tally(f.backed, l); firms = f.firms
            inUse = Amount(f.inUse, l); usageBp = f.usage?.value
            compensated = Amount(f.compensated, l); lossRateBp = f.lossRate?.value; breakerBp = f.breaker.value; tripped = f.tripped
        }
    }

    /// (title, header, rows): one row per fund.
    static func csvSections(_ p: ProgrammeFigures, _ l: Language) -> [(Names, [Names], [[String]])] {
        [(Str.fundTitle.names,
          [Names(zh: "代码", en: "Code"), Names(zh: "基金", en: "Fund"), Names(zh: "银行", en: "Bank"),
           Names(zh: "资金规模(元)", en: "Capital (¥)"), Names(zh: "杠杆倍数", en: "Leverage"), Names(zh: "上限(元)", en: "Ceiling (¥)"),
           Names(zh: "支持户数", en: "Firms"), Names(zh: "支持笔数", en: "Loans"), Names(zh: "支持金额(元)", en: "Backed (¥)"),
           Names(zh: "占用(元)", en: "In use (¥)"), Names(zh: "占用率(%)", en: "Usage (%)"), Names(zh: "代偿(元)", en: "Compensated (¥)"),
           Names(zh: "熔断线(%)", en: "Breaker (%)"), Names(zh: "已熔断", en: "Tripped")],
          p.guidanceFunds.map { f in
              [f.code, f.name.text(l), f.bank.text(l), f.capital.yuanText, "\(f.leverage)", f.ceiling.yuanText, "\(f.firms)",
               "\(f.backed.loans)", f.backed.amount.yuanText, f.inUse.yuanText, f.usage?.percentText ?? "", f.compensated.yuanText,
               f.breaker.percentText, f.tripped ? "1" : "0"]
          })]
    }
}
