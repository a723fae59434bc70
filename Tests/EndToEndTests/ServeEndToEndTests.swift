import Foundation
import KejinStore
import Testing

/// Issue 11, `kejin serve`, end to end with OpenSSH's own `ssh` client (in tmux for sessions):
/// the dashboard at the pane's size, resize, keys refused and revoked without a restart,
/// operator rights, exec, no-pty, hang-up, idle lock and timeout, signals, and the audit log.
@Suite(.serialized) struct ServeEndToEndTests {
    @Test func aSessionShowsTheDashboardAtThePaneSizeAndFollowsResizes() throws {
        let serve = try ServeFixture()
        let tmux = try serve.session("bob", width: 100, height: 30)
        var screen = try tmux.waitUntil(timeout: 20, "no dashboard at 100x30") {
            $0.contains("2025-05") && $0.contains("总览") && RemoteViewingTests.fits($0, width: 100, height: 30)
        }
        #expect(Substring(screen.split(separator: "\n").first ?? "").contains("2025-05"))
        try tmux.resize(width: 140, height: 40)
        screen = try tmux.waitUntil(timeout: 20, "no redraw at 140x40") { screen in
            let first = Substring(screen.split(separator: "\n").first ?? "")
            return RemoteViewingTests.fits(screen, width: 140, height: 40) && RemoteViewingTests.cells(first) >= 138
        }
        #expect(screen.contains("茶叶"))
        let bob = try serve.fingerprint("bob")
        let start = try serve.waitForAudit("session_start") { $0["event"] as? String == "session_start" }
        #expect(start["fingerprint"] as? String == bob && start["comment"] as? String == "bob@test")
        #expect(start["width"] as? Int == 100 && start["height"] as? Int == 30 && start["lang"] as? String == "C.UTF-8")
        #expect((start["term"] as? String)?.isEmpty == false)
        try tmux.send("q")
        #expect(try tmux.waitForExit(timeout: 10) == 0)
        let end = try serve.waitForAudit("session_end") { $0["event"] as? String == "session_end" }
        #expect(end["exit_status"] as? Int == 0 && (end["bytes_sent"] as? Int ?? 0) > 1000)
        try serve.waitForAudit("disconnect with duration") {
            $0["event"] as? String == "disconnect" && $0["fingerprint"] as? String == bob && $0["seconds"] is Double
        }
    }

    @Test func unknownAndRemovedKeysAreRefusedWithoutARestart() throws {
        let serve = try ServeFixture()
        let unknown = try serve.exec("carol", "report")
        #expect(unknown.status == 255 && unknown.err.contains("Permission denied"), "\(unknown)")
        let carol = try serve.fingerprint("carol")
        try serve.waitForAudit("carol's refusal") {
            $0["event"] as? String == "auth_refused" && $0["fingerprint"] as? String == carol
        }
        #expect(try serve.exec("dave", "report --format json").status == 0)
        try serve.writeAuthorizedKeys(["alice", "bob"])  // dave revoked
        let revoked = try serve.exec("dave", "report")
        #expect(revoked.status == 255 && revoked.err.contains("Permission denied"), "\(revoked)")
        #expect(try serve.exec("bob", "report --format json").status == 0)
    }

