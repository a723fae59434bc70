#if PostgreSQL
import Foundation
import PostgresNIO
import Synchronization

/// A connection to a PostgreSQL store, checked: the server answers, the role and password
/// are accepted, the database exists and is a kejin store of a schema this kejin reads.
/// Every failure becomes one `PostgresStoreError` line with its own exit code.
public struct PostgresSession: Sendable {
    public let connection: PostgresConnection
    public let address: PostgresAddress
    /// The store's schema version; 0 for an empty database (a writable open will migrate it).
    public let schemaVersion: Int
    public let readOnly: Bool
}

public enum PostgresConnector {
    /// Each connection its own number, in this process (postgres-nio's logs, KEJIN_SQL_PROFILE's lines).
    private static let nextID = Atomic<Int>(0)
    /// Connects with the password `PGPassFile` finds (its warnings go to `warn`), then checks
    /// the schema. `readOnly`: the session's transactions are read-only (viewers).
    public static func open(_ address: PostgresAddress, environment: [String: String], readOnly: Bool,
                            warn: (String) -> Void = { _ in }) async throws -> PostgresSession {
        let connection = try await connect(address, environment: environment, readOnly: readOnly, warn: warn)
        do {
            let version = try await schemaVersion(connection, address: address)
            return PostgresSession(connection: connection, address: address, schemaVersion: version, readOnly: readOnly)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A connection with the password from `PGPASSWORD` or the pass file (its warnings to
    /// `warn`), the store not checked (`open` checks it).
    public static func connect(_ address: PostgresAddress, environment: [String: String], readOnly: Bool,
                               warn: (String) -> Void = { _ in }) async throws -> PostgresConnection {
        let lookup = PGPassFile.password(for: address, environment: environment)
        lookup.warnings.forEach(warn)
        return try await connect(address, password: lookup.password, passwordSource: lookup.source, readOnly: readOnly)
    }

    public static func connect(_ address: PostgresAddress, password: String?, passwordSource: String?,
                               readOnly: Bool) async throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        do {
            if let socket = address.socketPath {
                configuration = .init(unixSocketPath: socket, username: address.user, password: password,
                                      database: address.database)
            } else {
                configuration = .init(host: address.host, port: address.port, username: address.user,
                                      password: password, database: address.database, tls: try tls(address))
            }
        } catch {
            throw PostgresStoreError.tlsFailed(address: "\(address)", reason: "\(error)")
        }
        configuration.options.connectTimeout = .seconds(5)
        if address.sslMode == .verifyFull { configuration.options.tlsServerName = address.host }
        var parameters = [("application_name", "kejin")]
        if readOnly { parameters.append(("default_transaction_read_only", "on")) }
        configuration.options.additionalStartupParameters = parameters
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: nextID.add(1, ordering: .relaxed).newValue, logger: logger)
        } catch {
            throw classify(error, address: address, passwordSource: passwordSource)
        }
    }

    /// The kejin schema version in the session's schema (search_path), or 0 when the database
    /// holds no tables there; throws `.notAKejinStore` / `.schemaTooNew`.
    public static func schemaVersion(_ connection: PostgresConnection, address: PostgresAddress) async throws -> Int {
        do {
            let hasSchema = try await connection.query("SELECT to_regclass('schema') IS NOT NULL", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            guard hasSchema else {
                let foreign = try await connection.query("""
                    SELECT EXISTS(SELECT 1 FROM pg_catalog.pg_class c
                                  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                                  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm'))
                    """, logger: logger).collect().first?.decode(Bool.self) ?? false
                if foreign { throw PostgresStoreError.notAKejinStore(address: "\(address)") }
                return 0
            }
            let found = try await connection.query("SELECT coalesce(max(version), 0)::bigint FROM schema", logger: logger)
                .collect().first?.decode(Int.self) ?? 0
            if found > Schema.version {
                throw PostgresStoreError.schemaTooNew(address: "\(address)", found: found, expected: Schema.version)
            }
            return found
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            throw classify(error, address: address, passwordSource: nil)
        }
    }

    /// Maps a postgres-nio error to a `PostgresStoreError` by its SQLSTATE or connection failure.
    public static func classify(_ error: any Error, address: PostgresAddress, passwordSource: String?) -> PostgresStoreError {
        let name = "\(address)"
        if let error = error as? PostgresStoreError { return error }
        if error is NIOSSLError { return .tlsFailed(address: name, reason: "\(error)") }
        if error is AsyncBridge.ConnectionLost { return .unreachable(address: name, reason: "the connection was lost") }
        guard let psql = error as? PSQLError else { return .server(address: name, sqlState: "", message: "\(error)") }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            let message = psql.serverInfo?[.message] ?? "\(psql.code)"
            switch state {
            case "28P01", "28000": return .authenticationFailed(address: name, user: address.user, passwordSource: passwordSource)
            case "3D000": return .unknownDatabase(address: name, database: address.database)
            case "42501": return .permissionDenied(address: name, message: message)
            case "25006": return .readOnly(address: name)
            case "57P03", "57P01", "57P02": return .unreachable(address: name, reason: message)
            default: return .server(address: name, sqlState: state, message: message)
            }
        case .authMechanismRequiresPassword, .saslError:
            return .authenticationFailed(address: name, user: address.user, passwordSource: passwordSource)
        case .sslUnsupported:
            return .tlsFailed(address: name, reason: "the server does not offer TLS")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return .tlsFailed(address: name, reason: "\(psql.code)")
        case .clientClosedConnection:  // the connection closed under a statement (the server went away)
            return .unreachable(address: name, reason: "the connection was lost")
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            if let ssl = psql.underlying as? NIOSSLError { return .tlsFailed(address: name, reason: "\(ssl)") }
            return .unreachable(address: name, reason: reason(psql.underlying) ?? "\(psql.code)")
        default:
            return .server(address: name, sqlState: "", message: "\(psql.code)")
        }
    }

    /// A short cause for a failed connection: "Connection refused", "no such host", …
    private static func reason(_ error: (any Error)?) -> String? {
        switch error {
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return "no such host \(error.host)"
            }
            return error.connectionErrors.first.flatMap { reason($0.error) } ?? "no address to connect to"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as ChannelError:
            if case .connectTimeout = error { return "no answer within 5 s" }
            return "\(error)"
        case let error?:
            return "\(error)"
        case nil:
            return nil
        }
    }

    /// `prefer` and `require` encrypt without checking the certificate (as libpq does when no
    /// root certificate is configured); `verify-full` checks it against the system's roots.
    private static func tls(_ address: PostgresAddress) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch address.sslMode {
        case .disable: return .disable
        case .prefer:
            configuration.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: configuration))
        case .require:
            configuration.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: configuration))
        case .verifyFull:
            return .require(try NIOSSLContext(configuration: configuration))
        }
    }

    /// postgres-nio logs protocol details; kejin reports errors itself.
    static let logger: Logger = {
        var logger = Logger(label: "kejin.postgres")
        logger.logLevel = .critical
        return logger
    }()
}
#endif
