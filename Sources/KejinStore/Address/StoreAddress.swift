import Foundation

/// Where a store lives, as `--store` / `KEJIN_STORE` give it: a path (an SQLite file, as ever)
/// or a PostgreSQL URL `postgres://USER@HOST:PORT/DB?sslmode=disable|require`.
///
/// Parts a URL leaves out come from libpq's variables (`PGHOST`, `PGPORT`, `PGUSER`,
/// `PGDATABASE`, `PGSSLMODE`), then libpq's defaults, so an address means what it means to `psql`.
/// A URL never carries a password (it would show in `ps`, shell history and logs): the password
/// comes from `PGPASSWORD` or the password file (`PGPassFile`). Pure Swift, in every build;
/// connecting needs the `PostgreSQL` trait.
public enum StoreAddress: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// `--store` when given, else `$KEJIN_STORE`, else the default SQLite path.
    public static func resolve(option: String?, environment: [String: String]) throws -> StoreAddress {
        if let option { return try parse(option, environment: environment) }
        if let value = environment["KEJIN_STORE"], !value.isEmpty {
            return try parse(value, environment: environment)
        }
        return .sqlite(path: Store.defaultPath(environment: environment))
    }

    /// A `postgres://` or `postgresql://` URL is a PostgreSQL store; anything else is a path.
    public static func parse(_ text: String, environment: [String: String]) throws -> StoreAddress {
        let lower = text.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else {
            return .sqlite(path: text)
        }
        return .postgres(try PostgresAddress(url: text, environment: environment))
    }
}

