import Foundation
import GRDB
import KejinCore
@testable import KejinStore
import Testing

/// Ledger coverage and eligibility (issue 17) on a small crafted data set, worked out by hand.
///
/// 支农 AG (cap 100%, needs `agri`), tech TI (cap 60%, needs `whitelist` or `candidate`).
/// - L1 B1→DA1: E1 tagged agri from 2024-01-01, L1 starts that day → eligible; repaid
///   1,200,000 → 1,100,000 (April) → 1,000,000 (May).
/// - L2 B2→DA2: E2's agri tag ends 2025-02-28, the day before L2 starts → ineligible.
/// - L3 B2→DA2: eligible, 400,000 in April, matured 2025-05-15: nothing in May.
/// - L4 B1→DT1: E3 on the whitelist → eligible, 1,000,000. L5 B1→DT1: E4 untagged → ineligible.
@Suite struct RelendingCoverageTests {
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\n"),
        ("enterprises.csv", "code,name_zh,name_en\nE1,企业一,Firm 1\nE2,企业二,Firm 2\nE3,企业三,Firm 3\nE4,企业四,Firm 4\n"),
        ("enterprise_tags.csv", """
            enterprise,tag,valid_from,valid_to
            E1,agri,2024-01-01,2026-12-31
            E2,agri,2024-03-01,2025-02-28
            E3,whitelist,2024-01-01,2025-12-31

            """),
        ("relending_tools.csv", "code,name_zh,name_en\nAG,支农再贷款,Agriculture\nTI,科技再贷款,Tech\n"),
        ("relending_caps.csv", "tool,effective_from,cap_pct,qualification\nAG,2024-01-01,100,agri\nTI,2024-04-01,60,whitelist candidate\n"),
        ("relending_draws.csv", """
            code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used
            DA1,AG,B1,2024-06-01,2025-12-31,1000000,0
            DA2,AG,B2,2025-01-01,2025-12-31,500000,0
            DT1,TI,B1,2025-01-01,2026-01-01,600000,0

            """),
        ("loans.csv", """
            code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,relending_draw
            L1,B1,E1,general,2024-01-01,2026-01-01,1200000,3,0,0,0,0,0,DA1
            L2,B2,E2,general,2025-03-01,2026-03-01,600000,3,0,0,0,0,0,DA2
            L3,B2,E1,general,2025-01-15,2025-05-15,400000,3,0,0,0,0,0,DA2
            L4,B1,E3,general,2025-01-10,2026-01-10,1000000,3,0,0,0,0,0,DT1
            L5,B1,E4,general,2025-01-10,2026-01-10,200000,3,0,0,0,0,0,DT1

            """),
        ("loan_balances.csv", """
            loan,period,balance_yuan
            L1,2025-04,1100000
            L2,2025-04,600000
            L3,2025-04,400000
            L4,2025-04,1000000
            L5,2025-04,200000
            L1,2025-05,1000000
            L2,2025-05,600000
            L4,2025-05,1000000
            L5,2025-05,200000

            """),
    ]

    let fixture: Fixture
    let store: Store

    init() throws {
        fixture = try Fixture()
        store = try fixture.store()
        _ = try store.importFiles(try Self.files.map { try fixture.write($0.0, $0.1) })
    }

    func bank(_ f: Figures, _ tool: String, _ bank: String) throws -> LedgerCoverage {
        try #require(f.relendingTools.first { $0.code == tool }?.bankCoverage.first { $0.bank == bank }).coverage
    }

    @Test func coverageAndEligibilityWorkedOutByHand() throws {
        let april = try store.figures(for: Period("2025-04")!)
        #expect(try bank(april, "AG", "B1") == LedgerCoverage(drawn: .yuan(1_000_000), eligibleLedger: .yuan(1_100_000),
                                                                ineligibleLoans: 0, cap: BasisPoints(10_000)))
        #expect(try bank(april, "AG", "B1").coverage == BasisPoints(9_091))  // 1,000,000 ÷ 1,100,000
        // L2 ineligible (tag ended the day before it started): only L3 covers DA2.
        #expect(try bank(april, "AG", "B2") == LedgerCoverage(drawn: .yuan(500_000), eligibleLedger: .yuan(400_000),
                                                                ineligibleLoans: 1, cap: BasisPoints(10_000)))
        #expect(try bank(april, "AG", "B2").capUse == BasisPoints(12_500))
        // The tech tool refinances exactly 60% of L4: at its cap.
        let tech = try bank(april, "TI", "B1")
        #expect(tech == LedgerCoverage(drawn: .yuan(600_000), eligibleLedger: .yuan(1_000_000), ineligibleLoans: 1, cap: BasisPoints(6_000)))
        #expect(tech.coverage == BasisPoints(6_000) && tech.capUse == BasisPoints(10_000))
        // The tool: both banks.
        let ag = try #require(april.relendingTools.first { $0.code == "AG" }?.coverage)
        #expect(ag.drawn == .yuan(1_500_000) && ag.eligibleLedger == .yuan(1_500_000) && ag.coverage == BasisPoints(10_000))

        let may = try store.figures(for: Period("2025-05")!)
        // L1 partly repaid: exactly at the cap.
        #expect(try bank(may, "AG", "B1").eligibleLedger == .yuan(1_000_000))
        #expect(try bank(may, "AG", "B1").capUse == BasisPoints(10_000))
        // L3 matured before the period: DA2 has no eligible ledger left.
        #expect(try bank(may, "AG", "B2").eligibleLedger == .zero)
        #expect(try bank(may, "AG", "B2").coverage == nil && bank(may, "AG", "B2").capUse == LedgerCoverage.noEligibleLedger)
        // The qualification tags are not tech tags: only L4 (whitelist) is a tech loan.
        #expect(may.city.techLoans.balance == .yuan(1_000_000))
    }

    @Test func alertsAtBelowAndAboveTheCap() throws {
        func alerts(_ period: String) throws -> [String] {
            AlertEngine.alerts(for: try store.figures(for: Period(period)!))
                .filter { [.relendingCapUse, .ineligibleLedgerLoans].contains($0.measure) }
                .map { "\($0.ruleID):\($0.entityCode)=\($0.value)" }.sorted()
        }
        // At the cap (AG/B1 in May, TI/B1): quiet. Above it (AG/B2): rule 11; L2 and L5: rule 12.
        #expect(try alerts("2025-04") == ["11:AG/B2=12500", "12:AG/B2=1", "12:TI/B1=1"])
        #expect(try alerts("2025-05") == ["11:AG/B2=1000000", "12:AG/B2=1", "12:TI/B1=1"])
        // DA1 one yuan above / below 1,000,000 in May: 100.01% fires, 99.99% does not.
        let header = "code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used\n"
        _ = try store.importFiles([try fixture.write("relending_draws.csv", header + "DA1,AG,B1,2024-06-01,2025-12-31,1000100,0\n", folder: "above")])
        #expect(try alerts("2025-05").contains("11:AG/B1=10001"))
        _ = try store.importFiles([try fixture.write("relending_draws.csv", header + "DA1,AG,B1,2024-06-01,2025-12-31,999900,0\n", folder: "below")])
        #expect(try !alerts("2025-05").contains { $0.hasPrefix("11:AG/B1") })
    }

    @Test func aTagImportMakesALoanEligibleAndTheCheckFollows() throws {
        #expect(try store.check().isConsistent)
        // E2 registered from L2's start date: eligible from that day on (valid_from == start).
        _ = try store.importFiles([try fixture.write("enterprise_tags.csv", "enterprise,tag,valid_from,valid_to\nE2,agri,2025-03-01,2025-12-31\n", folder: "tag")])
        let april = try store.figures(for: Period("2025-04")!)
        #expect(try bank(april, "AG", "B2").eligibleLedger == .yuan(1_000_000) && bank(april, "AG", "B2").ineligibleLoans == 0)
        #expect(try store.check().isConsistent)
        // A ledger_ineligible row removed by hand: found.
        try store.dbQueue.write { try $0.execute(sql: "DELETE FROM ledger_ineligible") }
        let findings = try store.check().findings.map(\.message)
        #expect(findings.first == "ledger_ineligible loan L5: missing, but its enterprise lacked the qualification of draw DT1's tool at its start date")
        // The per-draw balances of the ineligible loans no longer match the list they sum, nor
        // do their sums per tool and bank (v30).
        let groups = "ledger 120000000, ledger_loans 2, ineligible"
        #expect(findings.dropFirst() == ["draw_ineligible_summary 2025-04 draw DT1: balance 20000000, loans 1 stored, no row recomputed from loan_balances",
                                         "draw_ineligible_summary 2025-05 draw DT1: balance 20000000, loans 1 stored, no row recomputed from loan_balances",
                                         "draw_group_summary 2025-04 tool TI bank B1: \(groups) 20000000, ineligible_loans 1 stored, \(groups) 0, ineligible_loans 0 recomputed from loan_balances",
                                         "draw_group_summary 2025-05 tool TI bank B1: \(groups) 20000000, ineligible_loans 1 stored, \(groups) 0, ineligible_loans 0 recomputed from loan_balances"])
    }

    @Test func drawDrillDownMarksIneligibleLoans() throws {
        let rows = try store.detail(.drawLoans(draw: "DA2"), period: Period("2025-04")!)
        let column = try #require(rows.fields.firstIndex(of: .ineligible))
        let marked = Dictionary(uniqueKeysWithValues: rows.rows.map { ($0.code, $0.values[column]) })
        #expect(marked == ["L2": .flag(true), "L3": .flag(false)])
    }

    /// A v11 store (before this feature: no rules 11 and 12, its own rule 12) opened by this kejin.
    @Test func migratingAnOlderStoreAddsTheRulesAndTables() throws {
        let f = try Fixture()
        let queue = try DatabaseQueue(path: f.storePath)
        try Schema.migrator.migrate(queue, upTo: "v11 alert rules by region")
        try queue.write { db in
            try db.execute(sql: "DELETE FROM alert_rules WHERE id IN (11, 12)")
            try db.execute(sql: "INSERT INTO alert_rules(id, measure, enabled, hysteresis, warn_below) VALUES (12, 'pool_remaining', 1, 50, 6000)")
        }
        try queue.close()
        let store = try f.store()
        let rules = try store.alertRules()
        #expect(rules.first { $0.id == 11 } == AlertEngine.defaultRules.first { $0.id == 11 })
        #expect(rules.first { $0.id == 12 }?.measure == .poolRemaining)  // the store's own rule 12 stays
        _ = try store.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        #expect(try bank(store.figures(for: Period("2025-04")!), "AG", "B2").ineligibleLoans == 1)
        #expect(try store.check().isConsistent)
    }

    @Test func badCapsAreRefusedNamingRowColumnAndValue() throws {
        let header = "tool,effective_from,cap_pct,qualification\n"
        #expect(throws: ImportError(file: "relending_caps.csv", row: 2, column: "cap_pct", value: "120",
                                    reason: "is not a cap above 0% and at most 100%")) {
            try store.importFiles([try fixture.write("relending_caps.csv", header + "AG,2025-01-01,120,agri\n", folder: "bad1")])
        }
        #expect(throws: ImportError(file: "relending_caps.csv", row: 2, column: "qualification", value: "agri farm",
                                    reason: "names the tag \"farm\", not one of: " + LedgerEligibility.allTags.joined(separator: ", "))) {
            try store.importFiles([try fixture.write("relending_caps.csv", header + "AG,2025-01-01,80,agri farm\n", folder: "bad2")])
        }
        // Nothing changed: the cap in force is still 100%.
        #expect(try bank(store.figures(for: Period("2025-05")!), "AG", "B1").cap == BasisPoints(10_000))
    }
}
