import KejinCore

/// Computes `Figures` for one period (end date E). Loan measures come from `period_summary`
/// (see PeriodSummary.swift for the design); the month's draws and guarantees in force from
/// its shared reads, summed once for every region (MonthReads.swift); the rest that is dated
/// (pay-outs, rates, quotas) is queried directly: those tables are small.
struct FiguresQuery {
    /// The transaction's statements (Backend/StoreBackend.swift).
    let session: any StoreSession
    let period: Period
    /// The summary table; the full-scan baseline only for benchmarks and tests.
    var loanMeasures: LoanMeasureSource = .summary
    /// The store's cache of reporting status and revisions (ReportingCache.swift); nil reads them.
    var reportingCache: ReportingCache?
    /// The store's reads kept per store version (GuaranteeBook.swift); nil reads them.
    var versioned: VersionedReads?
    /// The region (it and every region below it); nil: the whole store. Region.swift says how
    /// each figure maps to a region; `regionScope` holds the codes.
    var region: String? = nil
    var end: String { period.endDate }
    var regionScope: Set<String>? = nil

    /// A guarantee in force on the day `e` (a placeholder such as `?1`).
    static func inForce(at e: String) -> String {
        "g.start_date <= \(e) AND g.end_date > \(e) AND (g.released_date IS NULL OR g.released_date > \(e))"
    }
    /// A re-lending draw outstanding on the day `e`.
    static func outstanding(at e: String) -> String {
        "d.draw_date <= \(e) AND d.maturity_date > \(e) AND (d.repaid_date IS NULL OR d.repaid_date > \(e))"
    }

    func figures() throws -> Figures {
        let tree = try versioned?.tree(session) ?? RegionSummary.tree(session)
        if let region, regionScope == nil {
            // A region holding everything (the province of a province store, or a city store's
            // city) is the whole store: the same figures, quotas, leverage and re-lending usage
            // alerts included.
            if try covers(tree, region) {
                var whole = self
                whole.region = nil
                var figures = try whole.figures()
                figures.region = tree[region]
                return figures
            }
            var scoped = self
            scoped.regionScope = tree.subtree(region)
            return try scoped.figures()
        }
        // The whole store's, kept per store version: the Regions view asks for them again
        // for its city or province (above), right after the status line's.
        if region == nil, loanMeasures.usesSummaries, let versioned {
            return try versioned.wholeFigures(session, period) { try computed(tree) }
        }
        return try computed(tree)
    }

