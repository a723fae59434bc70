import Foundation
import KejinCore
import KejinDashboard
import KejinStore
import KejinTerminal

/// The viewer's run loop: waits in the kernel for a key, a signal or the refresh interval;
/// re-queries only when the store's change counter moved, the period changed or a key asked
/// for it; repaints only what changed. It holds aggregates, never loan-level rows.
final class LiveDashboard {
    private let store: FigureSource
    private let terminal: Terminal
    private var themes: ThemeCatalog
    private let refreshInterval: Duration
    /// `state.period == nil` follows the latest period, so a month imported elsewhere shows up.
    private var state: DashboardState

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
        let unicode = terminal.capabilities.unicode
        // Without a UTF-8 locale Chinese cannot be drawn: English labels and ASCII, said in the status line.
        state = DashboardState(period: period, language: unicode ? (language ?? .zh) : .en,
                               ascii: ascii || !unicode || terminal.capabilities.ambiguousWide)
    }

    /// Runs until the user quits or the terminal goes away; returns the exit status.
    func run() -> Int32 {
        reload()
        draw()
        var nextCheck = ContinuousClock.now + refreshInterval
        while true {
            let event = terminal.nextEvent(timeout: max(.zero, nextCheck - .now))
            switch event {
            case .timeout:
                nextCheck = .now + refreshInterval
                guard dataChanged() else { continue }
                reload()
            case .key(.character("\u{0C}")):  // Ctrl-L: repaint everything, as in every curses tool.
                terminal.invalidate()
            case .key(let key):
                if let status = handle(key) { return status }
            case .resized, .resumed:
                break
            case .hangup:
                return 129  // 128 + SIGHUP: the terminal went away; nothing left to draw on.
            case .terminate(let signal):
                return signal == SIGINT ? 0 : 128 + signal
            }
            draw()
        }
    }

    /// Applies a key; returns an exit status when the key quits.
    private func handle(_ key: Key) -> Int32? {
        let before = state.effectivePeriod(in: periods)
        let size = terminal.size
        switch state.handle(key, input: frameInput, width: size.width, height: size.height) {
        case .quit:
            return 0
        case .cycleTheme:
            themes.cycle()
            terminal.setTheme(themes.current)
            state.message = themes.message
        case .refresh:
            reload()
        case .periodChanged:
            if state.effectivePeriod(in: periods) != before { loadFigures() }
        case .none, .redraw:
            break
        }
        return nil
    }

    /// Has another connection committed since the last look? (`PRAGMA data_version`.)
    private func dataChanged() -> Bool {
        guard let counter = try? store.changeCounter() else { return true }
        return counter != lastCounter
    }

    private func reload() {
        do {
            lastCounter = try store.changeCounter()
            periods = try store.availablePeriods()
            loadFigures()
        } catch {
            errorMessage = "\(error)"
        }
    }

    private func loadFigures() {
        guard let period = state.effectivePeriod(in: periods) else { figures = nil; alerts = []; return }
        do {
            let f = try store.figures(for: period)
            figures = f
            alerts = AlertEngine.alerts(for: f)
            errorMessage = nil
        } catch {
            errorMessage = "\(error)"
        }
    }

    private var frameInput: FrameInput {
        let status = StatusInfo(refreshSeconds: max(1, Int(refreshInterval.components.seconds)),
                                themeName: themes.current.name, localeNote: terminal.capabilities.localeNote,
                                readOnly: true, error: errorMessage ?? themes.error)
        return FrameInput(figures: figures, alerts: alerts, periods: periods, status: status)
    }

    private func draw() {
        let (width, height) = terminal.size
        terminal.paint(DashboardRenderer.render(frameInput, state: state, width: width, height: height))
    }
}
