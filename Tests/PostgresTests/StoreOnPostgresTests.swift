#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// `Store` opened on a PostgreSQL database: a writable open of an empty database makes the
/// store, a viewer of an empty or older one is refused with its own message, reads and writes
/// go through the backend, and the change counter is the generation row.
@Suite(.serialized) struct StoreOnPostgresTests {
    @Test func aWritableOpenMakesTheStoreAndAViewerSeesItsWrites() throws {
        let cluster = try ThrowawayCluster.shared()
        let (server, environment) = try cluster.newEmptyDatabase("fresh")
        defer { cluster.dropDatabase(server.database) }
        let address = StoreAddress.postgres(server)

        #expect(throws: PostgresStoreError.emptyDatabase(address: "\(server)")) {
            try Store(address: address, readOnly: true, environment: environment)
        }
        let writer = try Store(address: address, environment: environment)
        defer { writer.close() }
        #expect(try writer.isEmpty())
        #expect(try writer.contents() == .empty)
        #expect(try writer.readSession { try $0.fetchOne("SELECT max(version) FROM schema", as: Int.self) } == Schema.version)

        let viewer = try Store(address: address, readOnly: true, environment: environment)
        defer { viewer.close() }
        let before = try viewer.changeCounter()
        let ack = AlertAck(ruleID: 1, entityCode: "tea", severity: .warning, period: Period(year: 2025, month: 5),
                           by: "tester", at: "2026-11-30T00:00:00Z")
        try writer.acknowledge(ack)
        #expect(try viewer.changeCounter() > before)
        #expect(try viewer.acknowledgements() == [ack])
        #expect(throws: StoreError.readOnly(path: "\(server)")) { try viewer.acknowledge(ack) }
        // A second writable open finds the store made, not an empty database.
        let again = try Store(address: address, environment: environment)
        again.close()
        #expect(try viewer.acknowledgements() == [ack])
    }

    /// The server goes away under a viewer and comes back: reads fail with "unreachable" (the
    /// dashboard's stale mark and backoff take it from there), then work again on the same
    /// `Store`, which connected again by itself.
    @Test func aViewerConnectsAgainWhenTheServerIsBack() throws {
        let cluster = try ThrowawayCluster.startPrimary()
        defer { cluster.stop() }
        let (server, environment) = try cluster.newEmptyDatabase("restart")
        let writer = try Store(address: .postgres(server), environment: environment)
        writer.close()
        let viewer = try Store(address: .postgres(server), readOnly: true, environment: environment)
        defer { viewer.close() }
        let before = try viewer.changeCounter()

        cluster.pause()
        for _ in 0..<2 {  // the first finds the connection lost, the second cannot connect
            #expect {
                _ = try viewer.changeCounter()
            } throws: { error in
                guard case .unreachable? = error as? PostgresStoreError else { return false }
                return true
            }
        }
        try cluster.resume()
        #expect(try viewer.changeCounter() == before)
        #expect(try viewer.contents() == .empty)
    }

    @Test func anOlderSchemaAndSQLiteOnlyCommandsAreRefusedWithTheirMessages() throws {
        let cluster = try ThrowawayCluster.shared()
        let (server, environment) = try cluster.newEmptyDatabase("older")
        defer { cluster.dropDatabase(server.database) }
        let address = StoreAddress.postgres(server)
        let store = try Store(address: address, environment: environment)
        defer { store.close() }
        let folder = try temporaryFolder("on-postgres")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Backup is SQLite's own (pg_dump is PostgreSQL's): said, not attempted.
        #expect(throws: PostgresStoreError.self) { try store.backup(to: folder + "/b.sqlite") }

        _ = try cluster.psql("DELETE FROM schema WHERE version = \(Schema.version)", database: server.database)
        #expect(throws: PostgresStoreError.schemaTooOld(address: "\(server)", found: Schema.version - 1, expected: Schema.version)) {
            try Store(address: address, readOnly: true, environment: environment)
        }
    }
}
#endif
