/// Copies an SQLite store into an empty PostgreSQL database (`kejin store copy`), then checks
/// both sides agree. The PostgreSQL schema is the SQLite store's own (`sqlite_master`,
/// translated by `PostgresSpelling.postgresDDL`), so the tables are declared once: by the
/// migrations. A new PostgreSQL store is the copy of a new SQLite one.
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
                    let names = table.columns.map(\.name)
                    let list = names.joined(separator: ", ")
                    try to.load(into: table.name, columns: names) { append in
                        try from.cursor("SELECT \(list) FROM \(table.name)", []) { row in
                            try append(row.values)
                            return true
                        }
                    }
                    // An identity continues after the ids copied.
                    for key in table.columns where key.rowID {
                        try to.execute("""
                            SELECT setval(pg_get_serial_sequence('\(table.name)', '\(key.name)'),
                                          coalesce(max(\(key.name)), 0) + 1, false) FROM \(table.name)
                            """)
                    }
                    let check = "SELECT count(*)" + table.columns.filter(\.integer).map { ", sum(\($0.name))" }.joined()
                        + " FROM \(table.name)"
                    let here = try from.fetch(check)[0].values, there = try to.fetch(check)[0].values
                    guard here == there else { throw Mismatch(table: table.name, source: here, destination: there) }
                    let done = Table(name: table.name, rows: here[0].integer ?? 0)
                    progress(done)
                    copied.append(done)
                }
                return copied
            }
        }
    }
}
