import Foundation
import Testing
@testable import KejinStore

@Suite struct StoreAddressTests {
    let env = ["USER": "osuser", "HOME": "/home/osuser"]

    func postgres(_ text: String, _ environment: [String: String]? = nil) throws -> PostgresAddress {
        guard case .postgres(let address) = try StoreAddress.parse(text, environment: environment ?? env) else {
            Issue.record("\(text) read as SQLite")
            throw CancellationError()
        }
        return address
    }

    @Test func pathsAreSQLite() throws {
        for path in ["kejin.sqlite", "/var/lib/kejin/k.sqlite", "postgres.sqlite", "./postgres:/x", ""] {
            #expect(try StoreAddress.parse(path, environment: env) == .sqlite(path: path))
        }
    }

    @Test func fullURL() throws {
        let a = try postgres("postgres://importer@db.example.cn:6543/kejin?sslmode=require")
        #expect(a == PostgresAddress(host: "db.example.cn", port: 6543, user: "importer", database: "kejin", sslMode: .require))
        #expect(a.description == "postgres://importer@db.example.cn:6543/kejin?sslmode=require")
        let b = try postgres("postgresql://viewer@127.0.0.1/kejin?sslmode=disable")
        #expect(b.port == 5432 && b.sslMode == .disable && b.host == "127.0.0.1")
        let v6 = try postgres("postgres://u@[::1]:5433/d")
        #expect(v6.host == "::1" && v6.port == 5433)
        #expect(v6.description.hasPrefix("postgres://u@[::1]:5433/d?"))
    }

    @Test func missingPartsComeFromLibpqVariablesThenDefaults() throws {
        let bare = try postgres("postgres://")
        #expect(bare == PostgresAddress(host: "localhost", port: 5432, user: "osuser", database: "osuser", sslMode: .prefer))
        let pg = env.merging(["PGHOST": "pg.local", "PGPORT": "5999", "PGUSER": "kj", "PGDATABASE": "store",
                              "PGSSLMODE": "require"]) { $1 }
        #expect(try postgres("postgres://", pg) == PostgresAddress(host: "pg.local", port: 5999, user: "kj", database: "store", sslMode: .require))
        // What the URL says wins over the variables.
        #expect(try postgres("postgres://me@h:1/db?sslmode=disable", pg) == PostgresAddress(host: "h", port: 1, user: "me", database: "db", sslMode: .disable))
        // Without a database the user name is the database, as in libpq.
        #expect(try postgres("postgres://alice@h", env).database == "alice")
    }

    @Test func percentEncodingAndQueryParameters() throws {
        let a = try postgres("postgres://%E5%AF%BC%E5%85%A5@h/%E7%A7%91%E9%87%91")
        #expect(a.user == "导入" && a.database == "科金")
        let socket = try postgres("postgres://u@%2Ftmp%2Fpg:5433/d")
        #expect(socket.isUnixSocket && socket.socketPath == "/tmp/pg/.s.PGSQL.5433")
        let q = try postgres("postgres:///?host=/run/pg&port=7000&user=x&dbname=y")
        #expect(q == PostgresAddress(host: "/run/pg", port: 7000, user: "x", database: "y", sslMode: .prefer))
        #expect(q.description == "postgres://x@:7000/y?host=%2Frun%2Fpg&sslmode=prefer")
        #expect(try StoreAddress.parse(q.description, environment: env) == .postgres(q))
    }

    @Test func aPasswordInTheURLIsRefusedWithoutRepeatingIt() throws {
        for url in ["postgres://importer:s3cret@h/db", "postgres://importer:@h/db", "postgres://h/db?password=s3cret"] {
            let error = #expect(throws: StoreAddressError.self) { try StoreAddress.parse(url, environment: env) }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("carries a password") && message.contains("~/.pgpass"), "\(message)")
            #expect(!message.contains("s3cret"), "\(message)")
        }
    }

    @Test func badAddressesAreRefusedClearly() throws {
        let cases: [(String, String)] = [
            ("postgres://u@h:0/d", "port 0"), ("postgres://u@h:99999/d", "port 99999"),
            ("postgres://u@h:x/d", "port x"), ("postgres://u@h/d?sslmode=allow", "sslmode allow"),
            ("postgres://u@h/d?connect_timeout=3", "unknown parameter connect_timeout"),
            ("postgres://u@h1,h2/d", "several hosts"), ("postgres://u@[::1/d", "IPv6"),
            ("postgres://u@h/d#x", "fragment"),
        ]
        for (url, words) in cases {
            let error = #expect(throws: StoreAddressError.self) { try StoreAddress.parse(url, environment: env) }
            #expect(error.map { "\($0)".contains(words) } == true, "\(url): \(error.map { "\($0)" } ?? "")")
        }
        #expect(throws: StoreAddressError.self) { try StoreAddress.parse("postgres://u@h/d", environment: ["PGPORT": "abc"]) }
    }

