import KejinCore

extension Store {
    /// The programme's figures of one period (ProgrammeFigures.swift): the whole store only;
    /// nil for a region (its figures are not split by region yet, and a viewer kept to a
    /// region must not see the whole store's).
    public func programme(for period: Period, region: String?) throws -> ProgrammeFigures? {
        guard region == nil else { return nil }
        return try readSession { s in
            var figures = try ProgrammeQuery(session: s, period: period, book: versioned.newLoans(s), lowCost: versioned.lowCostFunds(s),
                                             outreach: versioned.outreach(s), funds: versioned.funds(s), subsidy: versioned.subsidy(s),
                                             evaluations: versioned.evaluations(s), rules: versioned.alertRules(s),
                                             bankNames: versioned.bankNames(s), chainNames: versioned.chainNames(s),
                                             summarised: versioned.present(s, period.key)).figures()
            // The whitelist's pushes and the meetings (PipelineQuery.swift), cut from the book kept per reference version.
            figures.pipeline = try versioned.pipeline(s).figures(at: period)
            return figures
        }
    }

    /// The banks' products of one period: their catalogue kept per reference version, the
    /// period's rows and the year-ago month's from product_summary (ProductQuery.swift). The
    /// whole store only, as `programme(for:region:)`.
    public func products(for period: Period, region: String?) throws -> ProductFigures? {
        guard region == nil else { return nil }
        return try readSession { s in try versioned.products(s).figures(s, at: period) { try versioned.present(s, $0) } }
    }

    /// Where the kept product_summary rows of `period` differ from the products' figures summed
    /// from loan_balances on the spot (what `kejin store check` compares): `kejin bench` checks
    /// it after each import it times. Empty: the same.
    public func productSummaryDifferences(for period: Period) throws -> [String] {
        try readSession { s in
            guard try ProductSummary.exists(s) else { return [] }
            return try ProductSummary.kept(period: period.key).differences(s).map(\.place)
        }
    }
}
