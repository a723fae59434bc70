import Testing
@testable import KejinCore

/// The acknowledgement rule: it holds from its period while the alert fires at that severity in
/// every period since; a clear or a change of severity spends it.
@Suite struct AcknowledgementTests {
    let periods = (0..<4).map { Period(year: 2025, month: 1).advanced(by: $0) }  // 2025-01 … 2025-04

    func alert(_ severity: Severity, rule: Int64 = 3, entity: String = "HYFG") -> Alert {
        Alert(ruleID: rule, measure: .guaranteeFeeRate, severity: severity, entityCode: entity,
              entity: Names(zh: "汉阴", en: "Hanyin"), value: 134, threshold: 100, below: false)
    }

    func ack(_ severity: Severity = .warning, period: Int = 0) -> AlertAck {
        AlertAck(ruleID: 3, entityCode: "HYFG", severity: severity, period: periods[period], by: "zhang", at: "2025-06-01 09:00:00")
    }

    /// Marks the alerts of periods[index] given the alerts of every period.
    func marked(_ history: [[Alert]], at index: Int, acks: [AlertAck]) -> [Alert] {
        AlertEngine.acknowledged(history[index], period: periods[index], acks: acks, periods: periods) { q in
            history[periods.firstIndex(of: q)!]
        }
    }

    @Test func anAcknowledgementSilencesItsAlertFromItsPeriodOn() {
        let history = [[alert(.warning)], [alert(.warning)], [alert(.warning)], [alert(.warning)]]
        #expect(marked(history, at: 0, acks: [ack()]).first?.acknowledgement?.by == "zhang")
        #expect(marked(history, at: 3, acks: [ack()]).first?.isOpen == false)
        // Not before the period it was made in.
        #expect(marked(history, at: 2, acks: [ack(period: 3)]).first?.isOpen == true)
    }

    @Test func aClearInBetweenSpendsIt() {
        let history = [[alert(.warning)], [], [alert(.warning)], [alert(.warning)]]
        #expect(marked(history, at: 2, acks: [ack()]).first?.isOpen == true)
        #expect(marked(history, at: 3, acks: [ack()]).first?.isOpen == true)
    }

    @Test func aChangeOfSeverityReopens() {
        let history = [[alert(.warning)], [alert(.critical)], [alert(.warning)], [alert(.warning)]]
        #expect(marked(history, at: 1, acks: [ack()]).first?.isOpen == true)
        #expect(marked(history, at: 2, acks: [ack()]).first?.isOpen == true)
        // A new acknowledgement of the critical one silences it.
        #expect(marked(history, at: 1, acks: [ack(), ack(.critical, period: 1)]).first?.isOpen == false)
    }

    @Test func onlyTheSameRuleAndEntity() {
        let history = [[alert(.warning), alert(.warning, rule: 5), alert(.warning, entity: "AKFG")]]
        let result = marked(history, at: 0, acks: [ack()])
        #expect(result.map(\.isOpen) == [false, true, true])
    }
}
