import Foundation
import KejinCore
import Testing
@testable import KejinDashboard

/// The run loop's decisions with a slow store: keys act and `q` quits while a query is still
/// running on the loader's thread, and a result for a screen or period the user has left is
/// dropped. The source is a test double whose queries block until the test releases them.
@Suite struct BackgroundLoadingTests {
    /// Fixture figures and lists for thirteen months; a query can be held at a gate.
    final class SlowSource: FigureSource, DetailSource, @unchecked Sendable {
        private let lock = NSLock()
        private var heldDetail: DrillRequest?
        private var heldPeriod: Period?
        private let gate = DispatchSemaphore(value: 0)
        /// Set when a held query entered the gate (the worker is now blocked in it).
        let entered: DispatchSemaphore
        init(entered: DispatchSemaphore = DispatchSemaphore(value: 0)) { self.entered = entered }
        private(set) var threads: Set<UInt> = []

        func hold(detail: DrillRequest? = nil, figuresOf period: Period? = nil) {
            lock.withLock { heldDetail = detail; heldPeriod = period }
        }
        func release() { lock.withLock { heldDetail = nil; heldPeriod = nil }; gate.signal() }

        private func note() { lock.withLock { _ = threads.insert(UInt(pthread_self())) } }
        private func wait(if held: Bool) {
            guard held else { return }
            entered.signal()
            _ = gate.wait(timeout: .now() + 10)
        }

        func changeCounter() throws -> Int64 { note(); return 1 }
        func availablePeriods() throws -> [Period] { note(); return Fixture.periods }
        /// The months whose figures this source computed, in order.
        private var computedMonths: [Period] = []
        var computed: [Period] { lock.withLock { computedMonths } }
        func forget() { lock.withLock { computedMonths = [] } }
        func figures(for period: Period) throws -> Figures {
            note()
            lock.withLock { computedMonths.append(period) }
            wait(if: lock.withLock { heldPeriod == period })
            var f = Fixture.figures
            f.period = period
            for i in f.chains.indices { f.chains[i].categories = nil }   // as a store's figures: apart
            return f
        }
        /// The chains' "of which", counted per call.
        private(set) var categoryLoads = 0
        func chainCategories(for period: Period, region: String?) throws -> [String: [CategoryMeasure]] {
            note()
            lock.withLock { categoryLoads += 1 }
            return Dictionary(uniqueKeysWithValues: Fixture.figures.chains.compactMap { ch in ch.categories.map { (ch.code, $0) } })
        }
        /// The programme without its products (as a store's: apart), and the products, counted per call.
        private(set) var productLoads = 0
        func programme(for period: Period, region: String?) throws -> ProgrammeFigures? {
            note()
            var p = Fixture.programme
            p.products = nil
            return p
        }
        func products(for period: Period, region: String?) throws -> ProductFigures? {
            note()
            lock.withLock { productLoads += 1 }
            return Fixture.products
        }
        func detail(_ request: DrillRequest, period: Period) throws -> DetailRows {
            note()
            wait(if: lock.withLock { heldDetail == request })
            var rows = DetailFixture.rows(request)
            rows.period = period
            return rows
        }
    }

    /// A session on a slow source whose loader signals `woken` for each result.
    struct Rig {
        let source = SlowSource()
        let woken = DispatchSemaphore(value: 0)
        let loader: BackgroundLoader
        let session: DashboardSession

        init() {
            let woken = self.woken
            loader = BackgroundLoader(source: source, wake: { woken.signal() })
            session = DashboardSession(state: DashboardState(), loader: loader)
        }

        /// Waits (up to 5 s) for the loader's next wake-up and applies what it posted.
        func awaitResult() -> Bool {
            guard woken.wait(timeout: .now() + 5) == .success else { return false }
            session.receiveResults()
            return true
        }

        func press(_ key: Key) -> DashboardAction {
            let (input, _) = session.frame(status: StatusInfo())
            return session.handle(key, input: input, width: 120, height: 40)
        }
    }