    /// The figures of the whole store or of `regionScope`, read now.
    private func computed(_ tree: RegionTree) throws -> Figures {
        // The period and a year before, measured; the trend's 13 months, their balances only
        // (those before the first period with balances have no summary rows, and the trend
        // leaves them out).
        let measured = [period, period.yearAgo], trend = (0...12).map { period.advanced(by: $0 - 12) }
        // Reads that need no other's answer go to the server together (StoreSession.prefetch;
        // nothing on SQLite): on PostgreSQL a period move's round trips, one per read, were most of it.
        // What the viewer keeps per version (`versioned`) is not sent.
        let hasAcknowledgements = try session.tableExists("alert_ack")
        let reads = try loanMeasures.reads(measured, trend, regionScope) + [
            Self.chainsRead, Self.lastChangeRead, Prefetch(Self.toolsSQL, [.text(end)]),
            Self.guarantorsRead, Prefetch(Self.poolsSQL, [.text(end)]),
        ] + (try versioned?.hasMonth(session, period, regions: regionScope != nil) == true
             ? [] : MonthReads.reads(session, period, regions: regionScope != nil)) + summaryReads()
            + (hasAcknowledgements ? [AlertAcks.listRead] : [])
        try session.prefetch(versioned?.unkept(session, reads) ?? reads)
        let periods = try measuredPeriods()
        let present = Set(periods)
        let trendPeriods = trend.filter { p in periods.first.map { p >= $0 } ?? false }
        let summary = try loanMeasures.load(session, measured, regionScope)
        let trendBalances = try loanMeasures.balances(session, trend, regionScope)
        let yearAgoKnown = present.contains(period.yearAgo)

        func measure(_ chain: String, _ column: PeriodSummary.Column) -> LoanMeasure {
            let now = summary[period.key]?[chain]
            let ago = summary[period.yearAgo.key]?[chain]
            return LoanMeasure(
                balance: Money(fen: now?.balance[column.rawValue] ?? 0),
                borrowers: Int(now?.borrowers[column.rawValue] ?? 0),
                balanceYearAgo: yearAgoKnown ? Money(fen: ago?.balance[column.rawValue] ?? 0) : nil)
        }

        let city = CityFigures(techLoans: measure("", .tech), techInnovationLoans: measure("", .innovation),
                               techTransformationLoans: measure("", .transformation),
                               ipPledgeLoans: measure("", .ip), allLoans: measure("", .all))

        // The month's draws and guarantees in force, read once for every region (MonthReads.swift).
        let month = try self.month()
        let held = try month.guarantees(in: regionScope)
        let chains = try referenceRows(Self.chainsRead).map { row -> ChainFigures in
            let code: String = try row.get(0)
            let lead: Names? = try row.get(3, as: String?.self).map { Names(zh: $0, en: try row.get(4)) }
            return ChainFigures(
                code: code, name: Names(zh: try row.get(1), en: try row.get(2)), leadBank: lead,
                loans: measure(code, .all), techLoans: measure(code, .tech),
                trend: trendPeriods.map { Money(fen: trendBalances[$0.key]?[code] ?? 0) },
                relendingFunded: Money(fen: summary[period.key]?[code]?.balance[PeriodSummary.Column.relending.rawValue] ?? 0),
                guaranteeBalance: Money(fen: held.byChain[code] ?? 0))
        }.sorted { ($0.loans.balance, $1.code) > ($1.loans.balance, $0.code) }

        var figures = Figures(period: period,
                       lastChange: try versionRows(Self.lastChangeRead).first?.get(0, as: String?.self),
                       city: city, chains: chains,
                       relendingTools: try RelendingCoverage(query: self).apply(to: relendingTools(month), month: summarised(month)),
                       guarantors: try guarantors(held), pools: try pools(held, covered: month.coveredByPool),
                       alertRules: try versioned?.alertRules(session) ?? Self.alertRules(session))
        // Who has reported, for this period and the few before it (small tables).
        let history = Array(periods.filter { $0 < period }.suffix(Figures.reportingHistoryLength))
        // The cache is keyed on the store version (ReportingCache.swift).
        if let cache = reportingCache {
            figures.reporting = try cache.reporting(session, [period]).first
            figures.reportingHistory = try cache.reporting(session, history)
            figures.revisions = try cache.revisions(session, period)
        } else {
            figures.reporting = try Deliveries.reporting(session, period)
            figures.reportingHistory = try Deliveries.reporting(session, history)
            figures.revisions = try Revisions.list(session, period: period)
        }
        // The bank evaluation in force (whole store: banks are evaluated city-wide), graded on the rules' scale.
        if region == nil {
            figures.evaluation = try (versioned?.evaluations(session) ?? EvaluationBook.read(session)).evaluation(at: period, rules: figures.alertRules)
        }
        // The interest subsidy (whole store: its budgets and banks are the city's), for rule 14.
        if region == nil { figures.subsidy = try (versioned?.subsidy(session) ?? SubsidyBook.read(session)).figures(at: period) }
        // Each bank's ledger spread (whole store, the kept rows), for rule 15 (SpreadRule.swift).
        if region == nil {
            figures.ledgerSpreads = try SpreadRule.spreads(session, period: period,
                                                           names: versioned?.bankNames(session) ?? RelendingCoverage.bankNames(session),
                                                           fromLedgers: !loanMeasures.usesSummaries,
                                                           present: loanMeasures.usesSummaries ? present.contains(period) : nil)
        }
        // Non-performing loans per city, chain and bank (NPLQuery.swift), for rule 16.
        try applyNPL(to: &figures)
        // The acknowledgements of this snapshot: the alerts need them next, and a read of
        // their own was three statements more on PostgreSQL (per region on the Regions view).
        if hasAcknowledgements { figures.acknowledgements = try AlertAcks.decode(versionRows(AlertAcks.listRead)) }
        // Regions (RegionQuery.swift): the scope; the regions within come when asked for.
        figures.region = region.flatMap { tree[$0] }
        figures.regionTree = tree
        return figures
    }

