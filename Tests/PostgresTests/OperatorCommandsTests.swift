#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The demo as two `Store`s: an SQLite file and its copy in a throwaway PostgreSQL database,
/// for the operator's commands (acknowledge, close, reopen, withdraw, check) run on both.
final class DemoStores {
    let folder: String
    let cluster: ThrowawayCluster
    let server: PostgresAddress
    let environment: [String: String]
    let sqlite: Store
    let postgres: Store

    init(_ name: String) throws {
        folder = try temporaryFolder(name)
        let path = folder + "/kejin.sqlite"
        sqlite = try Store(path: path)
        _ = try sqlite.importDemo()
        cluster = try ThrowawayCluster.startPrimary()
        (server, environment) = try cluster.newEmptyDatabase(name)
        let target = try PostgresBackend.open(server, environment: environment, readOnly: false)
        try StoreCopy.copy(from: SQLiteBackend(path: path, readOnly: true), to: target)
        target.close()
        postgres = try Store(address: .postgres(server), environment: environment)
    }

    var stores: [Store] { [sqlite, postgres] }

    func close() {
        postgres.close()
        cluster.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

@Suite(.serialized) struct OperatorCommandsTests {
    /// `alerts ack`, `period close/reopen/withdraw` write the same on both engines: after them,
    /// every period's figures, the reporting status, the revisions and the acknowledgements
    /// read alike, and the withdrawal's summaries equal a recompute (`check`).
    @Test func acknowledgeCloseAndWithdrawAlikeOnBothEngines() throws {
        let demo = try DemoStores("operator")
        defer { demo.close() }
        let periods = try demo.sqlite.availablePeriods()
        let latest = periods.last!
        let alert = try #require(try demo.sqlite.evaluatedAlerts(for: latest, periods: periods).alerts.first)
        let ack = AlertAck(ruleID: alert.ruleID, entityCode: alert.entityCode, severity: alert.severity, period: latest,
                           by: "ops", at: "2026-12-01 03:00:00")
        var removed: [Int] = []
        for store in demo.stores {
            try store.acknowledge(ack)
            try store.setPeriodClosed(latest, true, by: "ops", at: "2026-12-01 03:01:00")
            try store.setPeriodClosed(latest, false, by: "ops", at: "2026-12-01 03:02:00")
            removed.append(try store.withdraw(latest, reporter: "AKRCB", by: "ops", at: "2026-12-01 03:03:00"))
            // Nothing left to withdraw: refused, nothing written.
            #expect(throws: ReportingError.self) { try store.withdraw(latest, reporter: "AKRCB", by: "ops", at: "2026-12-01 03:04:00") }
        }
        #expect(removed[0] > 1_000 && removed[0] == removed[1])
        #expect(try demo.sqlite.check().findings == [])
        let (sqlite, postgres) = (demo.sqlite, demo.postgres)
        #expect(try postgres.acknowledgements() == [ack])
        #expect(try sqlite.acknowledgements() == [ack])
        #expect(try postgres.reporting(for: latest) == sqlite.reporting(for: latest))
        #expect(try postgres.reporting(for: latest)?.status.isSettled == false)
        let revisions = try sqlite.revisions(period: latest)
        #expect(!revisions.isEmpty && revisions.allSatisfy { $0.cause == "withdraw AKRCB by ops" })
        #expect(try postgres.revisions(period: latest) == revisions)
        #expect(try postgres.availablePeriods() == periods)
        for period in periods {
            #expect(try postgres.figures(for: period) == sqlite.figures(for: period), "figures of \(period.key)")
        }
    }
}
#endif
