import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// Issues 14 and 15 for guarantors and banks' re-lending draws: their files are deliveries when
/// rows name a reporting month, `--replace` replaces a reporter's book (refused while a loan or
/// pay-out still refers to a removed row), revisions carry re-lending drawn and guarantees in
/// force, and the import log behind a delivery is one drill-down away.
@Suite struct ReporterBookTests {
    // The crafted data set (Fixture.crafted): G1 guarantees GU1–GU5 (L1 → GU1, L3 → GU2; pay-outs
    // PO1 → GU3, PO3 → GU1); B1 drew D1 D3 D4, B2 D2 D5 (L1 → D1, L3 → D2, L5 → D3).

    static let guaranteeHeader = "code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date,period\n"
    static let g1 = [
        "GU1,G1,E1,B1,2025-01-01,2026-01-01,1000000,0.8,20,P1,",
        "GU2,G1,E2,B1,2025-06-30,2025-12-31,500000,1.2,25,,",
        "GU3,G1,E1,B2,2024-06-30,2025-06-30,700000,0.5,10,P1,",
        "GU4,G1,E3,B2,2025-01-01,2026-01-01,400000,1,15,P1,2025-06-30",
        "GU5,G1,E4,B1,2025-02-01,2026-02-01,200000,0.9,30,,2025-07-01",
    ]
    static let drawHeader = "code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used,repaid_date,period\n"

    /// G1's guarantees file: `rows` (crafted rows without period), each with `period`.
    private func guarantees(_ f: Fixture, _ rows: [String], period: String, folder: String) throws -> URL {
        try f.write("guarantees-g1.csv", Self.guaranteeHeader + rows.map { $0 + ",\(period)\n" }.joined(), folder: folder)
    }

    private func replace(_ store: Store, _ urls: [URL], dryRun: Bool = false) throws -> ImportSummary {
        try store.importFiles(urls, options: ImportOptions(dryRun: dryRun, replace: true))
    }

    private let june = Period("2025-06")!

    @Test func aGuarantorsFileNamingItsMonthIsADeliveryAndMakesItAReporter() throws {
        let (f, store) = try Fixture.crafted()
        _ = try store.importFiles([try guarantees(f, Self.g1, period: "2025-06", folder: "a")])
        let r = try #require(try store.reporting(for: june))
        #expect(r.status == .complete && r.expectedCount == 3)
        let g1 = try #require(r.reporters.first { $0.code == "G1" })
        #expect(g1.entity == "guarantees" && g1.delivery?.rows == 5)
        #expect(try store.reporters().contains { $0.code == "G1" && $0.entity == "guarantees" && $0.from == june })
        // Earlier months did not expect G1: they stay complete.
        #expect(try store.reporting(for: Period("2025-05")!)?.status == .complete)

        // July: both banks deliver, G1 not yet → provisional, 2/3, G1's guarantees missing.
        _ = try store.importFiles([try f.write("loan_balances-2025-07.csv", "loan,period,balance_yuan\nL1,2025-07,650000\nL3,2025-07,550000\n", folder: "b")])
        let july = try #require(try store.reporting(for: Period("2025-07")!))
        #expect(july.status == .provisional && july.deliveredCount == 2 && july.expectedCount == 3)
        #expect(july.missing.map { "\($0.code) \($0.entity)" } == ["G1 guarantees"])
        #expect(try store.defaultPeriod(in: try store.availablePeriods()) == june)
        // The late-reporter rule names G1 once.
        let alerts = try store.evaluatedAlerts(for: Period("2025-07")!, periods: try store.availablePeriods()).alerts
        #expect(alerts.map(\.id) == ["10:G1"])

        _ = try store.importFiles([try guarantees(f, Self.g1, period: "2025-07", folder: "c")])
        #expect(try store.reporting(for: Period("2025-07")!)?.status == .complete)
        #expect(try store.check().findings == [])

        // Withdrawn: July is provisional again; the guarantees (dated, not monthly) stay.
        #expect(try store.withdraw(Period("2025-07")!, reporter: "G1", by: "ops", at: "2025-08-20 10:00:00") == 0)
        #expect(try store.reporting(for: Period("2025-07")!)?.missing.map { "\($0.code) \($0.entity)" } == ["G1 guarantees"])
        #expect(try Fixture.counts(store)["guarantees"] == 6)
        #expect(try store.check().findings == [])
    }

