import Foundation
import GRDB
import GRDBSQLite

/// A read of a SQLite store on a connection and a thread of their own, while the import's
/// transaction goes on writing: a big import's rows and its summaries' facts (PeriodGroups)
/// then use both cores.
///
/// What it sees: in WAL mode, a reader sees the store as last committed. Started while the
/// import's transaction holds the write lock (BEGIN IMMEDIATE), no other writer can commit
/// until it ends, so that is exactly the store the import started from — without the import's
/// own writes, which the caller must not need (a balances-only import writes no loan or firm).
/// Any failure (the file cannot be opened again, not WAL) is nil: the caller reads in its
/// transaction instead.
final class SQLiteAsideRead<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?

    /// Starts `body` on a new thread, on a new read-only connection to the store of `session`;
    /// nil when the store is not a WAL file (an in-memory database has no second connection).
    init?(beside session: SQLiteSession, _ body: @escaping @Sendable (SQLiteSession) throws -> Value?) throws {
        guard let name = sqlite3_db_filename(session.db.sqliteConnection, "main"), name[0] != 0,
              try session.fetchOne("PRAGMA journal_mode", as: String.self) == "wal" else { return nil }
        let path = String(cString: name)
        let thread = Thread { [self] in
            defer { done.signal() }
            var configuration = Configuration()
            configuration.readonly = true
            configuration.label = "kejin.aside"
            value = try? DatabaseQueue(path: path, configuration: configuration).read { db in try body(SQLiteSession(db: db)) }
        }
        thread.name = "kejin-aside"
        thread.start()
    }

    /// Waits for the read; nil when it failed.
    func wait() -> Value? {
        done.wait()
        done.signal()  // a second wait returns at once
        return value
    }
}
