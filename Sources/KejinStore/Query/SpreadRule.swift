import KejinCore

/// Default rule 15 (`ledger_spread`; issue 12, item 3): the figures carry each bank's re-lending
/// ledger loans with a balance at the period end and their spread over the tool's rate, from the
/// rows kept per period, bank and spread (ProgrammeSummary, schema v17), so the alert engine sees
/// the widest on every screen. A period without balances has no ledger loan with one: none.
/// `fromLedgers`: summed from the ledgers instead (the full-scan baseline reads no kept rows).
enum SpreadRule {
    /// `present`: whether period_summary has the period, when the caller knows (else asked).
    static func spreads(_ s: any StoreSession, period: Period, names: [String: Names],
                        fromLedgers: Bool = false, present: Bool? = nil) throws -> [FinancingCost.LedgerSpread] {
        guard try ProgrammeSummary.exists(s) else { return [] }
        let sums: [String: ProgrammeSummary.BankSpread]
        if fromLedgers {
            sums = try ledgerSums(s, period: period)
        } else {
            guard try present ?? ProgrammeSummary.present(s, period.key) else { return [] }
            sums = try ProgrammeSummary.spreads(s, period: period)
        }
        return sums.sorted { $0.key < $1.key }.compactMap { bank, x in
            WeightedRate.of(weighted: x.weighted, amount: x.balance, loans: Int(x.loans)).map {
                FinancingCost.LedgerSpread(bank: bank, name: names[bank] ?? Names(zh: bank, en: bank), loans: Int(x.loans),
                                           balance: Money(fen: x.balance), spread: $0.rate, widest: BasisPoints(x.widest))
            }
        }
    }

    /// Each bank's ledger loans with a balance in the period, from loan_balances: what the kept
    /// rows sum (ProgrammeSummary.spreadRowsSQL), per bank.
    private static func ledgerSums(_ s: any StoreSession, period: Period) throws -> [String: ProgrammeSummary.BankSpread] {
        var result: [String: ProgrammeSummary.BankSpread] = [:]
        for r in try s.fetch("""
            SELECT x.bank, count(*), sum(x.balance), sum(x.balance * x.spread), max(x.spread) FROM (
              SELECT l.bank AS bank, \(ProgrammeSummary.spreadExpression) AS spread, b.balance AS balance
              FROM relending_draws d CROSS JOIN loans l ON l.relending_draw = d.code
              CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = l.id AND b.balance > 0) AS x
            WHERE x.spread IS NOT NULL
            GROUP BY x.bank
            """, period.key) {
            result[try r.get(0)] = ProgrammeSummary.BankSpread(loans: try r.get(1), balance: try r.get(2),
                                                                weighted: try r.get(3), widest: try r.get(4))
        }
        return result
    }

    /// Default rule 15 into stores made before it (v23), as v19 did rule 13.
    static func seedRule(_ s: any StoreSession) throws { try FiguresQuery.seedDefaultRules(s, on: .ledgerSpread) }
}
