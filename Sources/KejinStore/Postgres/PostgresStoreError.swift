/// Why a PostgreSQL store could not be opened or used: one clear line each, and an exit code
/// of its own so scripts and monitoring can tell them apart (1 stays "any other error", 2 is
/// `kejin alerts`' "a critical alert is open"). Compiled in every build; raised by
/// `PostgresConnector` (PostgreSQL trait).
public enum PostgresStoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No server answers (refused, no route, timed out, no such host, socket missing).
    case unreachable(address: String, reason: String)
    /// `sslmode=require` (or verify-full) and the server offers no TLS, or the handshake failed.
    case tlsFailed(address: String, reason: String)
    /// The server refused the user name or the password.
    case authenticationFailed(address: String, user: String, passwordSource: String?)
    /// The server runs but has no such database.
    case unknownDatabase(address: String, database: String)
    /// The database has tables but no kejin `schema` table: someone else's; left untouched.
    case notAKejinStore(address: String)
    /// Written by a newer kejin.
    case schemaTooNew(address: String, found: Int, expected: Int)
    /// Written by an older kejin: a viewer does not migrate (a writable open does, from v16 on).
    case schemaTooOld(address: String, found: Int, expected: Int)
    /// The database holds no tables: a viewer has nothing to show.
    case emptyDatabase(address: String)
    /// A command whose statements are not on the backend seam yet (issue 10, in progress).
    case notYetSupported(address: String, what: String)
    /// This kejin was built without the `PostgreSQL` trait.
    case notBuilt(address: String)
    /// The role may not do this (a viewer role writing, an operator importing, say).
    case permissionDenied(address: String, message: String)
    /// A write in a session opened read-only (viewers) or on a hot-standby replica.
    case readOnly(address: String)
    /// A statement on a store this kejin closed (`Store.close()`): a bug, said rather than hung.
    case closed(address: String)
    /// Any other server error, with its SQLSTATE.
    case server(address: String, sqlState: String, message: String)

    public var description: String {
        switch self {
        case .unreachable(let address, let reason):
            return "\(address): the PostgreSQL server is unreachable (\(reason)). Is it running, and are host and port right?"
        case .tlsFailed(let address, let reason):
            return "\(address): no TLS connection (\(reason)). The server may not offer TLS: use sslmode=disable on a trusted network only."
        case .authenticationFailed(let address, let user, let source):
            let from = source.map { "the password from \($0)" } ?? "no password (set PGPASSWORD or add a line to ~/.pgpass)"
            return "\(address): the server refused user \(user) with \(from): wrong user name or password."
        case .unknownDatabase(let address, let database):
            return "\(address): the server has no database \(database). Create it (createdb \(database)) or fix the address."
        case .notAKejinStore(let address):
            return "\(address): a database but not a kejin store (it has other tables); kejin will not change it. Use a database of its own."
        case .schemaTooNew(let address, let found, let expected):
            return "\(address): the store has schema version \(found), newer than this kejin understands (\(expected)). Use a newer kejin."
        case .schemaTooOld(let address, let found, let expected):
            if found >= Schema.baseVersion {
                return "\(address): the store has schema version \(found), this kejin needs \(expected). Migrate it once as the importer role: kejin store migrate --store with the importer's user name (viewers do not migrate)."
            }
            return "\(address): the store has schema version \(found), this kejin needs \(expected), and a PostgreSQL store migrates from \(Schema.baseVersion) on only. Copy it back into a file (kejin store copy), open that once with this kejin, and copy it in again."
        case .emptyDatabase(let address):
            return "\(address): the database holds no kejin store yet. Copy one in: kejin store copy --from FILE --to \(address)"
        case .notYetSupported(let address, let what):
            return "\(address): \(what) does not run on a PostgreSQL store yet (README: PostgreSQL says what does); use an SQLite store file for it."
        case .notBuilt(let address):
            return "\(address): this kejin was built without PostgreSQL support; build it with `swift build --traits PostgreSQL` (README: PostgreSQL)."
        case .permissionDenied(let address, let message):
            return "\(address): permission denied: \(message). This role may not make this change: imports and period commands take the importer role, acknowledgements the operator role (README: PostgreSQL, roles)."
        case .readOnly(let address):
            return "\(address): the store is open read-only (a viewer session or a replica); cannot write."
        case .closed(let address):
            return "\(address): the connection to the store was closed by kejin; open the store again."
        case .server(let address, let sqlState, let message):
            return "\(address): database error \(sqlState): \(message)"
        }
    }

    /// The process exit code for this error.
    public var exitCode: Int32 {
        switch self {
        case .unreachable, .tlsFailed: return 3
        case .authenticationFailed: return 4
        case .unknownDatabase: return 5
        case .notAKejinStore: return 6
        case .schemaTooNew, .schemaTooOld: return 7
        case .emptyDatabase: return 6
        case .notYetSupported, .notBuilt: return 9
        case .permissionDenied, .readOnly: return 8
        case .server, .closed: return 1
        }
    }
}
