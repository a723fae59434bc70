import Foundation
import KejinCore

/// How `kejin rules` shows rules and reads thresholds: integers in the measure's unit, bp
/// also shown (and accepted) as a percentage.
enum RulesListing {
    static func unit(_ m: AlertMeasure) -> String {
        m == .reportingLate ? "days" : m == .bankEvaluation ? "points" : m.isCount ? "count" : "bp"
    }

    /// "9500 (95.00%)" for bp, "0" for counts, "-" for none.
    static func show(_ v: Int64?, _ m: AlertMeasure) -> String {
        guard let v else { return "-" }
        if m.isCount { return "\(v)" }
        // Leverage reads as a multiple: 100000 bp = 10x.
        if m == .guarantorLeverage { return "\(v) (\(multiple(v))x)" }
        return "\(v) (\(BasisPoints(v).description))"
    }

    /// 100000 bp → "10", 50 bp → "0.005" (exact, trailing zeros dropped).
    static func multiple(_ v: Int64) -> String {
        let sign = v < 0 ? "-" : "", a = abs(v)
        var frac = String(a % 10_000)
        frac = String(repeating: "0", count: 4 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return sign + "\(a / 10_000)" + (frac.isEmpty ? "" : "." + frac)
    }

    /// "9500" or, for bp measures, "95%" / "95.5%".
    static func parse(_ text: String, _ m: AlertMeasure, option: String) throws -> Int64 {
        if text.hasSuffix("%") {
            guard !m.isCount, let bp = BasisPoints(percentText: String(text.dropLast())) else {
                throw CLIError("--\(option) \(text): \(m.isCount ? "a count takes a whole number" : "expected a percentage with at most two decimals")")
            }
            return bp.value
        }
        guard let n = Int64(text) else { throw CLIError("--\(option) \(text): expected a whole number in \(unit(m))\(m.isCount ? "" : " or a percentage like 95%")") }
        return n
    }

    static func text(_ rules: [AlertRule]) -> String {
        let header = ["id", "measure", "unit", "scope", "region", "warn below", "critical below", "warn above", "critical above", "hysteresis", "enabled"]
        let rows = rules.map { r in
            ["\(r.id)", r.measure.rawValue, unit(r.measure), r.scope ?? "all", r.region ?? "all", show(r.warnBelow, r.measure),
             show(r.criticalBelow, r.measure), show(r.warnAbove, r.measure), show(r.criticalAbove, r.measure),
             show(r.hysteresis, r.measure), r.enabled ? "yes" : "no"]
        }
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max()! }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = ([header] + rows).map(line).joined(separator: "\n") + "\n"
        out += """

            Units: bp = basis points (1% = 100 bp; leverage 10x = 100000 bp), shown also as %; count = items.
            An alert fires when the value is below a "below" or above an "above" threshold; critical wins.
            Hysteresis: an alert firing in the previous month stays until the value is back past the
            threshold by this much (bp measures default 50 = 0.50%, counts 0).

            """
        return out
    }

    struct Item: Encodable {
        let id: Int64
        let measure, unit: String
        let scope: String?
        let region: String?
        let warnBelow, criticalBelow, warnAbove, criticalAbove: Int64?
        let hysteresis: Int64
        let enabled: Bool
    }

    static func json(_ rules: [AlertRule]) throws -> String {
        let items = rules.map {
            Item(id: $0.id, measure: $0.measure.rawValue, unit: unit($0.measure), scope: $0.scope, region: $0.region,
                 warnBelow: $0.warnBelow, criticalBelow: $0.criticalBelow, warnAbove: $0.warnAbove,
                 criticalAbove: $0.criticalAbove, hysteresis: $0.hysteresis, enabled: $0.enabled)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(items), as: UTF8.self)
    }
}
