import Foundation
import KejinCore
import KejinDashboard
import KejinStore
import KejinTerminal

/// The viewer's run loop: waits in the kernel for a key, a signal, a finished load or the
/// refresh interval. The store is queried on a background thread (`BackgroundLoader`), only
/// when the change counter moved, the period changed or a key asked for it, so keys act at
/// once however long a query takes; repaints only what changed. It holds aggregates and one
/// page's list, never loan-level rows.
final class LiveDashboard {
    private let terminal: Terminal
    private var themes: ThemeCatalog
    private let refreshInterval: Duration
    /// The state (`state.period == nil` follows the latest complete period, so a month shows
    /// up once its last reporter delivered or it is closed), the data shown and what to load; queries run on its loader's thread.
    private let session: DashboardSession
    private let loader: BackgroundLoader
    /// This thread's own connection, only for `changeCounter()` (nil: the loader checks).
    private let counterSource: FigureSource?
    /// Its counter at the last look.
    private var lastCounter: Int64?
    /// Operator mode: records an acknowledgement (opens its own write connection each time);
    /// nil in a plain viewer.
    private let acknowledge: ((AlertAck) throws -> Void)?
    /// Who acknowledges (`kejin serve` passes the SSH key's name); nil: the OS user.
    private let acknowledger: String?
    /// After this long without a key the figures hide behind LockScreen; the next key only unlocks.
    private let idleLock: Duration?
    private var lastKey = ContinuousClock.now
    private var locked = false
    /// A load pending this long shows "正在加载 …" in the status line.
    private let loadingAfter = Duration.milliseconds(100)

    /// `store` is used from the run loop's thread only for its change counter (or from the
    /// loader's thread only, when it is not a `Store` whose path can be opened again).
    init(store: FigureSource, terminal: Terminal, themes: ThemeCatalog, refreshInterval: Duration,
         language: Language?, ascii: Bool, period: Period?, idleLock: Duration? = nil, acknowledger: String? = nil,
         region: String? = nil, regionRoot: String? = nil, acknowledge: ((AlertAck) throws -> Void)? = nil) {
        self.idleLock = idleLock
        self.acknowledger = acknowledger
        self.acknowledge = acknowledge
        self.terminal = terminal
        self.themes = themes
        self.refreshInterval = refreshInterval
        let unicode = terminal.capabilities.unicode
        // Without a UTF-8 locale Chinese cannot be drawn: English labels and ASCII, said in the status line.
        var state = DashboardState(period: period, language: unicode ? (language ?? .zh) : .en,
                                   ascii: ascii || !unicode || terminal.capabilities.ambiguousWide)
        state.operatorMode = acknowledge != nil
        (state.region, state.regionRoot) = (region, regionRoot)
        let wakeUp = terminal.wakeUp
        // The loader's two read-only connections, so a query the user has left does not hold
        // up the next; `store` stays on this thread for the refresh tick's change counter,
        // which never waits behind a query and keeps idle to one wake-up per interval.
        let workers = (store as? Store).flatMap { s in try? (0..<2).map { _ in try s.reader() } }
        counterSource = workers == nil ? nil : store
        loader = BackgroundLoader(sources: workers ?? [store], wake: { wakeUp.signal() })
        session = DashboardSession(state: state, loader: loader)
    }

    deinit { loader.stop() }

