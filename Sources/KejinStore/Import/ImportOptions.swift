/// How `Store.importFiles` reads and applies files.
public struct ImportOptions: Sendable {
    /// Read every file in this encoding; nil: UTF-8 when the bytes are valid UTF-8, else GB18030.
    public var encoding: FileEncoding?
    /// Validate and count everything inside the transaction, then roll it back: nothing is written.
    public var dryRun: Bool
    /// Called as the import goes (every few thousand rows and between stages), on the importing
    /// thread; it must be quick. Nil: no reports.
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// A resubmission: each bank's balances of each period the files deliver replace the stored
    /// ones as a whole (balances the files leave out are removed). See Reporting/Replacement.swift.
    public var replace: Bool
    /// Called once, on the importing thread, when another import holds the store's import lock
    /// and this one waits for it (PostgreSQL's advisory lock; SQLite waits in its busy timeout
    /// without a word). Nil: wait silently.
    public var waiting: (@Sendable () -> Void)?

    public init(encoding: FileEncoding? = nil, dryRun: Bool = false,
                progress: (@Sendable (ImportProgress) -> Void)? = nil, replace: Bool = false,
                waiting: (@Sendable () -> Void)? = nil) {
        self.encoding = encoding; self.dryRun = dryRun; self.progress = progress; self.replace = replace
        self.waiting = waiting
    }
}

/// Where an import is: enough to draw "file, rows, rows/s, percent, time left".
public struct ImportProgress: Sendable, Equatable {
    public enum Stage: Sendable, Equatable {
        /// Reading and writing the rows of `file`.
        case rows
        /// Recomputing the period summaries, after the last file.
        case summary
    }
    public var stage: Stage
    /// The file being read (the last one during `.summary`).
    public var file: String
    /// Data rows read so far, all files of this import.
    public var rows: Int
    /// Bytes of the files already read plus the share of the current file its rows stand for
    /// (lines read / lines in the file), and the bytes of all files: their ratio is the percent done.
    public var bytesDone: Int
    public var bytesTotal: Int

    public init(stage: Stage, file: String, rows: Int, bytesDone: Int, bytesTotal: Int) {
        self.stage = stage; self.file = file; self.rows = rows; self.bytesDone = bytesDone; self.bytesTotal = bytesTotal
    }

    /// 0 … 1.
    public var fraction: Double { bytesTotal > 0 ? min(1, Double(bytesDone) / Double(bytesTotal)) : 0 }
}
