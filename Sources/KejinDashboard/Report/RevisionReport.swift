import Foundation
import KejinCore

/// Revisions as text (one a line: period, city, chain or re-lending tool, figure, before → after, cause) or
/// JSON (amounts in fen), for `kejin revisions` and the Reporting screen.
public enum RevisionReport {
    /// "2025-06  城市  科技型企业贷款  47.50亿 → 47.41亿  import 15 loan_balances-2025-06-icbc.csv  2025-07-03 10:00:00"
    public static func line(_ r: Revision, _ l: Language) -> String {
        let scope = r.chainName?.text(l) ?? (l == .zh ? "全市" : "City")
        return [r.period.key, scope, label(r.measure).text(l), value(r.before, r.measure, l) + " → " + value(r.after, r.measure, l),
                r.cause, r.at].joined(separator: "  ")
    }

    public static func text(_ revisions: [Revision], language l: Language) -> String {
        guard !revisions.isEmpty else { return Str.revisionsTitle.text(l) + ": " + Str.noRows.text(l) + "\n" }
        return revisions.map { line($0, l) + "\n" }.joined()
    }

    static func label(_ m: RevisedMeasure) -> Str {
        switch m {
        case .balance: return .colBalance
        case .borrowers: return .colBorrowers
        case .techLoans: return .tileTechLoans
        case .innovation: return .tileTechInnovation
        case .transformation: return .tileTechTransformation
        case .ipPledge: return .tileIPPledge
        case .relendingDrawn: return .measureRelendingDrawn
        case .guaranteesInForce: return .measureGuaranteesInForce
        }
    }

    static func value(_ v: Int64, _ m: RevisedMeasure, _ l: Language) -> String {
        m.isCount ? Format.count(Int(v), l) : Format.amount(Money(fen: v), l)
    }

    struct Item: Encodable {
        let id: Int64
        let period, measure: String
        let chain: String?
        let before, after: Int64
        let importID: Int64?
        let cause, at: String
    }

    static func items(_ revisions: [Revision]) -> [Item] {
        revisions.map {
            Item(id: $0.id, period: $0.period.key, measure: $0.measure.rawValue, chain: $0.chain,
                 before: $0.before, after: $0.after, importID: $0.importID, cause: $0.cause, at: $0.at)
        }
    }

    public static func json(_ revisions: [Revision], language l: Language) throws -> String {
        let items = items(revisions)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(["revisions": items]), as: UTF8.self)
    }
}
