import Foundation
import GRDB

/// A backup or restore: the file written, how long the copy took, and the check of the copy.
public struct BackupReport: Sendable {
    public let path: String
    public let bytes: Int64
    /// The copy alone (SQLite's online backup), without the check.
    public let copySeconds: Double
    public let check: StoreCheckReport
}

extension Store {
    /// Copies the store to the new file `destination` while viewers and imports go on. SQLite's
    /// online backup API copies every page in one step inside one read transaction, so the copy
    /// is the store as of the moment the backup began; in WAL mode that blocks no writer. The
    /// copy is one self-contained file (rollback journal), mode 0600 (or `access`), and is then
    /// checked (`check()`). Refuses to overwrite anything.
    public func backup(to destination: String, access: StoreAccess = .owner) throws -> BackupReport {
        let seconds = try Self.copy(dbQueue, to: destination, access: access)
        let check = try Store(path: destination, readOnly: true).check()
        return BackupReport(path: destination, bytes: Self.fileSize(destination), copySeconds: seconds, check: check)
    }

    /// Restores the backup (or any kejin store file) `backup` into a new store at `destination`,
    /// never over an existing file: copies it, opens it writable (WAL; an older schema is
    /// migrated) and checks it.
    public static func restore(backup: String, to destination: String, access: StoreAccess = .owner) throws -> BackupReport {
        guard FileManager.default.fileExists(atPath: backup) else { throw StoreError.missing(path: backup) }
        let source: DatabaseQueue
        do {
            var config = Configuration()
            config.readonly = true
            source = try DatabaseQueue(path: backup, configuration: config)
            let version = try source.read { try Schema.storedVersion($0) }
            if version == 0 { throw StoreError.notAKejinStore(path: backup) }
            if version > Schema.version {
                throw StoreError.schemaTooNew(path: backup, found: version, expected: Schema.version)
            }
        } catch {
            throw StoreError.from(error, path: backup)
        }
        let seconds = try copy(source, to: destination, access: access)
        let check = try Store(path: destination, access: access).check()
        return BackupReport(path: destination, bytes: fileSize(destination), copySeconds: seconds, check: check)
    }

    /// The page copy into a new file; on failure nothing is left at `destination`.
    private static func copy(_ source: DatabaseQueue, to destination: String, access: StoreAccess) throws -> Double {
        let fm = FileManager.default
        for file in StoreFiles.suffixes.map({ destination + $0 }) where fm.fileExists(atPath: file) {
            throw StoreError.alreadyExists(path: file)
        }
        try StoreFiles.prepare(path: destination, access: access)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let target = try DatabaseQueue(path: destination)
            try source.backup(to: target)
            // The copied header says WAL, like the source; a backup is better one file.
            try target.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        } catch {
            for file in StoreFiles.suffixes.map({ destination + $0 }) { try? fm.removeItem(atPath: file) }
            throw StoreError.from(error, path: destination)
        }
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func fileSize(_ path: String) -> Int64 {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
    }
}
