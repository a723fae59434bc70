import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// Alert rules limited to a region (AlertRule.region, schema v11): such a rule fires on the
/// figures of its region and the regions within it, never on the whole store's, a parent's or
/// a sibling's; it is stored, read back and imported with its region.
@Suite struct RegionRuleTests {
    @Test func aRegionsRuleFiresInItAndBelowItOnly() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        #expect(try store.alertRules().allSatisfy { $0.region == nil })
        // Every chain with a growth figure is below 10000% (so the rule fires wherever it applies).
        let rule = AlertRule(id: 40, measure: .chainTechGrowth, warnBelow: 1_000_000, region: "610921")
        try store.saveAlertRule(rule)
        #expect(try store.alertRule(id: 40) == rule)
        let periods = try store.availablePeriods()
        let may = Period("2025-05")!
        func fired(_ region: String?) throws -> [Alert] {
            try store.evaluatedAlerts(for: may, periods: periods, region: region).alerts.filter { $0.ruleID == 40 }
        }
        #expect(!(try fired("610921")).isEmpty)
        for elsewhere in [nil, "610900", "610000", "610981"] as [String?] {
            #expect(try fired(elsewhere).isEmpty, "\(elsewhere ?? "whole store")")
        }
        // A city's rule reaches its counties too.
        try store.saveAlertRule(AlertRule(id: 40, measure: .chainTechGrowth, warnBelow: 1_000_000, region: "610900"))
        let (city, county, whole) = (try fired("610900"), try fired("610981"), try fired(nil))
        #expect(!city.isEmpty && !county.isEmpty && whole.isEmpty)
    }

    @Test func aRulesFileCarriesTheRegionAndAnUnknownOneIsRefused() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let header = "id,measure,scope,warn_below,critical_below,warn_above,critical_above,enabled,hysteresis,region\n"
        _ = try store.importAlertRules(try f.write("rules.csv", header + "41,chain_tech_growth,,0,,,,1,,610921\n"))
        #expect(try store.alertRule(id: 41)?.region == "610921")
        let before = try store.alertRules()
        #expect(throws: ImportError.self) {
            _ = try store.importAlertRules(try f.write("bad.csv", header + "42,chain_tech_growth,,0,,,,1,,NOPE\n"))
        }
        #expect(try store.alertRules() == before)
    }
}
