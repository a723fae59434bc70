import Foundation
import KejinCore

/// One period's alerts for `kejin alerts`: text (the Alerts screen's table, ASCII borders)
/// or JSON (values and thresholds in the measure's unit: bp, or a count).
public enum AlertReport {
    /// `width` as in `TextReport.render`: nil prints every name whole.
    /// `region`: the region the alerts were evaluated for (nil: the whole store), named in the title.
    public static func text(_ alerts: [Alert], period: Period, language: Language, width: Int? = nil, region: Region? = nil) -> String {
        let state = DashboardState(period: period, language: language, ascii: true)
        let c = RenderContext(input: FrameInput(figures: nil, alerts: alerts, periods: [period]), state: state)
        let ordered = AlertsScreen.ordered(alerts)
        let open = ordered.filter(\.isOpen)
        let critical = open.filter { $0.severity == .critical }.count
        let scope = region.map { "  \(c.t(.region)) \(c.name($0.name))" } ?? ""
        let out = "\(c.t(.alertsTitle)) \(period.key)\(scope)  \(c.t(.openAlerts)) \(open.count)  !! \(critical)  ! \(open.count - critical)\n"
        guard !ordered.isEmpty else { return out + c.t(.noAlerts) + "\n" }
        let table = AlertList.table(ordered, context: c, withHeader: true, showsID: true, showsAcknowledgement: true)
        return out + TextReport.text(table, rows: ordered.count, width: width) + "\n"
    }

    struct Item: Encodable {
        let id: String
        let rule: Int64
        let measure, severity, entityCode, entity: String
        let value, threshold: Int64
        /// Held by the hysteresis band: the value is not past `threshold`; `effectiveThreshold`
        /// is the one in force.
        let heldByBand: Bool
        let effectiveThreshold: Int64
        let below, acknowledged: Bool
        let acknowledgedBy, acknowledgedAt: String?
        /// The region code the alert was evaluated for (nil: the whole store).
        let region: String?
    }

    struct Document: Encodable {
        let period: String
        let region: JSONReport.RegionItem?
        let open, openCritical: Int
        let alerts: [Item]
    }

    public static func json(_ alerts: [Alert], period: Period, language l: Language, region: Region? = nil) throws -> String {
        let ordered = AlertsScreen.ordered(alerts)
        let open = ordered.filter(\.isOpen)
        let doc = Document(period: period.key, region: region.map { JSONReport.RegionItem($0, l) }, open: open.count,
                           openCritical: open.filter { $0.severity == .critical }.count, alerts: items(ordered, l, region: region?.code))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(doc), as: UTF8.self)
    }

    static func items(_ alerts: [Alert], _ l: Language, region: String? = nil) -> [Item] {
        AlertsScreen.ordered(alerts).map {
            Item(id: $0.id, rule: $0.ruleID, measure: $0.measure.rawValue,
                 severity: $0.severity == .critical ? "critical" : "warning", entityCode: $0.entityCode,
                 entity: $0.entity.text(l), value: $0.value, threshold: $0.threshold,
                 heldByBand: $0.heldByBand, effectiveThreshold: $0.effectiveThreshold, below: $0.below,
                 acknowledged: !$0.isOpen, acknowledgedBy: $0.acknowledgement?.by, acknowledgedAt: $0.acknowledgement?.at,
                 region: region)
        }
    }
}
