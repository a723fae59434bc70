import Foundation
import KejinCore

/// One load the run loop asks of the store: everything the screen lacks, in one go.
public struct LoadRequest: Sendable, Equatable {
    public enum Reload: Sendable, Equatable {
        /// Figures and list only, for the periods the loop already knows.
        case no
        /// Change counter, periods and demo mark first (start, `r`, after an acknowledgement).
        case always
        /// The same, but only when the change counter moved from this value (the refresh check).
        case ifChanged(Int64?)
    }

    public var generation: Int
    public var reload: Reload
    /// `DashboardState.period`: nil follows `defaultPeriod`.
    public var period: Period?
    /// `DashboardState.defaultPeriod`: the latest complete or closed period (a reload finds it anew).
    public var defaultPeriod: Period?
    /// The periods the loop knows (used when not reloading).
    public var periods: [Period]
    /// Load the figures (a reload loads them anyway).
    public var figures: Bool
    /// The drill-down list the screen shows, if any, and whether to load it (a reload does).
    public var detail: DrillRequest?
    public var needsDetail: Bool
    /// The region shown (nil: the whole store), and whether its child regions' alerts are
    /// counted (the Regions view; one evaluation per child).
    public var region: String?
    public var rankRegions = false
    /// The figures carry the programme's (the Programme screen).
    public var programme = false
    /// The chains carry their "of which" (`ScreenSpec.showsCategories`).
    public var categories = false

    public init(generation: Int, reload: Reload, period: Period?, defaultPeriod: Period? = nil, periods: [Period],
                figures: Bool, detail: DrillRequest?, needsDetail: Bool, region: String? = nil, rankRegions: Bool = false,
                programme: Bool = false, categories: Bool = false) {
        self.generation = generation; self.reload = reload; self.period = period
        self.defaultPeriod = defaultPeriod; self.periods = periods
        self.figures = figures; self.detail = detail; self.needsDetail = needsDetail
        self.region = region; self.rankRegions = rankRegions; self.programme = programme
        self.categories = categories
    }

    /// The period this request resolves to among `periods`, as `DashboardState` resolves it.
    func effectivePeriod(in periods: [Period], defaultPeriod: Period?) -> Period? {
        var state = DashboardState(period: period)
        state.defaultPeriod = defaultPeriod
        return state.effectivePeriod(in: periods)
    }
    func effectivePeriod(in periods: [Period]) -> Period? { effectivePeriod(in: periods, defaultPeriod: defaultPeriod) }
}

/// What a load found. Parts the request did not ask for are nil.
public struct LoadResult: Sendable {
    public var generation: Int
    public var counter: Int64?
    public var periods: [Period]?
    /// With `periods`: the period followed when none is chosen (`FigureSource.defaultPeriod`).
    public var defaultPeriod: Period?
    public var demoData: Bool?
    public var figures: (period: Period, figures: Figures, alerts: [Alert])?
    /// The figures' child regions have their alerts counted (`LoadRequest.rankRegions`).
    public var rankedRegions = false
    /// The figures carry the programme's (`LoadRequest.programme`).
    public var withProgramme = false
    public var detail: DetailRows?
    public var error: String?
}

