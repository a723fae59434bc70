import Foundation
import GRDB

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

    // A statement with arguments is prepared once per connection and reused (an import runs
    // the same INSERT per row); one without may be a script of several (DDL).
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        if arguments.isEmpty {
            try db.execute(sql: sql)
        } else {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        }
        return db.changesCount
    }

    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [any SQLRow] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments)).map(Self.values)
    }

    func cursor(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Bool) throws {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments))
        while let row = try rows.next() {
            guard try body(Self.values(row)) else { return }
        }
    }

    func load(into table: String, columns: [String], rows: (([SQLValue]) throws -> Void) throws -> Void) throws {
        let placeholders = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
        let insert = try db.cachedStatement(sql: "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
        try rows { values in
            guard values.count == columns.count else {
                throw StoreSQLError("\(table): \(values.count) values for \(columns.count) columns")
            }
            try insert.execute(arguments: Self.arguments(values))
        }
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

    static func values(_ row: Row) -> SQLValues {
        // By index: `databaseValues` pairs each value with its column name, per row.
        SQLValues((0..<row.count).map { (i: Int) -> SQLValue in
            let value: DatabaseValue = row[i]
            switch value.storage {
            case .null: return .null
            case .int64(let v): return .integer(v)
            case .string(let v): return .text(v)
            case .blob(let v): return .blob([UInt8](v))
            // kejin stores no REAL; one that slipped in reads as its text, never as a rounded number.
            case .double(let v): return .text(String(v))
            }
        })
    }
}
