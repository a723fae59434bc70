import KejinCore

/// New loans since the policy count's start (or the first stored year, if earlier), per start
/// month in the cuts the programme's figures sum: per bank, per chain, the tech-tagged loans
/// and per tech kind held on the start date (NewLoanSummary.swift). It depends on loans,
/// enterprises and tags only — never on balances — so a viewer reads it once per reference
/// version (`VersionedReads.newLoans`), and each period cuts it in Swift.
///
/// Cost: from v26 a range of `new_loan_summary` (a few rows per month and bank or chain);
/// before, one pass over the loans started since then with three tag seeks each (1M: 3.1 s).
struct NewLoanBook: Sendable {
    var groups: [NewLoanSummary.Row]

    static func read(_ s: any StoreSession) throws -> NewLoanBook {
        let first = try s.fetchOne("SELECT min(period) FROM period_summary", as: String?.self) ?? nil
        let since = min(PolicyEffect.since, first.map { String($0.prefix(4)) + "-01-01" } ?? PolicyEffect.since)
        return NewLoanBook(groups: try NewLoanSummary.rows(s, since: String(since.prefix(7))))
    }
}

/// The programme's figures of one period for the whole store (ProgrammeFigures.swift).
struct ProgrammeQuery {
    let session: any StoreSession
    let period: Period
    let book: NewLoanBook
    /// The RRR releases and draws since 2024 (nil: read here).
    var lowCost: LowCostBook?
    /// Bank–guarantor cooperation and the service stations (nil: read here).
    var outreach: OutreachBook?
    /// The guidance funds and their loans (nil: read here).
    var funds: FundBook?
    /// The interest subsidy (nil: read here).
    var subsidy: SubsidyBook?
    /// The bank evaluations (nil: read here).
    var evaluations: EvaluationBook?
    /// The alert rules, the banks' and the chains' names (nil: read here).
    var rules: [AlertRule]?
    var bankNames: [String: Names]?
    var chainNames: [String: Names]?
    /// Whether period_summary holds the period (the viewer's periods kept per store version;
    /// nil: asked here).
    var summarised: Bool?

    func figures() throws -> ProgrammeFigures {
        // Whether the period's rows are kept, and those rows, sent together (StoreSession.prefetch;
        // on PostgreSQL the spreads' cursor is three statements otherwise).
        let kept = try ProgrammeSummary.exists(session)
        if kept, self.summarised != false {
            try session.prefetch((self.summarised == nil ? [ProgrammeSummary.presentRead(month)] : [])
                                 + [ProgrammeSummary.whitelistRead(period: period), ProgrammeSummary.spreadsRead(period: period)])
        }
        let summarised = try kept && (self.summarised ?? ProgrammeSummary.present(session, month))
        var figures = ProgrammeFigures(period: period, policyEffect: policyEffect(),
                                       lowCostFunds: try (lowCost ?? LowCostBook.read(session)).funds(through: period),
                                       whitelist: try whitelist(summarised: summarised), cost: try cost(summarised: summarised),
                                       evaluation: try evaluation())
        let outreach = try self.outreach ?? OutreachBook.read(session)
        figures.cooperation = outreach.cooperation(at: period)
        figures.stations = outreach.stations(at: period)
        figures.guidanceFunds = try (funds ?? FundBook.read(session)).funds(at: period)
        figures.subsidy = try (subsidy ?? SubsidyBook.read(session)).figures(at: period)
        return figures
    }

    private var month: String { period.key }

