#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The store's queries that moved onto `StoreSession` (written once) read the same on
/// PostgreSQL as on SQLite: the demo store copied into a throwaway database, then each query
/// run on both sides for every period, and a write run on both and read back.
@Suite(.serialized) struct PortedQueriesTests {
    @Test func reportingAndRevisionsReadAlikeOnBothEngines() throws {
        let demo = try DemoOnBothEngines("ported")
        defer { demo.close() }
        let path = demo.folder + "/kejin.sqlite"
        let (sqlite, postgres) = (demo.sqlite, demo.postgres)
        func both<T: Equatable>(_ what: String, _ read: (any StoreSession) throws -> T) throws -> T { try demo.both(what, read) }
        // SQLite stores get the generation row with the store's next schema version; until then, here.
        try sqlite.database.write { try $0.execute(sql: StoreGeneration.createTable + "; " + StoreGeneration.seed) }
        let engines: [(String, any StoreBackend)] = [("SQLite", sqlite), ("PostgreSQL", postgres)]
        let settled = try both("settled periods") { try Deliveries.settledPeriods($0) }
        #expect(settled.count > 12)
        let periods = try both("periods") { s in try s.fetchColumn("SELECT DISTINCT period FROM period_summary ORDER BY period", as: String.self) }
            .compactMap(Period.init)
        let reporting = try both("reporting status") { try Deliveries.reporting($0, periods) }
        #expect(reporting.contains { !$0.reporters.isEmpty })
        _ = try both("revisions") { try Revisions.list($0, period: nil) }
        for period in periods.suffix(3) {
            let snapshot = try both("snapshot \(period.key)") { try Revisions.snapshot($0, period.key) }
            #expect(snapshot[""] != nil)
        }

        #expect(try both("contents") { try Store.contents($0) } == .demo)

        // Drill-down lists on the seam: every guarantor's guarantees, every pool's pay-outs,
        // every reporter's deliveries, the tags of every enterprise, for the latest months.
        let guarantors = try both("guarantors") { try $0.fetchColumn("SELECT code FROM institutions WHERE kind = 'guarantor' ORDER BY code", as: String.self) }
        let pools = try both("pools") { try $0.fetchColumn("SELECT code FROM risk_pools ORDER BY code", as: String.self) }
        let firms = try both("enterprises") { try $0.fetchColumn("SELECT code FROM enterprises ORDER BY code", as: String.self) }
        #expect(!guarantors.isEmpty && !pools.isEmpty && firms.count > 500)
        for period in periods.suffix(2) {
            var listed = 0
            for g in guarantors {
                listed += try both("\(g)'s guarantees \(period.key)") { try GuaranteeDetailQuery(base: DetailQuery(session: $0, period: period)).guarantees(g) }.rows.count
            }
            #expect(listed > 40)
            for p in pools {
                _ = try both("\(p)'s pay-outs \(period.key)") { try GuaranteeDetailQuery(base: DetailQuery(session: $0, period: period)).payouts(p) }
            }
            for r in try both("reporters \(period.key)") { try Deliveries.reporting($0, period) }.reporters.prefix(5) {
                let log = try both("\(r.code)'s deliveries \(period.key)") { try DeliveryLogQuery(base: DetailQuery(session: $0, period: period)).entries(r.code) }
                #expect(!log.rows.isEmpty)
            }
            // The tools' draws and their ledger loans, guarantees' and enterprises' loans, in the
            // whole store and in a county (Hanyin: its banks' draws, its enterprises' loans).
            let tools = try both("tools") { try $0.fetchColumn("SELECT code FROM relending_tools ORDER BY code", as: String.self) }
            let someGuarantees = try both("guarantees") { try $0.fetchColumn("SELECT code FROM guarantees ORDER BY code LIMIT 5", as: String.self) }
            for region in [nil, Set(["610921"])] as [Set<String>?] {
                func base(_ s: any StoreSession) -> DetailQuery {
                    var q = DetailQuery(session: s, period: period)
                    q.regions = region
                    return q
                }
                let scope = region.map { " in \($0.sorted())" } ?? ""
                for tool in tools {
                    let draws = try both("\(tool)'s draws\(scope) \(period.key)") { try RelendingDetailQuery(base: base($0)).draws(tool) }
                    for draw in draws.rows.prefix(3) {
                        _ = try both("\(draw.code)'s loans\(scope)") { try LoanRowsQuery(base: base($0)).drawLoans(draw.code) }
                    }
                }
                for g in someGuarantees {
                    _ = try both("\(g)'s loans\(scope)") { try LoanRowsQuery(base: base($0)).guaranteeLoans(g) }
                }
                for firm in firms.prefix(5) {
                    _ = try both("\(firm)'s loans\(scope)") { try LoanRowsQuery(base: base($0)).enterpriseLoans(firm, bank: nil) }
                }
            }
            let tags = try both("tags \(period.key)") { try DetailQuery(session: $0, period: period).tags(of: firms) }
            #expect(tags.count > 100)
            _ = try both("names") { try DetailQuery(session: $0, period: period).institutionNames() }
            _ = try both("year ago known") { try DetailQuery(session: $0, period: period).yearAgoKnown() }
        }
        let registry = try both("reporters") { try Reporters.list($0) }
        _ = try both("acknowledgements") { try AlertAcks.list($0) }
        #expect(try both("import log entries") { s in try s.fetchColumn("SELECT count(*) FROM import_log", as: Int64.self) } == [Int64(try Store(path: path).importLog().count)])

        // The same writes on both engines: a delivery for a new month and a revision of it, a
        // rule, an acknowledgement, a reporter's end, a closed month.
        let next = periods.last!.advanced(by: 1)
        let key = Deliveries.Key(period: next.key, institution: reporting.last!.reporters[0].code, entity: .loanBalances)
        for (_, engine) in engines {
            try engine.write(.other, waiting: {}) { s in
                try Deliveries.record(s, [key: 42], importID: 1, at: "2026-11-30T21:00:00Z")
                try Revisions.record(s, period: next.key, before: ["": [.balance: 1]], after: ["": [.balance: 2]],
                                     importID: 1, eventID: nil, at: "2026-11-30T21:00:00Z")
                try AlertAcks.save(AlertRule(id: 99, measure: .relendingUsage, warnAbove: 8_000, enabled: false, hysteresis: 50), s)
                try AlertAcks.record(AlertAck(ruleID: 99, entityCode: "KJZD", severity: .critical, period: next, by: "test", at: "now"), s)
                try Reporters.set(code: registry[0].code, entity: registry[0].entity, from: registry[0].from, to: next, s)
                try Reporters.setClosed(next, true, by: "test", at: "now", s)
            }
        }
        let after = try both("reporting after the write") { try Deliveries.reporting($0, [next]) }
        #expect(after[0].reporters.first { $0.code == key.institution }?.delivery?.rows == 42)
        let revised = try both("revisions after the write") { try Revisions.list($0, period: next) }
        #expect(revised.map(\.after) == [2])
        #expect(try both("acknowledgements after the write") { try AlertAcks.list($0) }.contains { $0.ruleID == 99 })
        #expect(try both("reporters after the write") { try Reporters.list($0) }[0].to == next)
        #expect(try both("closed") { try Deliveries.reporting($0, [next]) }[0].status == .closed)
    }
}
#endif
