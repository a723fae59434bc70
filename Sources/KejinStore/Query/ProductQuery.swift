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
    /// first), then bank and code. `present`: whether period_summary holds a period (the
    /// viewer's periods kept per store version; else asked).
    func figures(_ s: any StoreSession, at period: Period, present: (String) throws -> Bool) throws -> ProductFigures {
        guard !entries.isEmpty, try ProductSummary.exists(s) else { return .empty }
        let yearAgoKept = try present(period.yearAgo.key)
        // Both months' rows sent together (one wait on PostgreSQL, not a cursor's three each).
        try s.prefetch([ProductSummary.read(period)] + (yearAgoKept ? [ProductSummary.read(period.yearAgo)] : []))
        let now = try ProductSummary.read(s, period: period)
        let yearAgo = yearAgoKept ? try ProductSummary.read(s, period: period.yearAgo) : nil
        // The period's end once, not per product (a province holds thousands of them).
        let end = period.endDate
        var products: [(group: Int, product: ProductFigures.Product)] = []
        products.reserveCapacity(entries.count)
        for e in entries {
            let current = now[e.key]
            guard e.launched <= end || current != nil else { continue }
            products.append((e.chain == nil ? 1 : 0, ProductFigures.Product(
                code: e.key.code, bank: e.key.bank, bankName: e.bankName, chain: e.chain, chainName: e.chainName, name: e.name,
                kind: e.kind, launched: e.launched, balance: Money(fen: current?.balance ?? 0), borrowers: current?.borrowers ?? 0,
                balanceYearAgo: yearAgo.map { Money(fen: $0[e.key]?.balance ?? 0) })))
        }
        products.sort { a, b in
            if a.group != b.group { return a.group < b.group }
            if a.product.chain != b.product.chain { return (a.product.chain ?? "") < (b.product.chain ?? "") }
            if a.product.balance != b.product.balance { return a.product.balance.fen > b.product.balance.fen }
            return (a.product.bank, a.product.code) < (b.product.bank, b.product.code)
        }
        return ProductFigures(products: products.map(\.product))
    }
}
