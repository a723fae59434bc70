/// What one import stored.
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
    }
    /// In the order they were applied (dependency order).
    public var files: [File]
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
