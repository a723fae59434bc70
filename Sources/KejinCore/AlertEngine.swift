/// Evaluates the stored alert rules against one period's figures. Pure: no thresholds here,
/// only how each measure is read off the figures.
public enum AlertEngine {
    public static func alerts(for figures: Figures) -> [Alert] {
        alerts(for: figures, previous: [])
    }

    /// The alerts with hysteresis: `previous` are the alerts of the previous period (or the
    /// previous evaluation); an alert among them stays until its value is back past the
    /// threshold by the rule's `hysteresis`.
    public static func alerts(for figures: Figures, previous: [Alert]) -> [Alert] {
        // Most severe first, then by rule and entity so the order is stable between frames.
        evaluate(figures, previous: previous).sorted {
            ($0.severity.rawValue, -$0.ruleID, $0.entityCode) > ($1.severity.rawValue, -$1.ruleID, $1.entityCode)
        }
    }

    /// The alerts of `figures` without hysteresis, in no order: what the next period's
    /// hysteresis looks up, never shown, so not sorted (at 1M loans ~700 fire a month).
    public static func unorderedAlerts(for figures: Figures) -> [Alert] {
        evaluate(figures, previous: [])
    }

    private static func evaluate(_ figures: Figures, previous: [Alert]) -> [Alert] {
        // Keyed as `Alert.id` is, without making its string for every value of every rule.
        let before = Dictionary(previous.map { (AlertKey(ruleID: $0.ruleID, entity: $0.entityCode), $0) },
                                uniquingKeysWith: { $0.severity >= $1.severity ? $0 : $1 })
        var result: [Alert] = []
        for rule in figures.alertRules where rule.enabled && rule.applies(to: figures) {
            for v in values(of: rule.measure, in: figures) where rule.scope == nil || rule.scope == v.code {
                let last = before[AlertKey(ruleID: rule.id, entity: v.code)]
                guard let (severity, threshold, below) = rule.severity(of: v.value, previous: last) else { continue }
                // Not past the threshold itself: the band keeps it on.
                let crosses = below ? v.value < threshold : v.value > threshold
                result.append(Alert(ruleID: rule.id, measure: rule.measure, severity: severity,
                                    entityCode: v.code, entity: v.name, value: v.value,
                                    threshold: threshold, below: below, band: crosses ? 0 : rule.hysteresis))
            }
        }
        return result
    }

    private struct AlertKey: Hashable { var ruleID: Int64, entity: String }

    /// One entity's value of a measure. A tool at a bank is named only when it raises an alert
    /// (`name`): at 1M loans there are hundreds, evaluated twice a period move.
    struct Value {
        var code: String
        var value: Int64
        private var entity: Names
        private var tool: Names?
        init(_ code: String, _ entity: Names, _ value: Int64, tool: Names? = nil) {
            self.code = code; self.entity = entity; self.value = value; self.tool = tool
        }
        /// "汉阴农商银行 支农再贷款": the tool at one bank, the bank first (an alert list cuts the end).
        var name: Names {
            guard let tool else { return entity }
            return Names(zh: entity.zh + " " + tool.zh, en: entity.en + ": " + tool.en)
        }
    }

