/// Everything one dashboard frame shows for one period, as computed by a `FigureSource`.
///
/// These are aggregates only: a viewer never holds loan-level rows.
public struct Figures: Sendable, Equatable {
    public var period: Period
    /// When the store's data last changed (time of the latest import), `YYYY-MM-DD HH:MM:SS`.
    public var lastChange: String?
    public var city: CityFigures
    public var chains: [ChainFigures]
    public var relendingTools: [RelendingToolFigures]
    public var guarantors: [GuarantorFigures]
    public var pools: [RiskPoolFigures]
    /// Alert rules in force (data from the store, never thresholds in code).
    public var alertRules: [AlertRule]
    /// Who has reported for the period (nil: the source keeps no record, the period counts as complete).
    public var reporting: PeriodReporting?
    /// The same for up to `Figures.reportingHistoryLength` stored periods before this one,
    /// oldest first (the Reporting screen's columns); reporters by code, names left empty.
    public var reportingHistory: [PeriodReporting] = []
    public static let reportingHistoryLength = 5
    /// The figures of this period revised after it had been shown complete, oldest first.
    public var revisions: [Revision] = []
    /// The region these figures are for (nil: the whole store), and the regions within it
    /// ranked for the Regions view (Region.swift; filled by `rankedChildRegions` when asked).
    public var region: Region?
    public var childRegions: [RegionFigures] = []
    /// Every region of the source (empty: it has none), for the region selector.
    public var regionTree: RegionTree = .empty
    /// The programme's figures (the Programme screen; filled when asked, `LoadRequest.programme`).
    public var programme: ProgrammeFigures?
    /// The bank evaluation in force at the period, ranked and graded (nil: none loaded; the
    /// whole store's, as the banks are evaluated city-wide). The alert rules' `bank_evaluation`.
    public var evaluation: BankEvaluation?
    /// The interest subsidy's budgets and each bank's allocation and claims (nil: a region; the
    /// budgets are the city's and counties' together). The alert rules' `subsidy_claim_use`.
    public var subsidy: InterestSubsidyFigures?
    /// Each bank's re-lending ledger loans with a balance and their spread over the tool's rate
    /// (nil: a region; the Programme screen's 五大矩阵 shows the same). The alert rules' `ledger_spread`.
    public var ledgerSpreads: [FinancingCost.LedgerSpread]?
    /// Each bank's NPL beside its loans and tech loans, by code (nil: a store without loan
    /// classifications, before v25). The alert rules' `tech_npl_gap`.
    public var banksNPL: [BankNPL]?
    /// Every alert acknowledgement, as of the same snapshot as the figures (nil: the source
    /// reads them apart, `FigureSource.acknowledgements`).
    public var acknowledgements: [AlertAck]?

    /// True when the chains carry their "of which" (`ChainFigures.categories`).
    public var hasCategories: Bool { chains.allSatisfy { $0.categories != nil } }

    /// Gives every chain its "of which" from `byChain` (chain code → categories; a chain
    /// without an entry has none).
    public mutating func setCategories(_ byChain: [String: [CategoryMeasure]]) {
        for i in chains.indices { chains[i].categories = byChain[chains[i].code] ?? [] }
    }

    /// True when `measure` of `chain` (nil: the city) was revised in this period.
    public func isRevised(_ measure: RevisedMeasure, chain: String? = nil) -> Bool {
        revisions.contains { $0.measure == measure && $0.chain == chain }
    }

    /// Complete or closed: figures a supervisor may rely on, alerts evaluated.
    public var isSettled: Bool { reporting?.status.isSettled ?? true }

    public init(period: Period, lastChange: String?, city: CityFigures, chains: [ChainFigures],
                relendingTools: [RelendingToolFigures], guarantors: [GuarantorFigures],
                pools: [RiskPoolFigures], alertRules: [AlertRule]) {
        self.period = period; self.lastChange = lastChange; self.city = city; self.chains = chains
        self.relendingTools = relendingTools; self.guarantors = guarantors; self.pools = pools
        self.alertRules = alertRules
    }
}

/// A month-end loan balance with its borrowers and the same month a year earlier.
public struct LoanMeasure: Sendable, Equatable {
    public var balance: Money
    /// Distinct borrowing enterprises with a positive balance (户数).
    public var borrowers: Int
    /// Balance at the same month a year earlier; nil when the store has no data for it.
    public var balanceYearAgo: Money?

    public init(balance: Money, borrowers: Int, balanceYearAgo: Money?) {
        self.balance = balance; self.borrowers = borrowers; self.balanceYearAgo = balanceYearAgo
    }
    public static let zero = LoanMeasure(balance: .zero, borrowers: 0, balanceYearAgo: nil)

