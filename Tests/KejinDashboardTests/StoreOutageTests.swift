import Foundation
import KejinCore
import Testing
@testable import KejinDashboard

/// The store goes away while the dashboard runs (a server down, a connection dropped, a file
/// locked too long): the last figures stay on screen marked stale with the time they were
/// read, the status line says since when loads fail, retries back off, and the figures come
/// back by themselves once the store answers.
@Suite struct StoreOutageTests {
    /// Fixture figures; every query throws while `down`.
    final class FlakySource: FigureSource, @unchecked Sendable {
        struct Unreachable: Error, CustomStringConvertible { var description: String { "server unreachable" } }
        private let lock = NSLock()
        private var isDown = false
        var down: Bool {
            get { lock.withLock { isDown } }
            set { lock.withLock { isDown = newValue } }
        }
        private func check() throws { if down { throw Unreachable() } }
        func changeCounter() throws -> Int64 { try check(); return 1 }
        func availablePeriods() throws -> [Period] { try check(); return Fixture.periods }
        func figures(for period: Period) throws -> Figures {
            try check()
            var f = Fixture.figures
            f.period = period
            return f
        }
    }

    /// A clock the test moves.
    final class TestClock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_764_536_400)   // a fixed instant
    }

    @Test func staleFiguresAreMarkedRetriesBackOffAndTheFiguresReturn() throws {
        let source = FlakySource()
        let clock = TestClock()
        let woken = DispatchSemaphore(value: 0)
        let loader = BackgroundLoader(source: source, wake: { woken.signal() })
        defer { loader.stop() }
        let session = DashboardSession(state: DashboardState(), loader: loader, now: { clock.now })
        func settle() throws {
            while session.isLoading {
                try #require(woken.wait(timeout: .now() + 5) == .success)
                session.receiveResults()
            }
        }
        func statusLine() -> String {
            let (input, state) = session.frame(status: StatusInfo())
            let grid = DashboardRenderer.render(input, state: state, width: 160, height: 40)
            return String(grid.text.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
        }
        let refresh = Duration.seconds(2)

        session.reload()
        try settle()
        let shown = try #require(session.figures)
        #expect(session.retryDelay(refresh: refresh) == refresh)
        let readAt = DashboardSession.clockText(clock.now)

        // Down: a reload fails; the figures stay, marked stale; the error says since when.
        source.down = true
        clock.now += 60
        session.reload()
        try settle()
        #expect(session.figures == shown)
        #expect(session.errorMessage == "server unreachable")
        let failedAt = DashboardSession.clockText(clock.now)
        let line = statusLine()
        #expect(line.contains("server unreachable") && line.contains(failedAt), "\(line)")
        #expect(line.contains(Str.staleFigures.text(.zh)) && line.contains(readAt), "\(line)")

        // Each failed retry doubles the wait, up to 30 s; the failure keeps its first time.
        var delays: [Duration] = [session.retryDelay(refresh: refresh)]
        for _ in 0..<5 {
            clock.now += 10
            session.reload()
            try settle()
            delays.append(session.retryDelay(refresh: refresh))
        }
        #expect(delays == [.seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30), .seconds(30)])
        #expect(session.frame(status: StatusInfo()).0.status.errorSince == failedAt)

        // Back: the next retry succeeds, the marks go, the delay is the refresh interval again.
        source.down = false
        session.reload()
        try settle()
        #expect(session.errorMessage == nil)
        #expect(session.retryDelay(refresh: refresh) == refresh)
        let after = statusLine()
        #expect(!after.contains(Str.staleFigures.text(.zh)) && !after.contains("server unreachable"), "\(after)")
    }
}
