#if PostgreSQL
import Foundation
import PostgresNIO
import Synchronization

/// The seam over postgres-nio: one connection, one transaction at a time. The store's API is
/// synchronous (GRDB's is), so each statement waits for postgres-nio's future on the caller's
/// thread — a loader or command thread, never an event-loop thread.
public final class PostgresBackend: StoreBackend, @unchecked Sendable {
    /// The connection of the transaction running or to come; replaced when it was lost.
    public private(set) var connection: PostgresConnection
    public let address: PostgresAddress
    /// Connects again after the server went away (nil: a connection given by the caller).
    private let reconnect: (@Sendable () throws -> PostgresConnection)?
    /// Opens a read-only connection beside a write (`StoreSession.readAside`; nil: none).
    private let connectAside: (@Sendable () throws -> PostgresConnection)?
    private let transactions = NSLock()
    private var closedByCaller = false
    /// The advisory lock every import takes: "kejin" in ASCII.
    static let importLock: Int64 = 0x6B_656A_696E

    public init(connection: PostgresConnection, address: PostgresAddress,
                reconnect: (@Sendable () throws -> PostgresConnection)? = nil,
                connectAside: (@Sendable () throws -> PostgresConnection)? = nil) {
        self.connection = connection
        self.address = address
        self.reconnect = reconnect
        self.connectAside = connectAside
    }

    /// Opens and checks a store (`PostgresConnector.open`); `readOnly` for viewers. A
    /// transaction after the connection was lost (server restarted, network cut) connects
    /// again first, so a viewer recovers by itself when the server is back.
    public static func open(_ address: PostgresAddress, environment: [String: String], readOnly: Bool,
                            warn: @escaping @Sendable (String) -> Void = { _ in }) throws -> PostgresBackend {
        let connect: @Sendable () throws -> PostgresConnection = {
            try AsyncBridge.wait {
                try await PostgresConnector.open(address, environment: environment, readOnly: readOnly, warn: warn).connection
            }
        }
        // The store was checked by the first connection: a read beside a write needs no check.
        let connectAside: @Sendable () throws -> PostgresConnection = {
            try AsyncBridge.wait { try await PostgresConnector.connect(address, environment: environment, readOnly: true) }
        }
        return PostgresBackend(connection: try connect(), address: address, reconnect: connect, connectAside: connectAside)
    }

    /// A store dropped without `close()` (a command returning) closes its connection too:
    /// postgres-nio requires it.
    deinit {
        if !connection.isClosed { try? connection.close().wait() }
    }

    public func close() {
        transactions.lock()
        defer { transactions.unlock() }
        closedByCaller = true
        if !connection.isClosed { try? connection.close().wait() }
    }

