import KejinCore

/// Default rule 15 (`ledger_spread`; issue 12, item 3): the figures carry each bank's re-lending
/// ledger loans with a balance at the period end and their spread over the tool's rate, from the
/// rows kept per period, bank and spread (ProgrammeSummary, schema v17), so the alert engine sees
/// the widest on every screen. A period without balances has no ledger loan with one: none.
enum SpreadRule {
    static func spreads(_ s: any StoreSession, period: Period, names: [String: Names]) throws -> [FinancingCost.LedgerSpread] {
        guard try ProgrammeSummary.exists(s), try ProgrammeSummary.present(s, period.key) else { return [] }
        return try ProgrammeSummary.spreads(s, period: period).sorted { $0.key < $1.key }.compactMap { bank, x in
            WeightedRate.of(weighted: x.weighted, amount: x.balance, loans: Int(x.loans)).map {
                FinancingCost.LedgerSpread(bank: bank, name: names[bank] ?? Names(zh: bank, en: bank), loans: Int(x.loans),
                                           balance: Money(fen: x.balance), spread: $0.rate, widest: BasisPoints(x.widest))
            }
        }
    }

    /// Default rule 15 into stores made before it (v23), as v19 did rule 13.
    static func seedRule(_ s: any StoreSession) throws { try FiguresQuery.seedDefaultRules(s, on: .ledgerSpread) }
}
