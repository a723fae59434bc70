import Foundation
import Testing

/// `kejin alerts` and `kejin rules` through the built binary: the exit code a cron job reads,
/// acknowledgements, and rules edited on the command line.
@Suite(.serialized) struct AlertsCommandTests {
    /// Runs kejin (or `executable`); returns the exit status, stdout and stderr.
    func kejin(_ arguments: [String], executable: String = kejinBinary,
               environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A demo store of the test's own (a copy of the one `kejin demo` made for the process).
    func demoStore() throws -> String { try DemoStore.fresh() }

    @Test func exitCodeIsTwoWhileACriticalAlertIsOpenAndZeroOnceAcknowledged() throws {
        let store = try demoStore()
        let first = try kejin(["alerts", "--store", store, "--format", "json"])
        #expect(first.status == 2)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(first.out.utf8)) as? [String: Any])
        #expect(doc["period"] as? String == "2025-05")
        let alerts = try #require(doc["alerts"] as? [[String: Any]])
        let critical = alerts.filter { $0["severity"] as? String == "critical" }.compactMap { $0["id"] as? String }
        // 11:RL-AGRI/XYRCB: the demo's staged ledger-cap breach (issue 17); 13:XYRCB: its bank graded D
        // in the 2024 evaluation (issue 12, item 9).
        #expect(Set(critical) == ["1:RL-TECH", "2:RL-AGRI", "4:AKFG", "6:POOL-HY", "11:RL-AGRI/XYRCB", "13:XYRCB"])
        #expect(doc["openCritical"] as? Int == 6)

        for id in critical {
            let ack = try kejin(["alerts", "ack", id, "--store", store])
            #expect(ack.status == 0, "\(ack.err)")
            #expect(ack.out.contains("acknowledged \(id)"))
        }
        let after = try kejin(["alerts", "--store", store, "--lang", "en"])
        #expect(after.status == 0)
        #expect(after.out.contains("3:HYFG") && !after.out.contains("4:AKFG"))  // acknowledged ones left out
        let all = try kejin(["alerts", "--store", store, "--all"])
        #expect(all.status == 0)
        #expect(all.out.contains("4:AKFG") && all.out.contains("已确认"))
    }

    /// `KEJIN_SQL_PROFILE`: each statement's milliseconds and text on standard error, for
    /// finding where time goes; nothing of it without the variable, and the output the same.
    @Test func sqlProfileListsEachStatementOnStandardError() throws {
        let store = try demoStore()
        let plain = try kejin(["alerts", "--store", store, "--format", "json"])
        #expect(!plain.err.contains("kejin-sql"))
        let profiled = try kejin(["alerts", "--store", store, "--format", "json"], environment: ["KEJIN_SQL_PROFILE": "1"])
        #expect(profiled.status == plain.status)
        #expect(profiled.out == plain.out)
        let lines = profiled.err.split(separator: "\n").filter { $0.hasPrefix("kejin-sql ") }
        #expect(lines.contains { $0.contains("period_summary") })
        #expect(!lines.isEmpty && lines.allSatisfy { Double($0.split(separator: " ")[1]) != nil })
    }

    @Test func errorsExitWithOne() throws {
        let store = try demoStore()
        #expect(try kejin(["alerts", "--store", store, "--period", "1999-01"]).status == 1)
        let unknown = try kejin(["alerts", "ack", "9:NOPE", "--store", store])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("no alert 9:NOPE"))
        let missing = try temporaryDirectory().appendingPathComponent("none.sqlite").path
        #expect(try kejin(["alerts", "--store", missing]).status == 1)
    }

    @Test func rulesSetDisableAndImportChangeWhatFires() throws {
        let store = try demoStore()
        #expect(try kejin(["alerts", "--store", store, "--lang", "en"]).out.contains("3:HYFG"))
        let set = try kejin(["rules", "set", "3", "--warn-above", "2%", "--store", store])
        #expect(set.status == 0, "\(set.err)")
        let listed = try kejin(["rules", "list", "--format", "json", "--store", store])
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
        #expect(rules.first { $0["id"] as? Int == 3 }?["warn_above"] as? Int == 200)
        #expect(!(try kejin(["alerts", "--store", store]).out.contains("3:HYFG")))

        #expect(try kejin(["rules", "disable", "4", "--store", store]).status == 0)
        #expect(!(try kejin(["alerts", "--store", store]).out.contains("4:AKFG")))
        #expect(try kejin(["rules", "enable", "4", "--store", store]).status == 0)
        #expect(try kejin(["alerts", "--store", store]).out.contains("4:AKFG"))

        #expect(try kejin(["rules", "set", "20", "--store", store]).status == 1)  // a new id needs --measure
        let created = try kejin(["rules", "set", "20", "--measure", "guarantee_fee_rate", "--warn-above", "0.7%",
                                 "--scope", "CAIXIN", "--store", store])
        #expect(created.status == 0, "\(created.err)")
        #expect(try kejin(["alerts", "--store", store]).out.contains("20:CAIXIN"))

        let file = try temporaryDirectory().appendingPathComponent("rules.csv")
        try "id,measure,enabled\n20,guarantee_fee_rate,0\n".write(to: file, atomically: true, encoding: .utf8)
        let imported = try kejin(["rules", "import", file.path, "--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(!(try kejin(["alerts", "--store", store]).out.contains("20:CAIXIN")))
        #expect(try kejin(["rules", "list", "--store", store]).out.contains("Units: bp = basis points"))
    }
}