    /// Runs until the user quits or the terminal goes away; returns the exit status. A quit
    /// never waits for a query still running on the loader's thread.
    func run() -> Int32 {
        defer { loader.stop() }
        lastCounter = try? counterSource?.changeCounter()
        session.reload()
        drawSoon(within: loadingAfter)
        var nextCheck = ContinuousClock.now + refreshInterval
        while true {
            let due = min(nextCheck, lockDue, loadingDue, drawDue ?? .now + .seconds(3600))
            let event = terminal.nextEvent(timeout: max(.zero, due - .now))
            if case .key = event, unlockOrNoteKey() { draw(); continue }
            switch event {
            case .timeout:
                if !locked, let idleLock, ContinuousClock.now - lastKey >= idleLock {
                    locked = true
                    break
                }
                if loadingDue <= .now || (drawDue.map { $0 <= .now } ?? false) { break }   // a frame is due
                guard ContinuousClock.now >= nextCheck else { continue }
                // After failed loads the next try waits longer (DashboardSession.retryDelay).
                nextCheck = .now + session.retryDelay(refresh: refreshInterval)
                // An idle check wakes nothing else and paints nothing.
                checkForChanges()
                continue
            case .wakeUp:
                guard session.receiveResults() else { continue }
            case .key(.character("\u{0C}")):  // Ctrl-L: repaint everything, as in every curses tool.
                terminal.invalidate()
            case .key(let key):
                if let status = handle(key) { return status }
                if session.isLoading { drawSoon(within: paintGrace); continue }
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

    /// A key that started a load waits this long for its result before the frame is painted
    /// without it: a fast query paints one frame, not a "loading" frame and then the data.
    private let paintGrace = Duration.milliseconds(40)
    /// A frame held back for a load (see `paintGrace`); painted by then at the latest.
    private var drawDue: ContinuousClock.Instant?

    private func drawSoon(within grace: Duration) {
        if drawDue == nil { drawDue = .now + grace }
    }

    /// Has another connection committed since the last look (`PRAGMA data_version`)? Then
    /// reload. While loads fail, every check is a retry of the whole reload: the store may be
    /// back with nothing changed, and the stale mark must go.
    private func checkForChanges() {
        if session.errorMessage != nil { return session.reload() }
        guard let counterSource else { return session.checkForChanges() }
        let counter = try? counterSource.changeCounter()
        guard counter == nil || counter != lastCounter else { return }
        lastCounter = counter
        session.reload()
    }

    /// When the idle lock is next due (far away without --idle-lock or while locked).
    private var lockDue: ContinuousClock.Instant {
        guard let idleLock, !locked else { return .now + .seconds(3600) }
        return lastKey + idleLock
    }

    /// When the loading indicator is due (far away when nothing is pending or it shows already).
    private var loadingDue: ContinuousClock.Instant {
        guard let since = session.loadingSince, since + loadingAfter > shownLoadingUntil else { return .now + .seconds(3600) }
        return since + loadingAfter
    }

    /// The indicator of the load that started at this instant has been drawn.
    private var shownLoadingUntil = ContinuousClock.Instant.now - .seconds(3600)

    /// Notes a key's time; true when the key only unlocked the screen (and is not acted upon).
    private func unlockOrNoteKey() -> Bool {
        lastKey = .now
        guard locked else { return false }
        locked = false
        return true
    }

    /// Applies a key; returns an exit status when the key quits. Never waits for the store.
    private func handle(_ key: Key) -> Int32? {
        let size = terminal.size
        switch session.handle(key, input: frameInput.0, width: size.width, height: size.height) {
        case .quit:
            return 0
        case .cycleTheme:
            themes.cycle()
            terminal.setTheme(themes.current)
            session.state.message = themes.message(session.state.language)
        case .acknowledge(let id):
            acknowledgeAlert(id)
        case .none, .redraw, .openDetail, .refresh, .periodChanged:
            break
        }
        return nil
    }

    /// Records who acknowledged the shown alert `id`, then reloads so it shows quiet.
    private func acknowledgeAlert(_ id: String) {
        guard let acknowledge, let period = session.period,
              let alert = session.alerts.first(where: { $0.id == id }) else { return }
        let me = Store.acknowledger(environment: ProcessInfo.processInfo.environment)
        do {
            try acknowledge(AlertAck(ruleID: alert.ruleID, entityCode: alert.entityCode, severity: alert.severity,
                                     period: period, by: acknowledger ?? me.by, at: me.at))
            session.state.message = Str.ackDone.text(session.state.language) + " \(id)"
        } catch {
            session.state.message = Str.ackFailed.text(session.state.language) + ": \(error)"
        }
        session.reload()
    }

    private var frameInput: (FrameInput, DashboardState) {
        let status = StatusInfo(refreshSeconds: max(1, Int(refreshInterval.components.seconds)),
                                themeName: themes.current.name, terminalNotes: terminal.capabilities.notes,
                                readOnly: true, themeError: themes.error)
        return session.frame(status: status, loadingAfter: loadingAfter)
    }

    private func draw() {
        drawDue = nil
        let (width, height) = terminal.size
        if locked { return terminal.paint(LockScreen.render(language: session.state.language, width: width, height: height)) }
        if let since = session.loadingSince, ContinuousClock.now - since >= loadingAfter { shownLoadingUntil = since + loadingAfter }
        let (input, state) = frameInput
        terminal.paint(DashboardRenderer.render(input, state: state, width: width, height: height))
    }
}
