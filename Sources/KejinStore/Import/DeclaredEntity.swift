import KejinCore

/// A CSV entity declared once, the way `RRRReleases` is: its columns in the documented order,
/// from which follow the header's required and optional columns (`Entity`), the table, its
/// NULLs and its key (`tableDDL`, written once for both engines), how each field is read and
/// checked and the upsert (`writer`); CSVFormat.md's table is compared with it by a test
/// (CSVFormatDocTests). Checks across columns (dates in order, a loan of the row's own bank)
/// are the declaration's `check`.
struct DeclaredEntity: Sendable {
    /// How a column is read, checked and stored.
    enum Kind: Sendable, Equatable {
        /// The row's own code (no surrounding spaces).
        case code
        /// Required text (a name).
        case text
        /// Free text, may be empty; stored as '' (never NULL).
        case note
        /// An institution of one of these kinds (`bank`, `guarantor`).
        case institution([String])
        /// A region of regions.csv.
        case region
        case enterprise
        /// A chain of chains.csv.
        case chain
        /// A service station of service_stations.csv.
        case station
        /// A guidance fund of guidance_funds.csv.
        case fund
        /// An interest-subsidy budget of subsidy_budgets.csv.
        case budget
        /// A loan of loans.csv, stored by its code.
        case loan
        /// `YYYY-MM-DD`, stored as text.
        case date
        /// Yuan with at most two decimals, stored in fen.
        case money
        /// A percentage with at most two decimals, stored in basis points.
        case percent
        /// A whole number within the range (a leverage multiple), stored as such.
        case whole(ClosedRange<Int64>)
        /// One of these words.
        case oneOf([String])

        var sqlType: String {
            switch self {
            case .money, .percent, .whole: return "INTEGER"
            default: return "TEXT"
            }
        }
    }

    struct Column: Sendable {
        /// The CSV header's name and the table's.
        let csv: String, stored: String
        let kind: Kind
        var key = false
        var optional = false

        init(_ csv: String, stored: String? = nil, _ kind: Kind, key: Bool = false, optional: Bool = false) {
            self.csv = csv; self.stored = stored ?? csv; self.kind = kind; self.key = key; self.optional = optional
        }
    }

    /// A row read column by column: stored column → value (optional fields empty: `.null`,
    /// notes: "").
    typealias Values = [String: SQLValue]

    let table: String
    let columns: [Column]
    /// Checks across columns once every field is read; throws the row's error (`CSVRow.fail`).
    var check: (@Sendable (CSVRow, Values, RowWriters) throws -> Void)?

    init(table: String, columns: [Column], check: (@Sendable (CSVRow, Values, RowWriters) throws -> Void)? = nil) {
        self.table = table; self.columns = columns; self.check = check
    }

    var required: [String] { columns.filter { !$0.optional }.map(\.csv) }
    var optional: [String] { columns.filter(\.optional).map(\.csv) }
    var key: [String] { columns.filter(\.key).map(\.stored) }

    /// The table, in SQLite's words (PostgreSQL's are `PostgresSpelling.postgresDDL` of them).
    /// Optional columns are NULL when empty, but for free text ('').
    var tableDDL: String {
        "CREATE TABLE \(table)("
            + columns.map { "\($0.stored) \($0.kind.sqlType)" + ($0.optional && $0.kind != .note ? "" : " NOT NULL") }.joined(separator: ", ")
            + ", PRIMARY KEY(\(key.joined(separator: ", ")))) WITHOUT ROWID"
    }

    /// Creates the table on either engine (a migration's body).
    func create(_ s: any StoreSession) throws {
        try s.execute(s is SQLiteSession ? tableDDL : PostgresSpelling.postgresDDL(fromSQLite: tableDDL))
    }

    /// Validates a row column by column, then across columns, and upserts it by its key. A
    /// store migrated only part-way (tests build older stores and import the demo into them)
    /// has no table and ignores the rows, as it does regions before v9.
    func writer(_ writers: RowWriters, after: @escaping (Values) throws -> Void = { _ in }) throws -> RowWriters.Write {
        guard try writers.session.tableExists(table) else { return { _ in } }
        let s = try writers.upsert(table, columns.map(\.stored), key: key)
        return { r in
            var values: Values = [:]
            for c in columns {
                let column = CSVColumn(c.csv)
                if c.optional, c.kind != .note, r.raw(column).isEmpty { values[c.stored] = .null; continue }
                values[c.stored] = try Self.read(c.kind, r, column, writers)
            }
            try check?(r, values, writers)
            try s.execute(columns.map { values[$0.stored]! })
            try after(values)
        }
    }

    private static func read(_ kind: Kind, _ r: CSVRow, _ column: CSVColumn, _ writers: RowWriters) throws -> SQLValue {
        switch kind {
        case .code: return try r.code(column).sqlValue
        case .text: return try r.text(column).sqlValue
        case .note: return r.optionalText(column).sqlValue
        case .institution(let kinds):
            let code = try r.code(column)
            switch try writers.refs.institutionKind(code) {
            case nil: throw r.fail(column, "is not a known institution code")
            case let kind? where kinds.contains(kind): return code.sqlValue
            case let other?: throw r.fail(column, "is a \(other), not a \(kinds.joined(separator: " or "))")
            }
        case .region:
            let code = try r.code(column)
            guard try writers.refs.containsRegion(code) else { throw r.fail(column, "is not a known region code") }
            return code.sqlValue
        case .enterprise: return try writers.reference(r, column, .enterprises, "enterprise").sqlValue
        case .chain: return try writers.reference(r, column, .chains, "chain").sqlValue
        case .station: return try writers.reference(r, column, .stations, "service station").sqlValue
        case .fund: return try writers.reference(r, column, .funds, "guidance fund").sqlValue
        case .budget: return try writers.reference(r, column, .budgets, "subsidy budget").sqlValue
        case .loan:
            let code = try r.code(column)
            guard try writers.refs.loan(code) != nil else { throw r.fail(column, "is not a known loan code") }
            return code.sqlValue
        case .date: return try r.date(column).sqlValue
        case .money: return try r.money(column).sqlValue
        case .percent: return try r.percent(column).sqlValue
        case .whole(let range):
            let n = try r.integer(column)
            guard range.contains(n) else { throw r.fail(column, "is not between \(range.lowerBound) and \(range.upperBound)") }
            return n.sqlValue
        case .oneOf(let words): return try r.oneOf(column, words).sqlValue
        }
    }
}

extension DeclaredEntity.Values {
    /// The text of a stored column (nil: empty).
    func text(_ stored: String) -> String? { self[stored]?.text }
}