    /// This query with `region` resolved as `figures` resolves it: no region when it holds
    /// everything (`covers`), else the codes of its subtree in `regionScope`.
    func resolvingRegion(_ tree: RegionTree) throws -> FiguresQuery {
        guard let region, regionScope == nil else { return self }
        var resolved = self
        if try covers(tree, region) { resolved.region = nil } else { resolved.regionScope = tree.subtree(region) }
        return resolved
    }

    /// The periods with balances; the viewer keeps them per store version when they come from
    /// the summary (the summary's `periods` reads the same statement).
    private func measuredPeriods() throws -> [Period] {
        guard loanMeasures.usesSummaries else { return try loanMeasures.periods(session) }
        return try versionRows(Prefetch(PeriodSummary.periodsSQL)).compactMap { Period(try $0.get(0, as: String.self)) }
    }

    /// The rows of a read of reference data alone, kept per reference version by the viewer.
    private func referenceRows(_ read: Prefetch) throws -> [any SQLRow] {
        try versioned?.referenceRows(session, read) ?? session.fetch(read)
    }

    /// Whether period_summary holds the period `key`: kept per store version by the viewer.
    func present(_ key: String) throws -> Bool {
        try versioned?.present(session, key) ?? ProgrammeSummary.present(session, key)
    }

    /// The rows of a read no period moves, kept per store version by the viewer.
    private func versionRows(_ read: Prefetch) throws -> [any SQLRow] {
        try versioned?.versionRows(session, read) ?? session.fetch(read)
    }

    /// The kept summaries' reads `applyNPL` and the ledger spreads run, to send ahead with the
    /// rest: on PostgreSQL each is a cursor otherwise (DECLARE, FETCH, CLOSE: three statements).
    private func summaryReads() throws -> [Prefetch] {
        guard loanMeasures.usesSummaries else { return [] }
        var reads: [Prefetch] = []
        if try NPLSummary.exists(session) {
            reads += [NPLSummary.loadRead(period: period, regions: regionScope), BankSummary.balancesRead(period: period, regions: regionScope)]
        }
        if region == nil, try ProgrammeSummary.exists(session) { reads.append(ProgrammeSummary.spreadsRead(period: period)) }
        return reads
    }

    // The period's own reads, sent ahead together (`figures`).
    static let chainsRead = Prefetch("""
        SELECT c.code, c.name_zh, c.name_en, i.name_zh, i.name_en
        FROM chains c LEFT JOIN institutions i ON i.code = c.lead_bank
        """)
    static let lastChangeRead = Prefetch("SELECT max(imported_at) FROM import_log")
    /// ?1 the period end.
    static let toolsSQL = """
        SELECT t.code, t.name_zh, t.name_en,
          (SELECT r.rate FROM relending_rates r WHERE r.tool = t.code AND r.effective_from <= ?1
             ORDER BY r.effective_from DESC LIMIT 1),
          coalesce((SELECT q.quota FROM relending_quotas q WHERE q.tool = t.code AND q.effective_from <= ?1
             ORDER BY q.effective_from DESC LIMIT 1), 0)
        FROM relending_tools t ORDER BY t.code
        """
    static let guarantorsRead = Prefetch("SELECT code, name_zh, name_en, net_assets FROM institutions WHERE kind = 'guarantor'")
    /// ?1 the period end.
    static let poolsSQL = """
        SELECT p.code, p.name_zh, p.name_en, p.capital, p.risk_share, p.breaker,
          (SELECT coalesce(sum(o.amount), 0) FROM pool_payouts o WHERE o.pool = p.code AND o.date <= ?1),
          (SELECT count(*) FROM pool_payouts o WHERE o.pool = p.code AND o.date <= ?1)
        FROM risk_pools p ORDER BY p.code
        """

