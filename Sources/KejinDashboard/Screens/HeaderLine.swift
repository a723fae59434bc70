import KejinCore

/// The top line: app name, screen tabs (the current one reversed) and the period shown.
enum HeaderLine {
    static func draw(into grid: inout CellGrid, y: Int, context c: RenderContext) {
        let width = grid.width
        grid.fill(x: 0, y: y, width: width, height: 1, style: CellStyle(.title, reverse: true))
        let bar = CellStyle(.title, reverse: true)
        var x = grid.put(" " + c.t(.appTitle) + " ", x: 0, y: y, style: CellStyle(.title, bold: true, reverse: true))
        // Period on the right: "期间 2025-05 (17/17)" — which month, and where it sits among those stored.
        var right = ""
        if let p = c.input.figures?.period ?? c.state.effectivePeriod(in: c.input.periods) {
            right = p.key
            if let i = c.input.periods.firstIndex(of: p) { right += " (\(i + 1)/\(c.input.periods.count))" }
            // The "期间" label goes when the tabs need the room.
            let tabsWidth = tabRange(Screen.allCases.last!, c.language, width: width).upperBound
            let labelled = c.labelled(.period, right)
            right = (tabsWidth + DisplayWidth.of(labelled) + 2 <= width ? labelled : right) + " "
        }
        let rightWidth = DisplayWidth.of(right)
        let gap = compactTabs(c.language, width: width) ? "" : " "
        for screen in Screen.allCases {
            let tab = " \(screen.rawValue + 1)\(gap)\(c.t(screen.title)) "
            guard x + DisplayWidth.of(tab) + rightWidth + 1 <= width else { break }
            assert(tabRange(screen, c.language, width: width).lowerBound == x)
            let current = screen == c.state.screen
            // The current tab is drawn un-reversed inside the reversed bar, and bracketed so it
            // shows without colour too.
            let text = current ? "[\(screen.rawValue + 1)\(gap)\(c.t(screen.title))]" : tab
            x += grid.put(text, x: x, y: y, style: current ? CellStyle(.selection, bold: true) : bar)
        }
        if !right.isEmpty, x + rightWidth < width {
            grid.put(right, x: width - rightWidth, y: y, style: CellStyle(.title, bold: true, reverse: true))
        }
    }
}

extension HeaderLine {
    /// Tabs lose the space after their number ("1总览") when the full ones would leave no room
    /// for a typical period label (about 24 cells).
    static func compactTabs(_ language: Language, width: Int) -> Bool {
        let full = Screen.allCases.reduce(DisplayWidth.of(Str.appTitle.text(language)) + 2) {
            $0 + DisplayWidth.of($1.title.text(language)) + 4
        }
        return full + 24 > width
    }

    /// The columns a screen's tab covers on the header line (for mouse clicks).
    static func tabRange(_ screen: Screen, _ language: Language, width: Int = .max) -> Range<Int> {
        var x = DisplayWidth.of(Str.appTitle.text(language)) + 2
        let gap = compactTabs(language, width: width) ? 3 : 4
        for s in Screen.allCases {
            let w = DisplayWidth.of(s.title.text(language)) + gap
            if s == screen { return x..<(x + w) }
            x += w
        }
        return 0..<0
    }
}

/// The bottom line: when the data last changed, refresh, theme, read-only flag, key hints,
/// the clock; a one-off message or an error takes the left part.
enum StatusLine {
    static func draw(into grid: inout CellGrid, y: Int, context c: RenderContext) {
        let width = grid.width
        let s = c.input.status
        grid.fill(x: 0, y: y, width: width, height: 1, style: CellStyle(.label, reverse: true))
        let bar = CellStyle(.label, reverse: true)

        var right = [c.t(.hintHelp), c.t(.hintQuit)]
        if let clock = s.clock { right.append(clock) }
        let rightText = right.joined(separator: "  ") + " "

        var left: [(String, CellStyle)] = []
        // A filter being typed takes the front of the line: "筛选 /茶_  Enter 确定  Esc 清除".
        if let draft = c.state.filterDraft {
            left.append((c.t(.filter) + " /" + draft + "_  " + c.t(.filterHint), CellStyle(.selection, bold: true)))
        }
        if let e = s.error {
            left.append((c.t(.error) + ": " + e, CellStyle(.critical, bold: true, reverse: true)))
        }
        if let m = c.state.message { left.append((m, CellStyle(.warning, bold: true, reverse: true))) }
        if let changed = c.input.figures?.lastChange { left.append((c.labelled(.updatedAt, changed), bar)) }
        if let r = s.refreshSeconds { left.append((c.labelled(.refreshEvery, "\(r)" + c.t(.secondsUnit)), bar)) }
        if s.readOnly { left.append((c.t(.readOnly), bar)) }
        if let theme = s.themeName { left.append((c.labelled(.theme, theme), bar)) }
        if let note = s.localeNote { left.append((note, bar)) }

        let limit = width - DisplayWidth.of(rightText) - 1
        var x = 1
        for (i, (text, style)) in left.enumerated() {
            let sep = i == 0 ? "" : "  "
            let w = DisplayWidth.of(sep + text)
            // The first item (error, message or update time) is cut to fit; the rest are dropped.
            if x + w > limit {
                if i == 0 { grid.put(text, x: x, y: y, style: style, maxWidth: limit - x) }
                break
            }
            x += grid.put(sep + text, x: x, y: y, style: style)
        }
        if DisplayWidth.of(rightText) < width { grid.put(rightText, x: width - DisplayWidth.of(rightText), y: y, style: bar) }
    }
}
