import KejinCore

extension FiguresQuery {
    /// The child regions of the scope (the top-level regions for the whole store), each with
    /// its loan measures — the sum of region_summary's total rows over its subtree — and its
    /// guarantees in force. Empty for a store without regions. Alerts are counted by the source
    /// (`FigureSource.rankedChildRegions`), which evaluates each child's figures.
    func childRegions() throws -> [RegionFigures] {
        let tree = try versioned?.tree(session) ?? RegionSummary.tree(session)
        let children = tree.children(of: region)
        guard !children.isEmpty else { return [] }
        let present = Set(try PeriodSummary.periods(session))
        // Region code → the child it lies under.
        var owner: [String: String] = [:]
        for child in children { for code in tree.subtree(child.code) { owner[code] = child.code } }
        let totals = try RegionSummary.totals(session, periods: [period, period.yearAgo])
        func sum(_ p: Period) -> [String: PeriodSummary.Measures] {
            var result: [String: PeriodSummary.Measures] = [:]
            for (code, m) in totals[p.key] ?? [:] {
                if let child = owner[code] { result[child, default: PeriodSummary.Measures()].add(m) }
            }
            return result
        }
        let now = sum(period), ago = sum(period.yearAgo)
        let yearAgoKnown = present.contains(period.yearAgo)
        func measure(_ code: String, _ column: PeriodSummary.Column) -> LoanMeasure {
            LoanMeasure(balance: Money(fen: now[code]?.balance(column) ?? 0), borrowers: now[code]?.borrowers(column) ?? 0,
                        balanceYearAgo: yearAgoKnown ? Money(fen: ago[code]?.balance(column) ?? 0) : nil)
        }

        var guaranteed: [String: Int64] = [:]
        for (code, balance) in try month().guaranteeBalances {
            if let child = owner[code] { guaranteed[child] = try GuaranteeBook.add(guaranteed[child] ?? 0, balance) }
        }
        return children.map { child in
            RegionFigures(region: child, loans: measure(child.code, .all), techLoans: measure(child.code, .tech),
                          relendingFunded: Money(fen: now[child.code]?.balance(.relending) ?? 0),
                          guaranteeBalance: Money(fen: guaranteed[child.code] ?? 0))
        }.sorted { ($0.loans.balance, $1.region.code) > ($1.loans.balance, $0.region.code) }
    }
}

extension Store {
    /// The figures of one period for a region and everything below it (nil: the whole store).
    public func figures(for period: Period, region: String?) throws -> Figures {
        try readSession {
            try FiguresQuery(session: $0, period: period, reportingCache: reportingCache, versioned: versioned, region: region).figures()
        }
    }

    public func childRegions(for period: Period, region: String?) throws -> [RegionFigures] {
        try readSession { try FiguresQuery(session: $0, period: period, versioned: versioned, region: region).childRegions() }
    }

    /// The store's regions (`regions.csv`); empty when it has none.
    public func regionTree() throws -> RegionTree {
        try readSession { try RegionSummary.tree($0) }
    }
}
