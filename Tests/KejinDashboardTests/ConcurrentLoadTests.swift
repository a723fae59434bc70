import Foundation
import KejinCore
import Testing
@testable import KejinDashboard

/// A period move on a list with the loader's two connections: the list is read on the second
/// thread while the first reads the figures, the result is what one thread would have read,
/// both parts come from one store version, a load left or superseded shows nothing, and an
/// idle viewer runs no query.
@Suite struct ConcurrentLoadTests {
    /// A store shared by several connections: a version a test can bump (a commit by another
    /// process), figures and lists that say which version and period they were read at, and a
    /// list query that can be held at a gate (once).
    final class VersionedStore: @unchecked Sendable {
        private let lock = NSLock()
        private var version: Int64 = 1
        private var heldList: DrillRequest?
        private let gate = DispatchSemaphore(value: 0)
        /// Figures wait for a held list to start (deadlocks unless they run beside it).
        private var figuresAfterList = false
        private let listStarted = DispatchSemaphore(value: 0)
        /// Signalled when a held list query waits at the gate, and after every figures read.
        let listEntered = DispatchSemaphore(value: 0)
        let figuresRead = DispatchSemaphore(value: 0)
        /// Every query read: what, and on which thread.
        private(set) var reads: [(what: String, thread: UInt)] = []

        func commit() { lock.withLock { version += 1 } }
        func hold(_ list: DrillRequest, figuresAfterIt: Bool = false) {
            lock.withLock { heldList = list; figuresAfterList = figuresAfterIt }
        }
        func release() { gate.signal() }
        var readCount: Int { lock.withLock { reads.count } }
        /// The threads that read `what` among the reads numbered `since..<until` (to the last).
        func threads(of what: String, since: Int = 0, until: Int? = nil) -> Set<UInt> {
            lock.withLock { Set(reads[since..<(until ?? reads.count)].filter { $0.what == what }.map(\.thread)) }
        }
        /// The thread a held list waited on.
        private(set) var heldListThread: UInt?

        fileprivate func waitForListIfAsked() {
            guard lock.withLock({ defer { figuresAfterList = false }; return figuresAfterList }) else { return }
            _ = listStarted.wait(timeout: .now() + 5)
        }
        fileprivate func read(_ what: String) -> Int64 {
            lock.withLock {
                reads.append((what, UInt(pthread_self())))
                return version
            }
        }
        fileprivate func waitIfHeld(_ list: DrillRequest) {
            let held = lock.withLock {
                defer { if heldList == list { heldList = nil } }
                return heldList == list
            }
            guard held else { return }
            lock.withLock { heldListThread = UInt(pthread_self()) }
            listEntered.signal()
            listStarted.signal()
            _ = gate.wait(timeout: .now() + 10)
        }
    }

    /// One connection to the shared store.
    final class Connection: FigureSource, DetailSource, @unchecked Sendable {
        let store: VersionedStore
        init(_ store: VersionedStore) { self.store = store }

        func changeCounter() throws -> Int64 { store.read("counter") }
        func availablePeriods() throws -> [Period] { _ = store.read("periods"); return Fixture.periods }
        func figures(for period: Period) throws -> Figures {
            store.waitForListIfAsked()
            var f = Fixture.figures
            f.period = period
            f.lastChange = "v\(store.read("figures"))"
            store.figuresRead.signal()
            return f
        }
        func detail(_ request: DrillRequest, period: Period) throws -> DetailRows {
            store.waitIfHeld(request)
            let version = store.read("list")
            var rows = DetailFixture.rows(.banks)
            rows.request = request
            rows.period = period
            // Rows that differ per period and version, so a mixed-up result shows.
            rows.rows = rows.rows.map { row in
                var r = row
                r.code = "\(row.code)@\(period.key)@v\(version)"
                return r
            }
            return rows
        }
    }

    struct Rig {
        let store = VersionedStore()
        let woken = DispatchSemaphore(value: 0)
        let loader: BackgroundLoader
        let session: DashboardSession

        init(connections: Int) {
            let woken = self.woken
            loader = BackgroundLoader(sources: (0..<connections).map { [store] _ in Connection(store) }, wake: { woken.signal() })
            session = DashboardSession(state: DashboardState(), loader: loader)
        }

        func awaitResult() -> Bool {
            guard woken.wait(timeout: .now() + 5) == .success else { return false }
            session.receiveResults()
            return true
        }

        /// Waits until nothing is pending.
        func settle() -> Bool {
            while session.isLoading { guard awaitResult() else { return false } }
            return true
        }

        func press(_ key: Key) {
            _ = session.handle(key, input: session.frame(status: StatusInfo()).0, width: 120, height: 40)
        }

        /// Banks (a list on the screen itself), then a bank's enterprises, and the lists shown.
        func openBankEnterprises() -> Bool {
            session.reload()
            guard settle() else { return false }
            press(.character("5"))
            guard settle() else { return false }
            press(.enter)
            return settle()
        }