    @Test func resolveOrder() throws {
        #expect(try StoreAddress.resolve(option: "a.sqlite", environment: ["KEJIN_STORE": "postgres://u@h/d"]) == .sqlite(path: "a.sqlite"))
        #expect(try StoreAddress.resolve(option: nil, environment: ["KEJIN_STORE": "postgres://u@h/d"])
                == .postgres(PostgresAddress(host: "h", user: "u", database: "d")))
        #expect(try StoreAddress.resolve(option: nil, environment: ["XDG_DATA_HOME": "/x"]) == .sqlite(path: "/x/kejin/kejin.sqlite"))
    }
}

@Suite struct PGPassFileTests {
    let address = PostgresAddress(host: "db", port: 5432, user: "importer", database: "kejin")

    @Test func firstMatchingLineWinsWithWildcardsAndEscapes() {
        let file = """
            # comment: db:5432:kejin:importer:not-this
            other:5432:kejin:importer:wrong-host
            db:5433:kejin:importer:wrong-port
            db:*:other:importer:wrong-db
            *:*:kejin:importer:pa\\:ss\\\\word:ignored
            *:*:*:*:fallback
            """
        #expect(PGPassFile.match(file, host: "db", port: "5432", database: "kejin", user: "importer") == "pa:ss\\word")
        #expect(PGPassFile.match(file, host: "db", port: "5432", database: "x", user: "viewer") == "fallback")
        #expect(PGPassFile.match("db:5432:kejin:importer:", host: "db", port: "5432", database: "kejin", user: "importer") == "")
        // Fields with escaped colons match a name holding a colon; a line short of fields never matches.
        #expect(PGPassFile.match("a\\:b:1:d:u:pw\r", host: "a:b", port: "1", database: "d", user: "u") == "pw")
        #expect(PGPassFile.match("db:5432:kejin:importer", host: "db", port: "5432", database: "kejin", user: "importer") == nil)
        // `*` is a wildcard only as a whole field.
        #expect(PGPassFile.match("d*:5432:kejin:importer:pw", host: "db", port: "5432", database: "kejin", user: "importer") == nil)
        #expect(PGPassFile.match("", host: "db", port: "5432", database: "kejin", user: "importer") == nil)
    }

    @Test func defaultSocketDirectoryMatchesLocalhost() {
        let socket = PostgresAddress(host: PostgresAddress.defaultSocketDirectory, user: "u", database: "d")
        #expect(PGPassFile.matchHost(socket) == "localhost")
        #expect(PGPassFile.matchHost(PostgresAddress(host: "/tmp/pg", user: "u", database: "d")) == "/tmp/pg")
    }

    @Test func environmentThenFileAndItsPermissions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pass").path
        try "db:5432:kejin:importer:from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        func chmod(_ mode: Int) throws { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file) }

        try chmod(0o600)
        #expect(PGPassFile.password(for: address, environment: ["PGPASSFILE": file])
                == PGPassFile.Lookup(password: "from-file", source: file))
        #expect(PGPassFile.password(for: address, environment: ["PGPASSFILE": file, "PGPASSWORD": "from-env"]).password == "from-env")
        // An empty PGPASSWORD is no password: the file is read.
        #expect(PGPassFile.password(for: address, environment: ["PGPASSFILE": file, "PGPASSWORD": ""]).password == "from-file")
        // ~/.pgpass when PGPASSFILE is unset.
        try FileManager.default.moveItem(atPath: file, toPath: dir.appendingPathComponent(".pgpass").path)
        #expect(PGPassFile.password(for: address, environment: ["HOME": dir.path]).password == "from-file")
        try FileManager.default.moveItem(atPath: dir.appendingPathComponent(".pgpass").path, toPath: file)

        for mode in [0o640, 0o604, 0o660] {
            try chmod(mode)
            let lookup = PGPassFile.password(for: address, environment: ["PGPASSFILE": file])
            #expect(lookup.password == nil)
            #expect(lookup.warnings.count == 1 && lookup.warnings[0].contains("group or world access"), "\(lookup)")
        }
        #expect(PGPassFile.password(for: address, environment: ["PGPASSFILE": dir.path]).warnings.first?.contains("not a plain file") == true)
        #expect(PGPassFile.password(for: address, environment: ["PGPASSFILE": file + "-missing"]) == PGPassFile.Lookup())
    }
}
