#if PostgreSQL
import Foundation
import KejinStore
import PostgresNIO
import Testing
import ThrowawayPostgres

/// Connecting to a PostgreSQL store and every fault a user meets first, each with its own
/// message and exit code, against throwaway clusters (`swift test --traits PostgreSQL --filter PostgresTests`).
@Suite(.serialized) struct PostgresConnectorTests {
    let logger = Logger(label: "test")

    func address(_ cluster: ThrowawayCluster, user: String = ThrowawayCluster.superuser, database: String = "postgres",
                 sslMode: PostgresAddress.SSLMode = .disable) -> PostgresAddress {
        PostgresAddress(host: "127.0.0.1", port: cluster.port, user: user, database: database, sslMode: sslMode)
    }

    func openError(_ address: PostgresAddress, _ environment: [String: String], readOnly: Bool = true) async -> PostgresStoreError? {
        do {
            let session = try await PostgresConnector.open(address, environment: environment, readOnly: readOnly)
            try? await session.connection.close()
            return nil
        } catch let error as PostgresStoreError {
            return error
        } catch {
            Issue.record("not a PostgresStoreError: \(error)")
            return nil
        }
    }

    @Test func opensAStoreAndTellsEachFaultApart() async throws {
        let cluster = try ThrowawayCluster.startPrimary()
        defer { cluster.stop() }
        let env = ["PGPASSWORD": cluster.superuserPassword]
        try cluster.psql("CREATE DATABASE empty; CREATE DATABASE other; CREATE DATABASE newer; CREATE DATABASE current")
        try cluster.psql("CREATE TABLE invoices(id int)", database: "other")
        try cluster.psql("CREATE TABLE schema(version integer NOT NULL); INSERT INTO schema VALUES (1), (999)", database: "newer")
        try cluster.psql("CREATE TABLE schema(version integer NOT NULL); INSERT INTO schema VALUES (1), (2)", database: "current")

        let empty = try await PostgresConnector.open(address(cluster, database: "empty"), environment: env, readOnly: false)
        #expect(empty.schemaVersion == 0)
        try await empty.connection.close()
        let current = try await PostgresConnector.open(address(cluster, database: "current"), environment: env, readOnly: true)
        #expect(current.schemaVersion == 2)
        try await current.connection.close()

        let other = await openError(address(cluster, database: "other"), env)
        #expect(other == .notAKejinStore(address: "\(address(cluster, database: "other"))") && other?.exitCode == 6)
        let newer = await openError(address(cluster, database: "newer"), env)
        guard case .schemaTooNew(_, 999, _)? = newer else { Issue.record("\(String(describing: newer))"); return }
        #expect(newer?.exitCode == 7)

        let unknown = await openError(address(cluster, database: "nosuch"), env)
        #expect(unknown == .unknownDatabase(address: "\(address(cluster, database: "nosuch"))", database: "nosuch"))
        #expect(unknown?.exitCode == 5 && unknown?.description.contains("no database nosuch") == true)

        let wrong = await openError(address(cluster), ["PGPASSWORD": "wrong"])
        #expect(wrong == .authenticationFailed(address: "\(address(cluster))", user: "postgres", passwordSource: "PGPASSWORD"))
        #expect(wrong?.exitCode == 4 && wrong?.description.contains("wrong user name or password") == true)
        let nobody = await openError(address(cluster, user: "nobody"), env)
        #expect(nobody?.exitCode == 4)
        let none = await openError(address(cluster), ["PGPASSFILE": "/nonexistent"])
        #expect(none?.exitCode == 4 && none?.description.contains("no password") == true, "\(String(describing: none))")

        // sslmode=require against a server without TLS.
        let tls = await openError(address(cluster, sslMode: .require), env)
        #expect(tls?.exitCode == 3, "\(String(describing: tls))")
        guard case .tlsFailed? = tls else { Issue.record("\(String(describing: tls))"); return }
    }

    @Test func thePasswordFileIsUsedAndNamedWhenWrong() async throws {
        let cluster = try ThrowawayCluster.startPrimary()
        defer { cluster.stop() }
        let file = cluster.directory + "-pgpass"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "127.0.0.1:\(cluster.port):*:postgres:\(cluster.superuserPassword)\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let session = try await PostgresConnector.open(address(cluster), environment: ["PGPASSFILE": file], readOnly: true)
        try await session.connection.close()

        try "*:*:*:*:wrong\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let wrong = await openError(address(cluster), ["PGPASSFILE": file])
        #expect(wrong?.description.contains("the password from \(file)") == true, "\(String(describing: wrong))")

        // A group-readable file is ignored with a warning, as libpq does.
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        var warnings: [String] = []
        do {
            _ = try await PostgresConnector.open(address(cluster), environment: ["PGPASSFILE": file], readOnly: true,
                                                 warn: { warnings.append($0) })
            Issue.record("connected without a password")
        } catch let error as PostgresStoreError {
            #expect(error.exitCode == 4)
        }
        #expect(warnings.count == 1 && warnings[0].contains("group or world access"))
    }