    public func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        // REPEATABLE READ: a viewer's many statements see one snapshot, as a SQLite read does.
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", readOnly: true) { try body($0) }
    }

    public func write<T>(_ kind: StoreWriteKind, waiting: () -> Void, _ body: (any StoreSession) throws -> T) throws -> T {
        try transaction("BEGIN") { session in
            if kind == .importFiles {
                let key = SQLValue.integer(Self.importLock)
                if try session.fetchValue("SELECT pg_try_advisory_xact_lock(?1)", [key]) != .integer(1) {
                    waiting()
                    _ = try session.execute("SELECT pg_advisory_xact_lock(?1)", [key])
                }
            }
            let result = try body(session)
            try session.execute(StoreGeneration.bump)
            return result
        }
    }

    public func generation() throws -> Int64 {
        // One statement is its own transaction: one round trip, not three (a viewer asks on
        // every read of its cached figures).
        try transaction(nil) { try $0.fetchValue(StoreGeneration.current)?.integer ?? 0 }
    }

    /// `VACUUM (ANALYZE)` of the database: outside a transaction, as VACUUM must run
    /// (Store.vacuumAfterBulkLoad).
    func vacuum() throws {
        try transaction(nil) { _ = try $0.execute("VACUUM (ANALYZE)") }
    }

    /// Tables seen in a read (`tableExists`): kejin's migrations only add tables, so a table a
    /// committed snapshot held stays; asked again it costs no round trip. Writes do not add to
    /// it (a table created in a transaction that rolls back must not be remembered).
    let knownTables = KnownTables()

    /// `begin` nil: the body's single statement runs on its own (autocommit). `readOnly`: a
    /// read, whose BEGIN and COMMIT need not be waited for.
    private func transaction<T>(_ begin: String?, readOnly: Bool = false, _ body: (PostgresTransaction) throws -> T) throws -> T {
        transactions.lock()
        defer { transactions.unlock() }
        // Never a statement on a closed connection: postgres-nio would not answer it (AsyncBridge.wait).
        if closedByCaller { throw PostgresStoreError.closed(address: "\(address)") }
        if connection.isClosed {
            guard let reconnect else { throw PostgresStoreError.unreachable(address: "\(address)", reason: "the connection was lost") }
            // Still unreachable: this throws, and the caller (the viewer's backoff) tries later.
            connection = try reconnect()
        }
        // A write remembers the tables it found for itself alone (one rolled back forgets them).
        let session = PostgresTransaction(connection: connection, address: address,
                                          knownTables: readOnly ? knownTables : begin != nil ? KnownTables() : nil,
                                          snapshot: readOnly && begin != nil ? SnapshotMemo() : nil,
                                          connectAside: readOnly ? nil : connectAside)
        guard let begin else { return try body(session) }
        // A read's BEGIN goes with its first statement and its COMMIT with the next
        // transaction's (the connection runs them in order; a viewer's period move is some six
        // reads). A write waits for both: its statements must never run outside its transaction.
        let begun = try session.send(begin)
        if !readOnly { _ = try session.wait(begun) }
        do {
            let result = try body(session)
            _ = try session.wait(begun)  // answered by now: no round trip
            if readOnly { _ = try session.send("COMMIT") } else { try session.execute("COMMIT") }
            return result
        } catch {
            if !connection.isClosed { _ = try? session.execute("ROLLBACK") }
            throw error
        }
    }
}

