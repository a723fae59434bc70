import KejinCore

/// Everything about the view that is not data: which screen, which period, language, the row
/// cursors. A value type changed only by `handle`, so key handling is tested without a terminal.
public struct DashboardState: Equatable, Sendable {
    public var screen: Screen = .overview
    /// The period shown; nil: follow `defaultPeriod`.
    public var period: Period?
    /// The period followed when none is chosen: the latest complete or closed one (provisional
    /// months stay reachable with `]`, marked). nil: the latest available.
    public var defaultPeriod: Period?
    public var language: Language = .zh
    /// Draw with ASCII only (no box, block or arrow glyphs).
    public var ascii: Bool = false
    public var showingHelp: Bool = false
    /// Selected row and scroll position per screen.
    public var cursors: [Screen: RowCursor] = [:]
    /// A one-off status message, shown until the next key.
    public var message: String?
    /// Started with `--operator`: `a` acknowledges alerts (through a separate write connection).
    public var operatorMode: Bool = false
    /// Drill-down levels opened per screen, outermost first (see Navigation.swift).
    public var drills: [Screen: [DrillFrame]] = [:]
    /// Filter and sort of the Chains, Re-lending and Guarantees tables (see FigureList.swift).
    public var listViews: [Screen: ListView] = [:]
    /// The filter being typed in the status line; nil when not typing.
    public var filterDraft: String?
    /// The region shown (nil: the whole store), the region a restricted viewer may not leave
    /// (`kejin serve`'s `region=CODE`), and the region code or name being typed after `R`
    /// (RegionSelection.swift).
    public var region: String?
    public var regionRoot: String?
    public var regionDraft: String?
    /// The store has regions (from the last figures a key saw): the Regions view is a tab.
    public var regionsShown = false
    var screens: [Screen] { Screen.shown(regions: regionsShown) }

    public init(screen: Screen = .overview, period: Period? = nil, language: Language = .zh, ascii: Bool = false) {
        self.screen = screen; self.period = period; self.language = language; self.ascii = ascii
    }

    public func cursor(_ screen: Screen) -> RowCursor { cursors[screen] ?? RowCursor() }

    /// The period actually shown among `periods` (oldest first): the chosen one, else the
    /// latest one not after it, else the default (the latest settled), else the latest.
    public func effectivePeriod(in periods: [Period]) -> Period? {
        guard let chosen = period else {
            return defaultPeriod.flatMap { periods.contains($0) ? $0 : nil } ?? periods.last
        }
        if periods.contains(chosen) { return chosen }
        return periods.last(where: { $0 < chosen }) ?? periods.first
    }

    /// Handles a key without knowing the row counts (row moves are clamped at draw time).
    /// Prefer `handle(_:input:width:height:)`, which knows them.
    public mutating func handle(_ key: Key, periods: [Period]) -> DashboardAction {
        handle(key, periods: periods, rowCount: Int.max / 2, pageRows: 10)
    }

    /// Handles a key, with the row count and the rows visible on the current screen's list.
    public mutating func handle(_ key: Key, input: FrameInput, width: Int, height: Int) -> DashboardAction {
        if let tree = input.figures?.regionTree { regionsShown = !tree.isEmpty }
        if let action = regionKey(key, input: input) { return action }
        if let action = navigate(key, input: input, width: width, height: height) { return action }
        // A click on a tab: the header laid out as drawn at this width (with a provisional mark, if any).
        if case .click(let x, 0) = key, !showingHelp {
            message = nil
            let reserve = HeaderLine.provisionalMark(input, self).map { DisplayWidth.of($0) + 1 } ?? 0
            guard let target = HeaderLine.screen(atColumn: x, current: screen, language: language, width: width, reserve: reserve,
                                                 regions: regionsShown)
            else { return .none }
            return show(target)
        }
        // The list's size is a whole frame laid out (~1.5 ms at 1M loans, before a period move's
        // load even starts): measured only for a key that moves in the list, as the state is now.
        let shown = self
        if screen == .alerts, !showingHelp, let action = handleAlertKey(key, input: input) { return action }
        return handle(key, periods: input.periods) {
            let list = DashboardRenderer.listMetrics(input, state: shown, width: width, height: height)
            return ListSize(rows: list.rows, visible: list.visible)
        }
    }