/// Runs the store's queries on threads of their own, so no query ever holds up the keyboard.
/// One thread per source (each its own connection): with two, a query the user has already
/// left (a slow Banks list) does not hold up the next screen's, which runs beside it; and a
/// load hands what it can to an idle thread and reads the figures meanwhile — the previous
/// month (the alerts' hysteresis, on a move back) and a list (a period move on a list) — so
/// it costs the slower of them, not their sum. It keeps only the latest request: one submitted while all threads are busy replaces
/// any still waiting, a load superseded while it waits for its list is given up, and the run
/// loop drops a result that no longer fits what it shows. Every result is read at one store
/// version: a load reads the change counter before and after its reads and reads again when a
/// commit landed in between. `wake` is called (on a worker thread) after each result is
/// posted; results are taken with `takeResults()` on the run loop's thread.
public final class BackgroundLoader: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: LoadRequest?
    /// The newest generation submitted: a load older than it has been superseded.
    private var latest: Int?
    /// Parts handed over by a load to run beside its figures, not yet taken by a thread.
    private var handedOver: [Part] = []
    private var results: [LoadResult] = []
    private var stopped = false
    private let threads: Int
    private let wake: @Sendable () -> Void
    /// The months computed since the store last changed, shared by the threads (the sources
    /// live as long as the loader, as FiguresCache requires).
    public let figuresCache = FiguresCache()

    /// `sources`: one per worker thread, each used by its thread only from here on.
    public init(sources: [FigureSource], wake: @escaping @Sendable () -> Void) {
        precondition(!sources.isEmpty, "a loader needs a source")
        self.wake = wake
        threads = sources.count
        for (i, source) in sources.enumerated() {
            let box = SourceBox(source)
            let thread = Thread { [self] in work(box.source) }
            thread.name = "kejin-loader-\(i)"
            thread.start()
        }
    }

    public convenience init(source: FigureSource, wake: @escaping @Sendable () -> Void) {
        self.init(sources: [source], wake: wake)
    }

    /// Hands a source to its worker thread (the thread is the only one to use it).
    private final class SourceBox: @unchecked Sendable {
        let source: FigureSource
        init(_ source: FigureSource) { self.source = source }
    }

    /// What one load has read on another thread while it reads the figures: a list (its rows
    /// are joined), or a month's figures for the shared cache (the load's alerts take them
    /// from there). Its state is guarded by the loader's lock.
    private final class Part: @unchecked Sendable {
        enum Job {
            case list(DrillRequest, Period)
            /// Months of regions (nil: the whole store), in the order to compute them, for the
            /// load holding `lease`.
            case figures([(region: String?, period: Period)], lease: FiguresCache.Lease)
        }
        let job: Job
        /// The load's generation: a newer request supersedes it.
        let generation: Int
        var rows: Result<DetailRows, Error>?
        init(_ job: Job, generation: Int) { self.job = job; self.generation = generation }
    }

    /// Asks for `request`, replacing a request not yet started.
    public func submit(_ request: LoadRequest) {
        condition.withLock {
            waiting = request
            latest = max(latest ?? request.generation, request.generation)
            // Broadcast: a load waiting for its list must see it is superseded.
            condition.broadcast()
        }
    }

    /// Forgets a request not yet started (the screen no longer needs it).
    public func cancelWaiting() {
        condition.withLock { waiting = nil }
    }

    /// The results posted since the last call, oldest first.
    public func takeResults() -> [LoadResult] {
        condition.withLock {
            defer { results.removeAll() }
            return results
        }
    }

    /// No more results or wake-ups; each worker ends after the query it may be running (a quit
    /// never waits for it).
    public func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    private func work(_ source: FigureSource) {
        while true {
            condition.lock()
            while waiting == nil && handedOver.isEmpty && !stopped { condition.wait() }
            guard !stopped else { condition.unlock(); return }
            // The newest request first: a list handed over is older than it.
            guard let request = waiting else {
                let part = handedOver.removeFirst()
                condition.unlock()
                switch part.job {
                case .list(let list, let period):
                    let rows = Result { try Self.list(list, period: period, from: source) }
                    condition.withLock { part.rows = rows; condition.broadcast() }
                case .figures(let months, let wanted):
                    // Only at the load's store version: when this connection sees a change the
                    // load's did not (or is seen for the first time), the cache is emptied and
                    // the load reads its months itself. A failure is the load's to report too.
                    guard let version = try? source.changeCounter() else { continue }
                    let lease = figuresCache.observe(source, version: version)
                    guard lease == wanted else { continue }
                    for m in months where !condition.withLock({ superseded(part) }) {
                        try? lease.prefill(region: m.region, period: m.period) { try source.figures(for: m.period, region: m.region) }
                    }
                }
                continue
            }
            waiting = nil
            condition.unlock()
            let result = load(request, from: source)
            // Posted and signalled under the lock, so nothing is signalled after `stop()`.
            condition.withLock {
                guard !stopped, let result else { return }
                results.append(result)
                wake()
            }
        }
    }

    /// Runs one request against the source, at one store version: when the change counter
    /// moved while it read (a commit between the figures' reads and the list's), it reads
    /// everything again (at most twice; the refresh tick reloads after a commit anyway). nil
    /// when there is nothing to report (the refresh check found no change and nothing else
    /// was asked) or a newer request superseded it.
    private func load(_ r: LoadRequest, from source: FigureSource) -> LoadResult? {
        var r = r
        for attempt in 1...3 {
            let before: Int64
            do { before = try source.changeCounter() } catch { return LoadResult(generation: r.generation, error: "\(error)") }
            guard let result = loadOnce(r, version: before, from: source) else { return nil }
            guard result.error == nil, attempt < 3, (try? source.changeCounter()) != before else { return result }
            r.reload = .always
        }
        return nil
    }

    private func loadOnce(_ r: LoadRequest, version: Int64, from source: FigureSource) -> LoadResult? {
        var result = LoadResult(generation: r.generation)
        var periods = r.periods
        var defaultPeriod = r.defaultPeriod
        var reloaded = false
        var part: Part?, previous: Part?
        do {
            switch r.reload {
            case .no: break
            case .always: reloaded = true
            case .ifChanged(let known): reloaded = version != known
            }
            if reloaded {
                result.counter = version
                periods = try source.availablePeriods()
                result.periods = periods
                defaultPeriod = try source.defaultPeriod(in: periods)
                result.defaultPeriod = defaultPeriod
                result.demoData = try source.holdsDemoData()
            }
            guard reloaded || r.figures || r.needsDetail else { return nil }
            guard let period = r.effectivePeriod(in: periods, defaultPeriod: defaultPeriod) else { return result }
            let list = r.detail.flatMap { r.needsDetail || reloaded ? $0 : nil }
            let figures = r.figures || reloaded
            if figures {
                // With hysteresis against the previous month, and acknowledgements marked.
                // Months read before at this version (the month just left) come from the cache;
                // the previous month, if not, is read beside this one by an idle thread.
                let lease = figuresCache.observe(source, version: version)
                // The list first: it usually takes longer than a month, which this thread then
                // reads itself unless a thread is free for it.
                if let list, threads > 1 { part = handOver(.list(list, period), generation: r.generation) }
                if threads > 1, periods.contains(period.previous) {
                    previous = handOver(.figures([(r.region, period.previous)], lease: lease), generation: r.generation)
                }
                var (figures, alerts) = try source.evaluatedAlerts(for: period, periods: periods, region: r.region, cache: lease)
                if let previous { withdraw(previous) }
                if r.rankRegions {
                    // Each child's month and previous month: the idle thread takes them from the
                    // last child back, this one from the first on, and they meet in the middle.
                    let children = try source.childRegions(for: period, region: r.region)
                    if threads > 1 {
                        let months = children.reversed().flatMap { [($0.region.code, period.previous), ($0.region.code, period)] }
                            .filter { periods.contains($0.1) }
                        previous = handOver(.figures(months.map { (region: Optional($0.0), period: $0.1) }, lease: lease), generation: r.generation)
                    }
                    figures.childRegions = try source.ranked(children, period: period, periods: periods, cache: lease)
                    if let previous { withdraw(previous) }
                }
                result.rankedRegions = r.rankRegions
                if r.programme { figures.programme = try source.programme(for: period, region: r.region) }
                result.withProgramme = r.programme
                if r.categories { figures.setCategories(try source.chainCategories(for: period, region: r.region)) }
                result.figures = (period, figures, alerts)
            }
            if let list {
                if let handed = part {
                    part = nil
                    guard let rows = try join(handed, from: source) else { return nil }
                    result.detail = rows
                } else {
                    result.detail = try Self.list(list, period: period, from: source)
                }
            }
        } catch {
            if let part { withdraw(part) }
            if let previous { withdraw(previous) }
            result.error = "\(error)"
        }
        return result
    }

    /// The rows of a list, with its filter texts made here rather than on the first frame.
    private static func list(_ list: DrillRequest, period: Period, from source: FigureSource) throws -> DetailRows {
        let rows = try source.detail(list, period: period)
        DetailList.prepare(rows)
        return rows
    }

    /// Offers a part of a load to an idle thread.
    private func handOver(_ job: Part.Job, generation: Int) -> Part {
        let part = Part(job, generation: generation)
        condition.withLock { handedOver.append(part); condition.broadcast() }
        return part
    }

    /// Whether the loader stopped or a newer request came since `part`'s load (under the lock).
    private func superseded(_ part: Part) -> Bool { stopped || (latest ?? part.generation) > part.generation }

    /// Takes a part back when no thread has started it.
    private func withdraw(_ part: Part) {
        condition.withLock { handedOver.removeAll { $0 === part } }
    }

    /// The rows of a list handed over: read here when no thread took it, else waited for. nil
    /// when a newer request came meanwhile (this load is given up) or the loader stopped.
    private func join(_ part: Part, from source: FigureSource) throws -> DetailRows? {
        guard case .list(let list, let period) = part.job else { return nil }
        condition.lock()
        defer { condition.unlock() }
        func superseded() -> Bool { self.superseded(part) }
        if let i = handedOver.firstIndex(where: { $0 === part }) {
            handedOver.remove(at: i)
            if superseded() { return nil }
            condition.unlock()
            defer { condition.lock() }
            return try Self.list(list, period: period, from: source)
        }
        while part.rows == nil && !superseded() { condition.wait() }
        guard let rows = part.rows, !superseded() else { return nil }
        return try rows.get()
    }
}
