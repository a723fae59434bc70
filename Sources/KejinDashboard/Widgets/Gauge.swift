import KejinCore

/// A horizontal usage bar: `█████░░░░░` (ASCII `#####-----`). The fill is rounded down so a
/// bar looks full only at 100%; over 100% it stays full.
public enum Gauge {
    public static func bar(_ ratio: BasisPoints, width: Int, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let clamped = min(max(ratio.value, 0), 10_000)
        var filled = Int(clamped * Int64(width) / 10_000)
        if clamped > 0, filled == 0 { filled = 1 }  // any use at all is visible
        return String(repeating: glyphs.gaugeFull, count: filled)
            + String(repeating: glyphs.gaugeEmpty, count: width - filled)
    }

    /// Draws the bar and, after it, a label such as "92.00%".
    public static func draw(into grid: inout CellGrid, x: Int, y: Int, width: Int, ratio: BasisPoints,
                            label: String, role: Role, glyphs: Glyphs) {
        let labelWidth = DisplayWidth.of(label)
        let barWidth = width - labelWidth - 1
        if barWidth >= 3 {
            grid.put(bar(ratio, width: barWidth, glyphs: glyphs), x: x, y: y, style: CellStyle(.gauge))
            grid.put(label, x: x + barWidth + 1, y: y, style: CellStyle(role, bold: role != .normal))
        } else {
            grid.put(label, x: x, y: y, style: CellStyle(role), maxWidth: width)
        }
    }
}
