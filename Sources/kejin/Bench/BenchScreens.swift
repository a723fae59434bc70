import Foundation
import KejinCore
import KejinDashboard
import KejinStore

/// The viewer's real key path without a terminal: `DashboardSession` and its
/// `BackgroundLoader` on a read-only store, as `LiveDashboard` runs them. `press` is a key
/// to its finished 120×40 frame: the key, the load it starts, the result and the render.
final class BenchSession {
    private let woken = DispatchSemaphore(value: 0)
    let loader: BackgroundLoader
    let session: DashboardSession

    /// The run loop's own connection, for the change counter (as in LiveDashboard).
    let counter: Store
    /// The loader's connections, whose months' shared reads `press` empties.
    private let stores: [Store]

    init(address: StoreAddress) throws {
        counter = try Store(address: address, readOnly: true)
        _ = try counter.changeCounter()
        // The loader's two connections, as the viewer has them: sharing their reference books,
        // not with `counter`, whose direct reads check theirs.
        let first = try Store(address: address, readOnly: true)
        let stores = [first, try first.reader()]
        self.stores = stores
        let woken = self.woken
        loader = BackgroundLoader(sources: stores, wake: { woken.signal() })
        session = DashboardSession(state: DashboardState(), loader: loader)
        session.reload()
        try settle()
    }

    deinit { loader.stop() }

    /// Applies a key without waiting for its load; returns the action.
    @discardableResult
    func key(_ key: Key) -> DashboardAction {
        session.handle(key, input: session.frame(status: StatusInfo()).0, width: 120, height: 40)
    }

    /// Waits for the loads under way and applies them.
    func settle() throws {
        while session.isLoading {
            guard woken.wait(timeout: .now() + 120) == .success else { throw CLIError("bench: a load took over 2 minutes") }
            session.receiveResults()
        }
        if let e = session.errorMessage { throw CLIError("bench: load failed: \(e)") }
    }

    @discardableResult
    func render() -> CellGrid {
        let (input, state) = session.frame(status: StatusInfo(refreshSeconds: 1, readOnly: true))
        return DashboardRenderer.render(input, state: state, width: 120, height: 40)
    }

    /// The figures and list shown, which the loader read on its two connections side by side,
    /// against the same read one after the other on the run loop's connection.
    func checkAgainstDirectReads() throws {
        guard let period = session.period, let list = session.state.detailRequest else { return }
        var figures = try counter.figures(for: period, region: session.state.region)
        // The screens showing the chains' "of which" load it apart (Chains, Programme).
        if session.figures?.chains.contains(where: { $0.categories != nil }) == true {
            figures.setCategories(try counter.chainCategories(for: period, region: session.state.region))
        }
        let rows = try counter.detail(list, period: period)
        guard session.figures == figures, session.detail == rows else {
            throw CLIError("bench: the loader's figures or list \(list) for \(period.key) differ from a direct read")
        }
    }

    /// Key → finished frame, in ms. The loader's figures cache and its connections' months'
    /// shared reads (MonthReads) are emptied first, as a store change does, so no month read
    /// by an earlier measurement is reused; `warm`: keep them, for a move straight after the
    /// one before (the month just shown is what a user stepping month by month finds cached,
    /// and all the caches may give).
    func press(_ k: Key, warm: Bool = false) throws -> Double {
        if !warm {
            loader.figuresCache.removeAll()
            for store in stores { try store.forgetMonthReads() }
        }
        return try timeMs { key(k); try settle(); render() }
    }

    /// A month back and forward again, each to a month not read since the cache was emptied:
    /// `[` computes the month before and its own previous month (hysteresis); `]` computes
    /// the month it returns to and finds its previous month, just shown, cached.
    func periodMoves() throws -> [Double] {
        [try press(.character("[")), try press(.character("]"), warm: true)]
    }
}

extension BenchMeasurements {
    /// One screen (or drill-down level) of the per-screen table.
    struct ScreenTiming: Codable {
        var name: String
        /// Switching to the screen (or opening the level): key → finished frame.
        var openMs: Stat
        /// `[` then `]` on it (`BenchSession.periodMoves`): each a key → finished frame.
        var periodMoveMs: Stat
        /// Statements sent to the server per period move, and answers waited for (PostgreSQL;
        /// nil on SQLite): the first run's `[` and `]`, averaged.
        var statementsPerMove: Double? = nil
        var waitsPerMove: Double? = nil
        /// The slowest of the two (what the ≤ 20 ms target is checked on).
        var worstMedian: Double { max(openMs.median, periodMoveMs.median) }
    }

    struct Screens: Codable {
        var screens: [ScreenTiming]
        /// A key while a screen's load is still running: key → its frame (the keyboard is never
        /// held by a query); and how many of those runs really had a load pending.
        var keyDuringLoadMs: Stat
        var keyDuringLoadPending: Int
        /// `q` while a load runs: the key → the quit decision.
        var quitDuringLoadMs: Stat
        /// The Programme screen's first open on a fresh viewer (its reference books cold: the
        /// new-loan book, the low-cost funds, …): key → finished frame. Nil in older reports.
        var programmeFirstOpenMs: Stat? = nil
        /// Statements and waits of that first open (PostgreSQL; nil on SQLite).
        var programmeFirstOpenStatements: Double? = nil
        var programmeFirstOpenWaits: Double? = nil
    }