    /// The month's shared reads: kept per store version, or read now. A region's figures cut
    /// the guarantee book per region; the whole store's read the kept month sums.
    func month() throws -> MonthReads {
        let regions = regionScope != nil
        return try versioned?.month(session, period, regions: regions)
            ?? MonthReads.read(session, period, book: { try GuaranteeBook.read(session) }, draws: DrawBook.read(session), regions: regions)
    }

    /// The month's reads when the figures use the summaries (the full-scan baseline queries
    /// its draws and ledgers itself).
    func summarised(_ month: MonthReads) -> MonthReads? { loanMeasures.usesSummaries ? month : nil }

    func relendingTools(_ month: MonthReads) throws -> [RelendingToolFigures] {
        // tool → (drawn, due30, due60, due90, exhausted) and (ledger balance, loans).
        var draws: [String: [Int64]] = [:], ledger: [String: [Int64]] = [:]
        if let groups = summarised(month)?.draws(in: regionScope) {
            for g in groups {
                draws[g.tool] = try zip(draws[g.tool] ?? [0, 0, 0, 0, 0],
                                        [g.drawn, g.due30, g.due60, g.due90, Int64(g.exhausted)]).map(GuaranteeBook.add)
                ledger[g.tool] = try zip(ledger[g.tool] ?? [0, 0], [g.ledger, Int64(g.ledgerLoans)]).map(GuaranteeBook.add)
            }
        } else {
            (draws, ledger) = try queriedDraws()
        }
        let first = region == nil ? try firstLedgerLoans() : [:]
        return try session.fetch(Self.toolsSQL, [.text(end)]).map { row in
            let code: String = try row.get(0)
            let d = draws[code] ?? [0, 0, 0, 0, 0], l = ledger[code] ?? [0, 0]
            var tool = RelendingToolFigures(
                code: code, name: Names(zh: try row.get(1), en: try row.get(2)), rate: try row.get(3, as: Int64?.self).map(BasisPoints.init),
                quota: try Money(fen: region == nil ? row.get(4) : 0), drawn: Money(fen: d[0]),
                ledgerLoanBalance: Money(fen: l[0]), ledgerLoans: Int(l[1]),
                due30: Money(fen: d[1]), due60: Money(fen: d[2]), due90: Money(fen: d[3]), rolloverExhaustedDue30: Int(d[4]))
            tool.firstLoan = first[code]
            return tool
        }
    }