    /// Year-on-year growth (同比), nil without a year-ago balance.
    public var growth: BasisPoints? {
        balanceYearAgo.flatMap { BasisPoints.growth(from: $0, to: balance) }
    }
}

/// City-wide headline figures.
public struct CityFigures: Sendable, Equatable {
    /// Loans to enterprises holding a valid sci-tech tag when the loan was made (科技型企业贷款).
    public var techLoans: LoanMeasure
    /// Loans whose purpose is technological innovation (科技创新贷款).
    public var techInnovationLoans: LoanMeasure
    /// Loans whose purpose is technical transformation (技术改造贷款).
    public var techTransformationLoans: LoanMeasure
    /// Loans secured by an intellectual-property pledge (知识产权质押贷款).
    public var ipPledgeLoans: LoanMeasure
    /// All loans in the store, for comparing tech-loan growth with all-loan growth.
    public var allLoans: LoanMeasure
    /// Non-performing loans (不良) among all loans and among tech loans; nil before v25.
    public var npl: Money?
    public var techNPL: Money?

    public init(techLoans: LoanMeasure, techInnovationLoans: LoanMeasure,
                techTransformationLoans: LoanMeasure, ipPledgeLoans: LoanMeasure, allLoans: LoanMeasure) {
        self.techLoans = techLoans; self.techInnovationLoans = techInnovationLoans
        self.techTransformationLoans = techTransformationLoans; self.ipPledgeLoans = ipPledgeLoans
        self.allLoans = allLoans
    }
}

/// One industry chain (产业链) and its lead bank (一链一行).
public struct ChainFigures: Sendable, Equatable, Identifiable {
    public var id: String { code }
    public var code: String
    public var name: Names
    public var leadBank: Names?
    /// All loans to enterprises on the chain.
    public var loans: LoanMeasure
    /// The sci-tech part of them.
    public var techLoans: LoanMeasure
    /// Month-end chain loan balance for the 13 months ending at the period, oldest first;
    /// months before the store's first period are absent (the array is then shorter).
    public var trend: [Money]
    /// Balance of chain loans funded by a re-lending draw.
    public var relendingFunded: Money
    /// Guarantees in force for enterprises on the chain.
    public var guaranteeBalance: Money
    /// "Of which": the chain's loans to each enterprise category with firms in it, in
    /// `EnterpriseCategory` order (EnterpriseCategory.swift). nil: not loaded — they cost a
    /// seek per loan of every listed firm, so only the screens that show them ask
    /// (`FigureSource.chainCategories`, `Figures.setCategories`).
    public var categories: [CategoryMeasure]?
    /// Non-performing loans (不良) among the chain's loans and its tech loans; nil before v25.
    public var npl: Money?
    public var techNPL: Money?

    public init(code: String, name: Names, leadBank: Names?, loans: LoanMeasure, techLoans: LoanMeasure,
                trend: [Money], relendingFunded: Money, guaranteeBalance: Money, categories: [CategoryMeasure]? = nil) {
        self.code = code; self.name = name; self.leadBank = leadBank; self.loans = loans
        self.techLoans = techLoans; self.trend = trend; self.relendingFunded = relendingFunded
        self.guaranteeBalance = guaranteeBalance; self.categories = categories
    }

    /// Share of the chain's loan balance funded by re-lending.
    public var relendingShare: BasisPoints? { BasisPoints.ratio(relendingFunded.fen, loans.balance.fen) }
}

/// One PBoC re-lending tool (再贷款) as the city's banks use it.
public struct RelendingToolFigures: Sendable, Equatable, Identifiable {
    public var id: String { code }
    public var code: String
    public var name: Names
    /// The tool's rate in force at the period end (dated rate history).
    public var rate: BasisPoints?
    /// Quota allotted to the city's banks in force at the period end.
    public var quota: Money
    /// Outstanding draws at the period end.
    public var drawn: Money
    /// Balance of ledger loans (台账) that the outstanding draws fund, and how many loans.
    public var ledgerLoanBalance: Money
    public var ledgerLoans: Int
    /// Outstanding draws falling due within 30, 60 and 90 days after the period end (cumulative).
    public var due30: Money
    public var due60: Money
    public var due90: Money
    /// Draws due within 30 days whose rollovers are all used.
    public var rolloverExhaustedDue30: Int
    /// The tool's ledger coverage (LedgerCoverage.swift) and the same per drawing bank.
    public var coverage: LedgerCoverage?
    public var bankCoverage: [BankLedgerCoverage] = []
    /// The first loan the tool refinanced (首笔), when its first draw started by the period end
    /// (the whole store's, none in a region's figures).
    public var firstLoan: FirstLedgerLoan?

