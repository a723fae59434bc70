/// The figures of the "3456" programme (三维协同 / 四链融合 / 五大矩阵 / 六项保障) that the store's
/// data gives, for one period and the whole store. A measure the store has no data for is
/// left out, never invented: every one the article names now has its entity.
public struct ProgrammeFigures: Sendable, Equatable {
    public var period: Period
    /// 六项保障 (五): new loans to tech-tagged firms since `PolicyEffect.since`.
    public var policyEffect: PolicyEffect
    /// 六项保障 (五): the low-cost funds released and provided since `PolicyEffect.since`, by channel.
    public var lowCostFunds: LowCostFunds
    /// 三维协同 (二): the whitelist and its credit.
    public var whitelist: WhitelistCoverage
    /// 三维协同 (二): the pushes to banks by stage and the matchmaking meetings, this year (PipelineFigures.swift).
    public var pipeline: PipelineFigures = .empty
    /// 四链融合 / 五大矩阵: weighted rates of new loans, the ledger loans' spread over re-lending.
    public var cost: FinancingCost
    /// 六项保障 (一): the five-dimension bank evaluation.
    public var evaluation: BankEvaluation
    /// 五大矩阵 (五): bank–guarantor cooperation in force (OutreachFigures.swift).
    public var cooperation: GuarantorCooperation = .empty
    /// 五大矩阵 (三): the guidance funds and the loans they back (GuidanceFundFigures.swift).
    public var guidanceFunds: [GuidanceFund] = []
    /// 六项保障 (五): the fiscal interest subsidy (SubsidyFigures.swift).
    public var subsidy: InterestSubsidyFigures = .empty
    /// 五大矩阵 (四): the banks' products (一链一行) with balance, borrowers and growth (ProductFigures.swift).
    /// nil: not read — only the 一链一行 panel and the report ask for them (`FigureSource.products`),
    /// so a move on another panel does not read two months of product rows.
    public var products: ProductFigures?
    /// 六项保障 (四): the 四贷 service stations, their institutions and demands (OutreachFigures.swift).
    public var stations: ServiceStations = .empty

    public init(period: Period, policyEffect: PolicyEffect, lowCostFunds: LowCostFunds, whitelist: WhitelistCoverage,
                cost: FinancingCost, evaluation: BankEvaluation) {
        self.period = period; self.policyEffect = policyEffect; self.lowCostFunds = lowCostFunds; self.whitelist = whitelist
        self.cost = cost; self.evaluation = evaluation
    }

    /// The four pillars of the model, in the article's order (the screen's panels 1–4).
    public enum Pillar: Int, CaseIterable, Sendable {
        case coordination   // 三维协同
        case chains         // 四链融合
        case matrix         // 五大矩阵
        case safeguards     // 六项保障
    }
}

/// Loans counted and their amount (at grant).
public struct LoanTally: Sendable, Equatable {
    public var amount: Money
    public var loans: Int
    public init(amount: Money, loans: Int) { self.amount = amount; self.loans = loans }
    public static let zero = LoanTally(amount: .zero, loans: 0)
    public static func + (a: LoanTally, b: LoanTally) -> LoanTally { LoanTally(amount: a.amount + b.amount, loans: a.loans + b.loans) }
}

/// The enterprise tags whose new loans measure the policy effect (高新技术企业, 科技型中小企业, 专精特新).
public enum TechKind: String, CaseIterable, Sendable {
    case highTech = "high_tech"
    case techSME = "tech_sme"
    case srdi

    /// The enterprise tags that make a firm this kind: 专精特新 counts the national
    /// 专精特新"小巨人" (`little_giant`) too, which are SRDI firms by definition.
    public var tags: [String] {
        switch self {
        case .highTech, .techSME: return [rawValue]
        case .srdi: return ["srdi", "little_giant"]
        }
    }
}

