import Foundation
import Testing

/// Regions through the built binary: `report` and `alerts --region` on the demo's counties,
/// and a viewer restricted by `kejin serve`'s `region=` that cannot reach another region's
/// figures by report, alerts or keys.
@Suite(.serialized) struct RegionEndToEndTests {
    func kejin(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try AlertsCommandTests().kejin(arguments)
    }

    @Test func reportAndAlertsCarryTheRegion() throws {
        let store = try AlertsCommandTests().demoStore()
        let report = try kejin(["report", "--store", store, "--region", "610900", "--format", "json"])
        #expect(report.status == 0, "\(report.err)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any])
        #expect((doc["region"] as? [String: Any])?["name"] as? String == "安康市")
        let counties = try #require(doc["regions"] as? [[String: Any]])
        #expect(counties.count == 10)
        // The city's published 2025-05 tech-loan figure is the sum of its counties'.
        let whole = try #require(try JSONSerialization.jsonObject(with: Data(try kejin(["report", "--store", store, "--format", "json"]).out.utf8)) as? [String: Any])
        func fen(_ measure: Any?) -> Int { ((measure as? [String: Any])?["balance"] as? [String: Any])?["fen"] as? Int ?? -1 }
        #expect(counties.reduce(0) { $0 + fen($1["techLoans"]) } == fen(whole["techLoans"]))
        let text = try kejin(["report", "--store", store, "--region", "610921", "--lang", "en", "--width", "120"])
        #expect(text.out.contains("Region Shaanxi Province > Ankang City > Hanyin County"), "\(text.out.prefix(300))")
        let alerts = try kejin(["alerts", "--store", store, "--region", "610921", "--format", "json"])
        let items = try #require((try JSONSerialization.jsonObject(with: Data(alerts.out.utf8)) as? [String: Any])?["alerts"] as? [[String: Any]])
        #expect(!items.isEmpty && items.allSatisfy { $0["region"] as? String == "610921" })
        let unknown = try kejin(["alerts", "--store", store, "--region", "NOPE"])
        #expect(unknown.status == 1 && unknown.err.contains("--region NOPE: no such region"))
    }

    @Test func aViewerRestrictedToACountyStaysInIt() throws {
        let serve = try ServeFixture()
        // dave may see Hanyin county only.
        let dave = try String(contentsOf: serve.directory.appendingPathComponent("dave.pub"), encoding: .utf8)
        let bob = try String(contentsOf: serve.directory.appendingPathComponent("bob.pub"), encoding: .utf8)
        try ["region=610921 " + dave, bob].joined(separator: "\n").write(toFile: serve.authorizedKeys, atomically: true, encoding: .utf8)

        let report = try serve.exec("dave", "report --format json")
        #expect(report.status == 0 && report.out.contains("\"code\" : \"610921\""), "\(report)")
        let local = try kejin(["report", "--store", serve.store, "--region", "610921", "--format", "json"])
        #expect(report.out == local.out)
        for outside in ["report --region 610900", "alerts --region 610981", "report --region-root 610000"] {
            let r = try serve.exec("dave", outside)
            #expect(r.status == 1 && r.out.isEmpty, "\(outside): \(r)")
        }
        #expect(try serve.exec("bob", "report --region 610900 --format json").out.contains("安康市"))

        let tmux = try serve.session("dave", width: 120, height: 40)
        _ = try tmux.waitUntil(timeout: 20, "no dashboard in Hanyin") { $0.split(separator: "\n").first?.contains("汉阴县") == true }
        try tmux.send("R", "安康", "Enter")
        _ = try tmux.waitFor("不在可查看地区内", timeout: 10)
        try tmux.send("9")
        _ = try tmux.waitFor("下辖地区 陕西省 › 安康市 › 汉阴县", timeout: 10)
        try tmux.send("Escape")
        let screen = try tmux.waitFor("地区已限定", timeout: 10)
        #expect(screen.split(separator: "\n").first?.contains("汉阴县") == true)
        // Banks: Hanyin's own rows (its rural commercial bank lends to the graphite chain there).
        try tmux.send("5")
        _ = try tmux.waitFor("汉阴农商", timeout: 10)
        try tmux.send("q")
        #expect(try tmux.waitForExit(timeout: 10) == 0)
    }

    @Test func rulesSetAndListARulesRegion() throws {
        let store = try AlertsCommandTests().demoStore()
        let set = try kejin(["rules", "set", "40", "--measure", "chain_tech_growth", "--warn-below", "1000000", "--region", "610921", "--store", store])
        #expect(set.status == 0 && set.out.contains("610921"), "\(set)")
        let listed = try kejin(["rules", "list", "--format", "json", "--store", store])
        #expect(listed.out.contains("\"region\" : \"610921\""), "\(listed.out.suffix(400))")
        let unknown = try kejin(["rules", "set", "40", "--region", "NOPE", "--store", store])
        #expect(unknown.status == 1 && unknown.err.contains("--region NOPE: no such region"))
    }
}
