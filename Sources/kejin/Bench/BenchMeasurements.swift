import Foundation
import KejinCore
import KejinDashboard
import KejinStore

/// The viewer-side measurements of `kejin bench` on a built store.
struct BenchMeasurements {
    let data: SyntheticDataSet
    let address: StoreAddress
    let csvDir: URL
    let runs: Int

    struct ColdStart: Codable {
        var firstFrameFromSpawnMs: Stat
        var firstFrameInProcessMs: Stat
        var spawnToExitMs: Stat
        var peakMemoryKiB: Stat
    }

    /// R fresh `kejin bench probe` processes (see BenchProbeCommand).
    func coldStart() throws -> ColdStart {
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var fromSpawn: [Double] = [], inProcess: [Double] = [], toExit: [Double] = [], peak: [Double] = []
        for _ in 0..<runs {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: exe)
            let out = Pipe()
            process.standardOutput = out
            let spawned = monotonicNanos()
            process.arguments = ["bench", "probe", "--store", address.description, "--spawned-at", String(spawned)]
            try process.run()
            let output = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let exited = monotonicNanos()
            guard process.terminationStatus == 0 else {
                throw CLIError("bench probe exited with status \(process.terminationStatus)")
            }
            let r = try JSONDecoder().decode(BenchProbeCommand.ProbeResult.self, from: output)
            fromSpawn.append(r.firstFrameFromSpawnMs)
            inProcess.append(r.firstFrameInProcessMs)
            toExit.append(Double(exited - spawned) / 1e6)
            peak.append(Double(max(r.peakAfterSessionKiB ?? 0, r.peakAfterFirstFrameKiB ?? 0)))
        }
        return ColdStart(firstFrameFromSpawnMs: Stat(fromSpawn), firstFrameInProcessMs: Stat(inProcess),
                         spawnToExitMs: Stat(toExit), peakMemoryKiB: Stat(peak))
    }

    struct Refresh: Codable {
        /// The writer's 1-row import (including its summary recompute), for information.
        var writerCommitMs: Stat
        /// Statements the 1-row import sent to the server, and answers it waited for (nil: SQLite).
        var writerStatements: Int? = nil
        var writerWaits: Int? = nil
        /// Detect (change counter) + periods + figures + alerts + render, summary path.
        var refreshMs: Stat
        /// The same with figures by full scan.
        var fullScanRefreshMs: Stat
        var speedUp: Double { fullScanRefreshMs.median / refreshMs.median }
    }

    /// R commits, each changing one loan's balance in the latest period through a 1-row
    /// loan_balances import in another connection; a summary viewer and a full-scan viewer
    /// each detect it, reload and render, and must show the change.
    func refresh() throws -> Refresh {
        let writer = try Store(address: address)
        let viewer = try BenchViewer(address: address)
        let baseline = try BenchViewer(address: address)
        baseline.fullScan = true
        try viewer.reload()
        try baseline.reload()
        guard let latest = viewer.periods.last, let last = data.periods.last, latest == last else {
            throw CLIError("bench: the store's latest period is not \(data.periods.last?.key ?? "-")")
        }
        let loan = 1  // has a positive balance every month
        // A value this store has not held before (also on a reused store): the change shows.
        let offset = 1 + Int(monotonicNanos() / 1000 % 1_000_000)
        var commit: [Double] = [], summary: [Double] = [], full: [Double] = []
        var statements: (sent: Int, waited: Int)?
        for run in 0..<runs {
            let before = viewer.figures?.city.allLoans.balance
            let new = data.balance(loan: loan, monthIndex: data.months - 1) + offset + run
            let url = csvDir.appendingPathComponent("loan_balances-bench\(run).csv")
            // Every other run also turns the loan non-performing and back (a grade the NPL delta keeps).
            try Data("loan,period,balance_yuan,classification\nL\(loan),\(latest.key),\(new),\(run % 2 == 0 ? "substandard" : "")\n".utf8).write(to: url)
            let (sent, waited) = (StatementCounter.sent, StatementCounter.waited)
            commit.append(try timeMs { _ = try writer.importFiles([url]) })
            if StatementCounter.sent > sent { statements = (StatementCounter.sent - sent, StatementCounter.waited - waited) }
            try FileManager.default.removeItem(at: url)
            summary.append(try detectAndRedraw(viewer))
            full.append(try detectAndRedraw(baseline))
            // The summary viewer shows the change, and exactly what the full scan shows.
            guard viewer.figures?.city.allLoans.balance != before else {
                throw CLIError("bench: the viewer's figures did not change after the commit")
            }
            let scanned = viewer.figures.flatMap { baseline.figures?.readingDay(of: $0) }
            guard viewer.figures == scanned else {
                let differences = viewer.figures.flatMap { v in scanned.map { valueDifferences(v, $0) } } ?? ["one has no figures"]
                throw CLIError("bench: the summary and the full scan disagree after the commit (summary ≠ full scan): \(differences.joined(separator: "; "))")
            }
            // The products' kept rows (the Programme screen's 一链一行), kept by the same delta.
            let drift = try writer.productSummaryDifferences(for: latest)
            guard drift.isEmpty else {
                throw CLIError("bench: product_summary and a full scan disagree after the commit: \(drift.prefix(3).joined(separator: "; "))")
            }
        }
        return Refresh(writerCommitMs: Stat(commit), writerStatements: statements?.sent, writerWaits: statements?.waited,
                       refreshMs: Stat(summary), fullScanRefreshMs: Stat(full))
    }

    private func detectAndRedraw(_ v: BenchViewer) throws -> Double {
        try timeMs {
            // The live loop polls once per interval; here the commit is already there.
            guard try v.dataChanged() else { throw CLIError("bench: the viewer did not see the commit") }
            try v.reload()
            _ = v.render()
        }
    }

    struct Navigation: Codable {
        var screenSwitchMs: Stat
        var periodMoveMs: Stat
        var render80x24Ms: Stat
        var render200x60Ms: Stat
        /// The largest drill-down list (every enterprise): PgDn and a frame, plain, then
        /// filtered and sorted. Only the rows on screen are formatted, so this stays flat.
        var bigListRows: Int
        var bigListKeyMs: Stat
        var bigListFilteredKeyMs: Stat
        /// Typing and erasing a filter on it (sorted): each key → frame, a new filter each time.
        var bigListFilterTypingMs: Stat?
    }

    func navigation() throws -> Navigation {
        let viewer = try BenchViewer(address: address)
        try viewer.reload()
        _ = viewer.render()
        var switches: [Double] = [], moves: [Double] = [], small: [Double] = [], large: [Double] = []
        for _ in 0..<runs {
            // Tab through every screen: each is a render of another screen from cached figures.
            for _ in Screen.allCases {
                switches.append(try timeMs { try viewer.press(.tab); _ = viewer.render() })
            }
            // One month back (figures of the previous period + render), then forward again.
            moves.append(try timeMs { try viewer.press(.character("[")); _ = viewer.render() })
            moves.append(try timeMs { try viewer.press(.character("]")); _ = viewer.render() })
            small.append(timeMs { _ = viewer.render(width: 80, height: 24) })
            large.append(timeMs { _ = viewer.render(width: 200, height: 60) })
        }
        let big = try bigList(viewer)
        return Navigation(screenSwitchMs: Stat(switches), periodMoveMs: Stat(moves),
                          render80x24Ms: Stat(small), render200x60Ms: Stat(large),
                          bigListRows: big.rows, bigListKeyMs: big.plain, bigListFilteredKeyMs: big.filtered,
                          bigListFilterTypingMs: big.typing)
    }

    /// PgDn plus a 120×40 frame on the list of every enterprise, R times; then the same with a
    /// filter and a sort on a money column. Fails if the list does not move.
    private func bigList(_ viewer: BenchViewer) throws -> (rows: Int, plain: Stat, filtered: Stat, typing: Stat) {
        guard let period = viewer.periods.last else { throw CLIError("bench: the store has no period") }
        let list = try viewer.store.detail(.enterprises(chain: nil, bank: nil), period: period)
        var state = DashboardState(screen: .banks)
        state.drills[.banks] = [DrillFrame(request: .banks, title: Screen.banks.title.names),
                                DrillFrame(request: list.request, title: Names(zh: "全部企业", en: "All enterprises"))]
        let input = FrameInput(figures: viewer.figures, alerts: viewer.alerts, periods: viewer.periods, detail: list)
        func keys() -> [Double] {
            (0..<max(runs, 5)).map { _ in
                timeMs {
                    _ = state.handle(.pageDown, input: input, width: 120, height: 40)
                    _ = DashboardRenderer.render(input, state: state, width: 120, height: 40)
                }
            }
        }
        let plain = keys()
        guard list.rows.count < 40 || state.drills[.banks]![1].cursor.selected > 0 else {
            throw CLIError("bench: PgDn did not move through the list of \(list.rows.count) enterprises")
        }
        state.drills[.banks]![1].filter = "1"
        state.drills[.banks]![1].sort = list.fields.firstIndex(of: .balance).map { DetailSort(column: $0 + 1, descending: true) }
        state.drills[.banks]![1].cursor = RowCursor()
        let filtered = keys()
        // `/`, then "2", "3" typed and erased, Enter: each character a new filter to apply.
        state.drills[.banks]![1].filter = ""
        var typing: [Double] = []
        for _ in 0..<max(runs, 3) {
            _ = state.handle(.character("/"), input: input, width: 120, height: 40)
            for key in [Key.character("2"), .character("3"), .backspace, .backspace] {
                typing.append(timeMs {
                    _ = state.handle(key, input: input, width: 120, height: 40)
                    _ = DashboardRenderer.render(input, state: state, width: 120, height: 40)
                })
            }
            _ = state.handle(.enter, input: input, width: 120, height: 40)
        }
        return (list.rows.count, Stat(plain), Stat(filtered), Stat(typing))
    }

    /// What the store takes on disk (SQLite: db + WAL; PostgreSQL: the database).
    func storeBytes() throws -> Int64 {
        try Store(address: address, readOnly: true).storedBytes()
    }
}
