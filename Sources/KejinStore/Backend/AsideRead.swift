import Foundation

/// A read on a connection and a thread of their own, while an import's transaction goes on
/// writing (`StoreSession.readAside`): a big import's rows and its summaries' facts
/// (PeriodGroups) then use both cores, and on PostgreSQL the facts come in while the server
/// inserts the rows.
///
/// What it sees: the store as last committed. Started while the import's transaction holds
/// the write lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's import lock), no other import can
/// commit until it ends, so that is exactly the store the import started from — without the
/// import's own writes, which the caller must not need (a balances-only import writes no loan
/// or firm). Any failure (no second connection, the server refusing one) is nil: the caller
/// reads in its transaction instead.
public final class AsideRead<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () throws -> Value?) {
        let thread = Thread { [self] in
            defer { done.signal() }
            value = try? body()
        }
        thread.name = "kejin-aside"
        thread.start()
    }

    /// Waits for the read; nil when it failed.
    public func wait() -> Value? {
        done.wait()
        done.signal()  // a second wait returns at once
        return value
    }
}
