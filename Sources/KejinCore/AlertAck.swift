/// An acknowledgement of one alert: rule, entity and severity, made while viewing `period`.
///
/// The rule: it silences that alert in `period` and in every later period as long as the alert
/// keeps firing at the same severity in each period the store holds from `period` on. Once the
/// alert clears or changes severity in some period, the acknowledgement is spent: if it fires
/// again later, it is open again and needs a new acknowledgement.
public struct AlertAck: Sendable, Equatable, Codable {
    public var ruleID: Int64
    public var entityCode: String
    public var severity: Severity
    public var period: Period
    /// The OS user who acknowledged.
    public var by: String
    /// When, UTC `YYYY-MM-DD HH:MM:SS`.
    public var at: String

    public init(ruleID: Int64, entityCode: String, severity: Severity, period: Period, by: String, at: String) {
        self.ruleID = ruleID; self.entityCode = entityCode; self.severity = severity
        self.period = period; self.by = by; self.at = at
    }

    /// The alert id it acknowledges, "rule:entity" (as `Alert.id`).
    public var alertID: String { "\(ruleID):\(entityCode)" }
}

extension AlertEngine {
    /// Marks the alerts of `period` that an acknowledgement covers. `history(q)` gives the
    /// alerts (with hysteresis) of an earlier period `q` the store holds, so the rule of
    /// `AlertAck` can check that the alert fired at that severity in every period since.
    public static func acknowledged(_ alerts: [Alert], period: Period, acks: [AlertAck],
                                    periods: [Period], history: (Period) throws -> [Alert]) rethrows -> [Alert] {
        var result = alerts
        for i in result.indices {
            let a = result[i]
            // The latest acknowledgement wins: it is the one whose run is shortest to check.
            let candidates = acks.filter { $0.alertID == a.id && $0.severity == a.severity && $0.period <= period }
                .sorted { $0.period > $1.period }
            for ack in candidates {
                let between = periods.filter { $0 >= ack.period && $0 < period }
                let held = try between.allSatisfy { q in
                    try history(q).contains { $0.id == a.id && $0.severity == a.severity }
                }
                if held { result[i].acknowledgement = ack; break }
            }
        }
        return result
    }
}
