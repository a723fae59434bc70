import KejinCore

/// Chain → banks lending to it (from bank_summary) → enterprises at a bank (from
/// enterprise_summary).
struct LendingQuery {
    let base: DetailQuery

    func chainBanks(_ chain: String) throws -> DetailRows {
        let p = base.period
        let known = try base.yearAgoKnown()
        // bank → balance, borrowers, tech balance; from bank_summary (see BankSummary.swift)
        let now = try BankSummary.load(base.session, period: p, chain: chain, regions: base.regions).compactMapValues { $0[chain] }
            .mapValues { ($0.balance(.all), $0.borrowers(.all), $0.balance(.tech)) }
        let ago = try BankSummary.load(base.session, period: p.yearAgo, chain: chain, regions: base.regions)
            .compactMapValues { $0[chain]?.balance(.all) }
        let total = now.values.reduce(0) { $0 + $1.0 }
        let names = try base.institutionNames()
        let result = Set(now.keys).union(ago.keys).map { bank -> DetailRow in
            let (balance, borrowers, tech) = now[bank] ?? (0, 0, 0)
            return DetailRow(code: bank, name: names[bank] ?? Names(zh: bank, en: bank), values: [
                .money(Money(fen: balance)), .count(borrowers),
                DetailQuery.growth(balance, known ? (ago[bank] ?? 0) : nil),
                .money(Money(fen: tech)), .percent(BasisPoints.ratio(balance, total)),
            ], next: .enterprises(chain: chain, bank: bank))
        }.sorted { (Self.money($0.values[0]), $1.code) > (Self.money($1.values[0]), $0.code) }
        return DetailRows(request: .chainBanks(chain: chain), period: p, nameField: .bank,
                          fields: [.balance, .borrowers, .yoy, .techBalance, .shareOfChain], rows: result)
    }

    /// Enterprises with a balance at the period end (or a year earlier), of a chain and/or at a bank.
    ///
    /// Reads enterprise_summary (EnterpriseSummary.swift): a row per enterprise and bank for
    /// the period and the year-ago one, summed per enterprise here (a chain's enterprise may
    /// borrow at several banks); then each listed enterprise's row, once. Chain leads the
    /// summary's key: a chain's list is one range, a bank's a range per chain. The firms' names
    /// and tags come from the viewer's kept cards (EnterpriseCards.swift) where it has them.
    func enterprises(chain: String?, bank: String?) throws -> DetailRows {
        let p = base.period
        let known = try base.yearAgoKnown()
        var arguments: [SQLValue] = [.text(p.key), .text(p.yearAgo.key)]
        var filter = ""
        if let chain { filter += " AND s.chain = ?\(arguments.count + 1)"; arguments.append(.text(chain)) }
        // A bank's list: a range per chain ('' and every code in chains: the importer refuses
        // an enterprise naming an unknown chain), not a scan of the month.
        else if bank != nil { filter += " AND s.chain IN (SELECT '' UNION ALL SELECT code FROM chains)" }
        if let bank { filter += " AND s.bank = ?\(arguments.count + 1)"; arguments.append(.text(bank)) }
        var sums: [String: Sums] = [:]
        // In a region: its enterprises only.
        try base.session.cursor("""
            SELECT s.enterprise, CASE WHEN s.period = ?1 THEN 1 ELSE 0 END, s.balance, s.tech_balance, s.loans FROM enterprise_summary s
            WHERE s.period IN (?1, ?2) \(filter) \(base.enterpriseInRegion("s.enterprise"))
            """, arguments) { row in
            sums[try row.get(0), default: Sums()].add(now: try row.integer(1) != 0, balance: try row.integer(2), tech: try row.integer(3),
                                                      loans: Int(try row.integer(4)))
            return true
        }
        let chainNames = chain == nil ? try chainNamesByCode() : [:]
        var fields: [DetailField] = [.code, .balance, .yoy, .loans, .techBalance, .tags]
        if chain == nil { fields.insert(.chain, at: 1) }
        // Sorted by balance, then code, with the sums, before the rows are made: a comparator
        // looking each row's sums up by code cost a third of the list (2,500 rows at 1M loans).
        let order = sums.map { (code: $0.key, sums: $0.value) }
            .sorted { ($0.sums.balance, $1.code) > ($1.sums.balance, $0.code) }
        let firms = try cards(order.map(\.code))
        let result = zip(order, firms).map { listed, firm -> DetailRow in
            let (code, a) = listed
            var values: [DetailValue] = [.text(code), .money(Money(fen: a.balance)),
                                         DetailQuery.growth(a.balance, known ? a.ago : nil), .count(a.loans),
                                         .money(Money(fen: a.tech)), .tags(firm.tags(at: base.end))]
            if chain == nil { values.insert(.name(firm.chain.flatMap { chainNames[$0] } ?? Names(zh: "-", en: "-")), at: 1) }
            return DetailRow(code: code, name: firm.names ?? Names(zh: code, en: code), values: values,
                             next: .enterpriseLoans(enterprise: code, bank: bank))
        }
        return DetailRows(request: .enterprises(chain: chain, bank: bank), period: p, nameField: .enterprise,
                          fields: fields, rows: result)
    }

    /// An enterprise's sums over the banks of a list: the period's balance, loans with a
    /// balance and tech balance, and the year-ago balance.
    private struct Sums {
        var balance: Int64 = 0, loans = 0, tech: Int64 = 0, ago: Int64 = 0

        mutating func add(now: Bool, balance amount: Int64, tech techAmount: Int64, loans count: Int) {
            guard now else { ago += amount; return }
            balance += amount
            loans += count
            tech += techAmount
        }
    }

    /// The listed firms' names, chains and tags, in the order of `codes`: those the viewer
    /// keeps for this reference version, the others read (and kept).
    private func cards(_ codes: [String]) throws -> [EnterpriseCard] {
        let read = { (codes: [String]) in try EnterpriseCard.read(base.session, codes) }
        guard let versioned = base.versioned else { return EnterpriseCard.ordered(codes, try read(codes)) }
        return try versioned.enterpriseCards(base.session).cards(codes, read: read)
    }

    func chainNamesByCode() throws -> [String: Names] {
        var names: [String: Names] = [:]
        for row in try base.session.fetch("SELECT code, name_zh, name_en FROM chains") {
            names[try row.get(0)] = Names(zh: try row.get(1), en: try row.get(2))
        }
        return names
    }

    static func money(_ v: DetailValue) -> Int64 {
        if case .money(let m) = v { return m?.fen ?? 0 }
        return 0
    }
}
