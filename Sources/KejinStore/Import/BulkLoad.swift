/// A big file on an engine that prefers bulk loads (`StoreSession.prefersBulkLoad`: PostgreSQL,
/// where a statement per row is a round trip per row): its checked rows go into a staging
/// table through `StoreSession.load` (COPY), then into the target with one upsert, the same
/// `ON CONFLICT … DO UPDATE … WHERE … IS DISTINCT FROM` a single row gets (so the engine's
/// change count is the rows inserted or changed, as row by row). The SQL is one text for both
/// engines; the rows are checked before they are appended, so a bad row stops the load with
/// its file, row and column, and the import's transaction leaves the store as it was.
final class BulkLoad {
    let session: any StoreSession
    let table: String
    /// The target's columns the rows give, then those written but not compared (`derived`).
    let columns: [String]
    let key: [String]
    let derived: [String]
    /// Merge in file order: new rows get their ids in file order (loans), as row by row.
    let inFileOrder: Bool
    /// Set while appending when a key came twice: the merge then takes each key's last row
    /// (row by row, the last one wins; one upsert may not change a row twice).
    var repeatsKeys = false
    /// Whether the last merge was a plain INSERT (`allNew`).
    private(set) var insertedAllNew = false
    /// Takes the target's statistics after the merge (a big file); a small one leaves them to
    /// its caller (BalanceChanges.apply takes them past a few hundred rows).
    let updatesStatistics: Bool

    init(session: any StoreSession, table: String, columns: [String], key: [String], derived: [String] = [],
         inFileOrder: Bool = false, updatesStatistics: Bool = true) {
        self.session = session; self.table = table; self.columns = columns; self.key = key
        self.derived = derived; self.inFileOrder = inFileOrder; self.updatesStatistics = updatesStatistics
    }

    /// A temporary table of this session (SQLite and PostgreSQL alike), rolled back with the
    /// import and dropped after the merge.
    var staging: String { "kejin_staging_" + table }

    /// Rows that may go straight into the target, not through staging: `start`, asked with the
    /// first row's values, says whether they may (a month not stored yet: nothing to merge
    /// with); from then on each row goes straight in while `fits` says so (the same month, no
    /// key twice). From the first row that does not, that row and all after it are staged and
    /// merged as usual (an upsert: a later row still wins).
    struct Direct {
        let start: ([SQLValue]) throws -> Bool
        let fits: ([SQLValue]) -> Bool
    }

    /// Appends the file's rows to the staging table, each as `values` checks it and gives its
    /// values (in `columns + derived` order), merges them, runs `merged` with the staging
    /// table's name (`merging` before the merge), and returns the rows the merge inserted or changed.
    /// `allNew`, asked after the rows are staged: true when no staged row can meet a stored one
    /// (a month not stored yet), so the merge is a plain INSERT, not an upsert (PostgreSQL, a
    /// month of 195,000 balances: ~0.85 s against ~1.1–1.6 s). `direct`: rows that may skip the
    /// staging table (`Direct`); `merging` and `merged` then see the staged rows only, and
    /// `allNew` must take the rows that went straight in as stored.
    func run(_ rows: RowWriters.Rows, values: @escaping (CSVRow) throws -> [SQLValue],
             direct: Direct? = nil,
             allNew: () throws -> Bool = { false },
             merging: (_ staging: String) throws -> Void = { _ in },
             merged: (_ staging: String) throws -> Void = { _ in }) throws -> Int {
        let (straightRows, staged) = try load(rows, values: values, direct: direct)
        var changed = straightRows
        if straightRows > 0 && !staged {
            insertedAllNew = true  // every row went straight in: new rows, no key twice
        } else {
            changed += try merge(allNew: allNew, merging: merging, merged: merged)
        }
        // A big file is a big change (a new month's balances): without fresh statistics
        // PostgreSQL's planner took a new period for 1 row and joined the next corrections of
        // it by a scan of the whole period per changed loan (a 1% month at 200k loans: 47 s a
        // statement, not milliseconds). Taken inside the import's transaction, which ANALYZE
        // sees; ~30 ms at 200k loans × 25 months (a sample: PostgresBackend).
        if updatesStatistics { try session.updateStatistics(of: table) }
        return changed
    }

