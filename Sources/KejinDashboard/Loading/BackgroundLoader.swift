import Foundation
import KejinCore

/// What figures carry apart from their month's own reads (the Programme screen's programme
/// and its banks' products, the chains' "of which"): a screen or panel that shows one of them
/// for a month already shown loads it alone (`LoadRequest.extras`), not the month again.
public enum FigureExtra: Sendable, Hashable {
    case programme, categories, products
}

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
    /// The programme carries the banks' products (the 一链一行 panel is selected).
    public var products = false
    /// Pieces the figures shown lack, loaded alone for them (with `figures` false).
    public var extras: Set<FigureExtra> = []

    /// The pieces figures loaded for this request carry.
    var carried: Set<FigureExtra> {
        var pieces: Set<FigureExtra> = []
        if programme { pieces.insert(.programme) }
        if categories { pieces.insert(.categories) }
        if programme && products { pieces.insert(.products) }
        return pieces
    }

    public init(generation: Int, reload: Reload, period: Period?, defaultPeriod: Period? = nil, periods: [Period],
                figures: Bool, detail: DrillRequest?, needsDetail: Bool, region: String? = nil, rankRegions: Bool = false,
                programme: Bool = false, categories: Bool = false, products: Bool = false, extras: Set<FigureExtra> = []) {
        self.generation = generation; self.reload = reload; self.period = period
        self.defaultPeriod = defaultPeriod; self.periods = periods
        self.figures = figures; self.detail = detail; self.needsDetail = needsDetail
        self.region = region; self.rankRegions = rankRegions; self.programme = programme
        self.categories = categories; self.products = products; self.extras = extras
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
    /// The pieces `LoadRequest.extras` asked, for the figures of their period and region.
    public var extras: LoadedExtras?
    public var error: String?
}

/// Pieces loaded for figures already shown (`LoadRequest.extras`); those not `asked` are nil.
public struct LoadedExtras: Sendable {
    public var period: Period
    public var region: String?
    public var asked: Set<FigureExtra>
    public var programme: ProgrammeFigures?
    public var products: ProductFigures?
    public var categories: [String: [CategoryMeasure]]?
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