    /// The tagged firms' new loans, per month up to the period.
    func policyEffect() -> PolicyEffect {
        let start = PolicyEffect.firstMonth
        var perMonth: [String: LoanTally] = [:]
        var byKind: [TechKind: LoanTally] = [:]
        var total = LoanTally.zero
        for g in book.groups where g.month >= start.key && g.month <= month {
            let tally = LoanTally(amount: Money(fen: g.amount), loans: g.loans)
            switch g.cut {
            case .tech:
                perMonth[g.month, default: .zero] = perMonth[g.month, default: .zero] + tally
                total = total + tally
            case .kind:
                if let kind = TechKind(rawValue: g.code) { byKind[kind, default: .zero] = byKind[kind, default: .zero] + tally }
            case .bank, .chain:
                break
            }
        }
        var months: [PolicyEffect.Month] = []
        var p = start
        while p <= period {
            months.append(PolicyEffect.Month(period: p, new: perMonth[p.key] ?? .zero))
            p = p.next
        }
        return PolicyEffect(months: months, byKind: byKind, total: total)
    }

    /// Firms on the whitelist at the period end: their kept rows when `summarised` (schema
    /// v17, a period with balances: ProgrammeSummary.swift), else directly.
    func whitelist(summarised: Bool) throws -> WhitelistCoverage {
        try summarised ? ProgrammeSummary.whitelist(session, period: period) : whitelistDirect()
    }

    /// Firms on the whitelist at the period end: the loans of each (the `loans_enterprise`
    /// index), their balance in the period (a primary-key seek each), first loans this year.
    /// Proportional to the list, not the store, but for the scan of `enterprise_tags` (no
    /// index on tag).
    private func whitelistDirect() throws -> WhitelistCoverage {
        // The rows the kept sums are made of (column 0 is the period).
        let rows = try session.fetch(ProgrammeSummary.whitelistRowsSQL, ProgrammeSummary.arguments(period))
        var coverage = WhitelistCoverage(listed: rows.count, withBalance: 0, balance: .zero, firstLoans: .zero, withoutCredit: 0)
        for r in rows {
            let balance = try r.get(2, as: Int64.self)
            if balance > 0 { coverage.withBalance += 1; coverage.balance += Money(fen: balance) }
            if try r.get(3, as: Int64.self) == 0 { coverage.withoutCredit += 1 }
            coverage.firstLoans = coverage.firstLoans
                + LoanTally(amount: Money(fen: try r.get(5)), loans: Int(try r.get(4, as: Int64.self)))
        }
        return coverage
    }

    /// Weighted rates of new loans (the month, the year to date) from the book; the ledger
    /// loans' spread from the partial index of funded loans and the month's balances.
    func cost(summarised: Bool) throws -> FinancingCost {
        let yearStart = "\(period.year)-01"
        struct Sums { var amount: Int64 = 0, weighted: Int64 = 0, loans = 0 }
        var monthAll = Sums(), ytdAll = Sums()
        var chainMonth: [String: Sums] = [:], chainYTD: [String: Sums] = [:]
        var bankMonth: [String: Sums] = [:], bankYTD: [String: Sums] = [:]
        func add(_ s: inout Sums, _ g: NewLoanSummary.Row) {
            s.amount += g.amount; s.weighted += g.weighted; s.loans += g.loans
        }
        // Each loan is in one chain row ('' none) and one bank row: the totals sum the chains'.
        for g in book.groups where g.month >= yearStart && g.month <= month {
            switch g.cut {
            case .chain:
                add(&ytdAll, g); add(&chainYTD[g.code, default: Sums()], g)
                if g.month == month { add(&monthAll, g); add(&chainMonth[g.code, default: Sums()], g) }
            case .bank:
                add(&bankYTD[g.code, default: Sums()], g)
                if g.month == month { add(&bankMonth[g.code, default: Sums()], g) }
            case .tech, .kind:
                break
            }
        }
        func rate(_ s: Sums?) -> WeightedRate? { s.flatMap { WeightedRate.of(weighted: $0.weighted, amount: $0.amount, loans: $0.loans) } }
        func groups(_ ytd: [String: Sums], _ month: [String: Sums], names: [String: Names]) -> [FinancingCost.Group] {
            ytd.sorted { ($0.value.amount, $1.key) > ($1.value.amount, $0.key) }.map { code, sums in
                FinancingCost.Group(code: code, name: names[code] ?? Names(zh: code, en: code),
                                    month: rate(month[code]), yearToDate: rate(sums))
            }
        }
        let chains = try chainNames ?? Self.chainNames(session)
        let banks = try bankNames ?? RelendingCoverage.bankNames(session)
        return FinancingCost(month: rate(monthAll), yearToDate: rate(ytdAll),
                             byChain: groups(chainYTD, chainMonth, names: chains.merging(["": Names(zh: "未归链", en: "No chain")]) { a, _ in a }),
                             byBank: groups(bankYTD, bankMonth, names: banks), spreads: try spreads(banks, summarised: summarised))
    }

