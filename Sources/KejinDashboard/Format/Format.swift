import KejinCore

/// How figures are written on screen. Pure functions over exact integers: money is rounded
/// half away from zero in integer arithmetic, never through a floating-point value.
public enum Format {
    // MARK: Money

    /// Compact money for table cells, whose header carries the unit:
    /// Chinese "45.81亿" (≥ 1亿元) or "6516.00万"; English "4.58bn" (≥ ¥1bn) or "65.16m".
    /// Exactly zero is "0", as in a Chinese finance table, everywhere (a missing figure is "-");
    /// an amount that only rounds to zero keeps its unit ("0.00万").
    public static func money(_ amount: Money, _ language: Language) -> String {
        if amount.fen == 0 { return zero }
        return language == .zh ? chinese(amount) : english(amount, symbol: false)
    }

    /// Money standing on its own (tiles, detail panels): "45.81亿元", "6516.00万元";
    /// English "¥4.58bn", "¥65.16m"; exactly zero "0元", "¥0".
    public static func amount(_ amount: Money, _ language: Language) -> String {
        if amount.fen == 0 { return language == .zh ? zero + "元" : "¥" + zero }
        return language == .zh ? chinese(amount) + "元" : english(amount, symbol: true)
    }

    /// How an amount of exactly zero is written.
    public static let zero = "0"

    private static func chinese(_ amount: Money) -> String {
        let negative = amount.fen < 0
        let fen = amount.fen.magnitude
        // 0.01万 = 10,000 fen. Decide the unit after rounding: 9999.995万 shows as 1.00亿.
        let wanHundredths = roundedDivision(fen, 10_000)
        if wanHundredths >= 1_000_000 {
            return signed(negative, "", hundredths: roundedDivision(fen, 100_000_000)) + "亿"
        }
        return signed(negative, "", hundredths: wanHundredths) + "万"
    }

    private static func english(_ amount: Money, symbol: Bool) -> String {
        let negative = amount.fen < 0
        let fen = amount.fen.magnitude
        let currency = symbol ? "¥" : ""
        // 0.01m = 1,000,000 fen (¥10,000); 0.01bn = 1,000,000,000 fen.
        let millionHundredths = roundedDivision(fen, 1_000_000)
        if millionHundredths >= 100_000 {
            return signed(negative, currency, hundredths: roundedDivision(fen, 1_000_000_000)) + "bn"
        }
        return signed(negative, currency, hundredths: millionHundredths) + "m"
    }

    /// "-¥12.34" from 1234: the minus sign is dropped when the rounded value is zero.
    private static func signed(_ negative: Bool, _ currency: String, hundredths: UInt64) -> String {
        let fraction = hundredths % 100
        let sign = negative && hundredths > 0 ? "-" : ""
        return "\(sign)\(currency)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `value / divisor` rounded half up (callers pass magnitudes, so half away from zero).
    static func roundedDivision(_ value: UInt64, _ divisor: UInt64) -> UInt64 {
        let (q, r) = value.quotientAndRemainder(dividingBy: divisor)
        return r * 2 >= divisor ? q + 1 : q
    }

    // MARK: Rates

    /// A rate or share: "0.80%", "-3.20%".
    public static func percent(_ rate: BasisPoints) -> String {
        let sign = rate.value < 0 ? "-" : ""
        let m = rate.value.magnitude
        let fraction = m % 100
        return "\(sign)\(m / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// A change, always signed unless zero: "+14.45%", "-3.20%", "0.00%".
    public static func change(_ rate: BasisPoints) -> String {
        rate.value > 0 ? "+" + percent(rate) : percent(rate)
    }

    /// After a change of a provisional month (reporting incomplete): "-99.88%*".
    public static let provisionalMark = "*"

    /// A change with a direction arrow after it when `arrow` is on: "+14.45% ↑".
    public static func change(_ rate: BasisPoints, arrow: Bool, ascii: Bool) -> String {
        let text = change(rate)
        guard arrow, let a = Format.arrow(rate, ascii: ascii) else { return text }
        return text + " " + a
    }

    /// "↑" for a rise, "↓" for a fall, nil for no change (ASCII "^" and "v").
    public static func arrow(_ rate: BasisPoints, ascii: Bool) -> String? {
        if rate.value > 0 { return ascii ? "^" : "↑" }
        if rate.value < 0 { return ascii ? "v" : "↓" }
        return nil
    }

    /// Leverage (放大倍数) from basis points, two decimals like every other ratio, so 10.02×
    /// over a 10× cap never reads "10.0× above 10.0×": 32000 bp → "3.20×" (ASCII "3.20x").
    public static func leverage(_ rate: BasisPoints, ascii: Bool) -> String {
        let sign = rate.value < 0 ? "-" : ""
        let hundredths = roundedDivision(rate.value.magnitude, 100)
        let fraction = hundredths % 100
        return "\(hundredths == 0 ? "" : sign)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)" + (ascii ? "x" : "×")
    }

    // MARK: Counts

    /// A count: English with thousands separators ("2,334"), Chinese without ("2334").
    public static func count(_ n: Int, _ language: Language) -> String {
        guard language == .en else { return String(n) }
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A count with its unit: "2334户" / "2,334 firms".
    public static func count(_ n: Int, unit: Str, _ language: Language) -> String {
        let u = unit.text(language)
        return count(n, language) + (language == .zh ? u : " " + u)
    }

    /// Role for a change: up, down, or plain when unchanged or unknown.
    public static func role(of change: BasisPoints?) -> Role {
        guard let v = change?.value else { return .normal }
        return v > 0 ? .up : v < 0 ? .down : .normal
    }
}
