import Foundation
import Testing

/// Issue 14 through the built binary: one bank's ledger for a new month changes nothing a
/// supervisor relies on (default period, alerts, exit codes) and shows as "报送中 1/9"; the
/// month becomes the default when an operator closes it; months outside the store are refused.
@Suite(.serialized) struct ReportingEndToEndTests {
    let cli = AlertsCommandTests()

    /// The demo store plus ICBC's June ledger with a single loan.
    func demoWithOneJuneBank() throws -> String {
        let store = try cli.demoStore()
        let dir = URL(fileURLWithPath: store).deletingLastPathComponent()
        let file = dir.appendingPathComponent("loan_balances-2025-06-icbc.csv")
        try "loan,period,balance_yuan\nL000001,2025-06,9620000.00\n".write(to: file, atomically: true, encoding: .utf8)
        let imported = try cli.kejin(["import", "--store", store, "--into-demo", "--quiet", file.path])
        #expect(imported.status == 0, "\(imported.err)")
        return store
    }

    @Test func oneBanksLedgerChangesNothingASupervisorReliesOn() throws {
        let store = try demoWithOneJuneBank()
        // Default: still May, with its alerts and exit code.
        let alerts = try cli.kejin(["alerts", "--store", store, "--format", "json"])
        #expect(alerts.status == 2)
        #expect(alerts.out.contains("\"period\" : \"2025-05\""))
        let report = try cli.kejin(["report", "--store", store, "--format", "json"])
        #expect(report.status == 0 && report.out.contains("\"period\" : \"2025-05\"") && report.out.contains("\"status\" : \"complete\""))

        // June on request: provisional, no alerts, exit 0; the report says who is missing.
        let june = try cli.kejin(["alerts", "--store", store, "--period", "2025-06"])
        #expect(june.status == 0)
        #expect(june.out.contains("报送中 1/9") && june.out.contains("中国银行安康分行") && june.out.contains("不评估预警"))
        let juneJSON = try cli.kejin(["report", "--store", store, "--period", "2025-06", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(juneJSON.out.utf8)) as? [String: Any])
        let reporting = try #require(doc["reporting"] as? [String: Any])
        #expect(reporting["status"] as? String == "provisional")
        #expect(reporting["delivered"] as? Int == 1 && reporting["expected"] as? Int == 9)
        #expect((reporting["missing"] as? [[String: Any]])?.count == 8)
        // No alert on June's figures: only the eight banks late with their ledgers (warnings).
        let juneAlerts = try #require(doc["alerts"] as? [[String: Any]])
        #expect(juneAlerts.count == 8 && juneAlerts.allSatisfy { $0["measure"] as? String == "reporting_late" })
        #expect(juneAlerts.allSatisfy { $0["severity"] as? String == "warning" })
        let text = try cli.kejin(["report", "--store", store, "--period", "2025-06", "--lang", "en"])
        #expect(text.out.contains("Reporting status provisional 1/9  Missing "))

        // Closed by an operator: June becomes the default; reopened: May again.
        let close = try cli.kejin(["period", "close", "2025-06", "--store", store])
        #expect(close.status == 0 && close.out.contains("closed 2025-06 by ") && close.out.contains("now closed"))
        #expect(try cli.kejin(["report", "--store", store, "--format", "json"]).out.contains("\"period\" : \"2025-06\""))
        #expect(try cli.kejin(["alerts", "--store", store]).status != 1)
        #expect(try cli.kejin(["period", "reopen", "2025-06", "--store", store]).status == 0)
        #expect(try cli.kejin(["report", "--store", store, "--format", "json"]).out.contains("\"period\" : \"2025-05\""))
        let status = try cli.kejin(["period", "--store", store, "--lang", "en"])
        #expect(status.out.contains("2025-05  Reporting status complete 9/9") && status.out.contains("2025-06  Reporting status provisional 1/9"))
    }

    @Test func periodsOutsideTheStoreAreRefused() throws {
        let store = try cli.demoStore()
        for command in [["report"], ["alerts"], ["dashboard"], ["period", "status"], ["period", "close"]] {
            let args = command.first == "period" ? command + ["2030-01", "--store", store] : command + ["--store", store, "--period", "2030-01"]
            let r = try cli.kejin(args)
            #expect(r.status == 1, "\(command): \(r.out)")
            #expect(r.err.contains("no data for 2030-01; the store holds 2023-12 … 2025-05 (18 months)"), "\(command): \(r.err)")
            #expect(r.out.isEmpty, "\(command)")
        }
    }