    /// Each bank's ledger loans with a balance at the period end, over their tool's rate in
    /// force on the start date (else the tool's first rate): the kept rows per bank and spread,
    /// or for a period without balances, directly.
    private func spreads(_ banks: [String: Names], summarised: Bool) throws -> [FinancingCost.LedgerSpread] {
        let byBank = try summarised ? ProgrammeSummary.spreads(session, period: period) : spreadsDirect()
        return byBank.compactMap { bank, s in
            WeightedRate.of(weighted: s.weighted, amount: s.balance, loans: Int(s.loans)).map {
                FinancingCost.LedgerSpread(bank: bank, name: banks[bank] ?? Names(zh: bank, en: bank), loans: Int(s.loans),
                                           balance: Money(fen: s.balance), spread: $0.rate, widest: BasisPoints(s.widest))
            }
        }.sorted { ($0.spread, $1.bank) > ($1.spread, $0.bank) }
    }

    private func spreadsDirect() throws -> [String: ProgrammeSummary.BankSpread] {
        // Draws → their loans → one balance each, as FiguresQuery's ledger: CROSS JOIN fixes
        // that order (left to itself SQLite scans every balance of the period: 100k loans with
        // 1k funded, 40 → 3 ms), the loan ids sorted so the balance seeks walk the index.
        let rows = try session.fetch("""
            WITH funded AS MATERIALIZED (
              SELECT l.id, l.bank, l.rate, l.start_date, d.tool FROM relending_draws d
              CROSS JOIN loans l ON l.relending_draw = d.code
              ORDER BY l.id)
            SELECT f.bank, f.rate, b.balance,
                   coalesce((SELECT r.rate FROM relending_rates r WHERE r.tool = f.tool AND r.effective_from <= f.start_date
                             ORDER BY r.effective_from DESC LIMIT 1),
                            (SELECT r.rate FROM relending_rates r WHERE r.tool = f.tool ORDER BY r.effective_from LIMIT 1))
            FROM funded f
            CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = f.id AND b.balance > 0
            """, period.key)
        var byBank: [String: ProgrammeSummary.BankSpread] = [:]
        for r in rows {
            guard let toolRate = try r.get(3, as: Int64?.self) else { continue }
            let spread = try r.get(1, as: Int64.self) - toolRate, balance = try r.get(2, as: Int64.self)
            let bank: String = try r.get(0)
            var s = byBank[bank] ?? ProgrammeSummary.BankSpread(loans: 0, balance: 0, weighted: 0, widest: spread)
            s.loans += 1; s.balance += balance; s.weighted += balance * spread
            s.widest = max(s.widest, spread)
            byBank[bank] = s
        }
        return byBank
    }

    /// The latest evaluation at or before the period, ranked and graded (EvaluationQuery).
    func evaluation() throws -> BankEvaluation {
        try (evaluations ?? EvaluationBook.read(session)).evaluation(at: period, rules: rules ?? FiguresQuery.alertRules(session))
            ?? BankEvaluation(evaluated: nil, previous: nil, banks: [])
    }

    /// The chains' names by code (a small table).
    static func chainNames(_ session: any StoreSession) throws -> [String: Names] {
        var result: [String: Names] = [:]
        for r in try session.fetch("SELECT code, name_zh, name_en FROM chains") { result[try r.get(0)] = Names(zh: try r.get(1), en: try r.get(2)) }
        return result
    }
}
