import Foundation
import KejinCore
import KejinDashboard
import KejinStore
import KejinTerminal

/// The viewer's run loop: waits in the kernel for a key, a signal or the refresh interval;
/// re-queries only when the store's change counter moved, the period changed or a key asked
/// for it; redraws only when something changed; never holds loan-level rows.
final class LiveDashboard {
    private let store: FigureSource
    private let terminal: Terminal
    private var themes: ThemeCatalog
    private let refreshInterval: Duration
    private var state: DashboardState
    /// Following the latest period: a new month imported elsewhere moves the view with it.
    private var followsLatest: Bool

    private var periods: [Period] = []
    private var figures: Figures?
    private var alerts: [Alert] = []
    private var lastCounter: Int64?
    private var errorMessage: String?

    init(store: FigureSource, terminal: Terminal, themes: ThemeCatalog, refreshInterval: Duration,
         language: Language?, ascii: Bool, period: Period?) {
        self.store = store
        self.terminal = terminal
        self.themes = themes
        self.refreshInterval = refreshInterval
        let caps = terminal.capabilities
        state = DashboardState(period: period, language: language ?? (caps.unicode ? .zh : .en),
                               ascii: ascii || !caps.unicode)
        followsLatest = period == nil
    }

    /// Runs until the user quits or the terminal goes away; returns the exit status.
    func run() -> Int32 {
        reload()
        draw()
        var nextCheck = ContinuousClock.now + refreshInterval
        while true {
            let wait = max(.zero, nextCheck - .now)
            switch terminal.nextEvent(timeout: wait) {
            case .timeout:
                nextCheck = .now + refreshInterval
                if dataChanged() { reload(); draw() }
            case .key(let key):
                let periodBefore = state.period
                switch state.handle(key, periods: periods) {
                case .quit: return 0
                case .cycleTheme:
                    themes.cycle()
                    terminal.setTheme(themes.current)
                    state.message = themes.message
                case .refresh:
                    reload()
                case .periodChanged:
                    followsLatest = state.period == periods.last
                    if state.period != periodBefore { loadFigures() }
                case .none, .redraw:
                    break
                }
                draw()
            case .resized, .resumed:
                draw()
            case .hangup:
                return 129  // 128 + SIGHUP: the terminal went away.
            case .terminate(let signal):
                return 128 + signal
            }
        }
    }

    /// Has another connection committed since the last look?
    private func dataChanged() -> Bool {
        guard let counter = try? store.changeCounter() else { return true }
        defer { lastCounter = counter }
        return counter != lastCounter
    }

    private func reload() {
        do {
            lastCounter = try store.changeCounter()
            periods = try store.availablePeriods()
            if followsLatest || state.period.map({ !periods.contains($0) }) ?? true {
                state.period = periods.last
            }
            loadFigures()
        } catch {
            errorMessage = "\(error)"
        }
    }

    private func loadFigures() {
        guard let period = state.period else { figures = nil; alerts = []; return }
        do {
            let f = try store.figures(for: period)
            figures = f
            alerts = AlertEngine.alerts(for: f)
            errorMessage = nil
        } catch {
            errorMessage = "\(error)"
        }
    }

    private func draw() {
        let (width, height) = terminal.size
        let status = StatusInfo(refreshSeconds: max(1, Int(refreshInterval.components.seconds)), themeName: themes.current.name,
                                localeNote: terminal.capabilities.localeNote, readOnly: true,
                                error: errorMessage ?? themes.error)
        let input = FrameInput(figures: figures, alerts: alerts, periods: periods, status: status)
        terminal.paint(DashboardRenderer.render(input, state: state, width: width, height: height))
        state.message = nil
    }
}