    @Test func theDashboardOpensOnTheCompleteMonthAndMarksTheProvisionalOne() throws {
        let store = try demoWithOneJuneBank()
        let tmux = try TmuxSession(command: "\(kejinBinary) --store \(TmuxSession.quote(store))", width: 80, height: 24)
        let first = try tmux.waitFor("2025-05 (18/19)")
        #expect(!first.contains("报送中"))
        try tmux.send("]")
        // Wait for the whole frame (header and status line), not the first text of it.
        let june = try tmux.waitUntil("June marked provisional, the missing bank named") {
            $0.contains("报送中 1/9") && $0.contains("2025-06") && $0.contains("未报送 中国农业银行安康分行")
        }
        #expect(!june.contains("2025-05 (18/19)"))
        try tmux.send("8")
        let screen = try tmux.waitUntil("the Reporting screen with its rows") {
            $0.contains("报送情况 报送中 1/9") && $0.contains("已报送") && $0.contains("未报送 !")
        }
        #expect(screen.contains("中国农业银行安康分行"))
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func aCorrectedLedgerReplacesTheBanksMonthAndTheRevisionIsListed() throws {
        let store = try cli.demoStore()
        let dir = URL(fileURLWithPath: store).deletingLastPathComponent()
        // ICBC's May, as the store holds it, without its first loan.
        let demo = try String(contentsOfFile: demoFolder() + "/loan_balances.csv", encoding: .utf8)
        let loans = try String(contentsOfFile: demoFolder() + "/loans.csv", encoding: .utf8)
        var icbc: Set<String> = []
        for line in loans.split(separator: "\n") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 1, fields[1] == "ICBC" { icbc.insert(String(fields[0])) }
        }
        let may: [Substring] = demo.split(separator: "\n").filter { line in
            line.contains(",2025-05,") && icbc.contains(String(line.prefix { $0 != "," }))
        }
        let file = dir.appendingPathComponent("loan_balances-2025-05-icbc.csv")
        // The demo's own header (with its classification column, schema v25).
        let header = demo.prefix { $0 != "\n" }
        try (String(header) + "\n" + may.dropFirst().joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)

        let dry = try cli.kejin(["import", "--store", store, "--into-demo", "--quiet", "--replace", "--dry-run", file.path])
        #expect(dry.status == 0 && dry.out.contains("replaced ICBC 2025-05: 0 added, 0 changed, 1 removed") && dry.out.contains("nothing was written"))
        #expect(try cli.kejin(["revisions", "--store", store]).out.contains("修订记录"))  // none yet
        let real = try cli.kejin(["import", "--store", store, "--into-demo", "--quiet", "--replace", file.path])
        #expect(real.status == 0 && real.out.contains("replaced ICBC 2025-05: 0 added, 0 changed, 1 removed"), "\(real.err)")
        #expect(try cli.kejin(["store", "check", "--store", store]).status == 0)
        let revisions = try cli.kejin(["revisions", "--store", store, "--period", "2025-05", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(revisions.out.utf8)) as? [String: Any])
        let items = try #require(doc["revisions"] as? [[String: Any]])
        #expect(!items.isEmpty && items.allSatisfy { ($0["cause"] as? String)?.hasSuffix("loan_balances-2025-05-icbc.csv") == true })
        #expect(items.contains { $0["chain"] == nil && $0["measure"] as? String == "all_balance" })
        // The report of May carries them too.
        let report = try cli.kejin(["report", "--store", store, "--lang", "en"])
        #expect(report.out.contains("Revisions\n  2025-05  City  Loans (¥)"), "\(report.out.prefix(600))")
        let reportJSON = try #require(try JSONSerialization.jsonObject(with: Data(try cli.kejin(["report", "--store", store, "--format", "json"]).out.utf8)) as? [String: Any])
        #expect((reportJSON["revisions"] as? [Any])?.count == items.count)

        // Withdrawn: May is provisional again, the default moves back to April.
        let withdraw = try cli.kejin(["period", "withdraw", "2025-05", "--reporter", "ICBC", "--store", store])
        #expect(withdraw.status == 0 && withdraw.out.contains("now provisional"), "\(withdraw.err)")
        #expect(try cli.kejin(["report", "--store", store, "--format", "json"]).out.contains("\"period\" : \"2025-04\""))
        #expect(try cli.kejin(["revisions", "--store", store, "--lang", "en"]).out.contains("withdraw ICBC by "))
        #expect(try cli.kejin(["store", "check", "--store", store]).status == 0)
    }

