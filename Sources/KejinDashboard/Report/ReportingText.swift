import Foundation
import KejinCore

/// How a period's reporting status reads: the header's mark ("报送中 3/9"), the report line and
/// JSON, and `kejin alerts` on a provisional month.
public enum ReportingText {
    /// "报送中 3/9" for a provisional period; nil for a complete or closed one (nothing to mark).
    public static func mark(_ r: PeriodReporting?, _ language: Language) -> String? {
        guard let r, r.status == .provisional else { return nil }
        return Str.reportingProvisional.text(language) + " \(r.deliveredCount)/\(r.expectedCount)"
    }

    /// One line: "报送情况 报送中 3/9  未报送 中国银行、…" or "… 已报齐 9/9", "… 已关账 8/9 (关账 ops 2025-07-20 …)".
    public static func line(_ r: PeriodReporting, _ language: Language) -> String {
        let word: Str = r.status == .complete ? .periodComplete : r.status == .closed ? .periodClosed : .reportingProvisional
        var out = Str.reportingTitle.text(language) + " " + word.text(language) + " \(r.deliveredCount)/\(r.expectedCount)"
        if let by = r.closedBy { out += " (" + Str.closedBy.text(language) + " \(by) \(r.closedAt ?? "") UTC)" }
        let missing = r.missing.map { m in
            m.name.text(language) + (m.entity == ReportedFile.loanBalances.rawValue ? ""
                : (language == .zh ? "(" : " (") + file(m.entity).text(language) + ")")
        }
        if !missing.isEmpty {
            out += "  " + Str.missingReporters.text(language) + " " + missing.joined(separator: language == .zh ? "、" : ", ")
        }
        return out
    }

    /// The file a reporter delivers: a bank's ledger, a guarantor's guarantees, a bank's draws.
    static func file(_ entity: String) -> Str {
        switch ReportedFile(rawValue: entity) {
        case .guarantees: return .fileGuarantees
        case .relendingDraws: return .fileRelendingDraws
        case .loanBalances, nil: return .fileLoanBalances
        }
    }

    struct Reporter: Encodable {
        let code, name, entity: String
        let rows: Int?
        let deliveredAt: String?
        let importID: Int64?
    }

    /// The status in JSON: `status` complete / provisional / closed, counts and the missing reporters.
    struct Document: Encodable {
        let status: String
        let delivered, expected: Int
        let missing: [Reporter]
        let reporters: [Reporter]
        let closedBy, closedAt: String?

        init(_ r: PeriodReporting, _ l: Language) {
            status = r.status.rawValue
            delivered = r.deliveredCount; expected = r.expectedCount
            let all = r.reporters.map {
                Reporter(code: $0.code, name: $0.name.text(l), entity: $0.entity, rows: $0.delivery?.rows, deliveredAt: $0.delivery?.at,
                         importID: $0.delivery?.importID)
            }
            reporters = all
            missing = all.filter { $0.rows == nil }
            closedBy = r.closedBy; closedAt = r.closedAt
        }
    }
}

extension AlertReport {
    /// `kejin alerts` on a provisional period: the status, why figures have no alerts, and the
    /// late reporters' alerts (`reporting_late`), if any.
    public static func provisionalText(_ r: PeriodReporting, alerts: [Alert], language: Language) -> String {
        ReportingText.line(r, language) + "\n" + Str.provisionalNoAlerts.text(language) + "\n"
            + (alerts.isEmpty ? "" : text(alerts, period: r.period, language: language))
    }

    struct ProvisionalDocument: Encodable {
        let period: String
        let open, openCritical: Int
        let alerts: [Item]
        let reporting: ReportingText.Document
    }

    public static func provisionalJSON(_ r: PeriodReporting, alerts: [Alert], language: Language) throws -> String {
        let open = alerts.filter(\.isOpen)
        let doc = ProvisionalDocument(period: r.period.key, open: open.count,
                                      openCritical: open.filter { $0.severity == .critical }.count,
                                      alerts: items(alerts, language),
                                      reporting: ReportingText.Document(r, language))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(doc), as: UTF8.self)
    }
}
