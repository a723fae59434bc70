/// What one import stored (or, for a dry run, would store).
public struct ImportSummary: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        /// The file name (no folder).
        public var name: String
        /// The entity the name selected (`loans`, `loan_balances`, …).
        public var entity: String
        /// Data rows read (a re-imported row counts again; it replaced the stored one).
        public var rows: Int
        /// FNV-1a 64-bit checksum of the file's bytes, 16 hex digits.
        public var checksum: String
        /// The encoding the file was read in: `UTF-8`, `UTF-8 with BOM` or `GB18030`.
        public var encoding: String = "UTF-8"
        /// Dry run only: rows whose key was not in the store (new), and rows that replaced a
        /// stored row with different values (changed); the rest were already stored as they are.
        public var new: Int? = nil
        public var changed: Int? = nil
    }
    /// In the order they were applied (dependency order).
    public var files: [File]
    /// True when nothing was written (`--dry-run`): the transaction was rolled back.
    public var dryRun: Bool = false
    /// Dry run only: the periods whose loan balances the import writes, in order.
    public var periods: [String] = []
    /// `--replace`: what each reporter's resubmission did to its period.
    public var replaced: [Replaced] = []

    public struct Replaced: Sendable, Equatable {
        public var reporter: String
        public var period: String
        public var entity: String
        public var added = 0, changed = 0, removed = 0
    }
    public var rows: Int { files.reduce(0) { $0 + $1.rows } }
}

/// One row of the import log.
public struct ImportLogEntry: Sendable, Equatable {
    public var id: Int64
    public var file: String
    /// FNV-1a 64-bit checksum of the file's bytes, 16 hex digits.
    public var checksum: String
    public var rows: Int
    /// UTC, `YYYY-MM-DD HH:MM:SS`.
    public var importedAt: String

    public init(id: Int64, file: String, checksum: String, rows: Int, importedAt: String) {
        self.id = id; self.file = file; self.checksum = checksum; self.rows = rows; self.importedAt = importedAt
    }
}
