import Testing
@testable import KejinCore

/// `FigureSource.evaluatedAlerts`: hysteresis against the previous month and acknowledgements,
/// on a source made of crafted figures.
@Suite struct EvaluatedAlertsTests {
    final class Source: FigureSource {
        let values: [Period: Int64]
        let acks: [AlertAck]
        let rule = AlertRule(id: 1, measure: .relendingUsage, warnBelow: 9_500, criticalBelow: 8_000, hysteresis: 50)
        init(_ values: [Period: Int64], acks: [AlertAck] = []) { self.values = values; self.acks = acks }
        func changeCounter() throws -> Int64 { 0 }
        func availablePeriods() throws -> [Period] { values.keys.sorted() }
        func figures(for period: Period) throws -> Figures {
            return CraftedFigures.figures(.relendingUsage, values[period] ?? 0, rules: [rule], period: period)
        }
        func acknowledgements() throws -> [AlertAck] { acks }
    }

    let jan = Period(year: 2025, month: 1)
    var feb: Period { jan.next }
    var mar: Period { feb.next }

    @Test func aWarningLastMonthStaysInsideTheBand() throws {
        let source = Source([jan: 9_490, feb: 9_520, mar: 9_560])
        let periods = try source.availablePeriods()
        #expect(try source.evaluatedAlerts(for: feb, periods: periods).alerts.map(\.severity) == [.warning])
        #expect(try source.evaluatedAlerts(for: mar, periods: periods).alerts.isEmpty)
        // Without the month before in the store, the plain threshold applies.
        #expect(try source.evaluatedAlerts(for: feb, periods: [feb, mar]).alerts.isEmpty)
    }

    @Test func aSourceWithoutAcknowledgementsUsesTheDefault() throws {
        final class Plain: FigureSource {
            func changeCounter() throws -> Int64 { 0 }
            func availablePeriods() throws -> [Period] { [Period(year: 2025, month: 1)] }
            func figures(for period: Period) throws -> Figures {
                CraftedFigures.figures(.relendingUsage, 7_000, rules: AlertEngine.defaultRules.filter { $0.id == 1 }, period: period)
            }
        }
        let plain = Plain()
        #expect(try plain.acknowledgements().isEmpty)
        #expect(try plain.evaluatedAlerts(for: Period(year: 2025, month: 1), periods: plain.availablePeriods()).alerts.map(\.isOpen) == [true])
    }

    @Test func anAcknowledgementCarriesWhileTheAlertKeepsFiring() throws {
        let ack = AlertAck(ruleID: 1, entityCode: "T", severity: .warning, period: jan, by: "li", at: "2025-02-03 08:00:00")
        let firing = Source([jan: 9_000, feb: 9_100, mar: 9_200], acks: [ack])
        let periods = try firing.availablePeriods()
        #expect(try firing.evaluatedAlerts(for: mar, periods: periods).alerts.first?.acknowledgement == ack)
        // Critical in February: the warning acknowledgement is spent by March.
        let worse = Source([jan: 9_000, feb: 7_000, mar: 9_200], acks: [ack])
        #expect(try worse.evaluatedAlerts(for: mar, periods: periods).alerts.first?.isOpen == true)
    }
}
