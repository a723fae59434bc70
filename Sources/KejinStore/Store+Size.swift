import Foundation

extension Store {
    /// What the store takes on disk: the SQLite file and its WAL, or the PostgreSQL database
    /// (`pg_database_size`, indexes and TOAST included).
    public func storedBytes() throws -> Int64 {
        switch address {
        case .sqlite(let path):
            return [path, path + "-wal"].reduce(0) { sum, p in
                sum + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int64) ?? 0)
            }
        case .postgres:
            return try readSession { try $0.fetchValue("SELECT pg_database_size(current_database())")?.integer ?? 0 }
        }
    }
}
