import KejinCore

/// The re-lending tools' ledger coverage at one period end, per tool and drawing bank:
/// outstanding draws against the balance of the eligible ledger loans they fund
/// (LedgerEligibility.swift says which are eligible; KejinCore's LedgerCoverage what the
/// figures mean).
///
/// Cheap at any scale (it runs on every period move, for every region the Regions view ranks):
/// the month's draws with their ledgers per tool and bank are read once for the whole store
/// (MonthReads.swift, from `draw_summary` and `draw_ineligible_summary`) and a region keeps
/// its banks' rows. The full-scan baseline (and a store without those tables) queries the
/// region's draws, ledger and ineligible ledger here instead.
/// A loan repaid or matured before the period has no positive balance in it, so it covers
/// nothing there; a draw repaid or matured is not outstanding, and neither are its loans.
struct RelendingCoverage {
    let query: FiguresQuery
    private var session: any StoreSession { query.session }

    /// The tools with their `coverage` and `bankCoverage` filled in. `month`: the month's
    /// shared reads (nil: the baseline, which reads everything here).
    func apply(to tools: [RelendingToolFigures], month: MonthReads?) throws -> [RelendingToolFigures] {
        guard try LedgerEligibility.exists(session) else { return tools }
        var parts: [Key: Part] = [:]
        if let draws = month?.draws(in: query.regionScope) {
            for d in draws {
                parts[Key(d.tool, d.bank)] = Part(drawn: d.drawn, ledger: d.ledger, ineligible: (d.ineligible, d.ineligibleLoans))
            }
        } else {
            parts = try queried()
        }
        let caps = try month?.caps ?? Self.caps(session, end: query.end)
        let banks = parts.isEmpty ? [:] : try query.versioned?.bankNames(session) ?? Self.bankNames(session)

        // Grouped per tool once (not a filter of every part for each tool).
        let byTool = Dictionary(grouping: parts, by: \.key.tool)
        return tools.map { tool in
            var t = tool
            let cap = caps[t.code]
            t.bankCoverage = (byTool[t.code] ?? []).sorted { $0.key.bank < $1.key.bank }.map { key, part in
                BankLedgerCoverage(tool: key.tool, bank: key.bank, bankName: banks[key.bank] ?? Names(zh: key.bank, en: key.bank),
                                   coverage: LedgerCoverage(drawn: Money(fen: part.drawn),
                                                            eligibleLedger: Money(fen: part.ledger - part.ineligible.balance),
                                                            ineligibleLoans: part.ineligible.loans, cap: cap))
            }
            t.coverage = LedgerCoverage.total(t.bankCoverage.map(\.coverage), cap: cap)
            return t
        }
    }

    /// ?1 the period end.
    static let capsSQL = """
        SELECT c.tool, c.cap FROM relending_caps c
        WHERE c.effective_from = (SELECT max(c2.effective_from) FROM relending_caps c2
                                  WHERE c2.tool = c.tool AND c2.effective_from <= ?1)
        """

    /// tool → the cap in force at `end`.
    static func caps(_ session: any StoreSession, end: String) throws -> [String: BasisPoints] {
        try Dictionary(uniqueKeysWithValues: session.fetch(capsSQL, [.text(end)]).map { (try $0.get(0, as: String.self), BasisPoints(try $0.get(1, as: Int64.self))) })
    }

    static func bankNames(_ session: any StoreSession) throws -> [String: Names] {
        try Dictionary(uniqueKeysWithValues: session.fetch("""
            SELECT code, name_zh, name_en FROM institutions WHERE kind = 'bank'
            """).map { (try $0.get(0, as: String.self), Names(zh: try $0.get(1), en: try $0.get(2))) })
    }

    /// The region's draws, ledger and ineligible ledger per tool and bank, one query each.
    private func queried() throws -> [Key: Part] {
        // ?1 the period end, ?2 the period, then the region's codes (the draws alone take no ?2).
        let (filter, args) = query.drawnInRegion([.text(query.end), .text(query.period.key)])
        let (drawFilter, drawArgs) = query.drawnInRegion([.text(query.end)])
        var parts: [Key: Part] = [:]
        func key(_ row: any SQLRow) throws -> Key { Key(try row.get(0), try row.get(1)) }
        for row in try session.fetch("""
            SELECT d.tool, d.bank, sum(d.amount) FROM relending_draws d
            WHERE \(Self.outstanding) \(drawFilter) GROUP BY d.tool, d.bank
            """, drawArgs) {
            parts[try key(row), default: Part()].drawn = try row.get(2)
        }
        for row in try session.fetch(try ledgerSQL(filter), args) {
            parts[try key(row), default: Part()].ledger = try row.get(2)
        }
        for row in try session.fetch(try ineligibleSQL(filter), args) {
            parts[try key(row), default: Part()].ineligible = (try row.get(2), try row.get(3))
        }
        return parts
    }

    /// (tool, bank, balance, loans) of the ineligible ledger loans of the outstanding draws:
    /// from `draw_ineligible_summary` (a row per draw), or one balance seek per ineligible
    /// loan (the full-scan baseline, a store before v14: ~10 ms for 2,000 loans at 1M).
    private func ineligibleSQL(_ filter: String) throws -> String {
        let ledger = DrawSummary.Ledger.ineligible
        if query.loanMeasures.usesSummaries, try ledger.exists(session) {
            return """
                SELECT d.tool, d.bank, sum(s.balance), sum(s.loans) FROM relending_draws d
                JOIN \(ledger.table) s ON s.period = ?2 AND s.draw = d.code
                WHERE \(Self.outstanding) \(filter) GROUP BY d.tool, d.bank
                """
        }
        // A scalar subquery, so the planner does not scan the period's balances instead.
        return """
            SELECT d.tool, d.bank, coalesce(sum(x.balance), 0), sum(CASE WHEN x.balance > 0 THEN 1 ELSE 0 END)
            FROM (SELECT i.draw AS draw,
                    (SELECT b.balance FROM loan_balances b WHERE b.period = ?2 AND b.loan_id = i.loan_id) AS balance
                  FROM ledger_ineligible i) x
            JOIN relending_draws d ON d.code = x.draw
            WHERE \(Self.outstanding) \(filter)
            GROUP BY d.tool, d.bank
            """
    }

    /// (tool, bank, ledger balance) of the outstanding draws: from `draw_summary`, or (the
    /// full-scan baseline, a store without it) from the balances themselves.
    private func ledgerSQL(_ filter: String) throws -> String {
        if query.loanMeasures.usesSummaries, try DrawSummary.exists(session) {
            return """
                SELECT d.tool, d.bank, sum(s.balance) FROM relending_draws d
                JOIN draw_summary s ON s.period = ?2 AND s.draw = d.code
                WHERE \(Self.outstanding) \(filter) GROUP BY d.tool, d.bank
                """
        }
        return """
            SELECT d.tool, d.bank, sum(b.balance) FROM relending_draws d
            JOIN loans l ON l.relending_draw = d.code
            JOIN loan_balances b ON b.period = ?2 AND b.loan_id = l.id
            WHERE b.balance > 0 AND \(Self.outstanding) \(filter) GROUP BY d.tool, d.bank
            """
    }

    /// An outstanding draw `d` at the period end `?1`.
    private static let outstanding = FiguresQuery.outstanding(at: "?1")

    private struct Key: Hashable {
        let tool: String, bank: String
        init(_ tool: String, _ bank: String) { self.tool = tool; self.bank = bank }
    }

    private struct Part {
        var drawn: Int64 = 0
        var ledger: Int64 = 0
        var ineligible: (balance: Int64, loans: Int) = (0, 0)
    }
}
