import KejinCore
import KejinDashboard
import KejinStore

/// The dashboard viewer without a terminal: the same store calls as `LiveDashboard` (change
/// counter, periods, figures, alerts) and the same renderer, into a `CellGrid` only.
final class BenchViewer {
    let store: Store
    var state = DashboardState()
    private(set) var periods: [Period] = []
    private(set) var figures: Figures?
    private(set) var alerts: [Alert] = []
    private var lastCounter: Int64?
    /// Bench only: compute figures by full scan instead of the summary (the baseline).
    var fullScan = false

    init(address: StoreAddress) throws {
        store = try Store(address: address, readOnly: true)
    }

    /// What the live loop does on start and when the counter moved.
    func reload() throws {
        lastCounter = try store.changeCounter()
        periods = fullScan ? try store.fullScanPeriods() : try store.availablePeriods()
        try loadFigures()
    }

    /// Each load reads its month afresh: the store's months' shared reads (MonthReads) are
    /// emptied first, so a measured move back to a month read before is not cheaper.
    func loadFigures() throws {
        guard let period = state.effectivePeriod(in: periods) else { figures = nil; alerts = []; return }
        try store.forgetMonthReads()
        let f = fullScan ? try store.fullScanFigures(for: period) : try store.figures(for: period)
        figures = f
        alerts = AlertEngine.alerts(for: f)
    }

    /// Has another connection committed since the last reload?
    func dataChanged() throws -> Bool { try store.changeCounter() != lastCounter }

    /// Applies a key the way the live loop does; reloads figures when the period changed.
    func press(_ key: Key) throws {
        let before = state.effectivePeriod(in: periods)
        if state.handle(key, periods: periods) == .periodChanged, state.effectivePeriod(in: periods) != before {
            try loadFigures()
        }
    }

    func render(width: Int = 120, height: Int = 40) -> CellGrid {
        let input = FrameInput(figures: figures, alerts: alerts, periods: periods,
                               status: StatusInfo(refreshSeconds: 1, readOnly: true))
        return DashboardRenderer.render(input, state: state, width: width, height: height)
    }
}
