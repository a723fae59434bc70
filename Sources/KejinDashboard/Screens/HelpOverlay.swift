/// The `?` overlay: every key, and what the markers mean. Drawn over the current screen.
enum HelpOverlay {
    static func entries(_ c: RenderContext) -> [(String, String)] {
        let arrows = c.ascii ? "Up Down" : "↑ ↓"
        let leftRight = c.ascii ? "Left Right" : "← →"
        // The screens as they are numbered, a few to a line so 80 columns show them all:
        // "1-4  总览 / 产业链 / 再贷款 / 担保", "5-7  银行 / 四贷 / 预警".
        let all = Screen.shown(regions: c.input.showsRegions)
        // Nine screens (with Regions) in two lines too, so the keys still fit 24 rows.
        let perLine = max(Layout.helpScreensPerLine, (all.count + 1) / 2)
        let screens: [(String, String)] = stride(from: 0, to: all.count, by: perLine).map { start in
            let chunk = all[start..<min(start + perLine, all.count)]
            // Their number keys (Screen.key): "1-5", "6-9 0" (the tenth screen's key is 0).
            let numbered = chunk.map(\.key).filter { $0 != 0 }
            var keys = numbered.count > 1 ? "\(numbered.first!)-\(numbered.last!)" : numbered.map(String.init).joined()
            if chunk.contains(where: { $0.key == 0 }) { keys += keys.isEmpty ? "0" : " 0" }
            return (keys, chunk.map { c.t($0.title) }.joined(separator: " / "))
        }
        let keys: [(String, Str)] = [
            ("Enter  Esc", .helpOpenBack),
            ("/", .helpFilter),
            ("s  S", .helpSort),
            ("Tab  Shift-Tab", .helpNextScreen),
            ("[ ]  " + leftRight, .helpPeriod),
            ("{ }", .helpFirstLastPeriod),
            (arrows + "  j k", .helpRows),
            ("PgUp PgDn", .helpPage),
            ("Home End  g G", .helpFirstLastRow),
            ("t", .helpTheme),
            ("L", .helpLanguage),
            ("r", .helpRefresh),
            ("Enter", .helpJump),
            ("a", .helpAck),
            ("?  F1", .helpHelp),
            ("q", .helpQuit),
        ]
        // The region selector, when the store has regions (like the Regions tab).
        let regionKeys: [(String, Str)] = c.input.showsRegions ? [("R", .helpRegion)] : []
        let afterRefresh = (keys.firstIndex { $0.0 == "r" } ?? keys.count - 1) + 1
        return screens + (keys.prefix(afterRefresh) + regionKeys + keys.dropFirst(afterRefresh)).map { ($0.0, c.t($0.1)) }
    }

    static func draw(into grid: inout CellGrid, _ area: Rect, context c: RenderContext) {
        let keys = entries(c)
        let legend: [String] = [c.t(.helpLegendMarkers), c.t(.helpLegendChanges), c.t(.helpLegendProvisional),
                                c.ascii ? c.t(.helpLegendAck).replacingOccurrences(of: "✓", with: "v") : c.t(.helpLegendAck)]
        let keyWidth = keys.map { DisplayWidth.of($0.0) }.max()! + 2
        let textWidth = max(keys.map { DisplayWidth.of($0.1) }.max()!, legend.map(DisplayWidth.of).max()! - keyWidth)
        let w = min(area.width, keyWidth + textWidth + 4)
        let h = min(area.height, keys.count + legend.count + 3)
        let rect = Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
        // A blank margin around the box keeps the screen behind from touching its border.
        grid.fill(x: rect.x - 1, y: rect.y, width: rect.width + 2, height: rect.height)
        let inner = Box.draw(into: &grid, rect, title: c.t(.helpTitle), footer: c.t(.helpClose), glyphs: c.glyphs, focused: true)
        var y = inner.y
        for (key, text) in keys where y < inner.maxY {
            grid.put(" " + key, x: inner.x, y: y, style: CellStyle(.value, bold: true), maxWidth: keyWidth)
            grid.put(text, x: inner.x + keyWidth + 1, y: y, style: .normal, maxWidth: inner.width - keyWidth - 1)
            y += 1
        }
        y += 1
        for line in legend where y < inner.maxY {
            grid.put(" " + line, x: inner.x, y: y, style: CellStyle(.label), maxWidth: inner.width)
            y += 1
        }
    }
}