/// New loans since 2024 to firms that held a `TechKind` tag on the loan's start date.
public struct PolicyEffect: Sendable, Equatable {
    /// The first month of the count: the article's "since 2024".
    public static let firstMonth = Period(year: 2024, month: 1)
    /// The count's first day ("2024-01-01"): loans started on or after it.
    public static var since: String { firstMonth.key + "-01" }

    /// New loans started in one month (not cumulative).
    public struct Month: Sendable, Equatable {
        public var period: Period
        public var new: LoanTally
        public init(period: Period, new: LoanTally) { self.period = period; self.new = new }
    }
    /// Every month from 2024-01 to the period, oldest first (zero where none started).
    public var months: [Month]
    /// Up to the period, per tag kind (a loan to a firm with two kinds counts under both).
    public var byKind: [TechKind: LoanTally]
    /// Up to the period, each loan once.
    public var total: LoanTally

    public init(months: [Month], byKind: [TechKind: LoanTally], total: LoanTally) {
        self.months = months; self.byKind = byKind; self.total = total
    }

    /// The cumulative amount at the end of each month (the curve).
    public var cumulative: [Money] {
        var sum = Money.zero
        return months.map { sum += $0.new.amount; return sum }
    }
}

/// The low-cost funds (低成本资金) the PBoC released and provided in the city since 2024 (the
/// article's "通过下调准备金率、运用再贷款再贴现等政策工具 … 累计释放和提供低成本资金合计97亿元"), by
/// channel: the reserves each bank's required-reserve-ratio cuts released (rrr_releases.csv)
/// and the draws on each re-lending or rediscount tool (relending_draws.csv: rediscount is a
/// tool there like any re-lending one). Each yuan is counted once, in the month of its cut's
/// effective date or its draw date; a draw counts in full when drawn (a new draw that replaces a
/// maturing one is new funds provided, as the article counts them).
public struct LowCostFunds: Sendable, Equatable {
    /// One re-lending or rediscount tool: its draws since 2024 up to the period.
    public struct Tool: Sendable, Equatable {
        public var code: String
        public var name: Names
        public var amount: Money
        public var draws: Int
        public init(code: String, name: Names, amount: Money, draws: Int) {
            self.code = code; self.name = name; self.amount = amount; self.draws = draws
        }
    }
    /// What one month added (not cumulative): reserves released by cuts effective in it, and
    /// the tools' draws in it.
    public struct Month: Sendable, Equatable {
        public var period: Period
        public var rrrCuts: Money
        public var tools: Money
        public init(period: Period, rrrCuts: Money, tools: Money) { self.period = period; self.rrrCuts = rrrCuts; self.tools = tools }
        public var total: Money { rrrCuts + tools }
    }
    /// Every month from 2024-01 to the period, oldest first (zero where nothing came).
    public var months: [Month]
    /// Reserves released by RRR cuts up to the period; the bank × cut rows behind it and the
    /// distinct cuts (effective dates).
    public var rrrCuts: Money
    public var releases: Int
    public var cuts: Int
    /// Tools with draws up to the period, largest first (ties by code).
    public var tools: [Tool]

    public init(months: [Month], rrrCuts: Money, releases: Int, cuts: Int, tools: [Tool]) {
        self.months = months; self.rrrCuts = rrrCuts; self.releases = releases; self.cuts = cuts; self.tools = tools
    }

    /// Re-lending and rediscount together.
    public var toolTotal: Money { tools.reduce(.zero) { $0 + $1.amount } }
    public var toolDraws: Int { tools.reduce(0) { $0 + $1.draws } }
    /// Every channel, up to the period.
    public var total: Money { rrrCuts + toolTotal }

    /// The cumulative total at the end of each month (the curve).
    public var cumulative: [Money] {
        var sum = Money.zero
        return months.map { sum += $0.total; return sum }
    }
}