    /// A piece of one load that an idle thread may read meanwhile, on its own source: a list,
    /// the chains' "of which", the programme (the load joins their results), or months put
    /// in the figures cache (the load's alerts take them from there). Its state is guarded by
    /// the loader's lock.
    private final class Part: @unchecked Sendable {
        /// The load's generation: a newer request supersedes it.
        let generation: Int
        let read: (FigureSource) throws -> Any
        /// A thread started it (or it was withdrawn): the load waits for `result`.
        var taken = false
        var result: Result<Any, Error>?
        init(generation: Int, read: @escaping (FigureSource) throws -> Any) { self.generation = generation; self.read = read }
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
                part.taken = true
                condition.unlock()
                let result = Result { try part.read(source) }
                condition.withLock { part.result = result; condition.broadcast() }
                continue
            }
            waiting = nil
            condition.unlock()
            let result = load(request, from: source)
            // Posted and signalled under the lock, so nothing is signalled after `stop()`.
            let posted = condition.withLock { () -> Bool in
                guard !stopped, let result else { return false }
                results.append(result)
                wake()
                return true
            }
            // The list's filter texts, made after the result is posted, not before: the frame
            // needs none of them (a month's move on a list of 2,500 firms waited ~1 ms for
            // them), the first `/` finds them made.
            if posted, let rows = result?.detail { DetailList.prepare(rows) }
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
        var parts = Parts()
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
            guard reloaded || r.figures || r.needsDetail || !r.extras.isEmpty else { return nil }
            guard let period = r.effectivePeriod(in: periods, defaultPeriod: defaultPeriod) else { return result }
            let list = r.detail.flatMap { r.needsDetail || reloaded ? $0 : nil }
            let figures = r.figures || reloaded
            // Pieces an idle thread may read beside this one's figures: the list first (it
            // usually takes longest), then the programme and the chains' "of which", then the
            // previous month (the alerts' hysteresis, when not kept). Each is read here when no
            // thread took it; the load costs the slowest of them, not their sum.
            let lease = figuresCache.observe(source, version: version)
            if let list { parts.list = handOver(r) { try Self.list(list, period: period, from: $0) } }
            // The pieces the new figures carry, or those the figures shown lack.
            let pieces = figures ? r.carried : r.extras
            if pieces.contains(.programme) { parts.programme = handOver(r) { try $0.programme(for: period, region: r.region) as Any } }
            if pieces.contains(.categories) { parts.categories = handOver(r) { try $0.chainCategories(for: period, region: r.region) } }
            if pieces.contains(.products) { parts.products = handOver(r) { try $0.products(for: period, region: r.region) as Any } }
            if figures {
                if periods.contains(period.previous) { parts.months = prefill([(r.region, period.previous)], lease, r) }
                // With hysteresis against the previous month, and acknowledgements marked.
                var (figures, alerts) = try source.evaluatedAlerts(for: period, periods: periods, region: r.region, cache: lease)
                if r.rankRegions {
                    // Each child's month and previous month: the idle thread takes them from the
                    // last child back, this one from the first on, and they meet in the middle.
                    let children = try source.childRegions(for: period, region: r.region)
                    let months = children.reversed().flatMap { [($0.region.code, period.previous), ($0.region.code, period)] }
                        .filter { periods.contains($0.1) }
                    parts.months.map(withdraw)
                    parts.months = prefill(months.map { (Optional($0.0), $0.1) }, lease, r)
                    figures.childRegions = try source.ranked(children, period: period, periods: periods, cache: lease)
                }
                result.rankedRegions = r.rankRegions
                result.figures = (period, figures, alerts)
            }
            var extras = LoadedExtras(period: period, region: r.region, asked: pieces)
            if let part = parts.programme {
                guard let programme: ProgrammeFigures? = try join(part, from: source) else { return nil }
                extras.programme = programme
            }
            if let part = parts.products {
                guard let products: ProductFigures? = try join(part, from: source) else { return nil }
                extras.products = products
            }
            if let part = parts.categories {
                guard let categories: [String: [CategoryMeasure]] = try join(part, from: source) else { return nil }
                extras.categories = categories
            }
            if figures {
                result.figures?.figures.add(extras)
                result.withProgramme = r.programme
            } else if !pieces.isEmpty {
                result.extras = extras
            }
            if let part = parts.list {
                guard let rows: DetailRows = try join(part, from: source) else { return nil }
                result.detail = rows
            }
            parts.withdrawAll(self)
        } catch {
            parts.withdrawAll(self)
            result.error = "\(error)"
        }
        return result
    }

    /// The rows of a list (its filter texts are made once it is posted: `work`).
    private static func list(_ list: DrillRequest, period: Period, from source: FigureSource) throws -> DetailRows {
        try source.detail(list, period: period)
    }

    /// A load's pieces handed over (nil: not asked, or read here).
    private struct Parts {
        var list: Part?, programme: Part?, products: Part?, categories: Part?, months: Part?
        func withdrawAll(_ loader: BackgroundLoader) { [list, programme, products, categories, months].compactMap { $0 }.forEach(loader.withdraw) }
    }

    /// Offers a piece of `request`'s load to an idle thread (with one thread, it is read in
    /// turn when joined).
    private func handOver(_ request: LoadRequest, _ read: @escaping (FigureSource) throws -> Any) -> Part {
        let part = Part(generation: request.generation, read: read)
        if threads > 1 { condition.withLock { handedOver.append(part); condition.broadcast() } }
        return part
    }

    /// Offers months to compute into the figures cache, for the load holding `lease`: an idle
    /// thread computes them only at that lease's store version (when its connection sees a
    /// change the load's did not, or is seen for the first time, the cache is emptied and the
    /// load reads its months itself). A failure is the load's to report, when it reads them.
    private func prefill(_ months: [(region: String?, period: Period)], _ lease: FiguresCache.Lease, _ request: LoadRequest) -> Part {
        handOver(request) { [unowned self] source in
            guard let version = try? source.changeCounter() else { return () }
            let mine = figuresCache.observe(source, version: version)
            guard mine == lease else { return () }
            for m in months where !condition.withLock({ superseded(request.generation) }) {
                try? mine.prefill(region: m.region, period: m.period) { try source.figures(for: m.period, region: m.region) }
            }
            return ()
        }
    }

    /// Whether the loader stopped or a newer request came since the load of `generation`
    /// (under the lock).
    private func superseded(_ generation: Int) -> Bool { stopped || (latest ?? generation) > generation }

    /// Takes a piece back when no thread has started it.
    private func withdraw(_ part: Part) {
        condition.withLock {
            part.taken = true
            handedOver.removeAll { $0 === part }
        }
    }

    /// A piece's result, of the type its `read` returns: read here when no thread took it,
    /// else waited for. nil when a newer request came meanwhile (this load is given up) or
    /// the loader stopped.
    private func join<T>(_ part: Part, from source: FigureSource) throws -> T? {
        condition.lock()
        defer { condition.unlock() }
        if !part.taken {
            part.taken = true
            handedOver.removeAll { $0 === part }
            if superseded(part.generation) { return nil }
            condition.unlock()
            defer { condition.lock() }
            return .some(try part.read(source) as! T)
        }
        while part.result == nil && !superseded(part.generation) { condition.wait() }
        guard let result = part.result, !superseded(part.generation) else { return nil }
        return .some(try result.get() as! T)
    }
}

extension Figures {
    /// Adds the pieces loaded for them (`LoadedExtras`): those asked replace what was there.
    mutating func add(_ extras: LoadedExtras) {
        if extras.asked.contains(.programme) { programme = extras.programme }
        if extras.asked.contains(.products) { programme?.products = extras.products }
        if let categories = extras.categories { setCategories(categories) }
    }
}
