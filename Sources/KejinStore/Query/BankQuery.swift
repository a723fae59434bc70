import KejinCore

/// Per-bank figures and the four loans, read from the summaries: Banks from `bank_summary`
/// (a bank is the sum of its (bank, chain) rows), Four loans from `period_summary` (the city
/// row and one row per chain). See BankSummary.swift.
///
/// The four loans (首贷, 信用贷, 无还本续贷, 随借随还) are counted among tech loans, so their
/// shares are of tech loans (metrics.md: "share of all tech loans").
struct BankQuery {
    let base: DetailQuery
    typealias Measures = PeriodSummary.Measures
    /// The four loans, in screen order.
    static let kinds: [PeriodSummary.Column] = [.first, .credit, .renewal, .revolving]

    func banks() throws -> DetailRows {
        let p = base.period, session = base.session, versioned = base.versioned
        // The reads that need no other's answer, sent together (StoreSession.prefetch; on
        // PostgreSQL each cursor is three statements otherwise). The year-ago balances go
        // whether or not that month is stored: unread then.
        let drawnRead = Prefetch("""
            SELECT d.bank, sum(d.amount) FROM relending_draws d WHERE \(FiguresQuery.outstanding(at: "?1")) \(base.bankInRegion("d.bank"))
            GROUP BY d.bank
            """, [.text(base.end)])
        let hasNPL = try NPLSummary.exists(session)
        try session.prefetch([BankSummary.byBankRead(period: p, regions: base.regions), base.yearAgoKnownRead,
                              BankSummary.balancesRead(period: p.yearAgo, regions: base.regions), drawnRead]
                             + (hasNPL ? [NPLSummary.loadRead(period: p, regions: base.regions)] : []))
        let now = try BankSummary.byBank(session, period: p, regions: base.regions)
        // Year-ago tech balance per bank, only when the store has that month.
        let ago = try base.yearAgoKnown()
            ? BankSummary.balances(session, period: p.yearAgo, regions: base.regions).mapValues(\.tech) : nil
        // In a region: the draws of its bank branches (Region.swift).
        let drawn = try Dictionary(uniqueKeysWithValues: session.fetch(drawnRead)
            .map { (try $0.get(0, as: String.self), try $0.get(1, as: Int64.self)) })
        let market = now.values.reduce(0) { $0 + $1.balance(.tech) }
        // Non-performing loans per bank (NPLSummary.swift); nil before v25 ("—").
        let npl = try hasNPL
            ? NPLSummary.load(session, period: p, regions: base.regions).mapValues { chains in
                chains.values.reduce(into: NPLSummary.Balances()) { $0.add($1) } }
            : nil
        // The evaluation in force (city-wide), ranked and graded on the rules' scale; the
        // rules, scores and names kept per reference version by a viewer.
        let rules = try versioned?.alertRules(session) ?? FiguresQuery.alertRules(session)
        let evaluation = try (versioned?.evaluations(session) ?? EvaluationBook.read(session)).evaluation(at: p, rules: rules)
        let evaluated = Dictionary(uniqueKeysWithValues: (evaluation?.banks ?? []).map { ($0.code, $0) })
        // Banks with a figure: loans (this month or a year ago), draws, or (whole store) an
        // evaluation. A bank known only for its cooperation with guarantors or its place at a
        // service station (Import/Outreach.swift) has no row here.
        // (A seek of the loans' bank index each, only for banks with none of the others.)
        let banks = try (versioned?.bankNames(session) ?? RelendingCoverage.bankNames(session))
            .map { (code: $0.key, name: $0.value) }
            .filter { bank in
                if now[bank.code] != nil || ago?[bank.code] != nil || drawn[bank.code] != nil { return true }
                guard base.regions == nil else { return false }
                return try evaluated[bank.code] != nil
                    || !session.fetch("SELECT 1 FROM loans WHERE bank = ?1 LIMIT 1", bank.code).isEmpty
            }
        let rows = banks.map { bank -> DetailRow in
            let code = bank.code
            let m = now[code] ?? Measures()
            var values: [DetailValue] = [
                .money(Money(fen: m.balance(.tech))), DetailQuery.growth(m.balance(.tech), ago.map { $0[code] ?? 0 }),
                .percent(BasisPoints.ratio(m.balance(.tech), m.balance(.all))),
                .percent(BasisPoints.ratio(m.balance(.tech), market)),
            ]
            for k in Self.kinds { values += [.count(m.borrowers(k)), .money(Money(fen: m.balance(k)))] }
            values.append(.money(Money(fen: drawn[code] ?? 0)))
            if let npl {
                let b = npl[code] ?? NPLSummary.Balances()
                values += [.percent(BasisPoints.ratio(b.of(.tech), m.balance(.tech))), .percent(BasisPoints.ratio(b.of(.all), m.balance(.all)))]
            } else {
                values += [.unavailable, .unavailable]
            }
            if evaluation != nil {
                let e = evaluated[code]
                values += [.count(e?.rank), .score(e?.total), .grade(e?.grade), .scoreChange(e?.trend)]
                values += (e?.scores.map(Optional.some) ?? [nil, nil, nil, nil, nil]).map(DetailValue.score)
            }
            return DetailRow(code: code, name: bank.name, values: values,
                             next: .enterprises(chain: nil, bank: code))
        }
        // Ranked by the evaluation's total when one is loaded (banks not evaluated last), else by tech loans.
        let rank = { (code: String) in evaluated[code]?.rank ?? Int.max }
        let ordered = rows.sorted {
            (rank($1.code), LendingQuery.money($0.values[0]), $1.code) > (rank($0.code), LendingQuery.money($1.values[0]), $0.code)
        }
        var fields: [DetailField] = [
            .techBalance, .yoy, .shareOfOwnLoans, .shareOfMarket, .firstFirms, .firstBalance, .creditFirms, .creditBalance,
            .renewalFirms, .renewalBalance, .revolvingFirms, .revolvingBalance, .relendingDrawn, .techNPL, .npl,
        ]
        if evaluation != nil {
            fields += [.evaluationRank, .evaluationTotal, .evaluationGrade, .evaluationChange,
                       .policyExecution, .productInnovation, .serviceNetwork, .riskControl, .collaboration]
        }
        return DetailRows(request: .banks, period: p, nameField: .bank, fields: fields, rows: ordered)
    }

