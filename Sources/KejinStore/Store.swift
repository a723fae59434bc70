import Foundation
import GRDB
import KejinCore

/// The kejin store: the imported CSV data, a summary of loan balances per period, the alert
/// rules and the import log. It is the dashboard's `FigureSource`. It lives in one SQLite file
/// (WAL mode, the embedded default) or in a PostgreSQL database (`StoreAddress`); its queries
/// run on either through the backend seam (Backend/StoreBackend.swift).
public final class Store: FigureSource {
    /// Where the store is; `path` names it in messages (a file path, or the URL without password).
    public let address: StoreAddress
    public let path: String
    public let readOnly: Bool
    /// The engine every ported query runs on.
    let backend: any StoreBackend
    /// The SQLite file's connection, for what only SQLite does (migrations, backup, integrity
    /// check) and for the queries not yet on the seam; nil on PostgreSQL (`dbQueue` throws).
    private let sqliteQueue: DatabaseQueue?
    /// Imports made through this object: `PRAGMA data_version` ignores a connection's own commits.
    private var ownImports: Int64 = 0
    /// Reporting status and revisions of periods already read, per store version.
    let reportingCache = ReportingCache()
    /// What every month's figures read alike, once per store version (Query/GuaranteeBook.swift).
    let versioned = VersionedReads()

    /// Another read-only connection to this store, sharing its books of reference data (each
    /// read once for both: VersionedReads.swift): the dashboard loader's threads.
    public func reader() throws -> Store {
        let other = try Store(address: address, readOnly: true)
        other.versioned.share(versioned)
        return other
    }

    /// Opens (writable: creates and migrates) the store at `path`. `access`: who may read the
    /// files of a store this creates (see Store+Files.swift).
    public convenience init(path: String, readOnly: Bool = false, access: StoreAccess = .owner) throws {
        try self.init(path: path, readOnly: readOnly, busyTimeout: 5, access: access)
    }

    /// Opens the store at `address`: a file as `init(path:…)` does, or a PostgreSQL database
    /// (Store+Postgres.swift: the server's refusals, an empty database, another schema version,
    /// each its own `PostgresStoreError`). `warn` hears the password file's warnings.
    public convenience init(address: StoreAddress, readOnly: Bool = false, access: StoreAccess = .owner,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            warn: @escaping @Sendable (String) -> Void = { _ in }) throws {
        switch address {
        case .sqlite(let path):
            try self.init(path: path, readOnly: readOnly, busyTimeout: 5, access: access)
        case .postgres(let server):
            try self.init(postgres: server, readOnly: readOnly, environment: environment, warn: warn)
        }
    }

    /// A store on `backend`, already checked (PostgreSQL).
    init(address: StoreAddress, readOnly: Bool, backend: any StoreBackend) {
        self.address = address
        self.path = address.description
        self.readOnly = readOnly
        self.backend = backend
        self.sqliteQueue = nil
    }

