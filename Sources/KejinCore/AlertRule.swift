/// How urgent an alert is.
public enum Severity: Int, Comparable, Sendable, Codable, CaseIterable {
    case warning = 1, critical = 2
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
}

/// The figure an alert rule watches. Each measure is an integer in the unit given, computed
/// per entity from `Figures`; see `AlertEngine`.
public enum AlertMeasure: String, Sendable, Codable, CaseIterable {
    /// Re-lending tool: drawn ÷ quota, bp.
    case relendingUsage = "relending_usage"
    /// Re-lending tool: draws due within 30 days with every rollover used, count.
    case rolloverExhausted = "rollover_exhausted"
    /// Guarantor: average fee rate, bp.
    case guaranteeFeeRate = "guarantee_fee_rate"
    /// Guarantor: balance in force ÷ net assets, bp (10× = 100000).
    case guarantorLeverage = "guarantor_leverage"
    /// Guarantor: the lowest share of risk a bank keeps, bp.
    case bankRiskShare = "bank_risk_share"
    /// Pool: pay-outs ÷ covered business, bp.
    case poolLossRate = "pool_loss_rate"
    /// Pool: remaining capital ÷ capital, bp.
    case poolRemaining = "pool_remaining"
    /// Chain: tech-loan growth year on year, bp.
    case chainTechGrowth = "chain_tech_growth"
    /// Chain: tech-loan growth minus city all-loan growth, bp.
    case chainGrowthGap = "chain_growth_gap"
    /// Re-lending tool at a bank: drawn ÷ (cap × eligible ledger loans), bp (10000 = at the cap).
    case relendingCapUse = "relending_cap_use"
    /// Re-lending tool at a bank: ledger loans whose enterprise lacked the tool's qualification, count.
    case ineligibleLedgerLoans = "ineligible_ledger_loans"
    /// Reporter: days since the end of the month after its period's month end that a
    /// provisional period still misses its delivery (evaluated on provisional periods only).
    case reportingLate = "reporting_late"
    /// Bank: the total of its evaluation in force (bank_scores.csv, five scores of 0–100: at
    /// most 500 points). The rule's thresholds are the grade scale (EvaluationScale).
    case bankEvaluation = "bank_evaluation"
    /// Bank: its interest-subsidy claims ÷ its allocation (subsidy_claims.csv,
    /// subsidy_allocations.csv), bp; claims with nothing allocated: 1000000.
    case subsidyClaimUse = "subsidy_claim_use"
    /// Bank: the widest spread of its re-lending ledger loans with a balance over their tool's
    /// rate in force on the loan's start date, bp (+200 = two percentage points over).
    case ledgerSpread = "ledger_spread"
    /// Bank: its tech loans' NPL ratio minus its all-loan NPL ratio (五级分类: substandard,
    /// doubtful, loss ÷ balance), bp (+300 = three percentage points over); a bank without tech
    /// loans has no value.
    case techNPLGap = "tech_npl_gap"

    /// True for measures counted in items, days or points rather than basis points.
    public var isCount: Bool {
        self == .rolloverExhausted || self == .reportingLate || self == .ineligibleLedgerLoans || self == .bankEvaluation
    }

    /// The hysteresis a rule gets when none is given: half a percentage point for rates and
    /// shares, none for counts (a count is either there or not; days late only grow until the
    /// file arrives, so they cannot flicker; an evaluation changes once a year).
    public var defaultHysteresis: Int64 { isCount ? 0 : 50 }
}