    @Test func aBanksDrawsAreAReportersFileReplacedAsABookAndRevised() throws {
        let store = try cli.demoStore()
        let dir = URL(fileURLWithPath: store).deletingLastPathComponent()
        let header = "code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used,repaid_date,period\n"
        let kept = ["RD-AGRI-05,RL-AGRI,HYRCB,2023-07-18,2024-07-17,40000000.00,0,,2025-05",
                    "RD-SME-04,RL-SME,HYRCB,2023-12-05,2025-12-04,35000000.00,1,,2025-05"]
        // HYRCB's May draws: RD-AGRI-06 now 41,000,000; RD-AGRI-01 (no ledger loan) left out.
        let file = dir.appendingPathComponent("relending_draws-2025-05-hyrcb.csv")
        try (header + (kept + ["RD-AGRI-06,RL-AGRI,HYRCB,2024-07-17,2025-07-16,41000000.00,0,,2025-05"]).joined(separator: "\n") + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let dry = try cli.kejin(["import", "--store", store, "--into-demo", "--quiet", "--replace", "--dry-run", file.path])
        #expect(dry.status == 0 && dry.out.contains("replaced HYRCB relending_draws: 0 added, 1 changed, 1 removed"), "\(dry.out) \(dry.err)")
        let real = try cli.kejin(["import", "--store", store, "--into-demo", "--quiet", "--replace", file.path])
        #expect(real.status == 0 && real.out.contains("replaced HYRCB relending_draws: 0 added, 1 changed, 1 removed"), "\(real.err)")
        #expect(try cli.kejin(["store", "check", "--store", store]).status == 0)
        // HYRCB now reports its draws too: May is complete with ten files.
        #expect(try cli.kejin(["reporters", "--store", store]).out.contains("HYRCB\t汉阴农商银行\trelending_draws\t2025-05"))
        #expect(try cli.kejin(["period", "2025-05", "--store", store, "--lang", "en"]).out.contains("complete 10/10"))
        // Re-lending drawn of 支农再贷款 fell by 29,000,000 in every complete month RD-AGRI-01 was out.
        let revisions = try cli.kejin(["revisions", "--store", store, "--period", "2025-05", "--lang", "en"])
        #expect(revisions.out.contains("Re-lending drawn"), "\(revisions.out)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(try cli.kejin(["revisions", "--store", store, "--period", "2025-05", "--format", "json"]).out.utf8)) as? [String: Any])
        let drawn = try #require((doc["revisions"] as? [[String: Any]])?.first { $0["measure"] as? String == "relending_drawn" && $0["chain"] as? String == "RL-AGRI" })
        #expect((drawn["before"] as? Int64 ?? 0) - (drawn["after"] as? Int64 ?? 0) == 29_000_000_00)

        // Leaving out RD-AGRI-05, which ledger loans fund: refused, naming the loan, nothing removed.
        let orphaning = dir.appendingPathComponent("relending_draws-2025-05-hyrcb-2.csv")
        try (header + kept[1] + "\n").write(to: orphaning, atomically: true, encoding: .utf8)
        let refused = try cli.kejin(["import", "--store", store, "--into-demo", "--quiet", "--replace", orphaning.path])
        #expect(refused.status == 1 && refused.err.contains("loans in the store: column relending_draw: \"RD-AGRI-0"), "\(refused.err)")
        #expect(try cli.kejin(["store", "check", "--store", store]).status == 0)
    }

    /// The bundled demo CSVs (the source tree's copy).
    func demoFolder() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/KejinStore/Resources/demo").path
    }
}