    /// The full-scan baseline's draws per tool (drawn, due30, due60, due90, exhausted) and
    /// ledger (balance, loans), queried for the region.
    private func queriedDraws() throws -> (draws: [String: [Int64]], ledger: [String: [Int64]]) {
        // ?1 the period end, ?2 the period, ?3…?5 the days 30, 60 and 90 days after the end
        // (each statement takes exactly the arguments it numbers).
        let (filter, args) = drawnInRegion([.text(end), .text(period.key)] + [30, 60, 90].map { .text(Self.day(end, plus: $0)) })
        let (ledgerFilter, ledgerArgs) = drawnInRegion([.text(end), .text(period.key)])
        let draws = try Dictionary(uniqueKeysWithValues: session.fetch("""
            SELECT d.tool, sum(d.amount),
              sum(CASE WHEN d.maturity_date <= ?3 THEN d.amount ELSE 0 END),
              sum(CASE WHEN d.maturity_date <= ?4 THEN d.amount ELSE 0 END),
              sum(CASE WHEN d.maturity_date <= ?5 THEN d.amount ELSE 0 END),
              sum(CASE WHEN d.maturity_date <= ?3 AND d.rollovers_used = 2 THEN 1 ELSE 0 END)
            FROM relending_draws d WHERE \(Self.outstanding(at: "?1")) \(filter) GROUP BY d.tool
            """, args).map { row in (try row.get(0, as: String.self), try (1...5).map { try row.get($0, as: Int64.self) }) })
        // Draws → their loans → one balance each (CROSS JOIN fixes that order; left to itself
        // the planner scans every balance of the period). The loan ids are sorted first so the
        // balance seeks walk the index in order: at 1M loans (10k funded) 35 → 15 ms.
        let ledger = try Dictionary(uniqueKeysWithValues: session.fetch("""
            WITH funded AS MATERIALIZED (
              SELECT l.id, d.tool FROM relending_draws d
              CROSS JOIN loans l ON l.relending_draw = d.code
              WHERE \(Self.outstanding(at: "?1")) \(ledgerFilter) ORDER BY l.id)
            SELECT f.tool, sum(b.balance), count(*)
            FROM funded f
            CROSS JOIN loan_balances b ON b.period = ?2 AND b.loan_id = f.id AND b.balance > 0
            GROUP BY f.tool
            """, ledgerArgs).map { (try $0.get(0, as: String.self), [try $0.get(1, as: Int64.self), try $0.get(2, as: Int64.self)]) })
        return (draws, ledger)
    }

    /// The day `days` after `date` (YYYY-MM-DD, a month's last day or any other), as SQLite's
    /// `date(x, '+N days')` counts: computed here, so the SQL binds it on every engine.
    static func day(_ date: String, plus days: Int) -> String {
        guard let month = Period(String(date.prefix(7))), var day = Int(date.suffix(2)) else { return date }
        var p = month
        day += days
        while true {
            let length = Int(p.endDate.suffix(2)) ?? 31
            if day <= length { return "\(p.key)-\(day < 10 ? "0" : "")\(day)" }
            day -= length
            p = p.next
        }
    }

    /// The guarantors, from the guarantees in force `held` (in the region).
    func guarantors(_ held: MonthReads.Guarantees) throws -> [GuarantorFigures] {
        try referenceRows(Self.guarantorsRead).compactMap { row in
            let code: String = try row.get(0)
            let s = held.byGuarantor[code] ?? MonthReads.GuarantorSums()
            // Amount-weighted fee, rounded half up.
            let fee = s.balance > 0 ? BasisPoints((s.weighted * 2 + s.balance) / (s.balance * 2)) : nil
            // In a region: the guarantors with something in force there, without leverage.
            if region != nil, s.balance == 0 { return nil }
            return GuarantorFigures(
                code: code, name: Names(zh: try row.get(1), en: try row.get(2)), firmsInForce: s.firms,
                balanceInForce: Money(fen: s.balance), averageFeeRate: fee,
                lowestBankRiskShare: s.lowestBankShare.map(BasisPoints.init),
                netAssets: try region == nil ? row.get(3, as: Int64?.self).map { Money(fen: $0) } : nil)
        }.sorted { ($0.balanceInForce, $1.code) > ($1.balanceInForce, $0.code) }
    }

