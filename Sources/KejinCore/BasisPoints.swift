/// A rate or share in basis points: 1.25% = 125 bp. Ratios are compared by cross-multiplying
/// integers; rounding happens only for display.
public struct BasisPoints: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var value: Int64
    public init(_ value: Int64) { self.value = value }
    public static func < (a: BasisPoints, b: BasisPoints) -> Bool { a.value < b.value }

    /// Parses a percentage with at most two decimals ("1.75", "10", "-3.2").
    public init?(percentText text: String) {
        guard let m = Money(yuanText: text) else { return nil }  // same exact 2-decimal grammar
        value = m.fen
    }

    /// `numerator / denominator` in basis points, rounded half away from zero; nil when the
    /// denominator is zero.
    public static func ratio(_ numerator: Int64, _ denominator: Int64) -> BasisPoints? {
        guard denominator != 0 else { return nil }
        let scaled = numerator * 10_000 * 2 / denominator
        let rounded = scaled >= 0 ? (scaled + 1) / 2 : (scaled - 1) / 2
        return BasisPoints(rounded)
    }

    /// Growth from `old` to `new` in basis points ((new - old) / old); nil when old is zero.
    public static func growth(from old: Money, to new: Money) -> BasisPoints? {
        ratio(new.fen - old.fen, old.fen)
    }

    public var percentText: String { Money(fen: value).yuanText }
    public var description: String { percentText + "%" }
}

/// Is `numerator / denominator` at least `limit`? Exact, by cross-multiplication.
public func ratio(_ numerator: Int64, _ denominator: Int64, atLeast limit: BasisPoints) -> Bool {
    numerator * 10_000 >= limit.value * denominator
}
