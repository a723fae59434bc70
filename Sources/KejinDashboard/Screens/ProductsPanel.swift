import KejinCore

/// The banks' products (一链一行, the article's 五大矩阵 (四); issue 12, item 5): 五大矩阵's second
/// panel (ProgrammeScreen.Panel.products) — how many products, their balance, then one row per
/// product by chain and bank with balance, borrowers (户数) and growth year on year.
enum ProductsPanel {
    typealias P = DetailPanel

    /// "银行产品  38个  余额 12.34亿" (or that none is loaded).
    static func lines(_ f: ProductFigures, context c: RenderContext) -> [[P.Segment]] {
        let caption = ProgrammeScreen.caption
        guard !f.products.isEmpty else { return [[caption(c.t(.productsTitle)), P.plain(c.t(.noProducts))]] }
        return [[P.value(c.t(.productsTitle), .title), P.gap(2), P.plain(Format.count(f.products.count, unit: .productsUnit, c.language)),
                 P.gap(2), caption(c.t(.colBalanceShort)), P.value(c.amount(f.balance))]]
    }

    /// On screen, a product's name takes at most this many cells ("科技创新和技术改造再…"): one
    /// long name must not leave the banks' names cut to "中国建…" at 80 columns. English names
    /// run longer.
    static func productWidth(_ l: Language) -> Int { l == .zh ? 16 : 22 }

    /// Product, bank, chain ("-": none), balance, borrowers, YoY (a fall in the warning role).
    /// At most `rows` rows are made — a province's thousands of products would be formatted and
    /// measured on every frame for the few that fit — and the rest counted as omitted.
    /// `namesWhole`: the report's, no cap on the product's name.
    static func table(_ f: ProductFigures, rows limit: Int = .max, namesWhole: Bool = false, context c: RenderContext) -> Table {
        let columns = [TableColumn(c.t(.colProduct), minWidth: 8, maxWidth: namesWhole ? nil : productWidth(c.language), priority: 100),
                       TableColumn(c.t(.colBankName), minWidth: 8, priority: 80),
                       TableColumn(c.t(.colChainName), minWidth: 8, priority: 70), TableColumn(c.t(.colBalanceShort), .right, priority: 98),
                       TableColumn(c.t(.colBorrowers), .right, priority: 95), TableColumn(c.t(.colYoY), .right, priority: 90)]
        let rows: [[TableCell]] = f.products.prefix(max(0, limit)).map { p in
            let growth = p.growth
            return [.text(c.name(p.name)), .text(c.name(p.bankName)), .text(p.chainName.map { c.name($0) } ?? "-"),
                    .text(c.money(p.balance), .value), .text(c.count(p.borrowers)),
                    .text(growth.map { Format.change($0) } ?? "-", (growth?.value ?? 0) < 0 ? .warning : .normal)]
        }
        var table = Table(columns: columns, rows: rows, glyphs: c.glyphs)
        table.omitted = f.products.count - rows.count
        return table
    }
}
