import KejinCore

/// The period's non-performing loans on the figures (NPLSummary.swift): the city's (or the
/// region's) and each chain's NPL beside the loan measures already read, and each bank's NPL
/// with its balances, for the Chains screen, the report and alert rule 16 (`tech_npl_gap`).
/// The full-scan baseline sums the same from loan_balances, so `kejin bench` compares them.
extension FiguresQuery {
    func applyNPL(to figures: inout Figures) throws {
        guard try NPLSummary.exists(session) else { return }
        let byBank = try NPLSummary.load(session, period: period, regions: regionScope, fresh: !loanMeasures.usesSummaries)
        var byChain: [String: NPLSummary.Balances] = [:], city = NPLSummary.Balances()
        for chains in byBank.values {
            for (chain, b) in chains {
                byChain[chain, default: .init()].add(b)
                city.add(b)
            }
        }
        figures.city.npl = Money(fen: city.of(.all))
        figures.city.techNPL = Money(fen: city.of(.tech))
        for i in figures.chains.indices {
            let b = byChain[figures.chains[i].code] ?? .init()
            figures.chains[i].npl = Money(fen: b.of(.all))
            figures.chains[i].techNPL = Money(fen: b.of(.tech))
        }
        let names = try versioned?.bankNames(session) ?? RelendingCoverage.bankNames(session)
        figures.banksNPL = try bankBalances().filter { $0.value.all > 0 }.sorted { $0.key < $1.key }.map { code, loans in
            var b = NPLSummary.Balances()
            for chain in (byBank[code] ?? [:]).values { b.add(chain) }
            return BankNPL(code: code, name: names[code] ?? Names(zh: code, en: code),
                           measure: NPLMeasure(balance: Money(fen: loans.all), npl: Money(fen: b.of(.all)),
                                               techBalance: Money(fen: loans.tech), techNPL: Money(fen: b.of(.tech))))
        }
    }

    /// Each bank's balance of all loans and of tech loans in the period (in the region): from
    /// bank_summary, or summed from loan_balances for the full-scan baseline.
    private func bankBalances() throws -> [String: (all: Int64, tech: Int64)] {
        if loanMeasures.usesSummaries {
            return try BankSummary.balances(session, period: period, regions: regionScope)
        }
        let codes = regionScope?.sorted() ?? []
        var result: [String: (all: Int64, tech: Int64)] = [:]
        try session.cursor("""
            SELECT l.bank, sum(b.balance), sum(CASE WHEN \(PeriodSummary.Column.tech.condition) THEN b.balance ELSE 0 END)
            FROM loan_balances b
            JOIN loans l ON l.id = b.loan_id
            JOIN enterprises e ON e.code = l.enterprise
            WHERE b.period = ?1 \(regionScope == nil ? "" : "AND \(RegionSummary.key) IN (\(PeriodSummary.marks(2, codes.count)))")
            GROUP BY l.bank
            """, [.text(period.key)] + codes.map(SQLValue.text)) { row in
            result[try row.get(0)] = (try row.integer(1), try row.integer(2))
            return true
        }
        return result
    }
}
