/// Non-performing loans (不良: substandard, doubtful, loss; LoanClassification) of one entity
/// beside the loans they are part of: all loans and tech loans. Ratios are NPL ÷ balance.
public struct NPLMeasure: Sendable, Equatable {
    public var balance: Money
    public var npl: Money
    public var techBalance: Money
    public var techNPL: Money

    public init(balance: Money, npl: Money, techBalance: Money, techNPL: Money) {
        self.balance = balance; self.npl = npl; self.techBalance = techBalance; self.techNPL = techNPL
    }

    /// All-loan NPL ratio; nil without loans.
    public var ratio: BasisPoints? { BasisPoints.ratio(npl.fen, balance.fen) }
    /// Tech NPL ratio (科技不良率); nil without tech loans.
    public var techRatio: BasisPoints? { BasisPoints.ratio(techNPL.fen, techBalance.fen) }
    /// Tech NPL ratio minus all-loan NPL ratio, bp (alert rule 16, `tech_npl_gap`).
    public var techGap: BasisPoints? {
        guard let t = techRatio, let a = ratio else { return nil }
        return BasisPoints(t.value - a.value)
    }
}

/// One bank's NPL measure (the alert rules' `tech_npl_gap`; the Banks screen shows the same).
public struct BankNPL: Sendable, Equatable, Identifiable {
    public var id: String { code }
    public var code: String
    public var name: Names
    public var measure: NPLMeasure

    public init(code: String, name: Names, measure: NPLMeasure) {
        self.code = code; self.name = name; self.measure = measure
    }

    public var techGap: BasisPoints? { measure.techGap }
}

extension ChainFigures {
    /// The chain's NPL beside its loans and tech loans; nil on a store without classifications.
    public var nplMeasure: NPLMeasure? {
        guard let npl, let techNPL else { return nil }
        return NPLMeasure(balance: loans.balance, npl: npl, techBalance: techLoans.balance, techNPL: techNPL)
    }
}

extension CityFigures {
    /// The city's (or region's) NPL beside all loans and tech loans; nil without classifications.
    public var nplMeasure: NPLMeasure? {
        guard let npl, let techNPL else { return nil }
        return NPLMeasure(balance: allLoans.balance, npl: npl, techBalance: techLoans.balance, techNPL: techNPL)
    }
}
