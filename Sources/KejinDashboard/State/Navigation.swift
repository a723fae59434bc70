import KejinCore

/// One opened drill-down list: what it shows, the name it was opened from (for the
/// breadcrumb), and its own selection, filter and sort, kept while deeper levels are open.
public struct DrillFrame: Equatable, Sendable {
    public var request: DrillRequest
    public var title: Names
    public var cursor = RowCursor()
    /// Case-insensitive substring of a row's code or name (either language); "" = all rows.
    public var filter = ""
    public var sort: DetailSort?

    public init(request: DrillRequest, title: Names) { self.request = request; self.title = title }
}

/// A sort column of a list: an index into its columns (a drill-down list's: 0 is the name
/// column, i + 1 is `fields[i]`; see `DetailList.columns`).
public struct DetailSort: Equatable, Sendable {
    public var column: Int
    public var descending: Bool
    public init(column: Int, descending: Bool) { self.column = column; self.descending = descending }
}

extension DashboardState {
    /// The list shown on the current screen: the deepest opened level, else the screen's own list.
    public var activeFrame: DrillFrame? {
        drills[screen]?.last ?? rootRequest.map { DrillFrame(request: $0, title: screen.title.names) }
    }

    /// The screen's own list in the region shown (`DrillRequest.within`).
    public var rootRequest: DrillRequest? { screen.rootRequest?.within(region) }

    /// The rows the app must load for this state (into `FrameInput.detail`); nil: none.
    public var detailRequest: DrillRequest? { activeFrame?.request }

    /// The opened levels below the screen's own list, outermost first (the breadcrumb).
    public var drillPath: [DrillFrame] {
        (drills[screen] ?? []).filter { $0.request != rootRequest }
    }

    /// The current list's cursor: the active frame's, else the screen's.
    var activeCursor: RowCursor {
        get { activeFrame?.cursor ?? cursor(screen) }
        set {
            if activeFrame != nil { updateFrame { $0.cursor = newValue } } else { cursors[screen] = newValue }
        }
    }

    mutating func updateFrame(_ change: (inout DrillFrame) -> Void) {
        guard var frame = activeFrame else { return }
        change(&frame)
        var stack = drills[screen] ?? []
        if stack.isEmpty { stack = [frame] } else { stack[stack.count - 1] = frame }
        drills[screen] = stack
    }

    /// Drill-down keys: Enter opens, Esc/Backspace goes back, `/` filters, `s`/`S` sort, clicks
    /// select and open. Returns nil for keys it leaves to the ordinary handling.
    mutating func navigate(_ key: Key, input: FrameInput, width: Int, height: Int) -> DashboardAction? {
        if filterDraft != nil { message = nil; return editFilter(key) }
        guard !showingHelp else { return nil }
        switch key {
        case .enter:
            message = nil
            return open(input)
        case .escape, .backspace:
            // On the Regions view: up to the parent region (RegionSelection.swift).
            if drillPath.isEmpty, screen == .regions { return regionUp(input) }
            guard !drillPath.isEmpty else { return nil }
            message = nil
            drills[screen]?.removeLast()
            return detailRequest.map(DashboardAction.openDetail) ?? .redraw
        case .character("/"):
            message = nil
            if let frame = activeFrame {
                filterDraft = frame.filter
            } else if onFigureTable {
                filterDraft = listView(screen).filter
            } else {
                message = Str.filterNeedsList.text(language)
            }
            return .redraw
        case .character("s"), .character("S"):
            message = nil
            let reverse = key == .character("S")
            if activeFrame != nil, let detail = loaded(input) {
                updateFrame { frame in
                    frame.sort = Self.nextSort(frame.sort, reverse: reverse, columns: DetailList.columns(detail).count) {
                        DetailList.isNumeric(detail, column: $0)
                    }
                    frame.cursor = RowCursor()
                }
                return .redraw
            }
            guard onFigureTable, let f = input.figures, let table = screen.spec.table else { return DashboardAction.none }
            let current = screen
            listViews[current, default: ListView()].sort = Self.nextSort(listView(current).sort, reverse: reverse,
                                                                         columns: table.titles.count) {
                table.isNumeric(f, $0)
            }
            cursors[current] = RowCursor()
            return .redraw
        case .click(let x, 0):
            // A click on a tab shows that screen (tabs are narrower on a narrow terminal).
            guard let target = HeaderLine.screen(atColumn: x, current: screen, language: language, width: width,
                                                 regions: regionsShown)
            else { return DashboardAction.none }
            message = nil
            let changed = target != screen
            screen = target
            return changed ? (detailRequest.map(DashboardAction.openDetail) ?? .redraw) : DashboardAction.none
        case .click(let x, let y) where y > 0:
            message = nil
            return click(x: x, y: y, input: input, width: width, height: height)
        default:
            return nil
        }
    }

