import KejinCore

/// A one-line trend: `▁▂▄▅▇█` (ASCII ` .:-=+*#`), scaled between the smallest and the largest
/// value shown, in integer arithmetic. The latest value is at the right edge.
public enum Sparkline {
    public static func text(_ values: [Int64], width: Int, glyphs: Glyphs) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let shown = Array(values.suffix(width))
        let levels = glyphs.sparkLevels
        let top = Int64(levels.count - 1)
        let lo = shown.min()!, hi = shown.max()!
        let line = shown.map { v -> Character in
            // A flat series sits mid-height rather than looking empty or full.
            let level = hi == lo ? top / 2 : ScaledLevel.of(v, lo: lo, hi: hi, steps: top)
            return levels[Int(level)]
        }
        return String(repeating: " ", count: width - shown.count) + String(line)
    }

    public static func text(_ values: [Money], width: Int, glyphs: Glyphs) -> String {
        text(values.map(\.fen), width: width, glyphs: glyphs)
    }
}
