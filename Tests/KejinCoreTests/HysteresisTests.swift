import Testing
@testable import KejinCore

/// A rule with hysteresis h keeps an alert that fired in the previous period until the value is
/// back past the threshold by h; without a previous alert, the plain thresholds apply.
@Suite struct HysteresisTests {
    let usage = AlertRule(id: 1, measure: .relendingUsage, warnBelow: 9_500, criticalBelow: 8_000,
                          criticalAbove: 10_000, hysteresis: 50)

    func alert(_ severity: Severity, below: Bool, threshold: Int64) -> Alert {
        Alert(ruleID: 1, measure: .relendingUsage, severity: severity, entityCode: "T", entity: CraftedFigures.name,
              value: 0, threshold: threshold, below: below)
    }

    func severity(_ value: Int64, previous: Alert?) -> Severity? {
        let f = CraftedFigures.figures(.relendingUsage, value, rules: [usage])
        return AlertEngine.alerts(for: f, previous: previous.map { [$0] } ?? []).first?.severity
    }

    @Test func withoutPreviousStateThePlainThresholdsApply() {
        #expect(severity(9_500, previous: nil) == nil)
        #expect(severity(9_499, previous: nil) == .warning)
        #expect(severity(9_520, previous: nil) == nil)
    }

    @Test func aWarningStaysUntilTheValueIsBackPastThresholdPlusHysteresis() {
        let was = alert(.warning, below: true, threshold: 9_500)
        #expect(severity(9_499, previous: was) == .warning)  // below
        #expect(severity(9_500, previous: was) == .warning)  // at the threshold
        #expect(severity(9_549, previous: was) == .warning)  // above, inside the band
        #expect(severity(9_550, previous: was) == nil)       // back past threshold + hysteresis
        #expect(severity(9_700, previous: was) == nil)
    }

    @Test func aCriticalAboveStaysUntilBelowThresholdMinusHysteresis() {
        let was = alert(.critical, below: false, threshold: 10_000)
        #expect(severity(10_001, previous: was) == .critical)
        #expect(severity(10_000, previous: was) == .critical)
        #expect(severity(9_951, previous: was) == .critical)
        #expect(severity(9_950, previous: was) == nil)
    }

    @Test func aLowerSeverityDoesNotWidenAHigherThreshold() {
        let warned = alert(.warning, below: true, threshold: 9_500)
        #expect(severity(8_020, previous: warned) == .warning)
        let critical = alert(.critical, below: true, threshold: 8_000)
        #expect(severity(8_020, previous: critical) == .critical)
        #expect(severity(8_050, previous: critical) == .warning)  // out of the critical band, still below 95%
        // A critical below also widens the warning below it (same direction, higher severity).
        #expect(severity(9_520, previous: critical) == .warning)
    }

    @Test func anAlertHeldByTheBandSaysSoAndNamesTheThresholdInForce() throws {
        let was = alert(.warning, below: true, threshold: 9_500)
        func current(_ value: Int64) throws -> Alert {
            try #require(AlertEngine.alerts(for: CraftedFigures.figures(.relendingUsage, value, rules: [usage]),
                                            previous: [was]).first)
        }
        // Past the threshold itself: not held; the threshold in force is the rule's.
        let below = try current(9_499)
        #expect(!below.heldByBand && below.effectiveThreshold == 9_500)
        // At 95.00% (the demo's 2025-03) and inside the band: held, in force until 95.50%.
        for value: Int64 in [9_500, 9_549] {
            let held = try current(value)
            #expect(held.heldByBand && held.band == 50 && held.threshold == 9_500 && held.effectiveThreshold == 9_550)
        }
        // Above: held alerts move the threshold down.
        let above = try #require(AlertEngine.alerts(for: CraftedFigures.figures(.relendingUsage, 10_000, rules: [usage]),
                                                    previous: [alert(.critical, below: false, threshold: 10_000)]).first)
        #expect(above.heldByBand && above.effectiveThreshold == 9_950)
    }

    @Test func theOtherDirectionIsNotWidened() {
        // Was critical above 100%; now 95.2% is neither below 95% nor inside the above band.
        #expect(severity(9_520, previous: alert(.critical, below: false, threshold: 10_000)) == nil)
    }

    @Test func anAlertOnAnotherEntityOrRuleDoesNotCount() {
        var other = alert(.warning, below: true, threshold: 9_500)
        other.entityCode = "OTHER"
        #expect(severity(9_520, previous: other) == nil)
        var otherRule = alert(.warning, below: true, threshold: 9_500)
        otherRule.ruleID = 2
        #expect(severity(9_520, previous: otherRule) == nil)
    }

    @Test func countsWithZeroHysteresisClearAtOnce() throws {
        let rule = try #require(AlertEngine.defaultRules.first { $0.measure == .rolloverExhausted })
        let before = AlertEngine.alerts(for: CraftedFigures.figures(.rolloverExhausted, 1, rules: [rule]))
        #expect(before.count == 1)
        #expect(AlertEngine.alerts(for: CraftedFigures.figures(.rolloverExhausted, 0, rules: [rule]), previous: before).isEmpty)
    }

    @Test func aFlappingValueDoesNotFlicker() {
        // 94.9%, 95.1%, 94.8%, 95.3%, 96%: one warning from the first month to the fourth.
        var previous: [Alert] = []
        var shown: [Bool] = []
        for v: Int64 in [9_490, 9_510, 9_480, 9_530, 9_600] {
            previous = AlertEngine.alerts(for: CraftedFigures.figures(.relendingUsage, v, rules: [usage]), previous: previous)
            shown.append(!previous.isEmpty)
        }
        #expect(shown == [true, true, true, true, false])
    }

    @Test func theOldEntryPointIgnoresHistory() {
        let f = CraftedFigures.figures(.relendingUsage, 9_520, rules: [usage])
        #expect(AlertEngine.alerts(for: f).isEmpty)
        #expect(AlertEngine.alerts(for: f) == AlertEngine.alerts(for: f, previous: []))
    }
}