/// Statements inside one transaction of a `PostgresBackend`.
struct PostgresTransaction: StoreSession {
    let connection: PostgresConnection
    let address: PostgresAddress
    /// The tables seen: the backend's in a read-only transaction, the transaction's own in a
    /// write (a write asked for a table a dozen times: a round trip each).
    var knownTables: KnownTables? = nil
    /// A read transaction's snapshot (REPEATABLE READ): what it read once stays true in it.
    var snapshot: SnapshotMemo? = nil
    /// A write's way to a read-only connection beside it (`readAside`): nil in a read.
    var connectAside: (@Sendable () throws -> PostgresConnection)? = nil
    static let logger = PostgresConnector.logger
    /// Rows per FETCH of a cursor: big enough to amortise the round trip, small in memory.
    static let cursorBatch = 2_000
    /// A statement per row is a round trip per row: big files go through COPY (Import/BulkLoad.swift).
    var prefersBulkLoad: Bool { true }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        // A table dropped in this transaction is no longer known to exist.
        if snapshot == nil, let known = knownTables, sql.prefix(12).uppercased().contains("DROP") { known.removeAll() }
        return try run(sql, arguments).metadata.rows ?? 0
    }

    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [any SQLRow] {
        try answer(sql, arguments).rows.map(Self.values)
    }

    /// `fetch`'s rows one at a time, streamed: each row is made a seam row on the event loop as
    /// it arrives and handed over in batches (RowPipe), so `body` runs while the rest come.
    /// Not `answer(…).rows`: postgres-nio (1.33) collects a whole result by copying the rows
    /// gathered so far at every network read (PSQLRowStream's `waitingForAll`), and a loan map
    /// of 1M rows spent most of its 3.8 s there.
    func eachRow(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Bool) throws {
        if try eachPrefetchedRow(sql, arguments, body) { return }
        try checkOpen()
        let pipe = RowPipe()
        StatementCounter.noteSent()
        StatementCounter.noteWaited()
        let done = connection.query(try Self.query(sql, arguments), logger: Self.logger) { row in pipe.append(row) }
        if let profile = StatementProfile.shared { profile.time(done, on: connection, sql) }
        done.whenComplete { pipe.finish($0.map { _ in () }) }
        let lost = { [connection] in connection.isClosed }
        do {
            while let batch = try pipe.next(lost: lost) {
                for row in batch where try !body(row) {
                    // Enough: the rest are dropped as they come, the statement ends before the next.
                    pipe.stop()
                    return try pipe.drain(lost: lost)
                }
            }
        } catch {
            pipe.stop()
            if let failed = error as? RowPipe.Failed { throw classify(failed.underlying) }
            throw error is AsyncBridge.ConnectionLost ? classify(error) : error
        }
    }

    /// The rows of `sql` sent ahead (`prefetch`) to `body`, its answer whole already (small by
    /// design); false when it was not sent ahead.
    private func eachPrefetchedRow(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Bool) throws -> Bool {
        guard let sent = snapshot?.take(Prefetch(sql, arguments)) else { return false }
        for row in try wait(sent).rows where try !body(Self.values(row)) { break }
        return true
    }

    /// A read's whole answer: the one sent ahead (`prefetch`), else run now.
    private func answer(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        if let sent = snapshot?.take(Prefetch(sql, arguments)) { return try wait(sent) }
        return try run(sql, arguments)
    }

    func updateStatistics(of table: String) throws {
        // A sample of 3,000 rows, not 30,000 (until the transaction ends): the plans need the
        // row count and each period's size, which it gives within ~10%; loan_balances at 200k
        // loans × 25 months, ~30 ms against ~340 ms. Sent ahead: the connection runs it
        // first, and an error of it fails the ANALYZE (one wait, not two).
        _ = try send("SET LOCAL default_statistics_target = 10")
        _ = try execute("ANALYZE \(table)", [])
    }

    func readAside<Value: Sendable>(_ body: @escaping @Sendable (any StoreSession) throws -> Value?) throws -> AsideRead<Value>? {
        guard let connectAside else { return nil }
        let address = self.address
        return AsideRead {
            // Its own backend: a read transaction (REPEATABLE READ) on a connection of its own.
            let backend = PostgresBackend(connection: try connectAside(), address: address)
            defer { backend.close() }
            return try backend.read { try body($0) }
        }
    }

    func prefetch(_ statements: [Prefetch]) throws {
        // In a read only: a write's statements must run where the caller runs them.
        guard let snapshot else { return }
        for statement in statements where !snapshot.has(statement) {
            snapshot.put(statement, try send(statement.sql, statement.arguments))
        }
    }

    func cursor(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Bool) throws {
        if try eachPrefetchedRow(sql, arguments, body) { return }
        // A server-side cursor, so a million rows never sit in memory at once. The DECLARE and
        // the first FETCH go together, and the CLOSE is not waited for (it runs before whatever
        // comes next): one round trip for a small result, not three.
        let declared = try send("DECLARE kejin_rows NO SCROLL CURSOR FOR " + sql, arguments)
        defer { _ = try? send("CLOSE kejin_rows") }
        var first = true
        while true {
            let fetched = try send("FETCH \(Self.cursorBatch) FROM kejin_rows")
            if first {
                first = false
                _ = try wait(declared)  // its own error (a bad query), not the FETCH's "no such cursor"
            }
            let rows = try wait(fetched).rows
            for row in rows where try !body(Self.values(row)) { return }
            if rows.count < Self.cursorBatch { return }
        }
    }

    func storeVersion() throws -> StoreVersion {
        if let known = snapshot?.version { return known }
        let version = StoreVersion(data: try fetchValue(StoreGeneration.current)?.integer ?? 0)
        snapshot?.version = version
        return version
    }

    func tableExists(_ name: String) throws -> Bool {
        // In the schemas on the search path, as an unqualified name in a query resolves.
        if knownTables?.contains(name) == true { return true }
        let exists = try fetchOne("SELECT CASE WHEN to_regclass(?1) IS NULL THEN 0 ELSE 1 END", name, as: Bool.self) ?? false
        if exists { knownTables?.insert(name) }
        return exists
    }

    func prepare(_ sql: String) throws -> any PreparedStatement {
        PostgresPrepared(session: self, sql: sql)
    }

    func beginLoad(into table: String, columns: [String]) throws -> any BulkAppender {
        try PostgresLoad(connection: connection, table: table, columns: columns, address: address)
    }

    private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        try wait(send(sql, arguments))
    }

    /// Sends a statement without waiting for its answer: the connection runs its statements in
    /// the order sent, so the next one waited for is answered after it. postgres-nio (1.33)
    /// sends a statement queued behind another when the other's answer is complete: each is
    /// still a round trip to the server, but the caller's thread waits once, not per statement.
    func send(_ sql: String, _ arguments: [SQLValue] = []) throws -> EventLoopFuture<PostgresQueryResult> {
        try checkOpen()
        let query = try Self.query(sql, arguments)
        StatementCounter.noteSent()
        let sent = connection.query(query, logger: Self.logger)
        if let profile = StatementProfile.shared { profile.time(sent, on: connection, sql) }
        return sent
    }

    /// Never a statement to a closed connection: postgres-nio would never answer (AsyncBridge.wait).
    private func checkOpen() throws {
        if connection.isClosed { throw PostgresStoreError.unreachable(address: "\(address)", reason: "the connection was lost") }
    }

    /// A statement in postgres-nio's terms: `?N` spelled `$N`, the values bound.
    static func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: arguments.count)
        for value in arguments {
            switch value {
            case .null: binds.appendNull()
            case .integer(let v): binds.append(v)
            case .text(let v): binds.append(v)
            case .blob(let v): binds.append(ByteBuffer(bytes: v))
            }
        }
        return PostgresQuery(unsafeSQL: try PostgresSpelling.postgresQuery(sql), binds: binds)
    }

    /// A sent statement's answer, its errors as the store's.
    func wait(_ sent: EventLoopFuture<PostgresQueryResult>) throws -> PostgresQueryResult {
        StatementCounter.noteWaited()
        do {
            return try AsyncBridge.wait(sent) { connection.isClosed }
        } catch {
            throw classify(error)
        }
    }

    /// A statement's error as the store's.
    private func classify(_ error: any Error) -> any Error {
        if let error = error as? PSQLError, error.serverInfo?[.sqlState] == "22003" {
            return StoreSQLError.integerOverflow  // numeric_value_out_of_range: past bigint
        }
        return PostgresConnector.classify(error, address: address, passwordSource: nil)
    }

    static func values(_ row: PostgresRow) throws -> SQLValues {
        SQLValues(try row.map(value))
    }

    /// A cell as a seam value. kejin's columns are bigint, text and bytea; a `sum(bigint)` is
    /// numeric and must be a whole number (fen), a comparison is boolean (SQLite's 0/1).
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard var bytes = cell.bytes else { return .null }
        // The common binary cells read straight from their bytes (postgres-nio's generic
        // decode costs more per cell than the network does per row).
        if cell.format == .binary {
            switch (cell.dataType, bytes.readableBytes) {
            case (.int8, 8): return .integer(bytes.readInteger(as: Int64.self)!)
            case (.int4, 4): return .integer(Int64(bytes.readInteger(as: Int32.self)!))
            case (.int2, 2): return .integer(Int64(bytes.readInteger(as: Int16.self)!))
            case (.bool, 1): return .integer(bytes.readInteger(as: UInt8.self)! == 0 ? 0 : 1)
            case (.text, _), (.varchar, _), (.bpchar, _), (.name, _): return .text(bytes.readString(length: bytes.readableBytes)!)
            default: break
            }
        }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return .integer(try cell.decode(Int64.self))
        case .bool:
            return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .numeric:
            let number = try cell.decode(Decimal.self)
            guard let whole = Int64(number.description) else {
                throw StoreSQLError("column \(cell.columnName): \(number) is not a whole number of fen (round it in SQL)")
            }
            return .integer(whole)
        case .text, .varchar, .bpchar, .name:
            return .text(try cell.decode(String.self))
        case .bytea:
            return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
        default:
            throw StoreSQLError("column \(cell.columnName): type \(cell.dataType) is not one kejin stores")
        }
    }
}