    /// The input's rows when they answer the active request.
    func loaded(_ input: FrameInput) -> DetailRows? {
        guard let d = input.detail, d.request == detailRequest else { return nil }
        return d
    }

    /// The active list's rows as shown: filtered, then sorted.
    public func visibleRows(_ input: FrameInput) -> DetailList.Shown {
        guard let frame = activeFrame, let d = loaded(input) else { return DetailList.Shown.none }
        return DetailList.rows(d, filter: frame.filter, sort: frame.sort, language: language)
    }

    private mutating func editFilter(_ key: Key) -> DashboardAction {
        var draft = filterDraft ?? ""
        switch key {
        case .enter:
            filterDraft = nil
            return .redraw
        case .escape:
            filterDraft = nil
            draft = ""
        default:
            guard let edited = LineEdit.apply(key, to: draft), edited != draft else { return .none }
            draft = edited
        }
        if filterDraft != nil { filterDraft = draft }
        // The list narrows as one types; the selection goes back to the first match.
        if activeFrame != nil {
            updateFrame { $0.filter = draft; $0.cursor = RowCursor() }
        } else if onFigureTable {
            listViews[screen, default: ListView()].filter = draft
            cursors[screen] = RowCursor()
        }
        return .redraw
    }

    /// `s`: next column (numbers start high-first, text A–Z), after the last back to the
    /// list's own order. `S`: reverse the current column.
    private static func nextSort(_ sort: DetailSort?, reverse: Bool, columns: Int,
                                 numeric: (Int) -> Bool) -> DetailSort? {
        if reverse {
            guard var s = sort else { return DetailSort(column: 0, descending: true) }
            s.descending.toggle()
            return s
        }
        let next = (sort?.column ?? -1) + 1
        return next < columns ? DetailSort(column: next, descending: numeric(next)) : nil
    }

    /// Enter: the row's next level; on the figure screens, the selected chain, tool,
    /// guarantor or pool.
    private mutating func open(_ input: FrameInput) -> DashboardAction? {
        if activeFrame != nil {
            let rows = visibleRows(input)
            guard !rows.isEmpty else { return DashboardAction.none }
            let row = rows[min(activeCursor.selected, rows.count - 1)]
            guard let next = row.next else {
                message = Str.deepestLevel.text(language)
                return .redraw
            }
            return push(DrillFrame(request: next, title: row.name))
        }
        guard let f = input.figures, let table = screen.spec.table else { return nil }
        // A region opens as the new scope, not as a list (RegionSelection.swift).
        if screen == .regions { return enterRegion(input) }
        // The selection indexes the rows as shown (filtered, sorted), then the trailing items.
        let selected = max(0, cursor(screen).selected)
        let order = figureOrder(screen, f)
        let trailing = screen.spec.trailing?(f) ?? []
        if selected >= order.count, !trailing.isEmpty {
            return push(trailing[min(selected - order.count, trailing.count - 1)])
        }
        guard !order.isEmpty else { return nil }
        return push(table.open(f, order[min(selected, order.count - 1)]))
    }

    /// Opens `frame` in the region shown: every list a region's viewer opens (from a figure
    /// table, a list row or after an alert jump) keeps to that region.
    private mutating func push(_ frame: DrillFrame) -> DashboardAction {
        var frame = frame
        frame.request = frame.request.within(region)
        var stack = drills[screen] ?? []
        if stack.isEmpty, let root = activeFrame { stack = [root] }
        stack.append(frame)
        drills[screen] = stack
        return .openDetail(frame.request)
    }

    /// A click on a list row selects it; a click on the selected row opens it.
    private mutating func click(x: Int, y: Int, input: FrameInput, width: Int, height: Int) -> DashboardAction? {
        let g = DashboardRenderer.listGeometry(input, state: self, width: width, height: height)
        guard let top = g.top, y >= top, y < top + g.visible else { return nil }
        let index = g.start + (y - top)
        guard index < g.rows else { return DashboardAction.none }
        if index == activeCursor.selected {
            // A second click does what Enter does: open the row, or on Alerts go to its entity.
            if screen == .alerts, activeFrame == nil { return handleAlertKey(.enter, input: input) ?? DashboardAction.none }
            return open(input) ?? DashboardAction.none
        }
        var c = activeCursor
        c.selected = index
        c.scroll = g.start
        activeCursor = c
        return .redraw
    }
}
