/// Where `value` sits between `lo` and `hi` on a scale of `steps`: `(value − lo) × steps / (hi − lo)`,
/// for `lo ≤ value ≤ hi`, `lo < hi`. Unsigned and at 128 bits, so amounts anywhere in Int64
/// (a province's totals in fen) never overflow; the result is 0 … steps.
enum ScaledLevel {
    static func of(_ value: Int64, lo: Int64, hi: Int64, steps: Int64) -> Int64 {
        let span = UInt64(bitPattern: hi &- lo), offset = UInt64(bitPattern: value &- lo)
        return Int64(span.dividingFullWidth(offset.multipliedFullWidth(by: UInt64(steps))).quotient)
    }
}
