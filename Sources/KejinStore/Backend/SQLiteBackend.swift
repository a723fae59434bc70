import Foundation
import GRDB
import GRDBSQLite

/// The seam over GRDB: a `DatabaseQueue` or `DatabasePool` (the embedded default store).
public final class SQLiteBackend: StoreBackend {
    let database: any DatabaseWriter

    public init(_ database: any DatabaseWriter) { self.database = database }

    /// A WAL store at `path` (created if missing), waiting up to `busyTimeout` for a lock;
    /// `readOnly` opens an existing file and never writes to it.
    public convenience init(path: String, readOnly: Bool = false, busyTimeout: TimeInterval = 5) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = readOnly
        configuration.profileStatementsWhenAsked()
        self.init(readOnly ? try DatabaseQueue(path: path, configuration: configuration)
                           : try DatabasePool(path: path, configuration: configuration))
    }

    public func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try database.read { db in try body(SQLiteSession(db: db)) }
    }

    public func write<T>(_ kind: StoreWriteKind, waiting: () -> Void, _ body: (any StoreSession) throws -> T) throws -> T {
        // BEGIN IMMEDIATE takes the write lock up front; another import makes it wait in
        // the busy timeout (the store says "locked" when that runs out).
        try database.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(SQLiteSession(db: db))
                // SQLite stores get the generation row with a schema version still to come
                // (StoreBackend.swift, order of work 3); until then a store without it has none.
                if try db.tableExists("store_generation") { try db.execute(sql: StoreGeneration.bump) }
                return .commit
            }
            return result!
        }
    }

    public func generation() throws -> Int64 {
        try database.read { db in try Int64.fetchOne(db, sql: StoreGeneration.current) ?? 0 }
    }
}

/// One GRDB connection inside a transaction.
struct SQLiteSession: StoreSession {
    let db: Database

    func storeVersion() throws -> StoreVersion {
        StoreVersion(data: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0, own: db.totalChangesCount)
    }

    // A statement with arguments is prepared once per connection and reused (an import runs
    // the same INSERT per row); one without may be a script of several (DDL).
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try Self.checked {
            if arguments.isEmpty {
                try db.execute(sql: sql)
            } else {
                try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            }
            return db.changesCount
        }
    }

    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [any SQLRow] {
        var rows: [any SQLRow] = []
        try cursor(sql, arguments) { rows.append(SQLValues($0.values)); return true }
        return rows
    }

    // The cursor binds the arguments and steps the statement through SQLite's C API, and hands
    // out the statement's current row, whose columns are read only when asked for: no array of
    // values per row and no text copied that nobody reads (a period move reads ~3,000 summary
    // and ledger rows per month at 1M loans; building each row's array was a fifth of it).
    // The row is valid only inside `body` (`fetch` copies it).
    func cursor(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Bool) throws {
        try Self.checked {
            let statement = SQLitePrepared(try db.cachedStatement(sql: sql), db: db)
            try statement.bind(arguments)
            try statement.cursor(body)
        }
    }

    func prepare(_ sql: String) throws -> any PreparedStatement {
        SQLitePrepared(try db.makeStatement(sql: sql), db: db)
    }

    func prepareUpsert(_ sql: String, rowID: String) throws -> any PreparedUpsert {
        SQLiteUpsert(SQLitePrepared(try db.makeStatement(sql: sql), db: db))
    }

    func beginBulkWrite() throws {
        // A big page cache for the writer: loans go into two b-tree indexes (code, enterprise)
        // at random places; with SQLite's default 2 MB cache the import spilled pages all the
        // time (1M loans: 26 s → 9 s in importFile with 256 MB). Only the importing connection
        // gets it; it is memory SQLite takes only as pages are touched.
        try db.execute(sql: "PRAGMA cache_size = -262144")
    }

    func rebuildingIndexes<T>(of table: String, _ body: () throws -> T) throws -> T {
        // The schema's own text of each index (a UNIQUE constraint's has none and stays), so
        // what is built again is what was there.
        let indexes = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                                       arguments: [table]).map { (name: $0[0] as String, sql: $0[1] as String) }
        for index in indexes { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
        let result = try body()
        for index in indexes { try db.execute(sql: index.sql) }
        return result
    }

    /// SQLite's "integer overflow" (a sum past Int64) as the seam's error.
    static func checked<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError where error.message == "integer overflow" {
            throw StoreSQLError.integerOverflow
        }
    }

    func beginLoad(into table: String, columns: [String]) throws -> any BulkAppender {
        let placeholders = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
        // Bound and stepped through SQLite's C API (GRDB's arguments cost more than the insert
        // itself for a period's ~100,000 enterprise summary rows).
        return SQLiteLoad(table: table, columns: columns.count,
                          insert: SQLitePrepared(try db.cachedStatement(sql: "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES (\(placeholders))"), db: db))
    }

    func tableExists(_ name: String) throws -> Bool { try db.tableExists(name) }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value {
            case .null: return .null
            case .integer(let v): return v.databaseValue
            case .text(let v): return v.databaseValue
            case .blob(let v): return Data(v).databaseValue
            }
        })
    }
}

