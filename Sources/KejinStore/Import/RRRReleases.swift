import KejinCore

/// `rrr_releases.csv` (schema v18): the reserves each bank's required-reserve-ratio cut
/// (降准) released, as the PBoC branch computes them for the banks of its city — one row per
/// bank and cut. With the re-lending and rediscount draws (relending_draws.csv) they are the
/// low-cost funds of the Programme screen (Query/LowCostFunds.swift).
///
/// Declared once, here: the header's required and optional columns (`Entity`), the table and
/// its key (the v18 migration), the upsert (`writer`) and the import's checks follow
/// `columns`; CSVFormat.md's table is compared with it by a test (CSVFormatDocTests).
enum RRRReleases {
    static let table = "rrr_releases"

    /// How a column is read and stored.
    enum Kind {
        /// An institution of kind `bank`.
        case bank
        /// `YYYY-MM-DD`, stored as text.
        case date
        /// A cut in percentage points with at most two decimals, above 0 and at most `maxCut`:
        /// stored in basis points.
        case cut
        /// Yuan with at most two decimals, stored in fen.
        case money
        /// Free text, may be empty.
        case text

        var sqlType: String {
            switch self {
            case .bank, .date, .text: return "TEXT"
            case .cut, .money: return "INTEGER"
            }
        }
    }

    struct Column {
        /// The CSV header's name and the table's.
        let csv: String, stored: String
        let kind: Kind
        var key = false
        var optional = false
    }

    /// The columns, in the documented order. The key: a bank's release by one cut.
    static let columns: [Column] = [
        Column(csv: "bank", stored: "bank", kind: .bank, key: true),
        Column(csv: "effective_date", stored: "effective_date", kind: .date, key: true),
        Column(csv: "cut_pct", stored: "cut", kind: .cut),
        Column(csv: "released_yuan", stored: "released", kind: .money),
        Column(csv: "note", stored: "note", kind: .text, optional: true),
    ]

    /// A cut above this (10 percentage points) is a typing error, not a cut.
    static let maxCut: Int64 = 1_000

    static var required: [String] { columns.filter { !$0.optional }.map(\.csv) }
    static var optional: [String] { columns.filter(\.optional).map(\.csv) }
    static var key: [String] { columns.filter(\.key).map(\.stored) }

    /// The table, in SQLite's words (PostgreSQL's are `PostgresSpelling.postgresDDL` of them,
    /// as `kejin store copy` writes any table).
    static var tableDDL: String {
        "CREATE TABLE \(table)("
            + columns.map { "\($0.stored) \($0.kind.sqlType) NOT NULL" }.joined(separator: ", ")
            + ", PRIMARY KEY(\(key.joined(separator: ", ")))) WITHOUT ROWID"
    }

    /// v18: the table (empty: a store's releases come by import).
    static let migration = StoreMigration(version: 18, name: "v18 rrr releases") { s in
        try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
    }

    /// Validates a row column by column and upserts it by (bank, effective_date). A store
    /// migrated only part-way (tests build v16 stores and import the demo into them) has no
    /// table and ignores the rows, as it does regions before v9.
    static func writer(_ writers: RowWriters) throws -> RowWriters.Write {
        guard try writers.session.tableExists(table) else { return { _ in } }
        let s = try writers.upsert(table, columns.map(\.stored), key: key)
        return { r in
            let values: [SQLValue] = try columns.map { c in
                switch c.kind {
                case .bank: return try writers.institution(r, CSVColumn(c.csv), kind: "bank").sqlValue
                case .date: return try r.date(CSVColumn(c.csv)).sqlValue
                case .cut:
                    let cut = try r.percent(CSVColumn(c.csv))
                    guard cut > 0, cut <= maxCut else {
                        throw r.fail(CSVColumn(c.csv), "is not a cut above 0 and at most 10 percentage points")
                    }
                    return cut.sqlValue
                case .money: return try r.money(CSVColumn(c.csv)).sqlValue
                case .text: return r.optionalText(CSVColumn(c.csv)).sqlValue
                }
            }
            try s.execute(values)
        }
    }
}
