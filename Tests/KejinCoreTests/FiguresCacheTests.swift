import Foundation
import Testing
@testable import KejinCore

/// `FiguresCache`: a move to the next month reuses the month just shown; any change seen by
/// any connection empties it; a month computed across an emptying is not kept.
@Suite struct FiguresCacheTests {
    /// Counts the months it computes; `value` may change between calls (a "commit").
    final class Source: FigureSource {
        var value: Int64 = 9_000
        var computed: [Period] = []
        let rule = AlertRule(id: 1, measure: .relendingUsage, warnBelow: 9_500, criticalBelow: 8_000, hysteresis: 50)
        func changeCounter() throws -> Int64 { 0 }
        func availablePeriods() throws -> [Period] { (1...4).map { Period(year: 2025, month: $0) } }
        func figures(for period: Period) throws -> Figures {
            computed.append(period)
            return CraftedFigures.figures(.relendingUsage, value, rules: [rule], period: period)
        }
    }

    let feb = Period(year: 2025, month: 2)

    @Test func aMoveForwardComputesOnlyTheNewMonth() throws {
        let source = Source(), cache = FiguresCache()
        let periods = try source.availablePeriods()
        let plain = try source.evaluatedAlerts(for: feb.next, periods: periods)
        source.computed = []
        _ = try source.evaluatedAlerts(for: feb, periods: periods, cache: cache.observe(source, version: 1))
        #expect(source.computed == [feb, feb.previous])
        source.computed = []
        let next = try source.evaluatedAlerts(for: feb.next, periods: periods, cache: cache.observe(source, version: 1))
        #expect(source.computed == [feb.next])
        #expect(next.figures == plain.figures && next.alerts == plain.alerts)
    }

    @Test func aChangeSeenByAnyConnectionEmptiesIt() throws {
        let source = Source(), other = Source(), cache = FiguresCache()
        let periods = try source.availablePeriods()
        _ = try source.evaluatedAlerts(for: feb, periods: periods, cache: cache.observe(source, version: 1))
        _ = cache.observe(other, version: 7)
        _ = cache.observe(other, version: 8)  // the other connection saw a commit
        source.value = 7_000
        source.computed = []
        let after = try source.evaluatedAlerts(for: feb, periods: periods, cache: cache.observe(source, version: 1))
        #expect(source.computed == [feb, feb.previous])
        #expect(after.figures.relendingTools == (try source.figures(for: feb)).relendingTools)
    }

    @Test func aMonthComputedAcrossAnEmptyingIsNotKept() throws {
        let source = Source(), cache = FiguresCache()
        let lease = cache.observe(source, version: 1)
        _ = try lease.figures(region: nil, period: feb) { cache.removeAll(); return try source.figures(for: feb) }
        source.computed = []
        _ = try cache.observe(source, version: 1).figures(region: nil, period: feb) { try source.figures(for: feb) }
        #expect(source.computed == [feb])
    }

    /// A month another thread is computing is waited for, not computed twice; `prefill`
    /// leaves it to that thread and returns at once.
    @Test func aMonthBeingComputedIsWaitedFor() throws {
        let source = Source(), cache = FiguresCache()
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let lease = cache.observe(source, version: 1)
        let computations = Counter()
        let box = UncheckedBox(source)
        Thread {
            _ = try? lease.figures(region: nil, period: self.feb) {
                computations.add()
                started.signal()
                release.wait()
                return try box.value.figures(for: self.feb)
            }
            done.signal()
        }.start()
        started.wait()
        try lease.prefill(region: nil, period: feb) { computations.add(); return try source.figures(for: feb) }
        #expect(computations.value == 1)
        let waiter = DispatchSemaphore(value: 0)
        let got = Counter()
        Thread {
            _ = try? lease.figures(region: nil, period: self.feb) { computations.add(); return try box.value.figures(for: self.feb) }
            got.add()
            waiter.signal()
        }.start()
        // The second asker waits while the first computes.
        #expect(waiter.wait(timeout: .now() + 0.2) == .timedOut)
        release.signal()
        #expect(waiter.wait(timeout: .now() + 10) == .success)
        done.wait()
        #expect(computations.value == 1 && got.value == 1)
    }

    /// A waiter whose month's computation failed computes it itself.
    @Test func aFailedComputationLeavesTheMonthToTheWaiter() throws {
        struct Failed: Error {}
        let source = Source(), cache = FiguresCache()
        let lease = cache.observe(source, version: 1)
        #expect(throws: Failed.self) { try lease.figures(region: nil, period: feb) { throw Failed() } }
        source.computed = []
        _ = try lease.figures(region: nil, period: feb) { try source.figures(for: feb) }
        #expect(source.computed == [feb])
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
    final class UncheckedBox<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