/// A PostgreSQL server, database and user; never a password (see `PGPassFile`).
public struct PostgresAddress: Equatable, Sendable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` (the verifying modes check the server's
    /// certificate against the system's trust roots).
    public enum SSLMode: String, CaseIterable, Sendable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    /// A host name, an IP address, or a directory holding the server's Unix socket (starts with `/`).
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var sslMode: SSLMode

    /// libpq's default port, and the socket directory Debian's libpq uses when no host is given.
    public static let defaultPort = 5432
    public static let defaultSocketDirectory = "/var/run/postgresql"

    public init(host: String, port: Int = defaultPort, user: String, database: String, sslMode: SSLMode = .prefer) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.sslMode = sslMode
    }

    /// True when `host` names a socket directory rather than a network host.
    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// The socket file for a socket-directory host (`DIR/.s.PGSQL.PORT`, as the server names it).
    public var socketPath: String? { isUnixSocket ? "\(host)/.s.PGSQL.\(port)" : nil }

    /// The address as a URL again (never with a password): safe for messages and logs.
    public var description: String {
        let hostPart: String
        var query = "sslmode=\(sslMode.rawValue)"
        if isUnixSocket {
            hostPart = ""
            query = "host=\(Self.escape(host))&" + query
        } else {
            hostPart = host.contains(":") ? "[\(host)]" : Self.escape(host)
        }
        return "postgres://\(Self.escape(user))@\(hostPart):\(port)/\(Self.escape(database))?\(query)"
    }

    /// Parses a `postgres://` URL; `environment` fills in what it leaves out.
    public init(url text: String, environment: [String: String]) throws {
        guard let scheme = text.range(of: "://") else { throw StoreAddressError.malformed(text, "no scheme") }
        var rest = Substring(text[scheme.upperBound...])
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if rest.contains("#") { throw StoreAddressError.malformed(text, "a fragment (#) is not part of a store address") }
        // authority [/ database]
        let slash = rest.firstIndex(of: "/")
        let authority = slash.map { rest[..<$0] } ?? rest
        let pathPart = slash.map { String(rest[rest.index(after: $0)...]) } ?? ""

        var userPart: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if userInfo.contains(":") { throw StoreAddressError.passwordInURL(Self.redacted(text)) }
            userPart = String(userInfo)
        }
        if hostPort.contains(",") { throw StoreAddressError.malformed(text, "several hosts are not supported; name one") }

        var hostText: String?
        var portText: String?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw StoreAddressError.malformed(text, "an IPv6 host without its closing ]") }
            hostText = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw StoreAddressError.malformed(text, "text after the IPv6 host") }
                portText = String(after.dropFirst())
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            hostText = String(hostPort[..<colon])
            portText = String(hostPort[hostPort.index(after: colon)...])
        } else {
            hostText = String(hostPort)
        }

        func decoded(_ part: String?, _ what: String) throws -> String? {
            guard let part, !part.isEmpty else { return nil }
            guard let value = part.removingPercentEncoding else {
                throw StoreAddressError.malformed(text, "bad percent-encoding in the \(what)")
            }
            return value
        }
        var host = try decoded(hostText, "host")
        var port = portText.flatMap { $0.isEmpty ? nil : $0 }
        var sslMode: String?
        var databaseParam: String?
        var userParam: String?
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(pair[0])
            let value = try decoded(pair.count > 1 ? String(pair[1]) : "", key) ?? ""
            switch key {
            case "sslmode": sslMode = value
            case "host": host = value
            case "port": port = value
            case "user": userParam = value
            case "dbname": databaseParam = value
            case "password": throw StoreAddressError.passwordInURL(Self.redacted(text))
            default: throw StoreAddressError.unsupportedParameter(key)
            }
        }

        let env = { (name: String) -> String? in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        self.host = host ?? env("PGHOST") ?? "localhost"
        let portString = port ?? env("PGPORT") ?? String(Self.defaultPort)
        guard let portNumber = Int(portString), (1...65535).contains(portNumber) else {
            throw StoreAddressError.badPort(portString)
        }
        self.port = portNumber
        let osUser = env("USER") ?? env("LOGNAME") ?? NSUserName()
        self.user = try userParam.flatMap { $0.isEmpty ? nil : $0 } ?? decoded(userPart, "user name") ?? env("PGUSER") ?? osUser
        self.database = try databaseParam.flatMap { $0.isEmpty ? nil : $0 } ?? decoded(pathPart, "database name") ?? env("PGDATABASE") ?? self.user
        let modeText = sslMode ?? env("PGSSLMODE") ?? SSLMode.prefer.rawValue
        guard let mode = SSLMode(rawValue: modeText) else { throw StoreAddressError.badSSLMode(modeText) }
        self.sslMode = mode
    }

    /// The URL with whatever stands between `://` and `@` replaced, for error messages.
    static func redacted(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") {
            let userInfo = text[scheme.upperBound..<at]
            let user = userInfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            text.replaceSubrange(scheme.upperBound..<at, with: user + ":***")
        }
        if let range = text.range(of: #"password=[^&]*"#, options: .regularExpression) {
            text.replaceSubrange(range, with: "password=***")
        }
        return text
    }

    private static func escape(_ part: String) -> String {
        part.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-", "_", "."])) ?? part
    }
}

/// Why a store address was refused. Messages never repeat a password.
public enum StoreAddressError: Error, Equatable, CustomStringConvertible {
    case passwordInURL(String)
    case malformed(String, String)
    case unsupportedParameter(String)
    case badPort(String)
    case badSSLMode(String)

    public var description: String {
        switch self {
        case .passwordInURL(let redacted):
            return "\(redacted): the store address carries a password; kejin does not take one on the command line or in KEJIN_STORE (it would show in ps and shell history). Put it in ~/.pgpass (chmod 600) or PGPASSWORD, and drop it from the URL."
        case .malformed(let url, let why):
            return "\(PostgresAddress.redacted(url)): not a PostgreSQL store address (\(why)); expected postgres://USER@HOST:PORT/DB?sslmode=disable|require."
        case .unsupportedParameter(let key):
            return "store address: unknown parameter \(key); kejin understands sslmode, host, port, user and dbname."
        case .badPort(let text):
            return "store address: port \(text) is not a number from 1 to 65535."
        case .badSSLMode(let text):
            return "store address: sslmode \(text) is not one of \(PostgresAddress.SSLMode.allCases.map(\.rawValue).joined(separator: ", "))."
        }
    }
}

extension StoreAddress: CustomStringConvertible {
    /// The file path, or the URL (never a password: the address holds none).
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let address): address.description
        }
    }
}
