import Foundation
import GRDB
@testable import KejinStore

/// Everything a store holds, to show a failed or dry-run import left it as it was: every
/// table's rows (sorted) and the bytes of the database file and its WAL.
struct StoreDump: Equatable {
    var tables: [String: [String]]
    var files: [String: Data]

    init(_ store: Store) throws {
        tables = try store.dbQueue.read { db in
            var all: [String: [String]] = [:]
            for t in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                all[t] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(t)\"").map(\.description).sorted()
            }
            return all
        }
        var files: [String: Data] = [:]
        for suffix in ["", "-wal"] {
            files[suffix] = FileManager.default.contents(atPath: store.path + suffix)
        }
        self.files = files
    }
}
