import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// Alert rules and acknowledgements through the store: what `kejin rules` and `kejin alerts ack`
/// call, persisted across re-opening, and the v1 → v2 migration.
@Suite struct AlertRulesStoreTests {
    @Test func aNewStoreIsSeededWithTheDefaultRules() throws {
        let f = try Fixture()
        #expect(try f.store().alertRules() == AlertEngine.defaultRules)
    }

    @Test func setDisableEnableRoundTripAcrossReopening() throws {
        let f = try Fixture()
        do {
            let store = try f.store()
            var rule = try #require(try store.alertRule(id: 1))
            rule.warnBelow = 9_000
            rule.criticalAbove = nil
            rule.scope = "RL-TECH"
            rule.hysteresis = 120
            try store.saveAlertRule(rule)
            var fresh = AlertRule(id: 42, measure: .guaranteeFeeRate, warnAbove: 80)
            fresh.enabled = false
            try store.saveAlertRule(fresh)
        }
        let reopened = try f.store(readOnly: true)
        let one = try #require(try reopened.alertRule(id: 1))
        #expect(one.warnBelow == 9_000 && one.criticalBelow == 8_000 && one.criticalAbove == nil)
        #expect(one.scope == "RL-TECH" && one.hysteresis == 120 && one.enabled)
        #expect(try reopened.alertRule(id: 42) == AlertRule(id: 42, measure: .guaranteeFeeRate, warnAbove: 80, enabled: false))
        #expect(try reopened.alertRules().map(\.id) == AlertEngine.defaultRules.map(\.id) + [42])
        #expect(throws: StoreError.readOnly(path: f.storePath)) { try reopened.saveAlertRule(one) }
    }

    @Test func importGoesThroughTheImporterWhateverTheFileName() throws {
        let f = try Fixture()
        let store = try f.store()
        let url = try f.write("my-rules.csv", """
            id,measure,scope,warn_below,critical_below,warn_above,critical_above,enabled,hysteresis
            3,guarantee_fee_rate,,,,90,150,1,
            10,pool_remaining,P1,6000,,,,0,25

            """)
        let summary = try store.importAlertRules(url)
        #expect(summary.rows == 2)
        #expect(try store.alertRule(id: 3) == AlertRule(id: 3, measure: .guaranteeFeeRate, warnAbove: 90, criticalAbove: 150))
        #expect(try store.alertRule(id: 10) == AlertRule(id: 10, measure: .poolRemaining, scope: "P1", warnBelow: 6_000,
                                                         enabled: false, hysteresis: 25))
        #expect(try store.importLog().last?.file == "my-rules.csv")

        let bad = try f.write("bad.csv", """
            id,measure,enabled
            21,chain_tech_growth,1
            22,no_such_measure,1

            """)
        #expect(throws: ImportError.self) { try store.importAlertRules(bad) }
        #expect(try store.alertRule(id: 21) == nil)  // one transaction: nothing of the bad file stays
    }

    @Test func anAcknowledgementPersistsAcrossReopening() throws {
        let f = try Fixture()
        let ack = AlertAck(ruleID: 4, entityCode: "AKFG", severity: .critical, period: Period(year: 2025, month: 5),
                           by: "zhang", at: "2025-06-01 09:30:00")
        try f.store().acknowledge(ack)
        #expect(try f.store(readOnly: true).acknowledgements() == [ack])
        // Again: who and when are replaced, not duplicated.
        var again = ack
        again.by = "li"
        try f.store().acknowledge(again)
        #expect(try f.store(readOnly: true).acknowledgements() == [again])
        #expect(throws: StoreError.readOnly(path: f.storePath)) { try f.store(readOnly: true).acknowledge(ack) }
    }

    @Test func theAcknowledgerIsTheOSUserAndUTCNow() {
        let me = Store.acknowledger(environment: ["USER": "ignored-when-getpwuid-answers"])
        #expect(!me.by.isEmpty)
        #expect(me.at.count == 19 && me.at.dropFirst(4).hasPrefix("-"))
    }

    /// A version-1 file, as kejin wrote it before this migration.
    func writeVersionOneStore(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1 tables")
        try queue.close()
    }

    @Test func aVersionOneStoreMigratesWhenOpenedWritable() throws {
        let f = try Fixture()
        try writeVersionOneStore(f.storePath)
        #expect(throws: StoreError.schemaTooOld(path: f.storePath, found: 1, expected: Schema.version)) {
            try Store(path: f.storePath, readOnly: true)
        }
        let message = StoreError.schemaTooOld(path: f.storePath, found: 1, expected: Schema.version).description
        #expect(message.contains("schema version 1, this kejin needs \(Schema.version)"))
        let store = try f.store()
        #expect(try store.alertRules() == AlertEngine.defaultRules)  // hysteresis filled in per measure
        #expect(try store.acknowledgements().isEmpty)
        #expect(try store.dbQueue.read { try Schema.storedVersion($0) } == Schema.version)
        _ = try f.store(readOnly: true)
    }
}