/// A bulk load on SQLite: an INSERT per row, each a function call.
final class SQLiteLoad: BulkAppender {
    let table: String
    let columns: Int
    let insert: SQLitePrepared
    init(table: String, columns: Int, insert: SQLitePrepared) { self.table = table; self.columns = columns; self.insert = insert }

    func append(_ values: [SQLValue]) throws {
        guard values.count == columns else { throw StoreSQLError("\(table): \(values.count) values for \(columns) columns") }
        try insert.bind(values)
        _ = try insert.execute()
    }
    func finish() throws {}
    func cancel() {}
}

/// A prepared statement bound and run through SQLite's C API (GRDB's `Statement` underneath):
/// no `StatementArguments` per run, whose array of boxed values was most of the per-row cost of
/// an import's loans and balances files.
/// An upsert without `RETURNING` (which makes SQLite build a temporary b-tree per run): the
/// last-insert rowid, cleared before the run, is set only by an insert; an update leaves it
/// at 0. (A rowid table never hands out 0 by itself.)
final class SQLiteUpsert: PreparedUpsert {
    let prepared: SQLitePrepared
    init(_ prepared: SQLitePrepared) { self.prepared = prepared }
    func bind(_ index: Int32, _ value: SQLValue) { prepared.bind(index, value) }
    func run() throws -> UpsertResult {
        let connection = prepared.db.sqliteConnection
        sqlite3_set_last_insert_rowid(connection, 0)
        guard try prepared.execute() > 0 else { return .unchanged }
        let id = sqlite3_last_insert_rowid(connection)
        return .written(rowID: id == 0 ? nil : id)
    }
}

final class SQLitePrepared: PreparedStatement {
    let statement: Statement
    let db: Database
    private let handle: SQLiteStatement
    /// SQLite copies the text (a row's strings do not outlive the call).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    init(_ statement: Statement, db: Database) {
        self.statement = statement
        self.db = db
        handle = statement.sqliteStatement
    }

    func bind(_ index: Int32, _ value: SQLValue) {
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let n): sqlite3_bind_int64(handle, index, n)
        case .text(var text):
            // "" stays an empty text, never NULL (a nil pointer would bind NULL).
            if text.isEmpty { sqlite3_bind_text(handle, index, "", 0, Self.transient); return }
            text.withUTF8 { _ = sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
        case .blob(let bytes):
            bytes.withUnsafeBytes { _ = sqlite3_bind_blob(handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), Self.transient) }
        }
    }

    /// Binds `?1 … ?N` (a cached statement keeps its last values: a missing one would be read
    /// from the run before, so the count must match, as GRDB checks it). Resets the statement
    /// first: one of GRDB's cache may be left stepped by GRDB, and SQLite refuses to bind to a
    /// statement that is not reset.
    func bind(_ arguments: [SQLValue]) throws {
        sqlite3_reset(handle)
        guard Int(sqlite3_bind_parameter_count(handle)) == arguments.count else {
            throw StoreSQLError("\(arguments.count) arguments for \(sqlite3_bind_parameter_count(handle)) placeholders in: \(statement.sql)")
        }
        for (i, value) in arguments.enumerated() { bind(Int32(i + 1), value) }
    }

    func execute() throws -> Int {
        defer { sqlite3_reset(handle) }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else { throw error(code) }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    func cursor(_ body: (any SQLRow) throws -> Bool) throws {
        defer { sqlite3_reset(handle) }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW {
            guard try body(Row(handle: handle)) else { return }
            code = sqlite3_step(handle)
        }
        guard code == SQLITE_DONE else { throw error(code) }
    }

    private func error(_ code: Int32) -> any Error {
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        if message == "integer overflow" { return StoreSQLError.integerOverflow }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// The statement's current row, read column by column from SQLite (valid until the next step).
    struct Row: SQLRow {
        let handle: SQLiteStatement
        var count: Int { Int(sqlite3_column_count(handle)) }
        subscript(_ index: Int) -> SQLValue {
            let i = Int32(index)
            switch sqlite3_column_type(handle, i) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
            case SQLITE_TEXT: return .text(text(i))
            case SQLITE_BLOB:
                let n = Int(sqlite3_column_bytes(handle, i))
                guard n > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
            case SQLITE_NULL: return .null
            // kejin stores no REAL; one that slipped in reads as its text, never as a rounded number.
            default: return .text(text(i))
            }
        }

        /// Column `i` as text, by its byte count (a text may hold NUL).
        private func text(_ i: Int32) -> String {
            guard let p = sqlite3_column_text(handle, i) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i))), as: UTF8.self)
        }
    }
}

extension SQLiteSession {
    /// A new read-only connection to the same file; nil when the store is not a WAL file (an
    /// in-memory database has no second connection; a reader of a rollback journal would wait).
    public func readAside<Value: Sendable>(_ body: @escaping @Sendable (any StoreSession) throws -> Value?) throws -> AsideRead<Value>? {
        guard let name = sqlite3_db_filename(db.sqliteConnection, "main"), name[0] != 0,
              try fetchOne("PRAGMA journal_mode", as: String.self) == "wal" else { return nil }
        let path = String(cString: name)
        return AsideRead {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.label = "kejin.aside"
            configuration.profileStatementsWhenAsked()
            return try DatabaseQueue(path: path, configuration: configuration).read { db in try body(SQLiteSession(db: db)) }
        }
    }
}