    /// The Programme screen opened on R fresh viewers, each on the Overview first (the later
    /// switches of `screens` find the books read; this is what a user waits for once).
    func programmeFirstOpen() throws -> (ms: Stat, statements: Double?, waits: Double?) {
        var ms: [Double] = [], counts: (sent: Int, waited: Int)?
        for _ in 0..<runs {
            let v = try BenchSession(address: address)
            let (sent, waited) = (StatementCounter.sent, StatementCounter.waited)
            ms.append(try v.press(.character(Character(String(Screen.programme.key)))))
            if counts == nil, StatementCounter.sent > sent { counts = (StatementCounter.sent - sent, StatementCounter.waited - waited) }
        }
        return (Stat(ms), counts.map { Double($0.sent) }, counts.map { Double($0.waited) })
    }

    /// For every screen: switch to it from the screen before (its number key), then a month
    /// back and forward; then each drill-down level below its first row, opened with Enter and
    /// moved a month. R runs each, through the real session and loader.
    func screens() throws -> Screens {
        let first = try programmeFirstOpen()
        let v = try BenchSession(address: address)
        var open: [String: [Double]] = [:], move: [String: [Double]] = [:], order: [String] = []
        var statements: [String: (sent: Double, waited: Double)] = [:]
        func note(_ name: String, _ o: Double, _ m: () throws -> [Double]) throws {
            if open[name] == nil { order.append(name) }
            let (sent, waited) = (StatementCounter.sent, StatementCounter.waited)
            let moves = try m()
            if statements[name] == nil, StatementCounter.sent > sent {
                statements[name] = (Double(StatementCounter.sent - sent) / Double(moves.count),
                                    Double(StatementCounter.waited - waited) / Double(moves.count))
            }
            open[name, default: []].append(o)
            move[name, default: []].append(contentsOf: moves)
        }
        for _ in 0..<runs {
            for screen in Screen.allCases {
                let switchMs = try v.press(.character(Character(String(screen.key))))
                try note(screen.title.text(.en), switchMs) { try v.periodMoves() }
                // Down the first row of each level, as deep as the list goes (at most 4).
                var depth = 0
                while depth < 4 {
                    let openMs = try v.press(.enter)
                    guard v.session.state.drillPath.count > depth, let level = v.session.state.detailRequest else { break }
                    depth += 1
                    try note("  \(screen.title.text(.en)) › \(Self.levelName(level))", openMs) { try v.periodMoves() }
                    try v.checkAgainstDirectReads()
                }
                for _ in 0..<depth { _ = try v.press(.escape) }
                // Programme's 一链一行 panel (the fourth: j three times) reads the banks' products,
                // which its other panels do not: its own row, the third j timed as its opening.
                if screen == .programme {
                    for _ in 0..<2 { _ = try v.press(.character("j")) }
                    let openMs = try v.press(.character("j"))
                    guard v.session.figures?.programme?.products != nil else { throw CLIError("bench: Programme's products panel did not load them") }
                    try note("  \(screen.title.text(.en)) › products", openMs) { try v.periodMoves() }
                    for _ in 0..<3 { _ = try v.press(.character("k")) }
                }
                // Enter on Regions chose a region (BenchRegions.swift): back to the whole store.
                if v.session.state.region != nil { _ = try v.press(.escape) }
            }
        }
        // Keys while a load runs: start the Four loans list, then at once Banks' key (another
        // load) and back to the Overview: each key → its frame, not waiting for any load.
        var during: [Double] = [], quits: [Double] = [], pending = 0
        for _ in 0..<runs {
            _ = try v.press(.character("1"))
            v.key(.character("6"))
            if v.session.isLoading { pending += 1 }
            during.append(timeMs { v.key(.character("5")); v.render() })
            during.append(timeMs { v.key(.character("1")); v.render() })
            v.key(.character("5"))
            quits.append(timeMs { guard v.key(.character("q")) == .quit else { return } })
            try v.settle()
        }
        let screens = order.map { ScreenTiming(name: $0, openMs: Stat(open[$0]!), periodMoveMs: Stat(move[$0]!),
                                               statementsPerMove: statements[$0]?.sent, waitsPerMove: statements[$0]?.waited) }
        return Screens(screens: screens, keyDuringLoadMs: Stat(during), keyDuringLoadPending: pending,
                       quitDuringLoadMs: Stat(quits), programmeFirstOpenMs: first.ms,
                       programmeFirstOpenStatements: first.statements, programmeFirstOpenWaits: first.waits)
    }

    /// The level's kind, without the codes it is opened for ("enterprises", "chainBanks").
    static func levelName(_ request: DrillRequest) -> String {
        String("\(request)".prefix { $0 != "(" })
    }
}