    @Test func aBanksDrawsFileMakesItAReporterOfDrawsAndTheRegistryTakesEveryFile() throws {
        let (f, store) = try Fixture.crafted()
        _ = try store.importFiles([try f.write("relending_draws-b2.csv", Self.drawHeader
            + "D2,TI,B2,2025-01-10,2025-09-20,300000,0,,2025-06\nD5,AG,B2,2025-05-01,2025-07-30,1000,2,,2025-06\n", folder: "a")])
        let r = try #require(try store.reporting(for: june))
        #expect(r.reporters.map { "\($0.code) \($0.entity) \($0.delivery?.rows ?? 0)" }
                == ["B1 loan_balances 3", "B2 loan_balances 3", "B2 relending_draws 2"])
        // A bad period is an error naming file, row, column and value.
        #expect(throws: ImportError(file: "relending_draws-b2.csv", row: 2, column: "period", value: "2025-13",
                                    reason: "is not a period (YYYY-MM)")) {
            _ = try store.importFiles([try f.write("relending_draws-b2.csv", Self.drawHeader + "D2,TI,B2,2025-01-10,2025-09-20,300000,0,,2025-13\n", folder: "b")])
        }
        // The registry is edited per file, by command or reporters.csv.
        try store.setReporter(code: "G2", entity: "guarantees", from: june, to: nil)
        #expect(try store.reporting(for: june)?.missing.map(\.code) == ["G2"])
        _ = try store.importReporters(try f.write("reporters.csv", "institution,from_period,to_period,entity\nB1,2025-06,,relending_draws\n", folder: "c"))
        #expect(try store.reporting(for: june)?.missing.map { "\($0.code) \($0.entity)" } == ["B1 relending_draws", "G2 guarantees"])
        #expect(throws: ImportError.self) {
            _ = try store.importReporters(try f.write("reporters.csv", "institution,from_period,entity\nB1,2025-06,loans\n", folder: "d"))
        }
    }

    @Test func replacingAGuarantorsBookRemovesWhatItLeavesOut() throws {
        let (f, store) = try Fixture.crafted()
        // G1 resubmits without GU4 and GU5 (nobody refers to them), GU3 changed, a new GU7.
        var rows = Array(Self.g1.prefix(3))
        rows[2] = "GU3,G1,E1,B2,2024-06-30,2025-06-30,710000,0.5,10,P1,"
        rows.append("GU7,G1,E2,B2,2025-03-01,2026-03-01,100000,1,20,,")
        let before = try Fixture.counts(store)
        let dry = try replace(store, [try guarantees(f, rows, period: "2025-06", folder: "a")], dryRun: true)
        #expect(dry.replaced == [ImportSummary.Replaced(reporter: "G1", period: "", entity: "guarantees", added: 1, changed: 1, removed: 2)])
        #expect(try Fixture.counts(store) == before)
        let done = try replace(store, [try guarantees(f, rows, period: "2025-06", folder: "b")])
        #expect(done.replaced == dry.replaced)
        let codes = try store.dbQueue.read { try String.fetchAll($0, sql: "SELECT code FROM guarantees ORDER BY code") }
        #expect(codes == ["GU1", "GU2", "GU3", "GU6", "GU7"])  // G2's GU6 untouched
        #expect(try store.check().findings == [])
        // June had been complete: guarantees in force changed (GU3 +10,000, GU4 and GU7 …) and are revisions.
        let revised = try store.revisions(period: june).filter { $0.measure == .guaranteesInForce }
        let city = try #require(revised.first { $0.chain == nil })
        // In force at 2025-06-30: GU1 1,000,000; GU2 500,000 (starts that day); GU3 ends that day;
        // GU4 released that day; GU5 200,000 (released later); GU7 100,000 new.
        // Before: GU1 + GU2 + GU5 = 1,700,000; after: GU1 + GU2 + GU7 = 1,600,000.
        #expect(city.before == 1_700_000_00 && city.after == 1_600_000_00)
        // Per chain: GU5's firm E4 has no chain; GU7's E2 is on the tea chain (GU1 E1, GU2 E2).
        let tea = try #require(revised.first { $0.chain == "TEA" })
        #expect(tea.before == 1_500_000_00 && tea.after == 1_600_000_00)
        #expect(try store.importLog().last.map { $0.file } == "guarantees-g1.csv")
        #expect(try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT removed FROM import_log ORDER BY id DESC LIMIT 1") } == 2)
    }

    /// A firm moved to another chain moves its guarantees in force between the chains: a
    /// revision of a complete month, its before read before the firm's row is written.
    @Test func aFirmsNewChainRevisesItsGuaranteesInForce() throws {
        let (f, store) = try Fixture.crafted()
        _ = try store.importFiles([try f.write("enterprises-e2.csv", "code,name_zh,name_en,chain\nE2,企业二,Firm 2,NM\n")])
        let revised = try store.revisions(period: june).filter { $0.measure == .guaranteesInForce }
        // GU2 (E2, 500,000, in force from 2025-06-30) leaves the tea chain (GU1 E1 and GU2) for NM.
        let tea = try #require(revised.first { $0.chain == "TEA" })
        #expect(tea.before == 1_500_000_00 && tea.after == 1_000_000_00)
        let nm = try #require(revised.first { $0.chain == "NM" })
        #expect(nm.after == 500_000_00)
        #expect(!revised.contains { $0.chain == nil }, "the city's guarantees in force did not change")
        #expect(try store.check().findings == [])
    }

    @Test func aReplacementThatWouldOrphanALoanOrPayoutIsRefusedAndRemovesNothing() throws {
        let (f, store) = try Fixture.crafted()
        let before = try Fixture.counts(store)
        // Without GU2: loan L3 (in the store) still refers to it.
        let withoutGU2 = Self.g1.filter { !$0.hasPrefix("GU2,") }
        #expect(throws: ImportError(file: "loans in the store", column: "guarantee", value: "GU2",
                                    reason: "(loan L3) refers to guarantee GU2, which the replacement of G1's guarantees removes (guarantees-g1.csv leaves it out); nothing was removed. Re-point or end the loan in the same import, or keep the guarantee in the file")) {
            _ = try replace(store, [try guarantees(f, withoutGU2, period: "2025-06", folder: "a")])
        }
        #expect(try Fixture.counts(store) == before)
        // The same run's loans file still points L3 at GU2: its row is named.
        let loansHeader = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw\n"
        let l3 = "L3,B2,E2,,tech_transformation,2024-06-01,2026-06-01,800000,3.8,1,0,0,0,0,"
        do {
            _ = try replace(store, [try guarantees(f, withoutGU2, period: "2025-06", folder: "b"),
                                    try f.write("loans-fix.csv", loansHeader + l3 + "GU2,D2\n", folder: "b")])
            Issue.record("expected a refusal")
        } catch let e as ImportError {
            #expect(e.file == "loans-fix.csv" && e.row == 2 && e.column == "guarantee" && e.value == "GU2")
        }
        #expect(try Fixture.counts(store) == before)
        // Re-pointed in the same run: accepted, GU2 removed, the store consistent.
        let summary = try replace(store, [try guarantees(f, withoutGU2, period: "2025-06", folder: "c"),
                                          try f.write("loans-fix.csv", loansHeader + l3 + ",D2\n", folder: "c")])
        #expect(summary.replaced.map(\.removed) == [1])
        #expect(try store.check().findings == [])
        // A pay-out refers to GU1 (and L1 too): refused, naming the first referrer found.
        #expect(throws: ImportError.self) {
            _ = try replace(store, [try guarantees(f, Self.g1.filter { !$0.hasPrefix("GU1,") && !$0.hasPrefix("GU2,") }, period: "2025-06", folder: "d")])
        }
        #expect(try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM guarantees WHERE code = 'GU1'") } == 1)
    }

    @Test func replacingABanksDrawsFollowsTheLedgerAndRecordsDrawnRevisions() throws {
        let (f, store) = try Fixture.crafted()
        // B2 resubmits its draws: D2 now 350,000, D5 left out (no loan refers to it).
        let file = try f.write("relending_draws-b2.csv", Self.drawHeader + "D2,TI,B2,2025-01-10,2025-09-20,350000,0,,2025-06\n", folder: "a")
        let dry = try replace(store, [file], dryRun: true)
        #expect(dry.replaced == [ImportSummary.Replaced(reporter: "B2", period: "", entity: "relending_draws", added: 0, changed: 1, removed: 1)])
        _ = try replace(store, [file])
        #expect(try store.dbQueue.read { try String.fetchAll($0, sql: "SELECT code FROM relending_draws ORDER BY code") } == ["D1", "D3", "D4", "D2"].sorted())
        #expect(try store.check().findings == [])
        // Drawn at 2025-06-30, tool TI: D1 500,000 + D2 + D3 (repaid 2025-06-15: out) → +50,000; AG: D5 1,000 → 0.
        let drawn = try store.revisions(period: june).filter { $0.measure == .relendingDrawn }
        let ti = try #require(drawn.first { $0.chain == "TI" })
        #expect(ti.before == 800_000_00 && ti.after == 850_000_00)
        #expect(ti.chainName?.zh == "科技创新和技术改造再贷款")
        let ag = try #require(drawn.first { $0.chain == "AG" })
        #expect(ag.before == 1_000_00 && ag.after == 0)
        let city = try #require(drawn.first { $0.chain == nil })
        #expect(city.before == 801_000_00 && city.after == 850_000_00)
        // Without D2 the ledger loan L3 would be orphaned: refused.
        #expect(throws: ImportError.self) {
            _ = try replace(store, [try f.write("relending_draws-b2.csv", Self.drawHeader + "D5,AG,B2,2025-05-01,2025-07-30,1000,2,,2025-06\n", folder: "b")])
        }
    }

    @Test func theImportLogBehindADeliveryIsOneDrillDownAway() throws {
        let (f, store) = try Fixture.crafted()
        func entries() throws -> DetailRows { try store.detail(.deliveries(reporter: "B1"), period: june) }
        #expect(try entries().rows.map(\.name.zh) == ["loan_balances-2025-06.csv"])
        _ = try store.importFiles([try f.write("loan_balances-2025-06-b1.csv", "loan,period,balance_yuan\nL1,2025-06,700000\nL2,2025-06,0\n", folder: "a")],
                                  options: ImportOptions(replace: true))
        let d = try entries()
        #expect(d.rows.map(\.name.zh) == ["loan_balances-2025-06-b1.csv", "loan_balances-2025-06.csv"])  // newest first
        #expect(d.fields == [.importID, .importedAt, .importedBy, .rows, .added, .changed, .removed, .checksum])
        let latest = d.rows[0].values
        #expect(latest[3] == .count(2) && latest[4] == .count(0) && latest[5] == .count(0) && latest[6] == .count(1))
        guard case .text(let who) = latest[2] else { Issue.record("no user"); return }
        #expect(!who.isEmpty)
        let log = try #require(try store.importLog().last)
        #expect(latest[0] == .count(Int(log.id)) && latest[7] == .text(log.checksum))
        // A plain import does not tell added from changed.
        #expect(d.rows[1].values[4] == .count(nil))
        // B2's entries are its own.
        #expect(try store.detail(.deliveries(reporter: "B2"), period: june).rows.map(\.name.zh) == ["loan_balances-2025-06.csv"])
    }

    @Test func cachedReportingFollowsEveryWriteFromAnyConnection() throws {
        let (f, store) = try Fixture.crafted()
        #expect(try store.figures(for: june).reporting?.status == .complete)
        // This connection's own write.
        try store.withdraw(june, reporter: "B2", by: "ops", at: "2025-07-20 10:00:00")
        var figures = try store.figures(for: june)
        #expect(figures.reporting?.status == .provisional && !figures.revisions.isEmpty)
        // Another connection's write.
        let other = try f.store()
        _ = try other.importFiles([try f.write("loan_balances-2025-06-b2.csv", "loan,period,balance_yuan\nL3,2025-06,600000\n", folder: "a")])
        figures = try store.figures(for: june)
        #expect(figures.reporting?.status == .complete)
        #expect(figures.reportingHistory.map(\.period.key) == ["2024-06", "2025-05"])
        #expect(figures.reporting == (try store.dbQueue.read { try Deliveries.reporting($0, june) }))
    }
}
