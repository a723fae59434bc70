import Foundation
import GRDB
import KejinCore

/// What a store holds, recorded in `store_meta` (key `contents`) by every import in the import's
/// own transaction, so the fictitious demo data set never mixes into real data unasked:
/// `kejin demo` refuses a store with real imports, and importing real files into a demo store
/// needs `intoDemo` (`kejin import --into-demo`). The dashboard marks a demo store (演示数据).
public enum StoreContents: String, Sendable {
    /// Nothing imported yet (alert-rule imports and acknowledgements do not count).
    case empty
    /// The bundled demo data set, perhaps with files added by `--into-demo`.
    case demo
    /// Imported files other than the demo's.
    case real
}

extension Store {
    /// What this store holds.
    public func contents() throws -> StoreContents {
        try readSession { try Self.contents($0) }
    }

    /// True on a store holding the demo data set (FigureSource: the dashboard's demo mark).
    public func holdsDemoData() throws -> Bool {
        try contents() == .demo
    }

    static func contents(_ db: any StoreSession) throws -> StoreContents {
        let value = try db.fetchOne("SELECT value FROM store_meta WHERE key = 'contents'", as: String.self)
        return value.flatMap(StoreContents.init(rawValue:)) ?? .empty
    }

    private static func setContents(_ db: any StoreSession, _ contents: StoreContents) throws {
        try db.execute("INSERT INTO store_meta(key, value) VALUES ('contents', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       contents.rawValue)
    }

    /// Inside an import's transaction, before any row is written: refuses to mix demo and real
    /// data, else records what the store will hold once the import commits.
    static func admitImport(_ db: any StoreSession, demo: Bool, intoDemo: Bool, path: String) throws {
        let current = try contents(db)
        switch (current, demo) {
        case (.real, true): throw StoreError.holdsRealData(path: path)
        case (.demo, false) where !intoDemo: throw StoreError.holdsDemoData(path: path)
        case (.empty, _): try setContents(db, demo ? .demo : .real)
        default: break  // demo again (idempotent), real again, or files added to the demo on purpose
        }
    }

    /// Migration v5, for stores made before the mark: one whose import log lists only files
    /// identical (by checksum) to the bundled demo's holds the demo; any other data file makes
    /// it real. Files logged by `kejin rules import` (alert rules, any name) do not count. A
    /// demo loaded by an older kejin, whose files differed, counts as real: the safe side.
    static func classifyLegacyContents(_ db: Database) throws { try classifyLegacyContents(SQLiteSession(db: db)) }

    static func classifyLegacyContents(_ db: any StoreSession) throws {
        let logged = try db.fetch("SELECT file, checksum FROM import_log")
            .filter { row in Entity(fileName: try row.get(0)).map { $0 != .alertRules } ?? false }
            .map { try $0.get(1, as: String.self) }
        guard !logged.isEmpty else { return }
        let demo = Set(((try? demoFiles()) ?? []).compactMap { (try? Data(contentsOf: $0)).map(FNV1a64.hex) })
        try setContents(db, logged.allSatisfy(demo.contains) ? .demo : .real)
    }

    /// The bundled demo CSV files (`demo/*.csv`), sorted by name, from the first folder of
    /// `demoFolders()` that holds any.
    static func demoFiles() throws -> [URL] {
        for folder in demoFolders() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            let files = names.filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0) }
            if !files.isEmpty { return files }
        }
        throw StoreError.noDemoData
    }

    /// Where the demo data set is looked for: `$KEJIN_DATA_DIR/demo`, `PREFIX/share/kejin/demo`
    /// (see `DataDirectories`), then SwiftPM's resource bundle beside the executable (a build
    /// folder), then, in a debug build, the source tree. `Bundle.module` is not used: it traps
    /// when its bundle is missing (an installed or copied binary), where this throws
    /// `StoreError.noDemoData` instead.
    static func demoFolders() -> [URL] {
        var folders = DataDirectories.installed().map { $0.appendingPathComponent("demo") }
        if let exe = DataDirectories.executable {
            folders.append(exe.deletingLastPathComponent().appendingPathComponent("kejin_KejinStore.resources/demo"))
        }
        #if DEBUG
        // Sources/KejinStore/Store+Demo.swift → Sources/KejinStore/Resources/demo
        folders.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/demo"))
        #endif
        return folders
    }
}