    /// The city (or the region) first (code ''), then every chain by tech balance.
    func fourLoans() throws -> DetailRows {
        let p = base.period
        let byChain = try (base.regions.map { try RegionSummary.load(base.session, periods: [p], regions: $0) }
                           ?? PeriodSummary.load(base.session, periods: [p]))[p.key] ?? [:]
        func values(_ m: Measures) -> [DetailValue] {
            var v: [DetailValue] = [.money(Money(fen: m.balance(.tech))), .count(m.borrowers(.tech))]
            for k in Self.kinds {
                v += [.count(m.borrowers(k)), .money(Money(fen: m.balance(k))), .percent(BasisPoints.ratio(m.balance(k), m.balance(.tech)))]
            }
            return v
        }
        let chains = try base.session.fetch("SELECT code, name_zh, name_en FROM chains").map { row -> DetailRow in
            let code: String = try row.get(0)
            return DetailRow(code: code, name: Names(zh: try row.get(1), en: try row.get(2)), values: values(byChain[code] ?? Measures()),
                             next: .chainBanks(chain: code))
        }.sorted { (LendingQuery.money($0.values[0]), $1.code) > (LendingQuery.money($1.values[0]), $0.code) }
        let cityRow = DetailRow(code: "", name: base.regionName ?? Names(zh: "全市", en: "City"), values: values(byChain[""] ?? Measures()), next: .banks)
        return DetailRows(request: .fourLoans, period: p, nameField: .chain, fields: [
            .techBalance, .techBorrowers, .firstFirms, .firstBalance, .firstShare, .creditFirms, .creditBalance, .creditShare,
            .renewalFirms, .renewalBalance, .renewalShare, .revolvingFirms, .revolvingBalance, .revolvingShare,
        ], rows: [cityRow] + chains)
    }
}