    /// `busyTimeout`: how long to wait for another process's lock before `StoreError.busy`.
    /// `migrations`: the store's own (Schema.swift), or a test's longer list.
    init(path: String, readOnly: Bool, busyTimeout: Double, access: StoreAccess = .owner,
         migrations: [StoreMigration] = Schema.migrations) throws {
        self.address = .sqlite(path: path)
        self.path = path
        self.readOnly = readOnly
        let fm = FileManager.default
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "kejin.store"
        config.profileStatementsWhenAsked()
        if readOnly {
            if let denied = StoreFiles.permissionDenied(path) { throw denied }
            guard fm.fileExists(atPath: path) else { throw StoreError.missing(path: path) }
            config.readonly = true
        } else {
            config.journalMode = .wal
            config.persistWAL()
            try StoreFiles.prepare(path: path, access: access)
        }
        do {
            let dbQueue = try DatabaseQueue(path: path, configuration: config)
            sqliteQueue = dbQueue
            backend = SQLiteBackend(dbQueue)
            let found = try dbQueue.read { try Schema.storedVersion($0) }
            if found == 0, try dbQueue.read({ try Schema.hasForeignTables($0) }) {
                throw StoreError.notAKejinStore(path: path)
            }
            let expected = Schema.version(of: migrations)
            if found > expected {
                throw StoreError.schemaTooNew(path: path, found: found, expected: expected)
            }
            if readOnly {
                if found < expected {
                    throw StoreError.schemaTooOld(path: path, found: found, expected: expected)
                }
            } else {
                try Schema.migrator(migrations).migrate(dbQueue)
                try StoreFiles.shareWithGroup(path: path, access: access)
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// The SQLite file's connection; on PostgreSQL, the command that needs it is not on the
    /// seam yet and says so.
    var dbQueue: DatabaseQueue {
        get throws {
            if let sqliteQueue { return sqliteQueue }
            throw PostgresStoreError.notYetSupported(address: path, what: "this command")
        }
    }

    /// `$KEJIN_STORE`, else `$XDG_DATA_HOME/kejin/kejin.sqlite`, else
    /// `$HOME/.local/share/kejin/kejin.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let p = environment["KEJIN_STORE"], !p.isEmpty { return p }
        if let d = environment["XDG_DATA_HOME"], !d.isEmpty { return d + "/kejin/kejin.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/kejin/kejin.sqlite"
    }

    /// True when the store holds no loans.
    public func isEmpty() throws -> Bool {
        try readSession { s in try s.fetchOne("SELECT CASE WHEN EXISTS(SELECT 1 FROM loans) THEN 0 ELSE 1 END", as: Bool.self) ?? true }
    }

    /// Imports CSV files in one transaction; see CSVFormat.md. Throws `ImportError` naming the
    /// first bad row; the store is then unchanged.
    /// A store holding the demo data set refuses real files unless `intoDemo`. With
    /// `options.dryRun` the whole import runs (every check, every upsert, the summaries) and is
    /// rolled back: the summary then counts new and changed rows and the periods touched.
    public func importFiles(_ urls: [URL], intoDemo: Bool = false,
                            options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        try importFiles(urls, demo: false, intoDemo: intoDemo, options: options)
    }

    private func importFiles(_ urls: [URL], demo: Bool, intoDemo: Bool, options: ImportOptions) throws -> ImportSummary {
        try runImport(options) { session in
            try Self.admitImport(session, demo: demo, intoDemo: intoDemo, path: path)
            return try Importer(session: session, options: options).run(urls)
        }
    }

    /// Runs an import in the engine's import transaction (SQLite: BEGIN IMMEDIATE, waiting up
    /// to the busy timeout, so a concurrent writer cannot make it fail half-way with
    /// SQLITE_BUSY; PostgreSQL: the advisory lock every import takes, `options.waiting` called
    /// when another import holds it). A dry run is rolled back: its summary leaves the
    /// transaction in an error, as any failure would.
    func runImport(_ options: ImportOptions, _ body: (any StoreSession) throws -> ImportSummary) throws -> ImportSummary {
        guard !readOnly else { throw StoreError.readOnly(path: path) }
        struct RolledBack: Error { let summary: ImportSummary }
        let summary: ImportSummary
        do {
            summary = try backend.write(.importFiles, waiting: { options.waiting?() }) { session in
                let summary = try body(session)
                if options.dryRun { throw RolledBack(summary: summary) }
                return summary
            }
        } catch let dryRun as RolledBack {
            return dryRun.summary
        } catch {
            throw StoreError.from(error, path: path)
        }
        ownImports += 1
        return summary
    }

    /// Imports the demo data set bundled with kejin (Resources/demo/*.csv) into an empty or
    /// demo store; a store with real imports refuses it (`StoreError.holdsRealData`).
    public func importDemo(options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        try importFiles(Self.demoFiles(), demo: true, intoDemo: false, options: options)
    }

    /// The alert rules stored in `alert_rules`, by id.
    public func alertRules() throws -> [AlertRule] {
        try readSession(FiguresQuery.alertRules)
    }

    /// Every import, oldest first.
    public func importLog() throws -> [ImportLogEntry] {
        try readSession { s in
            try s.fetch("SELECT id, file, checksum, rows, imported_at FROM import_log ORDER BY id").map {
                ImportLogEntry(id: try $0.get(0), file: try $0.get(1), checksum: try $0.get(2), rows: try $0.get(3), importedAt: try $0.get(4))
            }
        }
    }

    // MARK: FigureSource

    /// SQLite: `PRAGMA data_version` (bumped by other connections' commits, e.g. an import in
    /// another process) plus this object's own imports, which data_version does not count.
    /// PostgreSQL: the generation row every write bumps (it replicates; a NOTIFY would not).
    public func changeCounter() throws -> Int64 {
        guard let sqliteQueue else { return try mapped { try backend.generation() } }
        let version = try mapped { try sqliteQueue.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 } }
        return version + ownImports
    }

    public func availablePeriods() throws -> [Period] {
        try readSession { try PeriodSummary.periods($0) }
    }

    public func figures(for period: Period) throws -> Figures {
        try readSession { try FiguresQuery(session: $0, period: period, reportingCache: reportingCache, versioned: versioned).figures() }
    }

    public func acknowledgements() throws -> [AlertAck] {
        try readSession(AlertAcks.list)
    }

    /// `read` through the backend seam: a snapshot, on either engine (Backend/StoreBackend.swift).
    func readSession<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try mapped { try backend.read(body) }
    }

    /// Runs `body`, mapping an engine's error to the store's (a file's SQLite error names the file).
    func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StoreError.from(error, path: path)
        }
    }
}
