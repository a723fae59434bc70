import Foundation
import KejinCore

/// The viewer's state and the data it shows, and the decisions of its run loop without a
/// terminal: what to load after a key, a tick or a reload, and whether a load's result still
/// fits what is shown (a result for a screen or period the user has left is dropped). Every
/// query runs on the `BackgroundLoader`'s thread; nothing here waits for one, so keys always
/// act at once. Used from one thread (the run loop's).
public final class DashboardSession {
    public var state: DashboardState
    public private(set) var periods: [Period] = []
    public private(set) var figures: Figures?
    public private(set) var alerts: [Alert] = []
    /// The rows of the drill-down list shown, as last loaded (possibly of the period before,
    /// while the new one loads); nil until loaded.
    public var detail: DetailRows? { state.detailRequest.flatMap { lists[$0] } }
    /// The lists of the levels on the screen's drill path, so Esc back shows its level at once.
    private var lists: [DrillRequest: DetailRows] = [:]
    public private(set) var demoData = false
    public var errorMessage: String?
    /// Loads failed one after another since this time (nil: the last one succeeded), and how
    /// many: the run loop waits longer between retries (`retryDelay`).
    public private(set) var failingSince: Date?
    public private(set) var consecutiveFailures = 0
    /// When the figures shown were read (to mark them stale while loads fail).
    public private(set) var figuresReadAt: Date?
    /// The wall clock (tests pass their own).
    private let now: () -> Date
    /// Results that arrived for a screen or period no longer shown, and were dropped.
    public private(set) var droppedResults = 0

    private let loader: BackgroundLoader
    private var counter: Int64?
    private var figuresPeriod: Period?
    /// The region of the figures held, and whether their child regions' alerts were counted.
    private var figuresRegion: String?
    private var figuresRanked = false
    private var figuresWithProgramme = false
    private var generation = 0
    private var appliedGeneration = 0
    /// The latest request that loads something the screen lacks, until its result arrives.
    private var pending: (request: LoadRequest, since: ContinuousClock.Instant)?

    public init(state: DashboardState, loader: BackgroundLoader, now: @escaping () -> Date = Date.init) {
        self.state = state
        self.loader = loader
        self.now = now
    }

    /// How long the run loop waits before asking the store again: the refresh interval while
    /// all is well; after failures, twice as long each time, up to 30 s (a store that is down
    /// or unreachable is not hammered, and it is back within 30 s of returning).
    public func retryDelay(refresh: Duration) -> Duration {
        guard consecutiveFailures > 0 else { return refresh }
        return min(refresh * (1 << min(consecutiveFailures, 5)), max(refresh, .seconds(30)))
    }

    /// The period shown.
    public var period: Period? { state.effectivePeriod(in: periods) }

    /// True while a load the screen waits for runs.
    public var isLoading: Bool { pending != nil }

    /// When a pending load started (for the loading indicator's timer).
    public var loadingSince: ContinuousClock.Instant? { pending?.since }

    /// "正在加载 银行 2025-05…" while the screen waits for a load; nil when nothing is pending.
    public var loadingText: String? {
        guard let pending else { return nil }
        let l = state.language
        let what = pending.request.effectivePeriod(in: periods).map { " " + $0.key } ?? ""
        return Str.loading.text(l) + " " + state.screen.title.text(l) + what + "…"
    }

    /// Reads everything again: counter, periods, figures and the list shown (start, `r`).
    public func reload() { submit(.always) }

    /// The refresh tick: reload when another connection committed, else nothing at all (no
    /// result, no wake-up, no repaint).
    public func checkForChanges() { submit(.ifChanged(counter)) }

    /// Applies a key to the state and asks for whatever the screen now lacks. The caller acts
    /// on `.quit`, `.cycleTheme` and `.acknowledge`; `.refresh` reloads here.
    public func handle(_ key: Key, input: FrameInput, width: Int, height: Int) -> DashboardAction {
        let action = state.handle(key, input: input, width: width, height: height)
        if action == .refresh { reload() } else { requestMissing() }
        return action
    }

    /// Applies the results posted since the last look; true when the frame changed.
    @discardableResult
    public func receiveResults() -> Bool {
        var changed = false
        for result in loader.takeResults() { changed = apply(result) || changed }
        // New periods can leave the screen lacking something (rare); after a failed query,
        // the next try waits for the refresh tick or a key rather than spinning.
        if changed, errorMessage == nil { requestMissing() }
        return changed
    }