/// A bulk load on PostgreSQL: `COPY … FROM STDIN`, the rows sent in chunks while the caller
/// appends more (CopyPipe: a few chunks in flight at most).
final class PostgresLoad: BulkAppender {
    let table: String
    let columns: Int
    let address: PostgresAddress
    private let pipe = CopyPipe()
    private let copy: AsyncBridge.Running<Void>
    private var buffer: [UInt8] = []

    init(connection: PostgresConnection, table: String, columns: [String], address: PostgresAddress) throws {
        if connection.isClosed { throw PostgresStoreError.unreachable(address: "\(address)", reason: "the connection was lost") }
        self.table = table; self.columns = columns.count; self.address = address
        StatementCounter.noteSent()
        StatementCounter.noteWaited()
        let pipe = self.pipe
        copy = AsyncBridge.start {
            try await connection.copyFrom(table: table, columns: columns, logger: PostgresTransaction.logger) { writer in
                do {
                    for try await chunk in pipe.chunks {
                        try await writer.write(chunk)
                        pipe.consumed()
                    }
                    pipe.finished(nil)
                } catch {
                    pipe.finished(error)
                    throw error
                }
            }
        }
        buffer.reserveCapacity(CopyPipe.chunkBytes + 4_096)
    }

    func append(_ values: [SQLValue]) throws {
        guard values.count == columns else { throw StoreSQLError("\(table): \(values.count) values for \(columns) columns") }
        PostgresSpelling.appendCopyRow(values, to: &buffer)
        if buffer.count >= CopyPipe.chunkBytes {
            try pipe.send(ByteBuffer(bytes: buffer))
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func finish() throws {
        do {
            if !buffer.isEmpty { try pipe.send(ByteBuffer(bytes: buffer)) }
            buffer = []
        } catch {
            cancel()
            throw error
        }
        pipe.close(nil)
        do {
            try copy.wait()
        } catch {
            throw PostgresConnector.classify(error, address: address, passwordSource: nil)
        }
    }

    func cancel() {
        pipe.close(CancellationError())
        _ = try? copy.wait()
    }
}

/// A statement of a transaction run many times: each run is one round trip (postgres-nio's
/// unnamed statement, parsed per run). Enough for the small files and corrections; loans and
/// balances files `load` into a staging table and merge with one statement (Import/BulkLoad.swift).
/// Table names a backend's reads found (PostgresBackend.knownTables).
final class KnownTables: Sendable {
    private let names = Mutex<Set<String>>([])
    func contains(_ name: String) -> Bool { names.withLock { $0.contains(name) } }
    func insert(_ name: String) { _ = names.withLock { $0.insert(name) } }
    func removeAll() { names.withLock { $0.removeAll() } }
}

/// What one read transaction has read of its snapshot (PostgresTransaction.snapshot): its
/// store version, and the reads sent ahead (`prefetch`) not yet taken.
final class SnapshotMemo {
    var version: StoreVersion?
    private var sent: [Prefetch: [EventLoopFuture<PostgresQueryResult>]] = [:]
    func has(_ statement: Prefetch) -> Bool { sent[statement] != nil }
    func put(_ statement: Prefetch, _ future: EventLoopFuture<PostgresQueryResult>) { sent[statement, default: []].append(future) }
    func take(_ statement: Prefetch) -> EventLoopFuture<PostgresQueryResult>? {
        guard var futures = sent[statement], !futures.isEmpty else { return nil }
        let first = futures.removeFirst()
        sent[statement] = futures.isEmpty ? nil : futures
        return first
    }
}

final class PostgresPrepared: PreparedStatement {
    let session: PostgresTransaction
    let sql: String
    private var values: [SQLValue] = []

    init(session: PostgresTransaction, sql: String) {
        self.session = session
        self.sql = sql
    }

    func bind(_ index: Int32, _ value: SQLValue) {
        let i = Int(index) - 1
        if values.count <= i { values.append(contentsOf: repeatElement(.null, count: i + 1 - values.count)) }
        values[i] = value
    }

    func execute() throws -> Int { try session.execute(sql, values) }

    func cursor(_ body: (any SQLRow) throws -> Bool) throws {
        // Not a server-side cursor: PostgreSQL declares none for `INSERT … RETURNING`.
        try session.eachRow(sql, values, body)
    }
}
#endif
