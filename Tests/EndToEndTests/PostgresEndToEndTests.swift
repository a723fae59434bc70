#if PostgreSQL
import Foundation
import Testing
import ThrowawayPostgres

/// kejin on PostgreSQL the way a province runs it: the demo put into a primary with
/// `kejin demo`, one dashboard on a streaming replica and one on the primary (the built binary
/// in tmux), a month imported on the primary, then the primary stopped and started again.
@Suite(.serialized) struct PostgresEndToEndTests {
    @Test func dashboardsOnAReplicaAndThePrimaryFollowAnImportAndOutliveARestart() throws {
        let primary = try ThrowawayCluster.startPrimary()
        defer { primary.stop() }
        let replica = try primary.startReplica()
        defer { replica.stop() }
        try primary.psql("CREATE DATABASE kejin")
        // The replica is a copy of the primary: the same superuser and password.
        func url(_ cluster: ThrowawayCluster) -> String {
            "postgres://\(ThrowawayCluster.superuser)@127.0.0.1:\(cluster.port)/kejin?sslmode=disable"
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = primary.superuserPassword
        // The demo's import is some 17,000 statements over loopback (the small files and the
        // summaries row by row); a debug build on a busy 2-core machine took 80–100 s. This
        // test is about the dashboards, not that import's speed (`kejin bench` measures it).
        try run(kejinBinary, ["demo", "--store", url(primary)], environment: environment, timeout: 300)

        let session = ["LANG": "C.UTF-8", "PGPASSWORD": primary.superuserPassword]
        let onReplica = try TmuxSession(command: "\(kejinBinary) --lang en --store \(TmuxSession.quote(url(replica)))",
                                        environment: session)
        let onPrimary = try TmuxSession(command: "\(kejinBinary) --lang en --store \(TmuxSession.quote(url(primary)))",
                                        environment: session)
        // The replica has the demo (18 months, the latest shown) once it has replayed the import.
        try onReplica.waitFor("2025-05 (18/18)", timeout: 30)
        try onPrimary.waitFor("2025-05 (18/18)", timeout: 15)

        // A June balance for one loan, imported on the primary: both dashboards get a 19th
        // month, held (one bank of many delivered), and stay on May, the latest complete one;
        // the replica's within 2 s plus replication lag.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-pg-e2e-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("loan_balances-2025-06.csv")
        try "loan,period,balance_yuan\n\(try Self.firstLoanCode()),2025-06,1000000\n".write(to: csv, atomically: true, encoding: .utf8)
        let imported = Date()
        try run(kejinBinary, ["import", "--into-demo", "--store", url(primary), csv.path], environment: environment)
        try onReplica.waitFor("2025-05 (18/19)", timeout: 5)
        let lag = Date().timeIntervalSince(imported)
        #expect(lag < 3.0, "the replica's dashboard showed the import after \(lag) s")
        try onPrimary.waitFor("2025-05 (18/19)", timeout: 5)

        // The primary stops: its dashboard says since when, keeps the figures; the replica's
        // dashboard goes on. The primary starts again: the error clears by itself.
        primary.pause()
        let down = try onPrimary.waitFor("since", timeout: 10)
        #expect(down.contains("Error") && down.contains("2025-05"), "\(down)")
        try primary.resume()
        try onPrimary.waitUntil(timeout: 20, "the error line never cleared") { !$0.contains("since") && $0.contains("2025-05 (18/19)") }
        #expect(try onReplica.capture().contains("2025-05 (18/19)"))

        for tmux in [onReplica, onPrimary] {
            try tmux.send("q")
            #expect(try tmux.waitForExit() == 0)
        }
    }

    /// The first loan of the shipped demo data set, read from its CSV file.
    static func firstLoanCode() throws -> String {
        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/KejinStore/Resources/demo/loans.csv")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        return String(lines[1].split(separator: ",")[0])
    }
}
#endif
