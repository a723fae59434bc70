@testable import KejinStore

extension Schema {
    /// SQL making a store forget the migrations from `version` on (their rows in `schema`, and
    /// GRDB's record of those written for both engines, v17 on), so that opening it runs them
    /// again: the migration tests build an older store this way, after dropping what those
    /// migrations made.
    static func forgetting(from version: Int) -> String {
        let names = migrations.filter { $0.version >= version }.map { "'" + $0.name.replacingOccurrences(of: "'", with: "''") + "'" }
        return """
            DELETE FROM schema WHERE version >= \(version);
            DELETE FROM grdb_migrations WHERE identifier IN (\(names.joined(separator: ", ")));

            """
    }
}
