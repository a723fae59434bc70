import GRDB
import GRDBSQLite

extension Configuration {
    /// Keeps the `-wal` and `-shm` files after the last writer closes (SQLITE_FCNTL_PERSIST_WAL),
    /// so a read-only viewer can open the store even where it cannot create them (GRDB's
    /// DatabaseSharing guide).
    mutating func persistWAL() {
        prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            var flag: CInt = 1
            let code = withUnsafeMutablePointer(to: &flag) { flagP in
                sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, flagP)
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        }
    }
}
