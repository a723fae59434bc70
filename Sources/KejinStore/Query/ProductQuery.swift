import KejinCore

/// The products' catalogue (products.csv) with its banks' and chains' names: reference data,
/// so a viewer reads it once per reference version (VersionedReads) and each period adds the
/// period's and the year-ago month's rows of `product_summary` (ProductSummary.swift).
struct ProductBook: Sendable {
    struct Entry: Sendable {
        let key: ProductKey
        let chain: String?
        let name: Names, bankName: Names, chainName: Names?
        let kind: ProductFigures.Kind
        let launched: String
    }
    var entries: [Entry] = []

    static func read(_ s: any StoreSession) throws -> ProductBook {
        var book = ProductBook()
        // A store migrated only part-way (tests' older stores) has none.
        guard try s.tableExists(Products.catalogue.table) else { return book }
        book.entries = try s.fetch("""
            SELECT p.code, p.bank, p.chain, p.name_zh, p.name_en, p.kind, p.launched,
                   coalesce(i.name_zh, p.bank), coalesce(i.name_en, p.bank), c.name_zh, c.name_en
            FROM \(Products.catalogue.table) p
            LEFT JOIN institutions i ON i.code = p.bank
            LEFT JOIN chains c ON c.code = p.chain
            ORDER BY p.bank, p.code
            """).map { r in
                let chainZh: String? = try r.get(9), chainEn: String? = try r.get(10)
                return Entry(key: ProductKey(bank: try r.get(1), code: try r.get(0)), chain: try r.get(2),
                             name: Names(zh: try r.get(3), en: try r.get(4)), bankName: Names(zh: try r.get(7), en: try r.get(8)),
                             chainName: chainZh.map { Names(zh: $0, en: chainEn ?? $0) },
                             kind: ProductFigures.Kind(rawValue: try r.get(5)) ?? .general, launched: try r.get(6))
            }
        return book
    }

    /// The period's figures: every product launched by its end or with a balance row in it,
    /// chain products first (by chain code), then the others, each group by balance (largest
    /// first), then bank and code.
    func figures(_ s: any StoreSession, at period: Period) throws -> ProductFigures {
        guard !entries.isEmpty, try ProductSummary.exists(s) else { return .empty }
        let now = try ProductSummary.read(s, period: period)
        let yearAgo = try ProgrammeSummary.present(s, period.yearAgo.key) ? try ProductSummary.read(s, period: period.yearAgo) : nil
        let products = entries.filter { $0.launched <= period.endDate || now[$0.key] != nil }.map { e in
            ProductFigures.Product(code: e.key.code, bank: e.key.bank, bankName: e.bankName, chain: e.chain, chainName: e.chainName,
                                   name: e.name, kind: e.kind, launched: e.launched,
                                   balance: Money(fen: now[e.key]?.balance ?? 0), borrowers: now[e.key]?.borrowers ?? 0,
                                   balanceYearAgo: yearAgo.map { Money(fen: $0[e.key]?.balance ?? 0) })
        }
        return ProductFigures(products: products.sorted { a, b in
            let ka = (a.chain == nil ? 1 : 0, a.chain ?? ""), kb = (b.chain == nil ? 1 : 0, b.chain ?? "")
            if ka != kb { return ka < kb }
            if a.balance != b.balance { return a.balance.fen > b.balance.fen }
            return (a.bank, a.code) < (b.bank, b.code)
        })
    }
}