    @Test func aServerThatIsDownIsUnreachable() async throws {
        let cluster = try ThrowawayCluster.startPrimary()
        let down = address(cluster)
        cluster.stop()
        let error = await openError(down, ["PGPASSWORD": "x"])
        #expect(error?.exitCode == 3, "\(String(describing: error))")
        #expect(error?.description.contains("unreachable (Connection refused)") == true, "\(String(describing: error))")
        let noHost = await openError(PostgresAddress(host: "no-such-host.invalid", user: "u", database: "d", sslMode: .disable), [:])
        #expect(noHost?.exitCode == 3, "\(String(describing: noHost))")
    }

    @Test func sslmodeRequireEncrypts() async throws {
        let cluster = try ThrowawayCluster.startPrimary(tls: true)
        defer { cluster.stop() }
        let session = try await PostgresConnector.open(address(cluster, sslMode: .require),
                                                       environment: ["PGPASSWORD": cluster.superuserPassword], readOnly: true)
        defer { Task { [connection = session.connection] in try? await connection.close() } }
        let ssl = try await session.connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: logger)
            .collect().first?.decode(Bool.self)
        #expect(ssl == true)
        // verify-full checks the certificate: a self-signed one is refused.
        let verify = await openError(address(cluster, sslMode: .verifyFull), ["PGPASSWORD": cluster.superuserPassword])
        #expect(verify?.exitCode == 3, "\(String(describing: verify))")
    }

    /// The README's roles: the viewer reads and cannot write, a read-only session cannot write
    /// even as the importer, and a replica refuses writes with the same error.
    @Test func viewerRoleAndReadOnlySessionsCannotWrite() async throws {
        let cluster = try ThrowawayCluster.startPrimary()
        defer { cluster.stop() }
        let replica = try cluster.startReplica()
        defer { replica.stop() }
        try cluster.psql(try RolesSQL.fromREADME())
        try cluster.psql("ALTER ROLE kejin_importer PASSWORD 'imp'; ALTER ROLE kejin_viewer PASSWORD 'view'")
        // The importer creates the store's tables (as a migration will).
        try cluster.psql("SET ROLE kejin_importer; CREATE TABLE schema(version integer NOT NULL); INSERT INTO schema VALUES (1)",
                         database: "kejin")

        let viewer = try await PostgresConnector.open(address(cluster, user: "kejin_viewer", database: "kejin"),
                                                      environment: ["PGPASSWORD": "view"], readOnly: false)
        #expect(viewer.schemaVersion == 1)
        let rows = try await viewer.connection.query("SELECT count(*) FROM schema", logger: logger).collect()
        #expect(try rows.first?.decode(Int.self) == 1)
        // Read-only by the role's default, and by its privileges once a session turns that off.
        #expect(await writeError(viewer, "INSERT INTO schema VALUES (2)") == .readOnly(address: "\(viewer.address)"))
        try await viewer.connection.query("SET default_transaction_read_only = off", logger: logger)
        for sql: PostgresQuery in ["INSERT INTO schema VALUES (2)", "DELETE FROM schema", "CREATE TABLE t(x int)"] {
            let error = await writeError(viewer, sql)
            guard case .permissionDenied? = error else { Issue.record("\(sql.sql): \(String(describing: error))"); continue }
            #expect(error?.exitCode == 8)
        }
        try await viewer.connection.close()

        let importer = try await PostgresConnector.open(address(cluster, user: "kejin_importer", database: "kejin"),
                                                        environment: ["PGPASSWORD": "imp"], readOnly: true)
        #expect(await writeError(importer, "INSERT INTO schema VALUES (2)") == .readOnly(address: "\(importer.address)"))
        try await importer.connection.close()

        #expect(try waitFor(seconds: 10) { (try? replica.psql("SELECT count(*) FROM schema", database: "kejin")) == "1" })
        let onReplica = try await PostgresConnector.open(
            PostgresAddress(host: "127.0.0.1", port: replica.port, user: "kejin_importer", database: "kejin", sslMode: .disable),
            environment: ["PGPASSWORD": "imp"], readOnly: false)
        #expect(await writeError(onReplica, "INSERT INTO schema VALUES (2)")?.exitCode == 8)
        try await onReplica.connection.close()
        #expect(try cluster.psql("SELECT count(*) FROM schema", database: "kejin") == "1")
    }

    func writeError(_ session: PostgresSession, _ sql: PostgresQuery) async -> PostgresStoreError? {
        do {
            try await session.connection.query(sql, logger: logger)
            return nil
        } catch {
            return PostgresConnector.classify(error, address: session.address, passwordSource: nil)
        }
    }
}

/// The SQL of the README's section on roles, so the test runs exactly what users are told to.
enum RolesSQL {
    /// The roles and the database (run by a superuser before the store exists).
    static func fromREADME() throws -> String { try block("-- kejin roles") }
    /// The operator's grants on the store's tables (run once the store exists).
    static func operatorGrantsFromREADME() throws -> String { try block("-- kejin operator") }

    /// The README's ```sql block whose first line starts with `opening`.
    static func block(_ opening: String) throws -> String {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let block = text.range(of: "```sql\n" + opening),
              let end = text.range(of: "```", range: block.upperBound..<text.endIndex) else { throw RolesError.missing }
        let start = text.index(block.lowerBound, offsetBy: "```sql\n".count)
        return String(text[start..<end.lowerBound])
    }

    enum RolesError: Error { case missing }
}
#endif
