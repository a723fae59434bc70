/// Vertical bars in eighth-cell steps, one per value, with the largest and smallest value
/// labelled on the left axis and a label under each bar. Bars are scaled between the smallest
/// and largest value (the axis says so), so month-to-month change stays visible.
public enum BarChart {
    /// Draws into `rect`; `labels` go under the bars (one per value), `axis` formats values.
    public static func draw(into grid: inout CellGrid, _ rect: Rect, values: [Int64], labels: [String],
                            axis: (Int64) -> String, glyphs: Glyphs) {
        guard let hi = values.max(), let lo = values.min(), rect.height >= 3 else { return }
        let axisWidth = max(DisplayWidth.of(axis(hi)), DisplayWidth.of(axis(lo))) + 1
        let barWidth = 2, step = 3
        let shown = Array(values.suffix(max(0, (rect.width - axisWidth) / step)))
        let shownLabels = Array(labels.suffix(shown.count))
        let rows = rect.height - 1
        let eighths = Int64(rows * 8)
        let levels = glyphs.sparkLevels
        grid.put(DisplayWidth.pad(axis(hi), to: axisWidth - 1, alignRight: true), x: rect.x, y: rect.y, style: CellStyle(.label))
        grid.put(DisplayWidth.pad(axis(lo), to: axisWidth - 1, alignRight: true), x: rect.x, y: rect.y + rows - 1,
                 style: CellStyle(.label))
        for (i, v) in shown.enumerated() {
            // At least one eighth, so the smallest bar still shows.
            let level = hi == lo ? eighths / 2 : 1 + ScaledLevel.of(v, lo: lo, hi: hi, steps: eighths - 1)
            let x = rect.x + axisWidth + i * step
            for r in 0..<rows {
                let fromBottom = Int64(rows - 1 - r)
                let fill = min(max(level - fromBottom * 8, 0), 8)
                let ch: Character
                if glyphs.ascii { ch = fill >= 4 ? "#" : " " } else { ch = fill == 0 ? " " : levels[Int(fill) - 1] }
                if ch != " " {
                    grid.put(String(repeating: ch, count: barWidth), x: x, y: rect.y + r, style: CellStyle(.sparkline))
                }
            }
            if i < shownLabels.count {
                grid.put(shownLabels[i], x: x, y: rect.y + rows, style: CellStyle(.label), maxWidth: step)
            }
        }
    }
}
