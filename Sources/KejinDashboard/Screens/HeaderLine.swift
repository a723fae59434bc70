import KejinCore

/// The top line: app name, screen tabs (the current one bracketed) and the period shown.
enum HeaderLine {
    static func draw(into grid: inout CellGrid, y: Int, context c: RenderContext) {
        let width = grid.width
        grid.fill(x: 0, y: y, width: width, height: 1, style: CellStyle(.title, reverse: true))
        let bar = CellStyle(.title, reverse: true)
        let p = c.input.figures?.period ?? c.state.effectivePeriod(in: c.input.periods)
        let mark = provisionalMark(c.input, c.state)
        let layout = Layout(current: c.state.screen, language: c.language, width: width,
                            reserve: mark.map { DisplayWidth.of($0) + 1 } ?? 0, regions: c.input.showsRegions)
        if layout.showsTitle {
            grid.put(" " + c.t(.appTitle) + " ", x: 0, y: y, style: CellStyle(.title, bold: true, reverse: true))
        }
        for tab in layout.tabs {
            let current = tab.screen == c.state.screen
            // The current tab is drawn un-reversed inside the reversed bar, and bracketed so it
            // shows without colour too.
            grid.put(tab.text, x: tab.range.lowerBound, y: y, style: current ? CellStyle(.selection, bold: true) : bar)
        }
        // Period on the right: "期间 2025-05 (17/17)" — which month, and where it sits among those stored.
        guard let p else { return }
        var plain = p.key
        if let i = c.input.periods.firstIndex(of: p) { plain += " (\(i + 1)/\(c.input.periods.count))" }
        let labelled = c.labelled(.period, plain)
        var candidates = mark.map { [($0, labelled), ($0, plain), ($0, p.key), ("", plain)] } ?? [("", labelled), ("", plain)]
        // The region shown goes before the period, and stays when the period's label must go.
        if let region = c.input.figures?.region.map({ c.name($0.name) }) {
            candidates = candidates.map { ($0.0, region + "  " + $0.1) } + [("", region + "  " + p.key)] + candidates
        }
        let room = width - layout.end - 1
        guard let (m, text) = candidates.first(where: { DisplayWidth.of(($0.0.isEmpty ? "" : $0.0 + " ") + $0.1 + " ") <= room })
        else { return }
        let right = text + " "
        let rightWidth = DisplayWidth.of(right)
        grid.put(right, x: width - rightWidth, y: y, style: CellStyle(.title, bold: true, reverse: true))
        if !m.isEmpty {
            let w = DisplayWidth.of(m)
            grid.put(m, x: width - rightWidth - w - 1, y: y, style: CellStyle(.warning, bold: true, reverse: true))
        }
    }

    /// Where the title and each tab go. Wide terminals get " 2 产业链 " for every tab; narrow
    /// ones drop the app title, then the second space between tabs, then show only the numbers
    /// of the other tabs ("1 2 [3 再贷款] 4").
    struct Layout {
        struct Tab { let screen: Screen; let text: String; let range: Range<Int> }
        let showsTitle: Bool
        let tabs: [Tab]
        var end: Int { tabs.last?.range.upperBound ?? 0 }

        /// Room kept for the period on the right: "2025-05 (13/13) ", and its label "期间 ".
        static let periodRoom = 17, labelRoom = 5

        /// `reserve`: more room kept on the right (the provisional mark); `regions`: the store
        /// has regions, so the Regions tab shows (`Screen.shown`).
        init(current: Screen, language: Language, width: Int, reserve: Int = 0, regions: Bool = false) {
            let screens = Screen.shown(regions: regions)
            let titleWidth = DisplayWidth.of(Str.appTitle.text(language)) + 2
            // Full " 2 产业链 ", tight " 2 产业链" (one space between tabs), compact " 2".
            enum Form { case full, tight, compact }
            func texts(_ form: Form) -> [String] {
                screens.map { s in
                    let n = s.key, title = s.title.text(language)
                    switch form {
                    case .full: return s == current ? "[\(n) \(title)]" : " \(n) \(title) "
                    case .tight: return s == current ? " [\(n) \(title)]" : " \(n) \(title)"
                    case .compact: return s == current ? " [\(n) \(title)]" : " \(n)"
                    }
                }
            }
            func cells(_ texts: [String]) -> Int { texts.reduce(0) { $0 + DisplayWidth.of($1) } }
            let full = texts(.full), tight = texts(.tight)
            let chosen: [String]
            if titleWidth + cells(full) + Self.periodRoom + Self.labelRoom + reserve <= width {
                showsTitle = true; chosen = full
            } else if 1 + cells(full) + Self.periodRoom + reserve <= width {
                showsTitle = false; chosen = full
            } else if 1 + cells(tight) + Self.periodRoom + reserve <= width {
                showsTitle = false; chosen = tight
            } else {
                showsTitle = false; chosen = texts(.compact)
            }
            var x = showsTitle ? titleWidth : 1
            var tabs: [Tab] = []
            for (screen, text) in zip(screens, chosen) {
                let w = DisplayWidth.of(text)
                guard x + w <= width else { break }
                tabs.append(Tab(screen: screen, text: text, range: x..<(x + w)))
                x += w
            }
            self.tabs = tabs
        }
    }

