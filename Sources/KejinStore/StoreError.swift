import Foundation
import GRDB

/// Why the store could not be opened or used. Every message names the file.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// A read-only open of a file that does not exist.
    case missing(path: String)
    /// The file exists but is not a SQLite database (or is damaged).
    case notADatabase(path: String)
    /// Another process holds a lock longer than the busy timeout.
    case busy(path: String)
    /// A SQLite database of some other program (tables, but no kejin schema): left untouched.
    case notAKejinStore(path: String)
    /// The file or its folder cannot be created or opened.
    case cannotOpen(path: String, reason: String)
    /// The file was written by an older kejin and needs migrating (open it writable).
    case schemaTooOld(path: String, found: Int, expected: Int)
    /// The file was written by a newer kejin.
    case schemaTooNew(path: String, found: Int, expected: Int)
    /// A write was attempted on a store opened read-only.
    case readOnly(path: String)
    /// The demo data set is found in none of the places kejin looks (Store+Demo.swift).
    case noDemoData
    /// `kejin demo` on a store holding real imports: the demo goes into a store of its own.
    case holdsRealData(path: String)
    /// A real import into a store holding the demo data set, without `--into-demo`.
    case holdsDemoData(path: String)
    /// A backup or restore would overwrite this file: it only ever writes a new one.
    case alreadyExists(path: String)
    /// `--group NAME` names no group on this host.
    case noSuchGroup(name: String)
    /// Any other SQLite error.
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path): no kejin store here (file not found). Run `kejin demo` or `kejin import FILE…` to create one, or pass --store PATH."
        case .notADatabase(let path):
            return "\(path): not a kejin store (the file is not a SQLite database, or it is damaged)."
        case .notAKejinStore(let path):
            return "\(path): a SQLite database but not a kejin store (it has other tables); kejin will not change it. Pass another --store path."
        case .busy(let path):
            return "\(path): the store is locked by another process (busy); try again when the import has finished."
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open the store: \(reason)"
        case .schemaTooOld(let path, let found, let expected):
            return "\(path): the store has schema version \(found), this kejin needs \(expected). Open it writable once to migrate it: run `kejin` (the dashboard) or any command that writes, such as `kejin import`."
        case .schemaTooNew(let path, let found, let expected):
            return "\(path): the store has schema version \(found), newer than this kejin understands (\(expected)). Use a newer kejin."
        case .readOnly(let path):
            return "\(path): the store is open read-only; cannot write."
        case .noDemoData:
            return "no demo data set found: kejin looks in $KEJIN_DATA_DIR/demo, then PREFIX/share/kejin/demo beside its executable (PREFIX/bin/kejin), then its build folder. Reinstall kejin or set KEJIN_DATA_DIR."
        case .holdsRealData(let path):
            return "\(path): this store holds imported data; kejin will not mix the fictitious demo data set into it. Open the demo in a store of its own: kejin demo --store PATH, then kejin --store PATH."
        case .holdsDemoData(let path):
            return "\(path): this store holds the fictitious demo data set; importing these files would mix real data with demo figures. Import into a store of its own (kejin import --store PATH FILE…), or pass --into-demo to add them to the demo anyway."
        case .alreadyExists(let path):
            return "\(path): already exists; kejin writes backups and restores only to a new path (remove it or choose another)."
        case .noSuchGroup(let name):
            return "no group named \(name) on this host (see `getent group`)."
        case .database(let path, let message):
            return "\(path): database error: \(message)"
        }
    }

    /// Maps an SQLite error to a clear store error.
    static func from(_ error: any Error, path: String) -> any Error {
        if error is StoreError || error is ImportError { return error }
        guard let dbError = error as? DatabaseError else { return error }
        switch dbError.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return StoreError.notADatabase(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.busy(path: path)
        case .SQLITE_READONLY: return StoreError.readOnly(path: path)
        case .SQLITE_CANTOPEN: return StoreError.cannotOpen(path: path, reason: dbError.message ?? "unable to open database file")
        default: return StoreError.database(path: path, message: dbError.message ?? "\(dbError.resultCode)")
        }
    }
}
