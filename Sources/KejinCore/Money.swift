/// An exact amount of money in fen (分, 1/100 yuan). Never a floating-point value.
///
/// 1 万元 = 1,000,000 fen; 1 亿元 = 10,000,000,000 fen.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }
    public static func yuan(_ yuan: Int64) -> Money { Money(fen: yuan * 100) }
    public static func wan(_ wan: Int64) -> Money { Money(fen: wan * 1_000_000) }
    public static func yi(_ yi: Int64) -> Money { Money(fen: yi * 10_000_000_000) }
    public static let zero = Money(fen: 0)

    public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
    public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }
    public static func += (a: inout Money, b: Money) { a.fen += b.fen }
    public static prefix func - (a: Money) -> Money { Money(fen: -a.fen) }

    /// Parses a yuan amount written with at most two decimals ("12345", "-3.5", "1,234.56").
    /// Returns nil for anything else; the parse is exact (no floating point).
    public init?(yuanText text: String) {
        var s = Substring(text.filter { $0 != "," && $0 != " " })
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy({ $0.isASCIIDigit }), whole.count <= 15 else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, fraction.allSatisfy({ $0.isASCIIDigit }),
              parts.count == 1 || !fraction.isEmpty else { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let w = Int64(whole), let f = Int64(fraction) else { return nil }
        fen = (w * 100 + f) * (negative ? -1 : 1)
    }

    /// Plain yuan text with two decimals, as used in CSV files ("12345.60").
    public var yuanText: String {
        let sign = fen < 0 ? "-" : ""
        let a = fen.magnitude
        let cents = a % 100
        return "\(sign)\(a / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    public var description: String { yuanText }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
