import KejinCore

/// The banks' loan products (一链一行, the article's 五大矩阵 (四); issue 12, item 5; schema v24),
/// declared once (`DeclaredEntity`): each a bank's — its code unique within the bank, so two
/// banks may both call theirs 科技贷 — on a chain or none. A loan names its product by that code
/// in loans.csv's `product` (empty: none); the importer refuses a code that is not the loan's
/// own bank's (RowWriters.checkLoan). Query/ProductSummary.swift keeps their figures per period;
/// CSVFormat.md §11a documents the file (applied after guarantees.csv, before loans.csv).
enum Products {
    static let catalogue = DeclaredEntity(table: "products", columns: [
        .init("code", .code, key: true),
        .init("bank", .institution(["bank"]), key: true),
        .init("chain", .chain, optional: true),
        .init("name_zh", .text),
        .init("name_en", .text),
        .init("kind", .oneOf(ProductFigures.Kind.allCases.map(\.rawValue))),
        .init("launched_date", stored: "launched", .date),
    ])

    /// v24: the catalogue, one product per distinct (bank, text) of the loans' free-text
    /// `product` — the text its code and both names, so a loans file written before v24 imports
    /// as it did; on a chain when every loan of it lends to firms of that one chain; kind
    /// `general`; launched on its first loan's start — and the per-period summary filled.
    /// Loans are not rewritten, so no figure moves.
    static let migration = StoreMigration(version: 24, name: "v24 products") { s in
        try catalogue.create(s)
        try s.execute("""
            INSERT INTO products(code, bank, chain, name_zh, name_en, kind, launched)
            SELECT l.product, l.bank,
                   CASE WHEN count(DISTINCT coalesce(e.chain, '')) = 1 THEN nullif(min(coalesce(e.chain, '')), '') END,
                   l.product, l.product, 'general', min(l.start_date)
            FROM loans l LEFT JOIN enterprises e ON e.code = l.enterprise
            WHERE l.product <> ''
            GROUP BY l.bank, l.product
            """)
        try ProductSummary.create(s)
        for p in try PeriodSummary.periods(s) { try ProductSummary.recompute(s, period: p.key) }
        try ReferenceVersion.bump(s)
    }
}
