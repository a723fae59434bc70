import Foundation
import GRDB

extension Store {
    /// True when the import log holds a file of this name with exactly these bytes (same
    /// checksum): the inbox's guard against importing a file twice across restarts.
    public func hasImported(_ url: URL) throws -> Bool {
        let data = try Data(contentsOf: url)
        return try readSession { s in
            try s.fetchOne("SELECT CASE WHEN EXISTS(SELECT 1 FROM import_log WHERE file = ?1 AND checksum = ?2) THEN 1 ELSE 0 END",
                           url.lastPathComponent, FNV1a64.hex(data), as: Bool.self) ?? false
        }
    }
}
