#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

@Suite struct OperatorCommandsTests {
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
        for store in demo.stores { #expect(try store.check().findings == [], "\(store.path)") }
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

    /// `store check` on PostgreSQL: the demo is consistent (every check but SQLite's page check,
    /// which it says it did not run); a summary row, a code and an amount changed by SQL are found.
    @Test func checkFindsWhatSQLChangedBehindKejinsBack() throws {
        let demo = try DemoStores("consistency")
        defer { demo.close() }
        let clean = try demo.postgres.check()
        #expect(clean.findings == [])
        let onSQLite = try demo.sqlite.check()
        #expect(clean.periods == 18 && onSQLite.periods == 18)
        #expect(clean.checked == ["schema", "codes", "money", "summaries of 18 period(s)"])
        #expect(clean.notRun.count == 1 && clean.notRun[0].contains("integrity_check"))
        #expect(onSQLite.checked.first == "integrity" && onSQLite.notRun.isEmpty)

        let database = demo.server.database
        let chain = try demo.cluster.psql("SELECT min(chain) FROM period_summary WHERE period = '2025-03' AND chain <> ''", database: database)
        try demo.cluster.psql("""
            UPDATE period_summary SET tech_balance = tech_balance + 1 WHERE period = '2025-03' AND chain = '\(chain)';
            UPDATE guarantees SET pool = 'NO-SUCH-POOL' WHERE code = (SELECT min(code) FROM guarantees WHERE pool IS NOT NULL);
            UPDATE pool_payouts SET amount = -1 WHERE guarantee = (SELECT min(guarantee) FROM pool_payouts);
            """, database: database)
        let findings = try demo.postgres.check().findings.map(\.description)
        #expect(findings.contains { $0.hasPrefix("summary: period_summary 2025-03 chain \(chain): tech_balance ") && $0.hasSuffix("recomputed from loan_balances") },
                "\(findings)")
        #expect(findings.contains("reference: guarantees.pool: 1 row(s) name a code that is not in risk_pools (first: \"NO-SUCH-POOL\")"), "\(findings)")
        #expect(findings.contains("money: pool_payouts.amount: 1 row(s) are not a whole, non-negative number of fen"), "\(findings)")
        // The pool moved, the guarantees' kept month sums (v28) no longer hold: each month it is in force in.
        let kept = findings.filter { $0.hasPrefix("summary: guarantee_summary guarantees month ") }
        #expect(!kept.isEmpty && kept.allSatisfy { $0.contains(" pool '") }, "\(findings)")
        #expect(findings.count - kept.count == 3, "\(findings)")
    }
}
#endif

#if PostgreSQL
/// The README's roles on a store: the operator acknowledges alerts and changes nothing else;
/// a viewer's acknowledgement is refused (exit 8).
@Suite(.serialized) struct OperatorRoleTests {
    @Test func theOperatorAcknowledgesAndNothingElse() throws {
        let folder = try temporaryFolder("roles")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/kejin.sqlite"
        _ = try Store(path: path).importDemo()
        let cluster = try ThrowawayCluster.startPrimary()
        defer { cluster.stop() }
        try cluster.psql(try RolesSQL.fromREADME())
        try cluster.psql("ALTER ROLE kejin_importer PASSWORD 'imp'; ALTER ROLE kejin_viewer PASSWORD 'view'; ALTER ROLE kejin_operator PASSWORD 'op'")
        func open(_ user: String, _ password: String) throws -> Store {
            let address = PostgresAddress(host: "127.0.0.1", port: cluster.port, user: user, database: "kejin", sslMode: .disable)
            return try Store(address: .postgres(address), environment: ["PGPASSWORD": password])
        }
        // The importer makes the store (the demo copied in), then the operator's grants.
        let importer = try PostgresBackend.open(PostgresAddress(host: "127.0.0.1", port: cluster.port, user: "kejin_importer",
                                                                database: "kejin", sslMode: .disable),
                                                environment: ["PGPASSWORD": "imp"], readOnly: false)
        try StoreCopy.copy(from: SQLiteBackend(path: path, readOnly: true), to: importer)
        importer.close()
        try cluster.psql(try RolesSQL.operatorGrantsFromREADME(), database: "kejin")

        // Both open the store as `kejin alerts ack` does (writable).
        let viewer = try open("kejin_viewer", "view")
        defer { viewer.close() }
        let op = try open("kejin_operator", "op")
        defer { op.close() }
        let periods = try op.availablePeriods()
        let latest = try #require(periods.last)
        let alert = try #require(try op.evaluatedAlerts(for: latest, periods: periods).alerts.first)
        let ack = AlertAck(ruleID: alert.ruleID, entityCode: alert.entityCode, severity: alert.severity, period: latest,
                           by: "ops", at: "2026-12-01 03:00:00")
        #expect {
            try viewer.acknowledge(ack)
        } throws: { error in
            (error as? PostgresStoreError)?.exitCode == 8
        }
        #expect(try viewer.acknowledgements() == [])
        try op.acknowledge(ack)
        try op.acknowledge(ack)  // again: the upsert's UPDATE
        #expect(try viewer.acknowledgements() == [ack])

        let loans = try viewer.readSession { try $0.fetchOne("SELECT count(*) FROM loans", as: Int.self) }
        func refused(_ what: String, _ write: () throws -> Void) {
            do {
                try write()
                Issue.record("\(what): the operator was allowed")
            } catch let error as PostgresStoreError {
                guard case .permissionDenied = error else { Issue.record("\(what): \(error)"); return }
                #expect(error.exitCode == 8)
                #expect(error.description.contains("the operator role"))
            } catch {
                Issue.record("\(what): \(error)")
            }
        }
        refused("delete loans") { try op.writeSession { try $0.execute("DELETE FROM loans") } }
        refused("withdraw") { _ = try op.withdraw(latest, reporter: "AKRCB", by: "ops", at: "2026-12-01 03:01:00") }
        refused("close a period") { try op.setPeriodClosed(latest, true, by: "ops", at: "2026-12-01 03:02:00") }
        refused("change a rule") { try op.saveAlertRule(try #require(try op.alertRules().first)) }
        refused("create a table") { try op.writeSession { try $0.execute("CREATE TABLE extra(x bigint)") } }
        #expect(try viewer.readSession { try $0.fetchOne("SELECT count(*) FROM loans", as: Int.self) } == loans)
        #expect(try viewer.reporting(for: latest)?.status.isSettled == true)
    }
}
#endif