    /// A provisional period says so before its name ("报送中 1/9"): the tabs make room for it.
    static func provisionalMark(_ input: FrameInput, _ state: DashboardState) -> String? {
        guard let f = input.figures, f.period == state.effectivePeriod(in: input.periods) || input.periods.isEmpty else { return nil }
        return ReportingText.mark(f.reporting, state.language)
    }

    /// The screen whose tab covers column `x` of the header line (for mouse clicks).
    static func screen(atColumn x: Int, current: Screen, language: Language, width: Int, reserve: Int = 0,
                       regions: Bool = false) -> Screen? {
        Layout(current: current, language: language, width: width, reserve: reserve, regions: regions)
            .tabs.first { $0.range.contains(x) }?.screen
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
        // A region being chosen (`R`): "地区代码 (空=全部): 汉阴_".
        if let draft = c.state.regionDraft {
            left.append((c.t(.regionPrompt) + draft + "_", CellStyle(.selection, bold: true)))
        }
        if let e = s.error {
            let since = s.errorSince.map { c.language == .zh ? "（\($0) \(c.t(.errorSince))）" : " (\(c.t(.errorSince)) \($0))" } ?? ""
            left.append((c.t(.error) + since + ": " + e, CellStyle(.critical, bold: true, reverse: true)))
            // The figures still shown are the last ones read: said, so nobody takes them for live.
            if c.input.figures != nil, let at = s.figuresReadAt {
                left.append((c.labelled(.staleFigures, at), CellStyle(.warning, bold: true, reverse: true)))
            }
        }
        if let e = s.themeError {
            // The file and key are data; in English the parser's own words follow.
            let at = e.key.isEmpty ? e.file : e.file + " " + e.key
            let text = c.language == .zh ? c.t(.themeFileError) + " " + at + "，" + c.t(.themeDefaultUsed)
                                         : c.t(.themeFileError) + " " + e.description + " (" + c.t(.themeDefaultUsed) + ")"
            left.append((text, CellStyle(.critical, bold: true, reverse: true)))
        }
        if let m = c.state.message { left.append((m, CellStyle(.warning, bold: true, reverse: true))) }
        // Before the routine items, so even 60 columns keep it: demo figures are not real ones.
        if s.demoData { left.append((c.t(.demoData), CellStyle(.warning, bold: true, reverse: true))) }
        // A provisional period names who has not reported yet (cut to fit, never dropped).
        var provisionalAt: Int?
        if let r = c.input.figures?.reporting, r.status == .provisional {
            let names = r.missing.map { c.name($0.name) }.joined(separator: c.language == .zh ? "、" : ", ")
            provisionalAt = left.count
            left.append((c.labelled(.missingReporters, names), CellStyle(.warning, reverse: true)))
        }
        if let changed = c.input.figures?.lastChange { left.append((c.labelled(.updatedAt, changed), bar)) }
        // The locale or ambiguous-width note explains why the screen looks as it does: it goes
        // before the routine items so a narrow terminal keeps it.
        if !s.terminalNotes.isEmpty {
            let note = s.terminalNotes.map { $0.text(c.language) }.joined(separator: c.language == .zh ? "；" : "; ")
            left.append((note, CellStyle(.warning, reverse: true)))
        }
        if let r = s.refreshSeconds { left.append((c.labelled(.refreshEvery, "\(r)" + c.t(.secondsUnit)), bar)) }
        if s.readOnly { left.append((c.t(.readOnly), bar)) }
        if let theme = s.themeName { left.append((c.labelled(.theme, theme), bar)) }

        let limit = width - DisplayWidth.of(rightText) - 1
        var x = 1
        for (i, (text, style)) in left.enumerated() {
            let sep = i == 0 ? "" : "  "
            let w = DisplayWidth.of(sep + text)
            // The first item (error, message or update time) and the missing reporters are cut
            // to fit; the rest are dropped.
            if x + w > limit {
                if i == 0 || i == provisionalAt {
                    x += grid.put(sep, x: x, y: y, style: bar)
                    grid.put(text, x: x, y: y, style: style, maxWidth: limit - x)
                }
                break
            }
            x += grid.put(sep + text, x: x, y: y, style: style)
        }
        if DisplayWidth.of(rightText) < width { grid.put(rightText, x: width - DisplayWidth.of(rightText), y: y, style: bar) }
    }
}