    @Test func keysActAndQQuitsWhileABanksLoadIsPending() throws {
        let rig = Rig()
        defer { rig.loader.stop() }
        rig.session.reload()
        #expect(rig.awaitResult())
        #expect(rig.session.period == Fixture.periods.last)
        #expect(rig.session.figures?.period == Fixture.periods.last)

        rig.source.hold(detail: .banks)
        _ = rig.press(.character("5"))
        #expect(rig.source.entered.wait(timeout: .now() + 5) == .success)   // the worker is stuck in the query
        #expect(rig.session.isLoading)
        #expect(rig.session.loadingText == "正在加载 银行 \(Fixture.periods.last!.key)…")
        // Keys still act: Tab to the next screen, back to Overview; `q` quits.
        _ = rig.press(.tab)
        #expect(rig.session.state.screen == .fourLoans)
        _ = rig.press(.character("1"))
        #expect(rig.session.state.screen == .overview)
        #expect(!rig.session.isLoading)   // the Overview's figures are there: nothing awaited
        #expect(rig.press(.character("q")) == .quit)

        // The Banks rows arrive for a screen the user has left: dropped, not shown.
        rig.source.release()
        #expect(rig.awaitResult())
        #expect(rig.session.droppedResults >= 1)
        #expect(rig.session.detail?.request != .banks)
        // Every query ran on the loader's thread, none on the test's (the run loop's) thread.
        #expect(rig.source.threads.count == 1 && !rig.source.threads.contains(UInt(pthread_self())))
    }

    @Test func aResultForAPeriodLeftIsDroppedAndTheCurrentOneShown() throws {
        let rig = Rig()
        defer { rig.loader.stop() }
        rig.session.reload()
        #expect(rig.awaitResult())
        let latest = Fixture.periods.last!, previous = latest.previous

        rig.source.hold(figuresOf: previous.previous)   // the month back's hysteresis look-back blocks
        _ = rig.press(.character("["))
        #expect(rig.source.entered.wait(timeout: .now() + 5) == .success)
        #expect(rig.session.isLoading)
        #expect(rig.session.figures?.period == latest)   // the previous figures stay visible meanwhile
        _ = rig.press(.character("]"))                  // back before the load finished
        #expect(rig.session.period == latest)
        #expect(!rig.session.isLoading)

        rig.source.release()
        #expect(rig.awaitResult())
        #expect(rig.session.droppedResults == 1)
        #expect(rig.session.figures?.period == latest)

        // On Banks, a period move loads the list again, for the new period only.
        _ = rig.press(.character("5"))
        #expect(rig.awaitResult())
        #expect(rig.session.detail?.request == .banks && rig.session.detail?.period == latest)
        _ = rig.press(.character("["))
        #expect(rig.awaitResult())
        #expect(rig.session.detail?.period == previous && rig.session.figures?.period == previous)
        #expect(!rig.session.isLoading)
    }

    @Test func withTwoConnectionsAQueryLeftDoesNotHoldUpTheNext() throws {
        let entered = DispatchSemaphore(value: 0)   // whichever connection takes the query
        let sources = [SlowSource(entered: entered), SlowSource(entered: entered)]
        let woken = DispatchSemaphore(value: 0)
        let loader = BackgroundLoader(sources: sources, wake: { woken.signal() })
        defer { loader.stop() }
        let session = DashboardSession(state: DashboardState(), loader: loader)
        func press(_ key: Key) { _ = session.handle(key, input: session.frame(status: StatusInfo()).0, width: 120, height: 40) }
        func awaitResult() -> Bool {
            guard woken.wait(timeout: .now() + 5) == .success else { return false }
            session.receiveResults()
            return true
        }
        session.reload()
        #expect(awaitResult())

        sources.forEach { $0.hold(detail: .banks) }
        press(.character("5"))
        // One connection is stuck in the Banks query; the Four loans list comes from the other.
        #expect(entered.wait(timeout: .now() + 5) == .success)
        press(.character("6"))
        #expect(awaitResult())
        #expect(session.detail?.request == .fourLoans)
        #expect(!session.isLoading)

        // The Banks rows, late. Which thread was stuck decides what becomes of them: the one
        // running the Banks load posts them when released, and the run loop drops them; an
        // idle thread that took the load's list hands them to a load that was given up when
        // the Four loans came (posted never). Either way nothing of them is shown: back on
        // Banks, the list that arrives is the new request's.
        sources.forEach { $0.release() }
        #expect(session.detail?.request == .fourLoans)
        press(.character("5"))
        var rounds = 0
        while session.isLoading || session.detail?.request != .banks, rounds < 3 {
            #expect(awaitResult())
            rounds += 1
        }
        #expect(session.detail?.request == .banks && !session.isLoading)
        #expect(session.droppedResults <= 1)
    }