    private func apply(_ r: LoadResult) -> Bool {
        // Workers finish out of order: a newer request asked for everything missing at its
        // time, so an older result has nothing the newer one lacks (and may be older data).
        guard r.generation > appliedGeneration else { droppedResults += 1; return false }
        appliedGeneration = r.generation
        var changed = false
        if let newPeriods = r.periods {
            periods = newPeriods
            state.defaultPeriod = r.defaultPeriod
            counter = r.counter
            demoData = r.demoData ?? demoData
            lists = [:]   // the data changed: every list is loaded again when shown
            if period == nil { figures = nil; alerts = []; figuresPeriod = nil }
            changed = true
        }
        if let f = r.figures {
            if f.period == period, f.figures.region?.code == state.region {
                (figures, alerts, figuresPeriod) = (f.figures, f.alerts, f.period)
                (figuresRegion, figuresRanked) = (state.region, r.rankedRegions)
                figuresWithProgramme = r.withProgramme
                figuresReadAt = now()
                changed = true
            } else { droppedResults += 1 }
        }
        if let x = r.extras {
            // For the month shown (a move since makes them useless: the new month loads its own).
            if x.period == figuresPeriod, x.region == figuresRegion, x.period == period, x.region == state.region {
                figures?.add(x)
                if x.asked.contains(.programme) { figuresWithProgramme = true }
                changed = true
            } else { droppedResults += 1 }
        }
        if let d = r.detail {
            if d.request == state.detailRequest, d.period == period {
                lists[d.request] = d
                keepListsOnPath()
                changed = true
            } else { droppedResults += 1 }
        }
        if let e = r.error {
            if errorMessage == nil { failingSince = now() }
            consecutiveFailures += 1
            errorMessage = e
            changed = true
        } else if errorMessage != nil || consecutiveFailures > 0 {
            // A load that went through: the store answers again.
            (errorMessage, failingSince, consecutiveFailures) = (nil, nil, 0)
            changed = true
        }
        if let p = pending, r.generation >= p.request.generation {
            pending = nil
            changed = true   // the loading indicator goes
        }
        return changed
    }

    /// Keeps only the lists of the shown screen's levels, for the period shown: a few lists,
    /// never every list ever opened.
    private func keepListsOnPath() {
        let path = Set(([state.rootRequest].compactMap { $0 }) + (state.drills[state.screen] ?? []).map(\.request))
        lists = lists.filter { path.contains($0.key) && $0.value.period == period }
    }

    /// Asks for the figures and list the state shows but the session lacks, unless that very
    /// load is already pending.
    private func requestMissing() { submit(.no) }

    private func submit(_ asked: LoadRequest.Reload) {
        // A reload not yet answered stays a reload when a key's request replaces it.
        let reload = pending?.request.reload == .always ? .always : asked
        let p = period
        let ranks = state.screen == .regions
        let programme = state.screen == .programme
        let categories = state.screen.spec.showsCategories
        let products = programme && ProgrammeScreen.showsProducts(state.cursor(.programme))
        let needsFigures = p != nil && (figuresPeriod != p || figuresRegion != state.region || (ranks && !figuresRanked))
        // What the month shown lacks for this screen or panel: loaded alone, the month not again.
        var extras: Set<FigureExtra> = []
        if !needsFigures, p != nil {
            if programme && !figuresWithProgramme { extras.insert(.programme) }
            if categories && figures?.hasCategories != true { extras.insert(.categories) }
            if products && (extras.contains(.programme) || figures?.programme != nil && figures?.programme?.products == nil) {
                extras.insert(.products)
            }
        }
        let wanted = state.detailRequest
        let needsDetail = p != nil && wanted != nil && (detail?.request != wanted || detail?.period != p)
        if reload == .no, !needsFigures, extras.isEmpty, !needsDetail {
            // Back where the data is: whatever still runs or waits is no longer awaited.
            if pending != nil { loader.cancelWaiting() }
            pending = nil
            return
        }
        var request = LoadRequest(generation: generation + 1, reload: reload, period: state.period,
                                  defaultPeriod: state.defaultPeriod, periods: periods,
                                  figures: needsFigures, detail: wanted, needsDetail: needsDetail,
                                  region: state.region, rankRegions: ranks, programme: programme,
                                  categories: categories, products: products, extras: extras)
        if reload == .no, var same = pending?.request {
            same.generation = request.generation
            if same == request { return }   // that very load is on its way
        }
        generation += 1
        request.generation = generation
        loader.submit(request)
        // A refresh check with nothing missing answers only when the data changed: not "loading".
        if reload == .always || needsFigures || !extras.isEmpty || needsDetail {
            pending = (request, pending?.since ?? .now)
        } else {
            pending = nil
        }
    }

    /// "21:40:05", local time.
    static func clockText(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "HH:mm:ss"
        return f.string(from: date)
    }

    /// What one frame shows; the loading indicator goes in the status line's message slot
    /// when the load has taken longer than `loadingAfter` and no other message is shown.
    public func frame(status: StatusInfo, loadingAfter: Duration = .milliseconds(100)) -> (FrameInput, DashboardState) {
        var status = status
        status.error = errorMessage
        if errorMessage != nil {
            status.errorSince = failingSince.map(Self.clockText)
            status.figuresReadAt = figuresReadAt.map(Self.clockText)
        }
        status.demoData = demoData
        var shown = state
        if shown.message == nil, let since = loadingSince, ContinuousClock.now - since >= loadingAfter {
            shown.message = loadingText
        }
        return (FrameInput(figures: figures, alerts: alerts, periods: periods, status: status, detail: detail), shown)
    }
}
