import GRDB
import GRDBSQLite

extension Configuration {
    /// What a checkpointed WAL is cut back to when a writer resets it (`journal_size_limit`).
    static let keptWALBytes = 64 << 20

    /// Keeps the `-wal` and `-shm` files after the last writer closes (SQLITE_FCNTL_PERSIST_WAL),
    /// so a read-only viewer can open the store even where it cannot create them (GRDB's
    /// DatabaseSharing guide).
    ///
    /// And empties the kept WAL once it is checkpointed: SQLite cuts it to zero bytes when the
    /// last writer closes only under a `journal_size_limit`. Without one its frames stay valid,
    /// and every read-only viewer opening the store reads them all to rebuild the WAL's index
    /// (after a 1M-loan month: 144 MB, most of a first frame).
    mutating func persistWAL() {
        prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            var flag: CInt = 1
            let code = withUnsafeMutablePointer(to: &flag) { flagP in
                sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, flagP)
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.keptWALBytes)")
        }
    }
}