        var shownVersions: (figures: String?, list: Set<String>) {
            (session.figures?.lastChange,
             Set(session.detail?.rows.map { String($0.code.split(separator: "@").last ?? "") } ?? []))
        }
    }

    @Test func periodMovesOnAListGiveWhatOneConnectionGives() throws {
        let one = Rig(connections: 1), two = Rig(connections: 2)
        defer { one.loader.stop(); two.loader.stop() }
        #expect(one.openBankEnterprises() && two.openBankEnterprises())
        for key in ["[", "[", "]", "[", "2", "[", "]"] {
            one.press(.character(Character(key))); two.press(.character(Character(key)))
            #expect(one.settle() && two.settle())
            #expect(two.session.period == one.session.period)
            #expect(two.session.figures == one.session.figures && two.session.figures != nil)
            #expect(two.session.alerts == one.session.alerts)
            #expect(two.session.detail == one.session.detail)
        }
        #expect(one.store.threads(of: "list") == one.store.threads(of: "figures"))
    }

    @Test func aCommitBetweenTheFiguresAndTheListIsReadAgainAtOneVersion() throws {
        let rig = Rig(connections: 2)
        defer { rig.loader.stop() }
        #expect(rig.openBankEnterprises())
        #expect(rig.shownVersions.figures == "v1" && rig.shownVersions.list == ["v1"])
        let list = try #require(rig.session.state.detailRequest)

        rig.store.hold(list, figuresAfterIt: true)
        while rig.store.figuresRead.wait(timeout: .now()) == .success {}   // forget the reads so far
        let mark = rig.store.readCount
        rig.press(.character("["))
        // The list waits at the gate on one thread; the figures, which wait for the list to
        // start, are read on the other, at version 1: the month before this one's, for
        // hysteresis (this month itself was the hysteresis month of the one left: cached).
        #expect(rig.store.listEntered.wait(timeout: .now() + 5) == .success)
        #expect(rig.store.figuresRead.wait(timeout: .now() + 5) == .success)
        rig.store.commit()              // another process commits: the list would read version 2
        let held = rig.store.readCount
        rig.store.release()
        #expect(rig.settle())
        #expect(rig.session.period == Fixture.periods.last!.previous)
        #expect(rig.shownVersions.figures == "v2" && rig.shownVersions.list == ["v2"])
        // The held list ran beside the figures, on the other thread. (Once it is released,
        // that thread may read a month of the load read again after the commit.)
        let listThread = try #require(rig.store.heldListThread)
        let whileHeld = rig.store.threads(of: "figures", since: mark, until: held)
        #expect(!whileHeld.isEmpty && !whileHeld.contains(listThread))
    }

    @Test func aMoveLeftOrSupersededWhileItsListLoadsShowsNothingOfIt() throws {
        let rig = Rig(connections: 2)
        defer { rig.loader.stop() }
        #expect(rig.openBankEnterprises())
        let latest = Fixture.periods.last!
        let list = try #require(rig.session.state.detailRequest)

        // Back before the list arrived: the late result is dropped, the month shown stays.
        rig.store.hold(list)
        rig.press(.character("["))
        #expect(rig.store.listEntered.wait(timeout: .now() + 5) == .success)
        rig.press(.character("]"))
        #expect(!rig.session.isLoading)
        let dropped = rig.session.droppedResults
        rig.store.release()
        #expect(rig.awaitResult())
        #expect(rig.session.droppedResults > dropped)
        #expect(rig.session.period == latest && rig.session.detail?.period == latest && rig.session.figures?.period == latest)

        // Two months back in a row while the first month's list is held: only the second shows.
        rig.store.hold(list)
        rig.press(.character("["))
        #expect(rig.store.listEntered.wait(timeout: .now() + 5) == .success)
        rig.press(.character("["))
        rig.store.release()
        #expect(rig.settle())
        let target = latest.previous.previous
        #expect(rig.session.period == target && rig.session.detail?.period == target && rig.session.figures?.period == target)
        #expect(rig.session.detail?.rows.allSatisfy { $0.code.contains(target.key) } == true)
    }

    @Test func anIdleViewerRunsNoQuery() throws {
        let rig = Rig(connections: 2)
        defer { rig.loader.stop() }
        #expect(rig.openBankEnterprises())
        rig.press(.character("["))
        #expect(rig.settle())
        let reads = rig.store.readCount
        #expect(rig.woken.wait(timeout: .now() + 0.3) == .timedOut)   // no wake-up
        #expect(rig.store.readCount == reads)                         // and no query
        rig.session.checkForChanges()   // the refresh check: the counter, nothing else
        #expect(rig.woken.wait(timeout: .now() + 0.3) == .timedOut)
        #expect(rig.store.readCount == reads + 1)
    }
}
