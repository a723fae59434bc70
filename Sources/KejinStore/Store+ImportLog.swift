import Foundation
import GRDB

extension Store {
    /// True when the import log holds a file of this name with exactly these bytes (same
    /// checksum): the inbox's guard against importing a file twice across restarts.
    public func hasImported(_ url: URL) throws -> Bool {
        let data = try Data(contentsOf: url)
        return try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM import_log WHERE file = ? AND checksum = ?)",
                              arguments: [url.lastPathComponent, FNV1a64.hex(data)]) ?? false
        }
    }
}
