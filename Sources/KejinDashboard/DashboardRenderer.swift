import KejinCore

/// Draws one frame: header line, the current screen, status line, and the help overlay.
public enum DashboardRenderer {
    /// Below this size only a message asking for a larger terminal is drawn.
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public static func render(_ input: FrameInput, state: DashboardState, width: Int, height: Int) -> CellGrid {
        frame(input, state: state, width: width, height: height).grid
    }

    /// The current screen's selectable list: how many rows it has and how many are visible
    /// (what PgUp/PgDn move by). Zero rows on the overview, which has no selection.
    public static func listMetrics(_ input: FrameInput, state: DashboardState, width: Int, height: Int) -> (rows: Int, visible: Int) {
        let list = frame(input, state: state, width: width, height: height).list
        return (list.rows, max(1, list.visible))
    }

    /// Where the current list's rows are on screen: the first visible row's line (nil when no
    /// list is drawn), which row it shows, and the row counts. For mouse clicks.
    public static func listGeometry(_ input: FrameInput, state: DashboardState, width: Int, height: Int)
        -> (top: Int?, start: Int, rows: Int, visible: Int) {
        var c = RenderContext(input: input, state: state)
        _ = draw(input, state: state, width: width, height: height, context: &c)
        return (c.listTop, c.listStart, c.list.rows, max(1, c.list.visible))
    }

    static func frame(_ input: FrameInput, state: DashboardState, width: Int, height: Int)
        -> (grid: CellGrid, list: (rows: Int, visible: Int)) {
        var c = RenderContext(input: input, state: state)
        let grid = draw(input, state: state, width: width, height: height, context: &c)
        return (grid, c.list)
    }

    private static func draw(_ input: FrameInput, state: DashboardState, width: Int, height: Int,
                             context c: inout RenderContext) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            MessageScreens.tooSmall(into: &grid, context: c)
            return grid
        }
        HeaderLine.draw(into: &grid, y: 0, context: c)
        StatusLine.draw(into: &grid, y: height - 1, context: c)
        let area = Rect(x: 0, y: 1, width: width, height: height - 2)
        if input.figures != nil, let frame = state.activeFrame {
            DrillScreen.draw(frame, into: &grid, area, context: &c)
        } else if let f = input.figures, case .figures(let drawScreen) = state.screen.spec.content {
            drawScreen(f, &grid, area, &c)
        } else {
            MessageScreens.noData(into: &grid, area, context: c)
        }
        if state.showingHelp { HelpOverlay.draw(into: &grid, area, context: c) }
        return grid
    }
}
