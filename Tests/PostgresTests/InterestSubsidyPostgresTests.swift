#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing

/// The interest subsidy (schema v22, Import/InterestSubsidy.swift) on PostgreSQL: the demo copied
/// there reaches the 500万元 budget, its disbursements and what is left through the store's
/// query, every period equal to SQLite's; rule 14 is there; a claim past a bank's allocation
/// raises it on both engines alike; a bad row is refused with SQLite's message.
@Suite struct InterestSubsidyPostgresTests {
    static let rows = ["SELECT * FROM subsidy_budgets ORDER BY 1", "SELECT * FROM subsidy_allocations ORDER BY 1, 2",
                       "SELECT * FROM subsidy_claims ORDER BY 1"]

    static func contents(_ store: Store) throws -> [[[SQLValue]]] {
        try rows.map { sql in try store.readSession { try $0.fetch(sql).map(\.values) } }
    }

    @Test func theDemoReachesTheArticlesBudgetAsOnSQLite() throws {
        let demo = try DemoStores("subsidy")
        defer { demo.close() }
        let (folder, sqlite, postgres) = (demo.folder, demo.sqlite, demo.postgres)
        let may = try #require(try postgres.programme(for: Period(year: 2025, month: 5), region: nil)?.subsidy)
        #expect(may.budget == .wan(500) && may.budgets.map(\.amount) == [.wan(300), .wan(200)])
        #expect(may.paid == .yuan(1_050_200) && may.left == .yuan(3_949_800))
        for p in try sqlite.readSession({ try PeriodSummary.periods($0) }) {
            let a = try sqlite.programme(for: p, region: nil), b = try postgres.programme(for: p, region: nil)
            #expect(a != nil && a?.subsidy == b?.subsidy, "\(p.key)")
        }
        #expect(try Self.contents(postgres) == (try Self.contents(sqlite)))
        #expect(try Self.contents(postgres).map(\.count) == [2, 3, 21])
        #expect(try postgres.alertRule(id: 14)?.measure == .subsidyClaimUse)

        // 旬阳农商银行 claims 90万 more on one of its claimed loans: 102.37万 against 100万, on both engines.
        let loan = try #require(try sqlite.readSession { try $0.fetchOne("SELECT loan FROM subsidy_claims WHERE bank = 'XYRCB' ORDER BY code LIMIT 1", as: String.self) })
        let extra = folder + "/subsidy_claims-extra.csv"
        try "code,budget,bank,loan,claimed_date,claimed_yuan\nSC-XYRCB-X1,SUB-CITY,XYRCB,\(loan),2025-05-20,900000\n"
            .write(toFile: extra, atomically: true, encoding: .utf8)
        for store in demo.stores {
            _ = try store.importFiles([URL(fileURLWithPath: extra)], intoDemo: true)
            let alerts = AlertEngine.alerts(for: try store.figures(for: Period(year: 2025, month: 5))).filter { $0.ruleID == 14 }
            #expect(alerts.map(\.entityCode) == ["XYRCB"] && alerts.first?.value == 10_237 && alerts.first?.severity == .critical)
        }

        let bad = folder + "/subsidy_claims-bad.csv"
        try "code,budget,bank,loan,claimed_date,claimed_yuan\nSC-BAD-1,SUB-CITY,AKRCB,\(loan),2025-05-20,1\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let expected = ImportError(file: "subsidy_claims-bad.csv", row: 2, column: "loan", value: loan,
                                   reason: "is a loan of XYRCB, not of the claiming bank AKRCB")
        #expect(throws: expected) { try sqlite.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(throws: expected) { try postgres.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
