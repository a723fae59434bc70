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

    /// Product, bank, chain ("-": none), balance, borrowers, YoY (a fall in the warning role).
    static func table(_ f: ProductFigures, context c: RenderContext) -> Table {
        let columns = [TableColumn(c.t(.colProduct), minWidth: 8, priority: 100), TableColumn(c.t(.colBankName), minWidth: 8, priority: 80),
                       TableColumn(c.t(.colChainName), minWidth: 8, priority: 70), TableColumn(c.t(.colBalanceShort), .right, priority: 98),
                       TableColumn(c.t(.colBorrowers), .right, priority: 95), TableColumn(c.t(.colYoY), .right, priority: 90)]
        let rows: [[TableCell]] = f.products.map { p in
            let growth = p.growth
            return [.text(c.name(p.name)), .text(c.name(p.bankName)), .text(p.chainName.map { c.name($0) } ?? "-"),
                    .text(c.money(p.balance), .value), .text(c.count(p.borrowers)),
                    .text(growth.map { Format.change($0) } ?? "-", (growth?.value ?? 0) < 0 ? .warning : .normal)]
        }
        return Table(columns: columns, rows: rows, glyphs: c.glyphs)
    }
}
