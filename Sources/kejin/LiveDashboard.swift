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
    /// `state.period == nil` follows the latest complete period, so a month shows up once its last reporter delivered.
    private var state: DashboardState

    private var periods: [Period] = []
    private var figures: Figures?
    private var alerts: [Alert] = []
    /// The rows of the drill-down list the state shows (`state.detailRequest`), if any.
    private var detail: DetailRows?
    private var lastCounter: Int64?
    private var errorMessage: String?
    /// The store holds the demo data set: the status line says so (演示数据).
    private var demoData = false
    /// Operator mode: records an acknowledgement (opens its own write connection each time);
    /// nil in a plain viewer.
    private let acknowledge: ((AlertAck) throws -> Void)?

    init(store: FigureSource, terminal: Terminal, themes: ThemeCatalog, refreshInterval: Duration,
         language: Language?, ascii: Bool, period: Period?, acknowledge: ((AlertAck) throws -> Void)? = nil) {
        self.store = store
        self.acknowledge = acknowledge
        self.terminal = terminal
        self.themes = themes
        self.refreshInterval = refreshInterval
        let unicode = terminal.capabilities.unicode
        // Without a UTF-8 locale Chinese cannot be drawn: English labels and ASCII, said in the status line.
        state = DashboardState(period: period, language: unicode ? (language ?? .zh) : .en,
                               ascii: ascii || !unicode || terminal.capabilities.ambiguousWide)
        state.operatorMode = acknowledge != nil
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
            state.message = themes.message(state.language)
        case .refresh:
            reload()
        case .periodChanged:
            if state.effectivePeriod(in: periods) != before { loadFigures() }
        case .acknowledge(let id):
            acknowledgeAlert(id)
        case .none, .redraw, .openDetail:
            break
        }
        // Opening or leaving a level, switching screens or periods: load the list now shown.
        if detailIsStale { loadDetail() }
        return nil
    }

    private var detailIsStale: Bool {
        guard let request = state.detailRequest else { return false }
        return detail?.request != request || detail?.period != state.effectivePeriod(in: periods)
    }

    /// Loads the drill-down rows the state asks for (one indexed query; see DetailQuery).
    private func loadDetail() {
        guard let request = state.detailRequest, let period = state.effectivePeriod(in: periods) else {
            detail = nil
            return
        }
        do {
            detail = try store.detail(request, period: period)
        } catch {
            errorMessage = "\(error)"
        }
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
            state.defaultPeriod = try store.defaultPeriod(in: periods)
            demoData = try store.holdsDemoData()
            loadFigures()
            loadDetail()
        } catch {
            errorMessage = "\(error)"
        }
    }

    private func loadFigures() {
        guard let period = state.effectivePeriod(in: periods) else { figures = nil; alerts = []; return }
        do {
            // With hysteresis against the previous month, and acknowledgements marked.
            (figures, alerts) = try store.evaluatedAlerts(for: period, periods: periods)
            errorMessage = nil
        } catch {
            errorMessage = "\(error)"
        }
    }

    /// Records who acknowledged the shown alert `id`, then reloads so it shows quiet.
    private func acknowledgeAlert(_ id: String) {
        guard let acknowledge, let period = state.effectivePeriod(in: periods),
              let alert = alerts.first(where: { $0.id == id }) else { return }
        let me = Store.acknowledger(environment: ProcessInfo.processInfo.environment)
        do {
            try acknowledge(AlertAck(ruleID: alert.ruleID, entityCode: alert.entityCode, severity: alert.severity,
                                     period: period, by: me.by, at: me.at))
            state.message = Str.ackDone.text(state.language) + " \(id)"
        } catch {
            state.message = Str.ackFailed.text(state.language) + ": \(error)"
        }
        reload()
    }

    private var frameInput: FrameInput {
        let status = StatusInfo(refreshSeconds: max(1, Int(refreshInterval.components.seconds)),
                                themeName: themes.current.name, terminalNotes: terminal.capabilities.notes,
                                readOnly: true, error: errorMessage, themeError: themes.error, demoData: demoData)
        return FrameInput(figures: figures, alerts: alerts, periods: periods, status: status, detail: detail)
    }

    private func draw() {
        let (width, height) = terminal.size
        terminal.paint(DashboardRenderer.render(frameInput, state: state, width: width, height: height))
    }
}