/// One alert rule, stored as data. An alert fires when the measure is below a `…Below`
/// threshold or above an `…Above` threshold; the critical thresholds win over the warning ones.
public struct AlertRule: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    public var measure: AlertMeasure
    /// An entity code to limit the rule to, or nil for every entity the measure applies to.
    public var scope: String?
    /// A region to limit the rule to: it applies to that region's figures and those of every
    /// region within it (a stricter threshold for a county, say), not to the whole store's or
    /// another region's. nil: every region and the whole store.
    public var region: String?
    public var warnBelow: Int64?
    public var criticalBelow: Int64?
    public var warnAbove: Int64?
    public var criticalAbove: Int64?
    public var enabled: Bool
    /// How far past a threshold, in the measure's unit, a value must come back before an alert
    /// that was firing in the previous period clears (so a value hovering at it does not flicker).
    public var hysteresis: Int64

    /// `hysteresis` nil: the measure's `defaultHysteresis`.
    public init(id: Int64, measure: AlertMeasure, scope: String? = nil, warnBelow: Int64? = nil,
                criticalBelow: Int64? = nil, warnAbove: Int64? = nil, criticalAbove: Int64? = nil,
                enabled: Bool = true, hysteresis: Int64? = nil, region: String? = nil) {
        self.id = id; self.measure = measure; self.scope = scope; self.warnBelow = warnBelow
        self.criticalBelow = criticalBelow; self.warnAbove = warnAbove; self.criticalAbove = criticalAbove
        self.enabled = enabled; self.hysteresis = hysteresis ?? measure.defaultHysteresis
        self.region = region
    }

    /// The severity for a value of the measure, or nil when it is within bounds.
    public func severity(of value: Int64) -> (Severity, threshold: Int64)? {
        if let t = criticalBelow, value < t { return (.critical, t) }
        if let t = criticalAbove, value > t { return (.critical, t) }
        if let t = warnBelow, value < t { return (.warning, t) }
        if let t = warnAbove, value > t { return (.warning, t) }
        return nil
    }

    /// The severity with hysteresis: a threshold that the previous alert on this entity crossed
    /// in the same direction, at this severity or a higher one, is moved back by `hysteresis`
    /// (below: value < t + h; above: value > t − h). Without a previous alert: `severity(of:)`.
    public func severity(of value: Int64, previous: Alert?) -> (Severity, threshold: Int64, below: Bool)? {
        func widened(_ t: Int64, _ s: Severity, below: Bool) -> Int64 {
            guard let p = previous, p.below == below, p.severity >= s else { return t }
            return below ? t + hysteresis : t - hysteresis
        }
        if let t = criticalBelow, value < widened(t, .critical, below: true) { return (.critical, t, true) }
        if let t = criticalAbove, value > widened(t, .critical, below: false) { return (.critical, t, false) }
        if let t = warnBelow, value < widened(t, .warning, below: true) { return (.warning, t, true) }
        if let t = warnAbove, value > widened(t, .warning, below: false) { return (.warning, t, false) }
        return nil
    }
}

/// One alert: a rule, the entity it fired on, the figure and the threshold it crossed.
public struct Alert: Sendable, Equatable, Identifiable {
    public var id: String { "\(ruleID):\(entityCode)" }
    public var ruleID: Int64
    public var measure: AlertMeasure
    public var severity: Severity
    public var entityCode: String
    public var entity: Names
    public var value: Int64
    public var threshold: Int64
    /// True when the value is below the threshold (false: above).
    public var below: Bool
    /// Who acknowledged this alert and when; nil while it is open.
    public var acknowledgement: AlertAck?
    /// The hysteresis band that keeps the alert on although the value no longer crosses
    /// `threshold` itself (it fired last period and has not come back far enough); 0 when the
    /// value crosses the threshold.
    public var band: Int64

    public init(ruleID: Int64, measure: AlertMeasure, severity: Severity, entityCode: String,
                entity: Names, value: Int64, threshold: Int64, below: Bool, acknowledgement: AlertAck? = nil,
                band: Int64 = 0) {
        self.ruleID = ruleID; self.measure = measure; self.severity = severity
        self.entityCode = entityCode; self.entity = entity; self.value = value
        self.threshold = threshold; self.below = below; self.acknowledgement = acknowledgement
        self.band = band
    }

    /// Held by the hysteresis band: on although the value is not past `threshold`.
    public var heldByBand: Bool { band != 0 }

    /// The threshold in force for this alert: `threshold` moved back by the band when held
    /// (the value has to pass this to clear).
    public var effectiveThreshold: Int64 { below ? threshold + band : threshold - band }

    /// Firing and not acknowledged.
    public var isOpen: Bool { acknowledgement == nil }
}

extension AlertRule {
    /// A rule without a region applies everywhere; one with a region only to the figures of
    /// that region or a region within it (Figures.region, in Figures.regionTree).
    public func applies(to figures: Figures) -> Bool {
        guard let region else { return true }
        guard let shown = figures.region?.code else { return false }
        return figures.regionTree.contains(region, shown)
    }
}
