#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import PostgresNIO
import Testing
import ThrowawayPostgres

/// A statement on a closed connection throws at once: after `close()`, and after the server
/// dropped it (a backend without reconnect, as `kejin store copy` uses). Each runs on a thread
/// of its own and is given 20 s, so a hang fails the test instead of stopping the suite.
@Suite(.serialized) struct ClosedConnectionTests {
    /// `body`'s error, or nil when it returned; records an issue when it did not end in time.
    func outcome(_ what: String, _ body: @escaping @Sendable () throws -> Void) -> (any Error)? {
        final class Box: @unchecked Sendable { var error: (any Error)?; var returned = false }
        let box = Box(), done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { try body(); box.returned = true } catch { box.error = error }
            done.signal()
        }
        guard done.wait(timeout: .now() + 20) == .success else {
            Issue.record("\(what): still waiting after 20 s")
            return nil
        }
        if box.returned { Issue.record("\(what): returned instead of throwing") }
        return box.error
    }

    /// The error `body` threw, as a store error (nil when it returned, or hung).
    func storeError(_ what: String, _ body: @escaping @Sendable () throws -> Void) -> PostgresStoreError? {
        guard let error = outcome(what, body) else { return nil }
        guard let storeError = error as? PostgresStoreError else {
            Issue.record("\(what): \(error)")
            return nil
        }
        return storeError
    }

    @Test func aStatementAfterCloseThrows() throws {
        let cluster = try ThrowawayCluster.shared()
        let (backend, address, _) = try cluster.openNewDatabase("closing")
        defer { cluster.dropDatabase(address.database) }
        backend.close()
        backend.close()  // twice: nothing to do
        let closed = PostgresStoreError.closed(address: "\(address)")
        #expect(storeError("read") { _ = try backend.read { try $0.fetch("SELECT 1") } } == closed)
        #expect(storeError("write") { try backend.write(.other, waiting: {}) { _ = try $0.execute("SELECT 1") } } == closed)
        #expect(storeError("generation") { _ = try backend.generation() } == closed)
        #expect(closed.description.contains("closed by kejin"))
    }

    /// Without reconnecting (`PostgresBackend(connection:)`, as `kejin store copy` makes it):
    /// the server ends the session between transactions, inside one, and inside a cursor; each
    /// statement after it throws "unreachable", none hangs.
    @Test func aDroppedConnectionThrowsInsteadOfHanging() throws {
        let cluster = try ThrowawayCluster.startPrimary()
        defer { cluster.stop() }
        let (opened, address, environment) = try cluster.openNewDatabase("dropped")
        opened.close()
        func plainBackend() throws -> PostgresBackend {
            let connection = try AsyncBridge.wait {
                try await PostgresConnector.open(address, environment: environment, readOnly: false).connection
            }
            return PostgresBackend(connection: connection, address: address)
        }
        func isUnreachable(_ error: PostgresStoreError?) -> Bool {
            guard case .unreachable? = error else { return false }
            return true
        }
        let terminate = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'dropped' AND pid <> pg_backend_pid()"

        // Between transactions.
        let between = try plainBackend()
        _ = try between.read { try $0.fetch("SELECT 1") }
        try cluster.psql(terminate)
        for attempt in 1...2 {
            #expect(isUnreachable(storeError("between, \(attempt)") { _ = try between.read { try $0.fetch("SELECT 1") } }))
        }

        // Inside a transaction (its ROLLBACK is not sent), and inside a cursor (its CLOSE is).
        let inside = try plainBackend()
        #expect(isUnreachable(storeError("inside") {
            try inside.write(.other, waiting: {}) { s in
                try cluster.psql(terminate)
                _ = try s.fetch("SELECT 1")
            }
        }))
        let cursor = try plainBackend()
        #expect(isUnreachable(storeError("cursor") {
            try cursor.read { s in
                var rows = 0
                try s.cursor("SELECT g FROM generate_series(1, 10000) g", []) { _ in
                    rows += 1
                    if rows == 1 { try cluster.psql(terminate) }
                    return true
                }
            }
        }))
        #expect(isUnreachable(storeError("after the cursor") { _ = try cursor.generation() }))

        // The server stopped.
        let stopped = try plainBackend()
        cluster.pause()
        #expect(isUnreachable(storeError("server stopped") { _ = try stopped.read { try $0.fetch("SELECT 1") } }))
    }

    /// The wait itself: a statement never answered on a lost connection gives up after about
    /// two seconds; one answered later on a live connection is waited for.
    @Test func theWaitGivesUpOnlyOnALostConnection() throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let never = loop.makePromise(of: Int.self)
        defer { never.succeed(0) }  // NIO requires every promise completed
        let start = Date()
        #expect(throws: AsyncBridge.ConnectionLost.self) { try AsyncBridge.wait(never.futureResult) { true } }
        #expect(Date().timeIntervalSince(start) < 10)
        let late = loop.makePromise(of: Int.self)
        loop.scheduleTask(in: .milliseconds(2_500)) { late.succeed(7) }
        #expect(try AsyncBridge.wait(late.futureResult) { false } == 7)
    }
}
#endif
