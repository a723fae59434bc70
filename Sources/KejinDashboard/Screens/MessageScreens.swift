import KejinCore

/// Full-area messages: the terminal is too small, or there is no data to show.
enum MessageScreens {
    /// Centres each line in `rect`.
    static func centred(_ lines: [(String, CellStyle)], into grid: inout CellGrid, _ rect: Rect) {
        let top = rect.y + max(0, (rect.height - lines.count) / 2)
        for (i, (text, style)) in lines.enumerated() where top + i < rect.maxY {
            let w = min(DisplayWidth.of(text), rect.width)
            grid.put(text, x: rect.x + max(0, (rect.width - w) / 2), y: top + i, style: style, maxWidth: rect.width)
        }
    }

    static func tooSmall(into grid: inout CellGrid, context c: RenderContext) {
        let times = c.glyphs.times
        let need = "\(DashboardRenderer.minimumWidth)\(times)\(DashboardRenderer.minimumHeight)"
        let now = "\(grid.width)\(times)\(grid.height)"
        let lines: [(String, CellStyle)] = [
            (c.t(.tooSmall), CellStyle(.warning, bold: true)),
            (c.labelled(.needsAtLeast, need), CellStyle(.normal)),
            (c.labelled(.currentSize, now), CellStyle(.label)),
        ]
        centred(lines, into: &grid, Rect(x: 0, y: 0, width: grid.width, height: grid.height))
    }

    static func noData(into grid: inout CellGrid, _ rect: Rect, context c: RenderContext) {
        var lines: [(String, CellStyle)] = [(c.t(.noData), CellStyle(.warning, bold: true)), ("", .normal)]
        if let e = c.input.status.error {
            lines.append((c.t(.error) + ": " + e, CellStyle(.critical)))
        } else if c.input.periods.isEmpty {
            lines.append((c.t(.noDataEmptyStore), CellStyle(.normal)))
        } else {
            lines.append((c.t(.noDataForPeriod), CellStyle(.normal)))
        }
        lines.append((c.t(.noDataKeys), CellStyle(.label)))
        centred(lines, into: &grid, rect)
    }
}
