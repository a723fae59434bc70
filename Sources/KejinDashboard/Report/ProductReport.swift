import KejinCore

/// The banks' products in `kejin report` (issue 12, item 5): a JSON array inside `programme`
/// (fen, basis points) and a CSV section. The text report prints the screen's panel
/// (ProgrammeReport.text, 五大矩阵 · 一链一行).
enum ProductReport {
    typealias Amount = JSONReport.Amount

    struct Product: Encodable {
        let code, bank, bankName, name, kind, launched: String
        /// nil: a product of no single chain.
        let chain, chainName: String?
        let balance: Amount
        let borrowers: Int
        /// nil: no balances a year before in the store.
        let balanceYearAgo: Amount?
        let growthBp: Int64?

        init(_ p: ProductFigures.Product, _ l: Language) {
            code = p.code; bank = p.bank; bankName = p.bankName.text(l); name = p.name.text(l); kind = p.kind.rawValue
            launched = p.launched; chain = p.chain; chainName = p.chainName?.text(l)
            balance = Amount(p.balance, l); borrowers = p.borrowers; balanceYearAgo = p.balanceYearAgo.map { Amount($0, l) }
            growthBp = p.growth?.value
        }
    }

    static func document(_ f: ProductFigures, _ l: Language) -> [Product] { f.products.map { Product($0, l) } }

    /// (title, header, rows): one row per product.
    static func csvSections(_ p: ProgrammeFigures, _ l: Language) -> [(Names, [Names], [[String]])] {
        [(Str.productsTitle.names,
          [Names(zh: "代码", en: "Code"), Str.colProduct.names, Names(zh: "银行代码", en: "Bank code"), Str.colBankName.names,
           Names(zh: "产业链代码", en: "Chain code"), Str.colChainName.names, Names(zh: "类别", en: "Kind"),
           Names(zh: "推出日期", en: "Launched"), Names(zh: "余额(元)", en: "Balance (¥)"), Str.colBorrowers.names,
           Names(zh: "上年同期(元)", en: "Year ago (¥)"), Names(zh: "同比(%)", en: "YoY (%)")],
          (p.products ?? .empty).products.map { x in
              [x.code, x.name.text(l), x.bank, x.bankName.text(l), x.chain ?? "", x.chainName?.text(l) ?? "", x.kind.rawValue,
               x.launched, x.balance.yuanText, "\(x.borrowers)", x.balanceYearAgo?.yuanText ?? "", x.growth?.percentText ?? ""]
          })]
    }
}