    /// A move back to a month not kept computes that month on one connection and its previous
    /// month (the alerts' hysteresis) on the other, side by side: while the month is held,
    /// the other connection has already computed the month before it.
    @Test func aMoveBackReadsThePreviousMonthOnTheOtherConnection() throws {
        let entered = DispatchSemaphore(value: 0)
        let sources = [SlowSource(entered: entered), SlowSource(entered: entered)]
        let woken = DispatchSemaphore(value: 0)
        let loader = BackgroundLoader(sources: sources, wake: { woken.signal() })
        defer { loader.stop() }
        let session = DashboardSession(state: DashboardState(), loader: loader)
        session.reload()
        #expect(woken.wait(timeout: .now() + 5) == .success)
        session.receiveResults()
        let shown = try #require(session.period)
        let month = shown.previous, before = month.previous
        // Both connections have loaded before (a connection's first load empties the cache and
        // shares nothing: FiguresCache.observe); then no month is kept, as after a commit.
        sources.forEach { _ = loader.figuresCache.observe($0, version: try! $0.changeCounter()) }
        loader.figuresCache.removeAll()
        sources.forEach { $0.forget(); $0.hold(figuresOf: month) }
        _ = session.handle(.character("["), input: session.frame(status: StatusInfo()).0, width: 120, height: 40)
        #expect(entered.wait(timeout: .now() + 5) == .success)
        let held = try #require(sources.first { $0.computed.last == month })
        let other = try #require(sources.first { $0 !== held })
        let deadline = Date().addingTimeInterval(5)
        while !other.computed.contains(before), Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(other.computed.contains(before))
        sources.forEach { $0.release() }
        #expect(woken.wait(timeout: .now() + 5) == .success)
        session.receiveResults()
        #expect(session.figures?.period == month && !session.isLoading)
        // Computed once, on the other connection.
        #expect(held.computed.filter { $0 == before }.isEmpty)
    }

    /// A source of three child regions whose months each take a little while; it notes which
    /// months it computed.
    final class RegionSource: FigureSource, @unchecked Sendable {
        private let lock = NSLock()
        private var months: [String] = []
        var computed: [String] { lock.withLock { months } }
        func forget() { lock.withLock { months = [] } }
        let children = ["A", "B", "C"].map {
            RegionFigures(region: Region(code: $0, name: Names(zh: $0, en: $0), parent: nil, level: .county),
                          loans: Fixture.figures.city.allLoans, techLoans: Fixture.figures.city.techLoans,
                          relendingFunded: .zero, guaranteeBalance: .zero)
        }
        func changeCounter() throws -> Int64 { 1 }
        func availablePeriods() throws -> [Period] { Fixture.periods }
        func figures(for period: Period) throws -> Figures { try figures(for: period, region: nil) }
        func figures(for period: Period, region: String?) throws -> Figures {
            lock.withLock { months.append("\(region ?? "-")@\(period.key)") }
            Thread.sleep(forTimeInterval: 0.02)
            var f = Fixture.figures
            f.period = period
            return f
        }
        func childRegions(for period: Period, region: String?) throws -> [RegionFigures] { region == nil ? children : [] }
    }

    /// The Regions view's children, each at two months, are shared between the two connections
    /// (each month computed once) and ranked as one connection ranks them.
    @Test func theRegionsChildrenAreReadOnBothConnections() throws {
        // Twice: a connection's first load empties the cache (FiguresCache.observe), so the first
        // shares nothing; the second, with the cache emptied as a commit would, shares.
        func load(_ sources: [RegionSource]) throws -> [RegionFigures] {
            let woken = DispatchSemaphore(value: 0)
            let loader = BackgroundLoader(sources: sources, wake: { woken.signal() })
            defer { loader.stop() }
            var ranked: [RegionFigures] = []
            for generation in 1...2 {
                loader.figuresCache.removeAll()
                sources.forEach { $0.forget() }
                loader.submit(LoadRequest(generation: generation, reload: .no, period: Fixture.periods.last, periods: Fixture.periods,
                                          figures: true, detail: nil, needsDetail: false, rankRegions: true))
                #expect(woken.wait(timeout: .now() + 10) == .success)
                ranked = try #require(loader.takeResults().first?.figures?.figures.childRegions)
            }
            return ranked
        }
        let one = try load([RegionSource()])
        let pair = [RegionSource(), RegionSource()]
        let two = try load(pair)
        #expect(two == one && two.count == 3)
        let all = pair[0].computed + pair[1].computed
        #expect(all.count == Set(all).count && all.count == 8)   // the store's two months and each child's
        #expect(pair.allSatisfy { $0.computed.contains { !$0.hasPrefix("-") } })
    }

    @Test func escBackShowsTheLevelAboveWithoutALoad() throws {
        let rig = Rig()
        defer { rig.loader.stop() }
        rig.session.reload()
        #expect(rig.awaitResult())
        _ = rig.press(.character("5"))
        #expect(rig.awaitResult())
        _ = rig.press(.enter)                           // a bank's enterprises
        #expect(rig.session.isLoading)
        #expect(rig.awaitResult())
        let level = try #require(rig.session.state.detailRequest)
        #expect(level != .banks && rig.session.detail?.request == level)

        rig.source.hold(detail: .banks)                 // a Banks query now would block
        _ = rig.press(.escape)
        #expect(rig.session.state.detailRequest == .banks)
        #expect(!rig.session.isLoading)
        #expect(rig.session.detail?.request == .banks)  // kept from the way down
        rig.source.release()
    }