    /// Loads the rows: straight into the target while `direct` lets them, into the staging
    /// table from the first that it does not (all of them without `direct`; an empty staging
    /// table for a file of no rows). Returns the rows that went straight in and whether any were staged.
    private func load(_ rows: RowWriters.Rows, values: @escaping (CSVRow) throws -> [SQLValue],
                      direct: Direct?) throws -> (straight: Int, staged: Bool) {
        var line: Int64 = 0, straightRows = 0
        var straight: (any BulkAppender)?, staged: (any BulkAppender)?
        func stage() throws -> any BulkAppender {
            if let staged { return staged }
            try session.execute("DROP TABLE IF EXISTS \(staging)")
            // The target's own column types, and `line`: the row's place in the file.
            try session.execute("CREATE TEMP TABLE \(staging) AS SELECT CAST(0 AS bigint) AS line, \((columns + derived).joined(separator: ", ")) FROM \(table) WHERE 1 = 0")
            let load = try session.beginLoad(into: staging, columns: ["line"] + columns + derived)
            staged = load
            return load
        }
        do {
            try rows { row in
                let checked = try values(row)
                line += 1
                // Asked before any load begins: the session may still run a statement.
                if line == 1, let direct, try direct.start(checked) {
                    straight = try session.beginLoad(into: table, columns: columns + derived)
                }
                if let load = straight {
                    if direct!.fits(checked) {
                        try load.append(checked)
                        straightRows += 1
                        return
                    }
                    straight = nil
                    try load.finish()
                }
                try stage().append([.integer(line)] + checked)
            }
            if let load = straight {
                straight = nil
                try load.finish()
            }
            if straightRows == 0 || staged != nil { try stage().finish() }
        } catch {
            straight?.cancel()
            staged?.cancel()
            throw error
        }
        return (straightRows, staged != nil)
    }

    /// Merges the staged rows into the target with one statement; returns the rows it inserted or changed.
    private func merge(allNew: () throws -> Bool, merging: (_ staging: String) throws -> Void,
                       merged: (_ staging: String) throws -> Void) throws -> Int {
        let list = (columns + derived).joined(separator: ", ")
        try merging(staging)
        // `WHERE`: SQLite needs one before an upsert's ON CONFLICT after a SELECT.
        var merge = "INSERT INTO \(table)(\(list)) SELECT \(list) FROM "
        if repeatsKeys {
            // Each key's last row (row by row, the last one wins; one upsert may not change a
            // row twice), placed where the key first came (where row by row inserted it).
            merge += "(SELECT *, max(line) OVER by_key AS last_line, min(line) OVER by_key AS first_line FROM \(staging)"
                + " WINDOW by_key AS (PARTITION BY \(key.joined(separator: ", ")))) AS keyed WHERE line = last_line"
            if inFileOrder { merge += " ORDER BY first_line" }
        } else {
            merge += "\(staging) WHERE 1 = 1"
            if inFileOrder { merge += " ORDER BY line" }
        }
        insertedAllNew = try allNew()
        let changed = try session.execute(insertedAllNew ? merge : merge + " " + RowWriters.onConflict(table, columns, key: key, derived: derived))
        try merged(staging)
        try session.execute("DROP TABLE \(staging)")
        return changed
    }
}

/// Where a checked row's values go: a prepared upsert (row by row) or a staged row (bulk).
/// `?1` is index 1.
protocol ValueSink {
    func bind(_ index: Int32, _ value: SQLValue)
}

/// One row's values for a bulk load, bound as a prepared statement's would be.
final class StagedRow: ValueSink {
    /// Unchecked: the row belongs to one thread, and the runtime's exclusivity check of a class
    /// property cost more than the store itself (a 1M-row loans file: ~0.23 s of 0.37 s).
    @exclusivity(unchecked) private(set) var values: [SQLValue]
    init(count: Int) { values = Array(repeating: .null, count: count) }
    func bind(_ index: Int32, _ value: SQLValue) { values[Int(index) - 1] = value }
}