    @Test func execRunsReportAndAlertsWithTheLocalExitCodesAndRefusesEverythingElse() throws {
        let serve = try ServeFixture()
        let remote = try serve.exec("bob", "report --period 2025-03 --format json")
        let report = try run(kejinBinary, ["report", "--store", serve.store, "--period", "2025-03", "--format", "json"])
        #expect(remote.status == 0 && remote.out == report && !report.isEmpty)
        let alerts = try serve.exec("bob", "alerts --format json")
        #expect(alerts.status == 2 && alerts.out.contains("1:RL-TECH"))  // open critical alerts: 2, as locally
        let missing = try serve.exec("bob", "report --format xml")
        let local = try localStatus(["report", "--store", serve.store, "--format", "xml"])
        #expect(missing.status != 0 && missing.status == local)
        for refused in ["sh", "report --store /etc/passwd", "alerts ack 1:RL-TECH", "report; sh", "dashboard"] {
            let r = try serve.exec("bob", refused)
            #expect(r.status == 1 && r.err.contains("is not allowed") && r.out.isEmpty, "\(refused): \(r)")
        }
        // No files (sftp) and no port forwarding (-W is a direct-tcpip channel).
        let sftp = try serve.exec("bob", "sftp", tty: "-s")
        #expect(sftp.status == 255 && sftp.err.contains("subsystem request failed"), "\(sftp)")
        let forward = try serve.exec("bob", "", tty: "-W 127.0.0.1:\(serve.port)")
        #expect(forward.status == 255 && forward.out.isEmpty, "\(forward)")
        try serve.waitForAudit("refused sftp") { $0["event"] as? String == "refused" && $0["what"] as? String == "subsystem sftp" }
        try serve.waitForAudit("exec") { $0["event"] as? String == "exec" && $0["command"] as? String == "alerts --format json" }
        try serve.waitForAudit("exec_refused") { $0["event"] as? String == "exec_refused" && $0["command"] as? String == "sh" }
    }