    /// The chains' "of which" costs a seek per loan of every listed firm: only the screens that
    /// show it (Chains, Programme) load it, and a screen without it never waits for it.
    @Test func onlyTheScreensShowingTheChainsOfWhichLoadIt() throws {
        let rig = Rig()
        defer { rig.loader.stop() }
        rig.session.reload()
        #expect(rig.awaitResult())
        #expect(rig.source.categoryLoads == 0)
        #expect(rig.session.figures?.chains.allSatisfy { $0.categories == nil } == true)
        _ = rig.press(.character("["))                 // a period move on the Overview: none
        #expect(rig.awaitResult())
        #expect(rig.source.categoryLoads == 0)

        _ = rig.press(.character("2"))                 // Chains: the figures again, with them
        #expect(rig.session.isLoading)
        #expect(rig.awaitResult())
        #expect(rig.source.categoryLoads == 1)
        let tea = try #require(rig.session.figures?.chains[2])
        #expect(tea.categories == Fixture.teaCategories)
        #expect(rig.session.figures?.hasCategories == true)
        _ = rig.press(.character("]"))                 // a period move on Chains keeps them
        #expect(rig.awaitResult())
        #expect(rig.source.categoryLoads == 2 && rig.session.figures?.hasCategories == true)

        _ = rig.press(.character("1"))                 // back to the Overview: nothing to load
        #expect(!rig.session.isLoading)
        // Programme adds its programme to the month shown, which has them already: neither the
        // month (no month kept, as after a commit) nor them are read again.
        rig.loader.figuresCache.removeAll()
        rig.source.forget()
        _ = rig.press(.character("0"))
        #expect(rig.session.isLoading)
        #expect(rig.awaitResult())
        #expect(rig.source.categoryLoads == 2 && rig.session.figures?.hasCategories == true)
        #expect(rig.source.computed.isEmpty && rig.session.figures?.programme != nil && !rig.session.isLoading)
        _ = rig.press(.character("["))                 // a move on Programme: the month, with them
        #expect(rig.awaitResult())
        #expect(rig.source.categoryLoads == 3 && rig.session.figures?.hasCategories == true)
        #expect(rig.session.figures?.programme != nil && rig.session.figures?.period == rig.session.period)
    }

    /// The banks' products are two months of product rows: only the 一链一行 panel loads them,
    /// and a move on any other Programme panel never reads them.
    @Test func onlyTheProductsPanelLoadsTheProducts() throws {
        let rig = Rig()
        defer { rig.loader.stop() }
        rig.session.reload()
        #expect(rig.awaitResult())
        _ = rig.press(.character("0"))                 // Programme, its first panel: without them
        #expect(rig.awaitResult())
        #expect(rig.session.figures?.programme != nil && rig.session.figures?.programme?.products == nil)
        _ = rig.press(.character("["))
        #expect(rig.awaitResult())
        #expect(rig.source.productLoads == 0)

        // 三维协同 → 四链融合 → 五大矩阵 → 一链一行: the products alone, for the month shown (no
        // month kept, as after a commit: none computed again).
        rig.loader.figuresCache.removeAll()
        rig.source.forget()
        let programme = rig.session.figures?.programme
        for _ in 0..<3 { _ = rig.press(.character("j")) }
        #expect(rig.session.isLoading)
        #expect(rig.awaitResult())
        #expect(rig.source.productLoads == 1 && rig.session.figures?.programme?.products == Fixture.products)
        #expect(rig.source.computed.isEmpty && !rig.session.isLoading)
        var withProducts = programme
        withProducts?.products = Fixture.products
        #expect(rig.session.figures?.programme == withProducts)   // the rest as it was
        _ = rig.press(.character("]"))                 // a period move on the panel keeps them
        #expect(rig.awaitResult())
        #expect(rig.source.productLoads == 2 && rig.session.figures?.programme?.products == Fixture.products)

        _ = rig.press(.character("j"))                 // 六项保障: already there, nothing to load
        #expect(!rig.session.isLoading)
        _ = rig.press(.character("["))                 // a move there does not read them
        #expect(rig.awaitResult())
        #expect(rig.source.productLoads == 2 && rig.session.figures?.programme?.products == nil)
    }

    @Test func anIdleRefreshCheckPostsNothing() throws {
        let rig = Rig()
        defer { rig.loader.stop() }
        rig.session.reload()
        #expect(rig.awaitResult())
        rig.session.checkForChanges()   // the counter did not move: no result, no wake-up
        #expect(rig.woken.wait(timeout: .now() + 0.3) == .timedOut)
        #expect(!rig.session.isLoading)
    }
}
