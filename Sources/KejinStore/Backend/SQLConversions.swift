// Swift values in and out of `StoreSession` statements, so a query ported from GRDB reads
// as it did: `try session.fetch(sql, period.key, bank)` and `let code: String = try row.get(0)`.

/// A Swift value a statement takes as an argument.
public protocol SQLArgument {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLArgument { public var sqlValue: SQLValue { self } }
extension String: SQLArgument { public var sqlValue: SQLValue { .text(self) } }
extension Substring: SQLArgument { public var sqlValue: SQLValue { .text(String(self)) } }
extension Int64: SQLArgument { public var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLArgument { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int32: SQLArgument { public var sqlValue: SQLValue { .integer(Int64(self)) } }
/// 0 or 1, as both engines' kejin columns store flags.
extension Bool: SQLArgument { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Optional: SQLArgument where Wrapped: SQLArgument {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// A Swift value a result column decodes into.
public protocol SQLColumnValue {
    /// nil when the value does not fit the type (the caller names the column).
    static func decode(_ value: SQLValue) -> Self?
}

extension SQLValue: SQLColumnValue { public static func decode(_ value: SQLValue) -> SQLValue? { value } }
extension String: SQLColumnValue { public static func decode(_ value: SQLValue) -> String? { value.text } }
extension Int64: SQLColumnValue { public static func decode(_ value: SQLValue) -> Int64? { value.integer } }
extension Int: SQLColumnValue { public static func decode(_ value: SQLValue) -> Int? { value.integer.flatMap(Int.init(exactly:)) } }
extension Bool: SQLColumnValue { public static func decode(_ value: SQLValue) -> Bool? { value.integer.map { $0 != 0 } } }
extension Optional: SQLColumnValue where Wrapped: SQLColumnValue {
    /// NULL is nil; anything else must fit `Wrapped`.
    public static func decode(_ value: SQLValue) -> Wrapped?? {
        if value == .null { return .some(nil) }
        return Wrapped.decode(value).map { .some($0) }
    }
}

extension SQLRow {
    /// Column `index` as `T`; a NULL or a value of another type for a non-optional `T` throws,
    /// naming the column (a store whose data does not fit its schema, not a crash).
    ///
    /// Inlined: called on `any SQLRow`, the function stays generic over the row's type, and
    /// each call then built `T?`'s metadata at run time (5–10% of a hot loop's time).
    @inline(__always)
    public func get<T: SQLColumnValue>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard index < count else { throw StoreSQLError("column \(index) of a row of \(count)") }
        let value = self[index]
        guard let decoded = T.decode(value) else { throw Self.mismatch(index, value, T.self) }
        return decoded
    }

    private static func mismatch(_ index: Int, _ value: SQLValue, _ type: Any.Type) -> StoreSQLError {
        StoreSQLError("column \(index): \(value) is not a \(type)")
    }
}

extension SQLRow {
    /// Column `index` as a whole number, NULL as 0 (a sum over no rows), without `get`'s generic
    /// decoding: the hot loops (summary rows, the books) read thousands of these per frame.
    public func integer(_ index: Int) throws -> Int64 {
        switch self[index] {
        case .integer(let v): return v
        case .null: return 0
        case let other: throw StoreSQLError("column \(index): \(other) is not a whole number")
        }
    }

    /// Column `index` as text, NULL as nil (non-generic, as `integer`).
    public func text(_ index: Int) throws -> String? {
        switch self[index] {
        case .text(let v): return v
        case .null: return nil
        case let other: throw StoreSQLError("column \(index): \(other) is not text")
        }
    }
}

extension StoreSession {
    @discardableResult
    public func execute(_ sql: String, _ arguments: any SQLArgument...) throws -> Int {
        try execute(sql, arguments.map(\.sqlValue))
    }

    public func fetch(_ sql: String, _ arguments: any SQLArgument...) throws -> [any SQLRow] {
        try fetch(sql, arguments.map(\.sqlValue))
    }

    /// The first column of every row, as `T`.
    public func fetchColumn<T: SQLColumnValue>(_ sql: String, _ arguments: [SQLValue], as type: T.Type = T.self) throws -> [T] {
        try fetch(sql, arguments).map { try $0.get(0) }
    }

    public func fetchColumn<T: SQLColumnValue>(_ sql: String, _ arguments: any SQLArgument..., as type: T.Type = T.self) throws -> [T] {
        try fetchColumn(sql, arguments.map(\.sqlValue))
    }

    /// The first column of the first row as `T`; nil when there is no row or it is NULL.
    public func fetchOne<T: SQLColumnValue>(_ sql: String, _ arguments: any SQLArgument..., as type: T.Type = T.self) throws -> T? {
        guard let value = try fetchValue(sql, arguments.map(\.sqlValue)) else { return nil }
        guard let decoded = T.decode(value) else { throw StoreSQLError("\(value) is not a \(T.self)") }
        return decoded
    }
}