    /// kejin's exit status run here, without ssh.
    func localStatus(_ arguments: [String]) throws -> Int {
        let quoted = ([kejinBinary] + arguments).map(TmuxSession.quote).joined(separator: " ")
        return Int(try run("/bin/sh", ["-c", "\(quoted) > /dev/null 2>&1; echo $?"])
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func withoutATerminalTheClientIsToldHowToConnect() throws {
        let serve = try ServeFixture()
        let r = try serve.exec("bob", "")
        #expect(r.status == 1 && r.err.contains("needs a terminal") && r.err.contains("ssh -t -p \(serve.port)"), "\(r)")
        #expect(serve.children().isEmpty)
    }

    @Test func anOperatorKeyAcknowledgesInItsOwnNameAndAPlainKeyCannot() throws {
        let serve = try ServeFixture()
        let plain = try serve.session("bob")
        try plain.waitFor("2025-05", timeout: 20)
        try plain.send("7")
        try plain.waitFor("1:RL-TECH")
        try plain.send("a")
        try plain.waitFor("kejin alerts ack")   // how to acknowledge, not an acknowledgement
        #expect(try Store(path: serve.store, readOnly: true).acknowledgements().isEmpty)

        let op = try serve.session("alice")
        try op.waitFor("2025-05", timeout: 20)
        try op.send("7")
        try op.waitFor("1:RL-TECH")
        try op.send("a")
        try op.waitFor("已确认预警")
        let acks = try Store(path: serve.store, readOnly: true).acknowledgements()
        #expect(acks.count == 1 && acks.first?.by == "alice@test", "\(acks)")
        let event = try serve.waitForAudit("acknowledge") { $0["event"] as? String == "acknowledge" }
        let alice = try serve.fingerprint("alice")
        #expect(event["by"] as? String == "alice@test" && event["fingerprint"] as? String == alice)
    }

    @Test func killingTheClientEndsTheSessionsDashboard() throws {
        let serve = try ServeFixture()
        let tmux = try serve.session("bob")
        try tmux.waitFor("2025-05", timeout: 20)
        let dashboards = serve.children()
        #expect(dashboards.count == 1)
        let client = try tmux.pid()
        kill(client, SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while dashboards.contains(where: processIsRunning) && Date() < deadline { usleep(10_000) }
        #expect(!dashboards.contains(where: processIsRunning), "the dashboard outlived its client")
        try serve.waitForAudit("session_end, client gone") {
            $0["event"] as? String == "session_end" && $0["reason"] as? String == "client gone"
        }
    }

    @Test func aCrashingDashboardEndsOnlyItsOwnSession() throws {
        let serve = try ServeFixture()
        let doomed = try serve.session("bob")
        try doomed.waitFor("2025-05", timeout: 20)
        let crashing = serve.children()
        let other = try serve.session("alice")
        try other.waitFor("2025-05", timeout: 20)
        #expect(crashing.count == 1)
        // SIGKILL: an abrupt end, as a crash is. (A SIGSEGV sent with kill(2) is not a fault: the
        // terminal's backstop restores the screen and the process goes on.)
        crashing.forEach { kill($0, SIGKILL) }
        #expect(try doomed.waitForExit(timeout: 10) == 128 + Int(SIGKILL))  // ssh passes on the exit status
        try other.send("2")
        try other.waitFor("产业链", timeout: 10)
        #expect(processIsRunning(serve.serverPID))
        #expect(try serve.exec("dave", "report --format json").status == 0)
    }

    @Test func idleSessionsLockThenClose() throws {
        let serve = try ServeFixture(options: "--idle-lock 2s --idle-timeout 6s")
        let tmux = try serve.session("bob")
        try tmux.waitFor("2025-05", timeout: 20)
        let locked = try tmux.waitFor("按任意键返回", timeout: 10)
        #expect(!locked.contains("2025-05") && !locked.contains("¥"))  // no figure on a locked screen
        try tmux.send("2")   // only unlocks: the screen stays the overview
        let back = try tmux.waitFor("2025-05")
        #expect(back.contains("总览"))
        try tmux.waitFor("session closed", timeout: 20)
        try serve.waitForAudit("idle_timeout") { $0["event"] as? String == "idle_timeout" }
        #expect(try tmux.waitForExit(timeout: 10) != 0)
    }

    @Test func sessionLimitsAndFailedLoginsAreEnforced() throws {
        let serve = try ServeFixture(options: "--max-sessions-per-key 1 --max-auth-failures 3")
        let first = try serve.session("bob")
        try first.waitFor("2025-05", timeout: 20)
        let second = try serve.exec("bob", "report")
        #expect(second.status == 1 && second.err.contains("maximum of 1 sessions"), "\(second)")
        #expect(try serve.exec("alice", "report --format json").status == 0)  // other keys unaffected
        for _ in 0..<3 { _ = try serve.exec("carol", "report") }
        let blocked = try serve.exec("bob", "report")    // the address is turned away now, even for good keys
        #expect(blocked.status == 255, "\(blocked)")
        try serve.waitForAudit("connection_refused") { $0["event"] as? String == "connection_refused" }
    }

    @Test func sighupReopensTheAuditLogAndSigtermEndsSessionsWithAMessage() throws {
        let serve = try ServeFixture()
        let rotated = serve.auditLog + ".1"
        try FileManager.default.moveItem(atPath: serve.auditLog, toPath: rotated)
        kill(serve.serverPID, SIGHUP)
        try serve.waitForAudit("audit_reopened") { $0["event"] as? String == "audit_reopened" }
        let tmux = try serve.session("bob")
        try tmux.waitFor("2025-05", timeout: 20)
        try serve.waitForAudit("session_start in the new file") { $0["event"] as? String == "session_start" }
        let old = try String(contentsOfFile: rotated, encoding: .utf8)
        #expect(old.contains("server_start") && !old.contains("session_start"))
        let dashboards = serve.children()
        kill(serve.serverPID, SIGTERM)
        try tmux.waitFor("kejin serve is stopping", timeout: 10)
        let deadline = Date().addingTimeInterval(10)
        while processIsRunning(serve.serverPID) && Date() < deadline { usleep(20_000) }
        #expect(!processIsRunning(serve.serverPID) && !dashboards.contains(where: processIsRunning))
        #expect(try serve.server.waitForExit(timeout: 5) == 0)
        try serve.waitForAudit("server_stop") { $0["event"] as? String == "server_stop" && $0["sessions_closed"] as? Int == 1 }
    }
}