    /// The measure's value for every entity it applies to; entities without a value are skipped.
    static func values(of measure: AlertMeasure, in f: Figures) -> [Value] {
        switch measure {
        case .relendingUsage:
            return f.relendingTools.compactMap { t in t.usage.map { Value(t.code, t.name, $0.value) } }
        case .rolloverExhausted:
            return f.relendingTools.map { Value($0.code, $0.name, Int64($0.rolloverExhaustedDue30)) }
        case .relendingCapUse:
            return f.relendingTools.flatMap { t in
                t.bankCoverage.compactMap { b in b.coverage.capUse.map { Value(b.id, b.bankName, $0.value, tool: t.name) } }
            }
        case .ineligibleLedgerLoans:
            return f.relendingTools.flatMap { t in
                t.bankCoverage.map { b in Value(b.id, b.bankName, Int64(b.coverage.ineligibleLoans), tool: t.name) }
            }
        case .guaranteeFeeRate:
            return f.guarantors.compactMap { g in g.averageFeeRate.map { Value(g.code, g.name, $0.value) } }
        case .guarantorLeverage:
            return f.guarantors.compactMap { g in g.leverage.map { Value(g.code, g.name, $0.value) } }
        case .bankRiskShare:
            return f.guarantors.compactMap { g in g.lowestBankRiskShare.map { Value(g.code, g.name, $0.value) } }
        case .poolLossRate:
            return f.pools.compactMap { p in p.lossRate.map { Value(p.code, p.name, $0.value) } }
        case .poolRemaining:
            return f.pools.compactMap { p in
                BasisPoints.ratio(p.remaining.fen, p.capital.fen).map { Value(p.code, p.name, $0.value) }
            }
        case .chainTechGrowth:
            return f.chains.compactMap { c in c.techLoans.growth.map { Value(c.code, c.name, $0.value) } }
        case .chainGrowthGap:
            guard let city = f.city.allLoans.growth else { return [] }
            return f.chains.compactMap { c in c.techLoans.growth.map { Value(c.code, c.name, $0.value - city.value) } }
        case .bankEvaluation:
            return (f.evaluation?.banks ?? []).map { Value($0.code, $0.name, Int64($0.total)) }
        case .subsidyClaimUse:
            return (f.subsidy?.banks ?? []).compactMap { b in b.claimUse.map { Value(b.code, b.name, $0.value) } }
        case .ledgerSpread:
            return (f.ledgerSpreads ?? []).map { Value($0.bank, $0.name, $0.widest.value) }
        case .techNPLGap:
            return (f.banksNPL ?? []).compactMap { b in b.techGap.map { Value(b.code, b.name, $0.value) } }
        case .reportingLate:
            guard let r = f.reporting, r.status == .provisional, let days = r.daysSincePeriodEnd else { return [] }
            return r.missingInstitutions.map { Value($0.code, $0.name, Int64(days)) }
        }
    }

    /// The defaults of metrics.md, which a new store is seeded with. Hysteresis: the measure's
    /// default (50 bp for rates and shares, 0 for counts).
    public static let defaultRules: [AlertRule] = [
        AlertRule(id: 1, measure: .relendingUsage, warnBelow: 9_500, criticalBelow: 8_000, criticalAbove: 10_000),
        AlertRule(id: 2, measure: .rolloverExhausted, criticalAbove: 0),  // hysteresis 0: a count
        AlertRule(id: 3, measure: .guaranteeFeeRate, warnAbove: 100),
        AlertRule(id: 4, measure: .guarantorLeverage, criticalAbove: 100_000),
        AlertRule(id: 5, measure: .bankRiskShare, warnBelow: 2_000),
        AlertRule(id: 6, measure: .poolLossRate, criticalAbove: 300),
        AlertRule(id: 7, measure: .poolRemaining, warnBelow: 5_000, criticalBelow: 2_000),
        AlertRule(id: 8, measure: .chainTechGrowth, warnBelow: 0),
        AlertRule(id: 9, measure: .chainGrowthGap, warnBelow: 0),
        AlertRule(id: 10, measure: .reportingLate, warnAbove: 15),  // days after month end; hysteresis 0
        AlertRule(id: 11, measure: .relendingCapUse, criticalAbove: 10_000),  // drawn above cap × eligible ledger
        AlertRule(id: 12, measure: .ineligibleLedgerLoans, warnAbove: 0),  // a count; hysteresis 0
        // The bank evaluation's grade scale (EvaluationScale): below 300 points D, remediation
        // (critical); below 375 C (warning); A from 450. Points; hysteresis 0.
        AlertRule(id: 13, measure: .bankEvaluation, warnBelow: 375, criticalBelow: 300),
        // A bank's interest-subsidy claims above its allocation.
        AlertRule(id: 14, measure: .subsidyClaimUse, criticalAbove: 10_000),
        // A bank lending re-lending funds more than two percentage points over the tool's rate
        // (metrics.md's cap for 支农支小; a rule parameter: `kejin rules set 15 --warn-above …`).
        AlertRule(id: 15, measure: .ledgerSpread, warnAbove: 200),
        // A bank's tech NPL ratio three percentage points or more above its all-loan NPL ratio
        // (metrics.md): above 299 bp, as the gap is a whole number of bp. The tolerance is policy,
        // a rule parameter: `kejin rules set 16 --warn-above …`.
        AlertRule(id: 16, measure: .techNPLGap, warnAbove: 299),
    ]
}
