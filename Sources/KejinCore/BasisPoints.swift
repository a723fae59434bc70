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
    /// denominator is zero. Exact for any Int64 amounts (a province's fen pass 2^63 / 20,000):
    /// the product is taken at 128 bits; a ratio beyond ±`ratioLimit` is clamped to it.
    public static func ratio(_ numerator: Int64, _ denominator: Int64) -> BasisPoints? {
        guard denominator != 0 else { return nil }
        let negative = (numerator < 0) != (denominator < 0)
        guard numerator.magnitude / denominator.magnitude < UInt64(ratioLimit / 10_000) else {
            return BasisPoints(negative ? -ratioLimit : ratioLimit)
        }
        let scaled = denominator.dividingFullWidth(numerator.multipliedFullWidth(by: 20_000)).quotient
        let rounded = scaled >= 0 ? (scaled + 1) / 2 : (scaled - 1) / 2
        return BasisPoints(rounded)
    }

    /// The largest ratio `ratio` returns: 10^14 bp (10^12 %), far beyond any real figure and
    /// far enough inside Int64 that sums and differences of a few ratios cannot overflow.
    public static let ratioLimit: Int64 = 100_000_000_000_000

    /// Growth from `old` to `new` in basis points ((new - old) / old); nil when old is zero.
    public static func growth(from old: Money, to new: Money) -> BasisPoints? {
        ratio(new.fen - old.fen, old.fen)
    }

    public var percentText: String { Money(fen: value).yuanText }
    public var description: String { percentText + "%" }
}

/// Is `numerator / denominator` at least `limit`? Exact, by cross-multiplication at 128 bits
/// (any Int64 amounts).
public func ratio(_ numerator: Int64, _ denominator: Int64, atLeast limit: BasisPoints) -> Bool {
    let a = numerator.multipliedFullWidth(by: 10_000), b = limit.value.multipliedFullWidth(by: denominator)
    return (a.high, a.low) >= (b.high, b.low)
}
