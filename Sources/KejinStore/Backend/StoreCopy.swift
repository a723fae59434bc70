/// Copies an SQLite store into an empty PostgreSQL database and back (`kejin store copy`), then
/// checks both sides agree. The PostgreSQL schema is the SQLite store's own (`sqlite_master`,
/// translated by `PostgresSpelling.postgresDDL`), so the tables are declared once: by the
/// migrations. A new PostgreSQL store is the copy of a new SQLite one; a copy back goes into a
/// new SQLite store made by the migrations of this kejin, which must be the store's version.
public enum StoreCopy {
    /// What was copied, per table in creation order.
    public struct Table: Equatable, Sendable {
        public let name: String
        public let rows: Int64
    }

    public struct Mismatch: Error, CustomStringConvertible {
        public let table: String
        public let source: [SQLValue], destination: [SQLValue]
        public var description: String {
            "store copy: table \(table) differs after the copy (rows and integer sums: \(source) here, \(destination) there); nothing was kept"
        }
    }

    public struct OtherVersion: Error, CustomStringConvertible {
        public let found: Int64?, expected: Int64
        public var description: String {
            "store copy: the source is a kejin store of schema version \(found.map(String.init) ?? "none"), this kejin makes version \(expected); "
                + "copy it with the kejin of that version"
        }
    }

    public struct NotEmpty: Error, CustomStringConvertible {
        public let table: String
        public var description: String {
            "store copy: the destination already holds a table \(table); copy into an empty database"
        }
    }

    /// Copies every table and index of `source` (an SQLite store) into `destination` in one
    /// transaction: all or nothing. Each table's row count and the sum of each integer column
    /// are compared on both sides before it commits. `progress` hears each table as it is done.
    @discardableResult
    public static func copy(from source: SQLiteBackend, to destination: any StoreBackend,
                            progress: (Table) -> Void = { _ in }) throws -> [Table] {
        try source.read { from in
            let objects = try from.fetch("""
                SELECT type, name, tbl_name, sql FROM sqlite_master
                WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND tbl_name <> 'grdb_migrations'
                ORDER BY rowid
                """).map { (type: $0[0].text!, name: $0[1].text!, sql: $0[3].text!) }
            let tables = try objects.filter { $0.type == "table" }.map { object in
                let info = try from.fetch("SELECT name, upper(type), pk FROM pragma_table_info(?1) ORDER BY cid", [.text(object.name)])
                let keyColumns = info.filter { $0[2] != .integer(0) }.count
                // A rowid key: the table's only key column, an INTEGER (an identity there).
                return (name: object.name, columns: info.map {
                    (name: $0[0].text!, integer: $0[1] == .text("INTEGER"), rowID: keyColumns == 1 && $0[2] == .integer(1) && $0[1] == .text("INTEGER"))
                })
            }
            return try destination.write(.importFiles, waiting: {}) { to in
                for table in tables {
                    let exists = try to.fetchValue("SELECT to_regclass(?1) IS NOT NULL", [.text(table.name)])
                    if exists == .integer(1) { throw NotEmpty(table: table.name) }
                }
                for object in objects { try to.execute(PostgresSpelling.postgresDDL(fromSQLite: object.sql)) }
                try to.execute(StoreGeneration.createTable)
                try to.execute(StoreGeneration.seed)
                var copied: [Table] = []
                for table in tables {
                    let done = try copyRows(table.name, columns: table.columns.map(\.name),
                                            integers: table.columns.filter(\.integer).map(\.name), from: from, to: to) {
                        // An identity continues after the ids copied.
                        for key in table.columns where key.rowID {
                            try to.execute("""
                                SELECT setval(pg_get_serial_sequence('\(table.name)', '\(key.name)'),
                                              coalesce(max(\(key.name)), 0) + 1, false) FROM \(table.name)
                                """)
                        }
                    }
                    progress(done)
                    copied.append(done)
                }
                return copied
            }
        }
    }

    /// Copies every table of `destination` (a new SQLite store, made by this kejin's
    /// migrations, whose default rows it replaces) out of `source` (a PostgreSQL store of the
    /// same schema version) in one transaction; each table's row count and integer sums are
    /// compared before it commits.
    @discardableResult
    public static func copy(from source: any StoreBackend, toNew destination: SQLiteBackend,
                            progress: (Table) -> Void = { _ in }) throws -> [Table] {
        try source.read { from in
            try destination.write(.importFiles, waiting: {}) { to in
                let version = try to.fetchOne("SELECT max(version) FROM schema", as: Int64.self) ?? 0
                let found = try from.fetchOne("SELECT max(version) FROM schema", as: Int64?.self) ?? nil
                guard found == version else { throw OtherVersion(found: found, expected: version) }
                let tables = try to.fetchColumn("""
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                      AND name NOT IN ('grdb_migrations', 'store_generation') ORDER BY rowid
                    """, as: String.self)
                var copied: [Table] = []
                for table in tables {
                    let info = try to.fetch("SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid", table)
                    let integers = try info.filter { try $0.get(1, as: String.self) == "INTEGER" }.map { try $0.get(0, as: String.self) }
                    try to.execute("DELETE FROM \(table)")
                    let done = try copyRows(table, columns: try info.map { try $0.get(0, as: String.self) },
                                            integers: integers, from: from, to: to)
                    progress(done)
                    copied.append(done)
                }
                return copied
            }
        }
    }

    /// One table's rows from `from` into `to` (through `load`), then `afterLoad`, then its row
    /// count and the sum of each of its `integers` columns compared on both sides.
    private static func copyRows(_ table: String, columns: [String], integers: [String],
                                 from: any StoreSession, to: any StoreSession, afterLoad: () throws -> Void = {}) throws -> Table {
        let list = columns.joined(separator: ", ")
        try to.load(into: table, columns: columns) { append in
            try from.cursor("SELECT \(list) FROM \(table)", []) { row in
                try append(row.values)
                return true
            }
        }
        try afterLoad()
        let check = "SELECT count(*)" + integers.map { ", sum(\($0))" }.joined() + " FROM \(table)"
        let here = try from.fetch(check)[0].values, there = try to.fetch(check)[0].values
        guard here == there else { throw Mismatch(table: table, source: here, destination: there) }
        return Table(name: table, rows: here[0].integer ?? 0)
    }
}