    public init(code: String, name: Names, rate: BasisPoints?, quota: Money, drawn: Money,
                ledgerLoanBalance: Money, ledgerLoans: Int, due30: Money, due60: Money, due90: Money,
                rolloverExhaustedDue30: Int) {
        self.code = code; self.name = name; self.rate = rate; self.quota = quota; self.drawn = drawn
        self.ledgerLoanBalance = ledgerLoanBalance; self.ledgerLoans = ledgerLoans
        self.due30 = due30; self.due60 = due60; self.due90 = due90
        self.rolloverExhaustedDue30 = rolloverExhaustedDue30
    }

    /// Drawn ÷ quota.
    public var usage: BasisPoints? { BasisPoints.ratio(drawn.fen, quota.fen) }

    /// Drawn ÷ the ledger loans it funds (再贷款占台账贷款): how much of the ledger the PBoC
    /// refinances; nil without ledger loans.
    public var refinancedShare: BasisPoints? { BasisPoints.ratio(drawn.fen, ledgerLoanBalance.fen) }
}

/// One guarantor (担保机构) and its guarantees in force at the period end.
public struct GuarantorFigures: Sendable, Equatable, Identifiable {
    public var id: String { code }
    public var code: String
    public var name: Names
    /// Distinct enterprises with a guarantee in force (在保户数).
    public var firmsInForce: Int
    /// Guaranteed amount in force (在保余额).
    public var balanceInForce: Money
    /// Fee rate weighted by guaranteed amount; nil with nothing in force.
    public var averageFeeRate: BasisPoints?
    /// The lowest share of risk a lending bank keeps on a guarantee in force (policy: ≥ 20%).
    public var lowestBankRiskShare: BasisPoints?
    /// Net assets, for leverage (放大倍数); nil when not reported.
    public var netAssets: Money?

    public init(code: String, name: Names, firmsInForce: Int, balanceInForce: Money,
                averageFeeRate: BasisPoints?, lowestBankRiskShare: BasisPoints?, netAssets: Money?) {
        self.code = code; self.name = name; self.firmsInForce = firmsInForce
        self.balanceInForce = balanceInForce; self.averageFeeRate = averageFeeRate
        self.lowestBankRiskShare = lowestBankRiskShare; self.netAssets = netAssets
    }

    /// Balance in force ÷ net assets, in basis points (10× = 100000 bp).
    public var leverage: BasisPoints? { netAssets.flatMap { BasisPoints.ratio(balanceInForce.fen, $0.fen) } }
}

/// A government risk-compensation pool (风险补偿资金池).
public struct RiskPoolFigures: Sendable, Equatable, Identifiable {
    public var id: String { code }
    public var code: String
    public var name: Names
    public var capital: Money
    /// Share of each covered loss the pool bears.
    public var riskShare: BasisPoints
    /// Losses covered lending may reach before the pool suspends (熔断), as a share of it.
    public var breaker: BasisPoints
    /// Pay-outs up to the period end.
    public var paidOut: Money
    public var payouts: Int
    /// Covered business in force at the period end (guarantees the pool shares risk on).
    public var coveredBalance: Money

    public init(code: String, name: Names, capital: Money, riskShare: BasisPoints, breaker: BasisPoints,
                paidOut: Money, payouts: Int, coveredBalance: Money) {
        self.code = code; self.name = name; self.capital = capital; self.riskShare = riskShare
        self.breaker = breaker; self.paidOut = paidOut; self.payouts = payouts
        self.coveredBalance = coveredBalance
    }

    /// What is left in the pool.
    public var remaining: Money { capital - paidOut }
    /// Pay-outs ÷ covered business: compared with `breaker`.
    public var lossRate: BasisPoints? { BasisPoints.ratio(paidOut.fen, coveredBalance.fen) }

    /// Whether the pool has reached its breaker (熔断): pay-outs ÷ covered business ≥ breaker,
    /// compared exactly (no rounding of the rate).
    public var tripped: Bool {
        coveredBalance.fen > 0 && ratio(paidOut.fen, coveredBalance.fen, atLeast: breaker)
    }
}

extension Figures {
    /// These figures with the day their reporting status was read (`asOf`, how late a missing
    /// bank is) taken from `other`, the one field that comes from the clock: for comparing two
    /// reads that may straddle midnight UTC (at 1M loans the bench's full scan reads a minute
    /// after the summary viewer; a run across 2026-12-05 00:00 found them "different").
    public func readingDay(of other: Figures) -> Figures {
        var copy = self
        copy.reporting?.asOf = other.reporting?.asOf
        for i in copy.reportingHistory.indices where i < other.reportingHistory.count {
            copy.reportingHistory[i].asOf = other.reportingHistory[i].asOf
        }
        return copy
    }
}