/// The default rules on the demo data, through the store's real queries: which fire where, and
/// acknowledgements as `kejin alerts` and the viewer see them.
@Suite(.serialized) struct DemoAlertsTests {
    static let demo: Result<String, any Error> = Result {
        try SharedDemoStore.suiteCopy("alerts")
    }

    @Test func everyRuleTheDemoREADMENamesFiresSomewhere() throws {
        let store = try Store(path: try Self.demo.get(), readOnly: true)
        let periods = try store.availablePeriods()
        var fired: [Int64: Set<String>] = [:]
        for p in periods {
            for a in try store.evaluatedAlerts(for: p, periods: periods).alerts { fired[a.ruleID, default: []].insert(a.entityCode) }
        }
        #expect(fired[1]?.isSuperset(of: ["RL-REDISC", "RL-TECH", "RL-SME", "RL-AGRI"]) == true)
        #expect(fired[2] == ["RL-AGRI"])
        #expect(fired[3] == ["HYFG"])
        #expect(fired[4] == ["AKFG"])
        #expect(fired[5] == ["AKFG"])
        #expect(fired[8] == ["FISH", "HOG", "CARB"])
        #expect(fired[9]?.isSuperset(of: ["FISH", "HOG", "CARB", "KONJ", "NM"]) == true)
        // Only the county pool reaches its limits; the city pool stays far from them.
        #expect(fired[6] == ["POOL-HY"])
        #expect(fired[7] == ["POOL-HY"])
        // The evaluation's low grades: 旬阳农商银行 (310, then 291: D) and 长安银行 (C).
        #expect(fired[13] == ["XYRCB", "CAB"])
    }

    @Test func anAcknowledgedAlertIsQuietAfterReopeningUntilItClears() throws {
        let path = try Self.demo.get()
        let may = Period(year: 2025, month: 5), april = Period(year: 2025, month: 4)
        let viewer = try Store(path: path, readOnly: true)
        let periods = try viewer.availablePeriods()
        // 3:HYFG (fee above 1%) fires as a warning in every period.
        let before = try viewer.evaluatedAlerts(for: april, periods: periods).alerts
        let hyfg = try #require(before.first { $0.id == "3:HYFG" })
        #expect(hyfg.isOpen && hyfg.severity == .warning)
        try Store(path: path).acknowledge(AlertAck(ruleID: 3, entityCode: "HYFG", severity: .warning, period: april,
                                                   by: "zhang", at: "2025-05-10 08:00:00"))
        let reopened = try Store(path: path, readOnly: true)
        let inApril = try reopened.evaluatedAlerts(for: april, periods: periods).alerts
        let inMay = try reopened.evaluatedAlerts(for: may, periods: periods).alerts
        #expect(inApril.first { $0.id == "3:HYFG" }?.acknowledgement?.by == "zhang")
        #expect(inMay.first { $0.id == "3:HYFG" }?.isOpen == false)  // still firing at the same severity
        #expect(inMay.filter { $0.id != "3:HYFG" }.allSatisfy { $0.isOpen })
        // Not before the month it was acknowledged in.
        let inMarch = try reopened.evaluatedAlerts(for: april.previous, periods: periods).alerts
        #expect(inMarch.first { $0.id == "3:HYFG" }?.isOpen == true)
    }
}