    public mutating func handle(_ key: Key, periods: [Period], rowCount: Int, pageRows: Int) -> DashboardAction {
        handle(key, periods: periods) { ListSize(rows: rowCount, visible: pageRows) }
    }

    /// The current list's row count and rows visible (what PgUp/PgDn move by).
    private struct ListSize { var rows: Int, visible: Int }

    /// `list`: the current list's size, asked only by a key that moves in it.
    private mutating func handle(_ key: Key, periods: [Period], list: () -> ListSize) -> DashboardAction {
        message = nil
        if showingHelp {
            switch key {
            case .escape, .enter, .character("?"):
                showingHelp = false
                return .redraw
            case .character("q"):
                return .quit
            default:
                // Like htop: any other key closes help and then does what it does.
                showingHelp = false
                let action = act(key, periods: periods, list: list)
                return action == .none ? .redraw : action
            }
        }
        return act(key, periods: periods, list: list)
    }

    private mutating func act(_ key: Key, periods: [Period], list: () -> ListSize) -> DashboardAction {
        switch key {
        case .character("q"): return .quit
        case .character("?"), .function(1):
            showingHelp = true
            return .redraw
        case .escape:
            return .none
        // A screen's number key (Screen.key), among the screens this viewer has.
        case .character(let c) where screens.contains { $0.key == c.wholeNumberValue }:
            return show(screens.first { $0.key == c.wholeNumberValue }!)
        case .tab: return show(screen.next(in: screens))
        case .backTab: return show(screen.previous(in: screens))
        case .character("["), .left: return movePeriod(by: -1, periods)
        case .character("]"), .right: return movePeriod(by: 1, periods)
        case .character("{"): return movePeriod(by: -periods.count, periods)
        case .character("}"): return movePeriod(by: periods.count, periods)
        case .up, .character("k"): return moveRow(list()) { _ in -1 }
        case .down, .character("j"): return moveRow(list()) { _ in 1 }
        case .pageUp: return moveRow(list()) { -max(1, $0.visible) }
        case .pageDown: return moveRow(list()) { max(1, $0.visible) }
        case .home, .character("g"): return moveRow(list()) { -$0.rows }
        case .end, .character("G"): return moveRow(list()) { $0.rows }
        case .character("t"): return .cycleTheme
        case .character("L"):
            language = language == .zh ? .en : .zh
            return .redraw
        case .character("r"): return .refresh
        case .click(let x, 0):
            // A click on a tab of the header line shows that screen.
            guard let target = HeaderLine.screen(atColumn: x, current: screen, language: language, width: .max,
                                                 regions: regionsShown) else { return .none }
            return show(target)
        default:
            return .none
        }
    }

    private mutating func show(_ next: Screen) -> DashboardAction {
        let changed = next != screen || showingHelp
        screen = next
        return changed ? .redraw : .none
    }

    private mutating func movePeriod(by delta: Int, _ periods: [Period]) -> DashboardAction {
        guard let current = effectivePeriod(in: periods), let index = periods.firstIndex(of: current) else {
            message = Str.noPeriods.text(language)
            return .redraw
        }
        let target = min(max(0, index + delta), periods.count - 1)
        if target == index, period == nil || period == current {
            message = (delta < 0 ? Str.atFirstPeriod : Str.atLastPeriod).text(language)
            return .redraw
        }
        // Reaching the default period means "follow it": new months show up by themselves once complete.
        let followed = defaultPeriod.flatMap { periods.contains($0) ? $0 : nil } ?? periods.last
        period = periods[target] == followed ? nil : periods[target]
        return .periodChanged
    }

    /// Moves the selection by `delta` rows of `list` (its size gives the step of a page or an end).
    private mutating func moveRow(_ list: ListSize, by delta: (ListSize) -> Int) -> DashboardAction {
        let rowCount = list.rows
        guard rowCount > 0 else { return .none }
        var c = activeCursor
        let old = c
        c.selected = min(max(0, c.selected + delta(list)), rowCount - 1)
        // Keep the selection inside the window the renderer will show.
        let visible = max(1, list.visible)
        if c.selected < c.scroll { c.scroll = c.selected }
        if c.selected >= c.scroll + visible { c.scroll = c.selected - visible + 1 }
        c.scroll = max(0, min(c.scroll, max(0, rowCount - visible)))
        activeCursor = c
        return c == old ? .none : .redraw
    }
}