/// The whitelist (白名单) at the period end and the credit its firms have.
public struct WhitelistCoverage: Sendable, Equatable {
    /// Firms holding a `whitelist` tag valid at the period end.
    public var listed: Int
    /// Of them, firms with a loan balance in the period, and that balance.
    public var withBalance: Int
    public var balance: Money
    /// First loans (首贷) to listed firms started this year up to the period end.
    public var firstLoans: LoanTally
    /// Listed firms with no loan started on or before the period end (no credit yet).
    public var withoutCredit: Int

    public init(listed: Int, withBalance: Int, balance: Money, firstLoans: LoanTally, withoutCredit: Int) {
        self.listed = listed; self.withBalance = withBalance; self.balance = balance
        self.firstLoans = firstLoans; self.withoutCredit = withoutCredit
    }

    /// Listed firms with a balance, as a share of the list.
    public var coverage: BasisPoints? { BasisPoints.ratio(Int64(withBalance), Int64(listed)) }
}

/// An amount-weighted average rate of loans.
public struct WeightedRate: Sendable, Equatable {
    public var rate: BasisPoints
    public var tally: LoanTally
    public init(rate: BasisPoints, tally: LoanTally) { self.rate = rate; self.tally = tally }

    /// Σ(amount × rate) ÷ Σ amount, rounded half away from zero; nil without an amount.
    public static func of(weighted: Int64, amount: Int64, loans: Int) -> WeightedRate? {
        guard amount > 0 else { return nil }
        let twice = amount.dividingFullWidth(weighted.multipliedFullWidth(by: 2)).quotient
        let rounded = twice >= 0 ? (twice + 1) / 2 : (twice - 1) / 2
        return WeightedRate(rate: BasisPoints(rounded), tally: LoanTally(amount: Money(fen: amount), loans: loans))
    }
}

/// Financing cost: the rates of loans started in the period's month and year to date.
public struct FinancingCost: Sendable, Equatable {
    /// One chain's or bank's rates (nil: no new loan in that window).
    public struct Group: Sendable, Equatable {
        public var code: String
        public var name: Names
        public var month: WeightedRate?
        public var yearToDate: WeightedRate?
        public init(code: String, name: Names, month: WeightedRate?, yearToDate: WeightedRate?) {
            self.code = code; self.name = name; self.month = month; self.yearToDate = yearToDate
        }
    }
    /// One bank's re-lending ledger loans with a balance at the period end: their rate over
    /// their tool's rate in force on the loan's start date, weighted by balance.
    public struct LedgerSpread: Sendable, Equatable {
        public var bank: String
        public var name: Names
        public var loans: Int
        public var balance: Money
        public var spread: BasisPoints
        public var widest: BasisPoints
        public init(bank: String, name: Names, loans: Int, balance: Money, spread: BasisPoints, widest: BasisPoints) {
            self.bank = bank; self.name = name; self.loans = loans; self.balance = balance
            self.spread = spread; self.widest = widest
        }
    }
    public var month: WeightedRate?
    public var yearToDate: WeightedRate?
    /// Chains and banks with a new loan this year, by year-to-date amount.
    public var byChain: [Group]
    public var byBank: [Group]
    /// Banks with ledger loans, widest average spread first.
    public var spreads: [LedgerSpread]

    public init(month: WeightedRate?, yearToDate: WeightedRate?, byChain: [Group], byBank: [Group], spreads: [LedgerSpread]) {
        self.month = month; self.yearToDate = yearToDate; self.byChain = byChain; self.byBank = byBank; self.spreads = spreads
    }
}

/// The grade scale of the bank evaluation (A/B/C/D), read from the alert rules: policy is
/// data. The store's rule on `bank_evaluation` (default rule 13) holds the two lines that
/// matter — below its critical threshold a bank is graded D and asked to remediate (整改, a
/// critical alert), below its warning threshold C (a warning) — and A starts as far above the
/// warning line as the warning line is above the critical one (bands of equal width: with the
/// defaults 300 and 375, D < 300 ≤ C < 375 ≤ B < 450 ≤ A). `kejin rules set 13 …` moves them.
public struct EvaluationScale: Sendable, Equatable {
    public var warnBelow: Int
    public var criticalBelow: Int