    /// The risk pools: each covers its guarantees in force (`covered`, wherever they are); in a
    /// region, the pools covering one in force there (`held`).
    func pools(_ held: MonthReads.Guarantees, covered: [String: Int64]) throws -> [RiskPoolFigures] {
        try session.fetch(Self.poolsSQL, [.text(end)]).compactMap { row in
            let code: String = try row.get(0)
            if region != nil, !held.pools.contains(code) { return nil }
            return RiskPoolFigures(code: code, name: Names(zh: try row.get(1), en: try row.get(2)), capital: Money(fen: try row.get(3)),
                                   riskShare: BasisPoints(try row.get(4, as: Int64.self)), breaker: BasisPoints(try row.get(5, as: Int64.self)),
                                   paidOut: Money(fen: try row.get(6)), payouts: try row.get(7), coveredBalance: Money(fen: covered[code] ?? 0))
        }
    }

    /// True when `region`'s subtree holds everything that maps to a region (Region.swift):
    /// each enterprise, and each bank that drew re-lending.
    func covers(_ tree: RegionTree, _ region: String) throws -> Bool {
        guard tree[region] != nil else { return false }
        let scope = tree.subtree(region)
        return try (versioned?.heldRegions(session) ?? Self.heldRegions(session)).allSatisfy(scope.contains)
    }

    /// The regions holding an enterprise or a drawing bank ('' for one without a region): a
    /// few index seeks per region, not a scan of the enterprises.
    static func heldRegions(_ session: any StoreSession) throws -> Set<String> {
        Set(try session.fetchColumn("""
            SELECT r.code FROM regions r WHERE EXISTS(SELECT 1 FROM enterprises e WHERE e.region = r.code)
            UNION SELECT coalesce(i.region, '') FROM relending_draws d JOIN institutions i ON i.code = d.bank
            UNION SELECT '' WHERE EXISTS(SELECT 1 FROM enterprises WHERE region IS NULL)
            """, as: String.self))
    }

    static func alertRules(_ session: any StoreSession) throws -> [AlertRule] {
        try session.fetch("""
            SELECT id, measure, scope, warn_below, critical_below, warn_above, critical_above, enabled, hysteresis, region
            FROM alert_rules ORDER BY id
            """).compactMap { row in
            // A measure this binary does not know (written by a newer kejin) is skipped.
            guard let measure = AlertMeasure(rawValue: try row.get(1)) else { return nil }
            return AlertRule(id: try row.get(0), measure: measure, scope: try row.get(2), warnBelow: try row.get(3),
                             criticalBelow: try row.get(4), warnAbove: try row.get(5), criticalAbove: try row.get(6),
                             enabled: try row.get(7), hysteresis: try row.get(8), region: try row.get(9))
        }
    }

    /// The default rules on `measure` (AlertEngine.defaultRules) into a store made before them,
    /// as a migration adds a measure; a store that already has a rule of that id keeps it. One
    /// statement, alike on both engines.
    static func seedDefaultRules(_ s: any StoreSession, on measure: AlertMeasure) throws {
        for r in AlertEngine.defaultRules where r.measure == measure {
            try s.execute("""
                INSERT INTO alert_rules(id, measure, scope, warn_below, critical_below, warn_above, critical_above, enabled, hysteresis)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING
                """, [.integer(r.id), .text(r.measure.rawValue), r.scope.sqlValue, r.warnBelow.sqlValue, r.criticalBelow.sqlValue,
                      r.warnAbove.sqlValue, r.criticalAbove.sqlValue, .integer(r.enabled ? 1 : 0), .integer(r.hysteresis)])
        }
    }
}

extension FiguresQuery {
    /// The clause `AND` the draw `d` was made by a bank branch in the region (Region.swift says
    /// why; '' for the whole store), its codes numbered after `arguments`, and the arguments
    /// with the codes.
    func drawnInRegion(_ arguments: [SQLValue]) -> (filter: String, arguments: [SQLValue]) {
        guard let region else { return ("", arguments) }
        let codes = (regionScope ?? [region]).sorted()
        return ("""
            AND d.bank IN (SELECT code FROM institutions i WHERE coalesce(i.region, '') IN (\(PeriodSummary.marks(arguments.count + 1, codes.count))))
            """, arguments + codes.map(SQLValue.text))
    }
}
