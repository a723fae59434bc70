/// The loans of a small import's affected firms (`delta_enterprises`) in one period, each with
/// its balance after the import and before it, read once: what the chain, bank, region and
/// product deltas sum (BalanceChanges.apply, ProductSummary.applyDelta). They need the firms'
/// unchanged loans too, since a firm is one borrower in a group however many loans it has
/// there; the changed loans' balances before come from `changed_loans`.
///
/// Why one read: at 1M loans a 10,000-row month spent ~0.3 s of its ~0.9 s in four grouped
/// reads of these loans (the region and bank groups, then the products, each after and before
/// the import), every loan joined to its balance row and firm four times.
struct AffectedLoans {
    struct Loan {
        var firm: String, bank: String, product: String
        /// Its firm's region ('' for none) and chain (nil: none); `known`: the firm is in
        /// `enterprises` (else it counts in no chain's, bank's or region's group, as the
        /// recompute's inner join drops it, but in its product's).
        var region: String, chain: String?, known: Bool
        /// A bit per PeriodSummary.Column the loan is in (PeriodGroups.bitsSQL).
        var columns: Int64
        /// Its balance row after and before the import (nil: none).
        var after: Int64?, before: Int64?
    }
    let loans: [Loan]

    /// Reads period `period`'s loans of the firms in `delta_enterprises`, with `changed_loans`
    /// filled for it. `regions`: the store keeps a region per firm (v9); `products`: a product
    /// per loan (v24).
    static func read(_ s: any StoreSession, period: String, regions: Bool, products: Bool) throws -> AffectedLoans {
        var loans: [Loan] = []
        try s.cursor("""
            SELECT l.enterprise, l.bank, \(products ? "l.product" : "''"), \(regions ? RegionSummary.key : "''"), e.chain,
                   CASE WHEN e.code IS NULL THEN 0 ELSE 1 END, \(PeriodGroups.bitsSQL), b.balance,
                   CASE WHEN c.loan_id IS NULL THEN 0 ELSE 1 END, c.old_balance
            FROM delta_enterprises a
            CROSS JOIN loans l ON l.enterprise = a.code
            LEFT JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id
            LEFT JOIN changed_loans c ON c.loan_id = l.id
            LEFT JOIN enterprises e ON e.code = l.enterprise
            WHERE b.loan_id IS NOT NULL OR c.old_balance IS NOT NULL
            """, [.text(period)]) { row in
            let after = try row.get(7, as: Int64?.self)
            let changed = try row.integer(8) != 0
            loans.append(Loan(firm: try row.get(0), bank: try row.get(1), product: try row.get(2), region: try row.get(3),
                              chain: try row.get(4, as: String?.self), known: try row.integer(5) != 0, columns: try row.integer(6),
                              after: after, before: changed ? try row.get(9, as: Int64?.self) : after))
            return true
        }
        return AffectedLoans(loans: loans)
    }

    /// A region and chain (nil: the firm has none; it counts in its region's total only).
    struct RegionChain: Hashable { var region: String, chain: String? }
    struct RegionBankChain: Hashable { var region: String, bank: String, chain: String }

    /// after − before per (region, chain) and per (region, bank, chain '' for none): the groups
    /// the recompute keys region_summary and region_bank_summary by (and, summed over regions,
    /// period_summary and bank_summary).
    func regionDelta() throws -> (byChain: [RegionChain: PeriodSummary.Measures], byBank: [RegionBankChain: PeriodSummary.Measures]) {
        var byChain: [RegionChain: PeriodSummary.Measures] = [:], byBank: [RegionBankChain: PeriodSummary.Measures] = [:]
        let columns = PeriodSummary.Column.allCases.count
        struct FirmBank: Hashable { var firm: String, bank: String }
        for (side, sign) in [(\Loan.after, Int64(1)), (\Loan.before, -1)] {
            // Per firm and bank, then per firm across its banks: one borrower in each group.
            var groups: [FirmBank: (loan: Loan, rows: Int64, sums: [Int64])] = [:]
            for loan in loans where loan.known {
                guard let balance = loan[keyPath: side] else { continue }
                let key = FirmBank(firm: loan.firm, bank: loan.bank)
                var group = groups[key] ?? (loan, 0, Array(repeating: 0, count: columns))
                group.rows += 1
                for c in 0..<columns where loan.columns & (1 << c) != 0 { group.sums[c] = try GuaranteeBook.add(group.sums[c], balance) }
                groups[key] = group
            }
            var firms: [String: (key: RegionChain, rows: Int64, sums: [Int64])] = [:]
            var chains: [RegionChain: PeriodSummary.Measures] = [:], banks: [RegionBankChain: PeriodSummary.Measures] = [:]
            for group in groups.values {
                let loan = group.loan
                try banks[RegionBankChain(region: loan.region, bank: loan.bank, chain: loan.chain ?? ""), default: .init()]
                    .add(rows: group.rows, sums: group.sums[...])
                var firm = firms[loan.firm] ?? (RegionChain(region: loan.region, chain: loan.chain), 0, Array(repeating: 0, count: columns))
                firm.rows += group.rows
                for c in 0..<columns { firm.sums[c] = try GuaranteeBook.add(firm.sums[c], group.sums[c]) }
                firms[loan.firm] = firm
            }
            for firm in firms.values { try chains[firm.key, default: .init()].add(rows: firm.rows, sums: firm.sums[...]) }
            for (key, m) in chains { byChain[key, default: .init()].add(m, times: sign) }
            for (key, m) in banks { byBank[key, default: .init()].add(m, times: sign) }
        }
        return (byChain, byBank)
    }

    /// after − before per (bank, product): balance rows, balance and borrowers (firms whose
    /// loans of the product sum to a positive balance), as ProductSummary.rowsSQL counts them.
    func productDelta() throws -> [ProductKey: (rows: Int64, balance: Int64, borrowers: Int64)] {
        var delta: [ProductKey: (rows: Int64, balance: Int64, borrowers: Int64)] = [:]
        struct FirmProduct: Hashable { var firm: String, product: ProductKey }
        for (side, sign) in [(\Loan.after, Int64(1)), (\Loan.before, -1)] {
            var groups: [FirmProduct: (rows: Int64, balance: Int64)] = [:]
            for loan in loans {
                guard let balance = loan[keyPath: side] else { continue }
                let key = FirmProduct(firm: loan.firm, product: ProductKey(bank: loan.bank, code: loan.product))
                let group = groups[key] ?? (0, 0)
                groups[key] = (group.rows + 1, try GuaranteeBook.add(group.balance, balance))
            }
            for (key, group) in groups {
                let d = delta[key.product] ?? (0, 0, 0)
                delta[key.product] = (d.rows + sign * group.rows, try GuaranteeBook.add(d.balance, sign * group.balance),
                                      d.borrowers + (group.balance > 0 ? sign : 0))
            }
        }
        return delta
    }
}