    public init(warnBelow: Int, criticalBelow: Int) { self.warnBelow = warnBelow; self.criticalBelow = criticalBelow }

    /// The scale of the first enabled whole-store rule on `bank_evaluation` with both
    /// thresholds below; nil (no grades, no remediation mark) when there is none.
    public init?(rules: [AlertRule]) {
        guard let r = rules.sorted(by: { $0.id < $1.id }).first(where: {
            $0.measure == .bankEvaluation && $0.enabled && $0.scope == nil && $0.region == nil
                && $0.warnBelow != nil && $0.criticalBelow != nil
        }), let warn = r.warnBelow, let critical = r.criticalBelow else { return nil }
        self.init(warnBelow: Int(warn), criticalBelow: Int(critical))
    }

    /// Where A starts: one band (warn − critical) above the warning line.
    public var aFrom: Int { warnBelow + max(0, warnBelow - criticalBelow) }

    public func grade(_ total: Int) -> EvaluationGrade {
        total < criticalBelow ? .d : total < warnBelow ? .c : total < aFrom ? .b : .a
    }
}

/// A bank's evaluation grade; D asks it to remediate (整改).
public enum EvaluationGrade: String, Sendable, Equatable, CaseIterable {
    case a = "A", b = "B", c = "C", d = "D"
    public var needsRemediation: Bool { self == .d }
}

/// The five-dimension bank evaluation in force at the period (the latest at or before it).
public struct BankEvaluation: Sendable, Equatable {
    public struct Bank: Sendable, Equatable {
        public var code: String
        public var name: Names
        /// Policy execution, product innovation, service network, risk control, collaboration.
        public var scores: [Int]
        /// 1 = best; equal totals share a rank.
        public var rank: Int
        /// The bank's total in the evaluation before (nil: not evaluated then).
        public var previousTotal: Int?
        /// On the scale of the rules (nil: no rule on `bank_evaluation`).
        public var grade: EvaluationGrade?
        public init(code: String, name: Names, scores: [Int], rank: Int, previousTotal: Int?, grade: EvaluationGrade? = nil) {
            self.code = code; self.name = name; self.scores = scores; self.rank = rank; self.previousTotal = previousTotal
            self.grade = grade
        }
        public var total: Int { scores.reduce(0, +) }
        public var trend: Int? { previousTotal.map { total - $0 } }
        public var needsRemediation: Bool { grade?.needsRemediation ?? false }
    }

    /// The evaluation shown and the one before it (nil: none loaded).
    public var evaluated: Period?
    public var previous: Period?
    /// Ranked, best first (ties by code).
    public var banks: [Bank]
    /// The grade scale the banks were graded on (nil: no rule on `bank_evaluation`).
    public var scale: EvaluationScale?

    public init(evaluated: Period?, previous: Period?, banks: [Bank], scale: EvaluationScale? = nil) {
        self.evaluated = evaluated; self.previous = previous; self.banks = banks; self.scale = scale
    }

    /// Ranks banks by total (standard competition ranking: 1, 2, 2, 4) and grades them on `scale`.
    public static func ranked(_ banks: [(code: String, name: Names, scores: [Int], previousTotal: Int?)],
                              scale: EvaluationScale? = nil) -> [Bank] {
        let sorted = banks.sorted { ($0.scores.reduce(0, +), $1.code) > ($1.scores.reduce(0, +), $0.code) }
        var result: [Bank] = []
        for (i, b) in sorted.enumerated() {
            let total = b.scores.reduce(0, +)
            let rank = (i > 0 && result[i - 1].total == total) ? result[i - 1].rank : i + 1
            result.append(Bank(code: b.code, name: b.name, scores: b.scores, rank: rank, previousTotal: b.previousTotal,
                               grade: scale?.grade(total)))
        }
        return result
    }

    public var needingRemediation: [Bank] { banks.filter(\.needsRemediation) }
}
