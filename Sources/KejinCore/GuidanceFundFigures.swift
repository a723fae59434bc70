/// A guidance fund (科创引导基金, 五大矩阵 (三); issue 12, item 6) at a period's end, as the store
/// counts it from guidance_funds.csv and fund_loans.csv (KejinStore's FundQuery). Money in fen.
///
/// The ceiling is capital × leverage (Hanyin's 2000万元 at 1:5: 1亿元). The loans it backs are
/// loans of loans.csv, counted at their contract amounts: backed up to the period end (firms,
/// loans, amount: the article's "累计发放 3户 1700万元"), and in use — backed, not matured and
/// not compensated at the period end — against the ceiling. The breaker (熔断) trips when the
/// compensation the fund has paid reaches its share of the capital: from then on it backs no
/// new loan.
public struct GuidanceFund: Sendable, Equatable {
    public var code: String
    public var name: Names
    /// The bank it was set up with, which makes the loans.
    public var bank: Names
    public var capital: Money
    /// 5 for 1:5.
    public var leverage: Int
    /// Compensation paid ÷ capital at which the fund stops backing loans.
    public var breaker: BasisPoints
    /// Loans backed up to the period end, at their contract amounts.
    public var backed: LoanTally
    /// The distinct firms those loans went to.
    public var firms: Int
    /// Backed loans neither matured nor compensated at the period end, at contract amounts.
    public var inUse: Money
    /// Compensation paid up to the period end.
    public var compensated: Money

    public init(code: String, name: Names, bank: Names, capital: Money, leverage: Int, breaker: BasisPoints,
                backed: LoanTally, firms: Int, inUse: Money, compensated: Money) {
        self.code = code; self.name = name; self.bank = bank; self.capital = capital; self.leverage = leverage
        self.breaker = breaker; self.backed = backed; self.firms = firms; self.inUse = inUse; self.compensated = compensated
    }

    /// What the fund may back: capital × leverage.
    public var ceiling: Money { Money(fen: capital.fen * Int64(leverage)) }
    /// In use ÷ ceiling.
    public var usage: BasisPoints? { BasisPoints.ratio(inUse.fen, ceiling.fen) }
    /// The ceiling left (never below zero).
    public var headroom: Money { Money(fen: max(0, ceiling.fen - inUse.fen)) }
    /// Compensation paid ÷ capital: compared with `breaker`.
    public var lossRate: BasisPoints? { BasisPoints.ratio(compensated.fen, capital.fen) }
    /// Whether the breaker has tripped: compensation ÷ capital ≥ breaker (exactly, in fen).
    public var tripped: Bool {
        capital.fen > 0 && compensated.fen > 0 && ratio(compensated.fen, capital.fen, atLeast: breaker)
    }
}
