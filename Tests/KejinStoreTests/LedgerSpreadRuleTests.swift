import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// Default rule 15 (`ledger_spread`; issue 12, item 3): a bank's re-lending ledger loans with a
/// balance, each over its tool's rate in force on its start date; the rule warns when the widest
/// passes its threshold, two percentage points unless the rules say otherwise (rules stay data).
/// A small store at, below and above the line; the threshold moved by a rule; a v22 store
/// gaining the rule; the demo's banks against a direct count of their loans.
@Suite struct LedgerSpreadRuleTests {
    /// One tool at 2.00% from 2024; B1 lends at +2.00 (at the line), B2 at +1.99 (below) and +0.50,
    /// B3 at +2.01 (above) — all funded by a draw and with a balance in 2025-01; L6, B3's at +3.00,
    /// had none left by then.
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\nB3,bank,银行三,Bank Three\n"),
        ("enterprises.csv", "code,name_zh,name_en\nE1,企业一,Firm One\n"),
        ("relending_tools.csv", "code,name_zh,name_en\nT1,支小再贷款,SME re-lending\n"),
        ("relending_rates.csv", "tool,effective_from,rate_pct\nT1,2024-01-01,2.00\n"),
        ("relending_draws.csv", "code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used\n"
            + "D1,T1,B1,2024-06-01,2025-06-01,1000,0\nD2,T1,B2,2024-06-01,2025-06-01,1000,0\nD3,T1,B3,2024-06-01,2025-06-01,1000,0\n"),
        ("loans.csv", """
            code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,relending_draw
            L1,B1,E1,general,2024-07-01,2025-07-01,100,4.00,0,0,0,0,0,D1
            L2,B2,E1,general,2024-07-01,2025-07-01,100,3.99,0,0,0,0,0,D2
            L3,B2,E1,general,2024-07-01,2025-07-01,300,2.50,0,0,0,0,0,D2
            L4,B3,E1,general,2024-07-01,2025-07-01,100,4.01,0,0,0,0,0,D3
            L6,B3,E1,general,2024-07-01,2024-12-01,100,5.00,0,0,0,0,0,D3

            """),
        ("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-01,100\nL2,2025-01,100\nL3,2025-01,300\nL4,2025-01,100\nL6,2024-11,100\n"),
    ]

    static func alerts(_ store: Store, _ key: String) throws -> [String] {
        AlertEngine.alerts(for: try store.figures(for: Period(key)!)).filter { $0.ruleID == 15 }
            .map { "\($0.entityCode) \($0.severity) \($0.value)" }.sorted()
    }

    @Test func atBelowAndAboveTheLineAndMovedByTheRule() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        let rule = try #require(try store.alertRule(id: 15))
        #expect(rule.measure == .ledgerSpread && rule.warnAbove == 200 && rule.criticalAbove == nil && rule.enabled)
        // The figures carry each bank's widest and its balance-weighted spread (B2: (199×100 + 50×300) ÷ 400).
        let spreads = try #require(try store.figures(for: Period("2025-01")!).ledgerSpreads)
        #expect(spreads.map(\.bank) == ["B1", "B2", "B3"] && spreads.map(\.widest.value) == [200, 199, 201])
        #expect(spreads[1].spread == BasisPoints(87) && spreads[1].loans == 2 && spreads[1].balance == .yuan(400))
        // At the line (B1) and below (B2): quiet; above (B3): a warning. L6's +3.00 had no balance left.
        #expect(try Self.alerts(store, "2025-01") == ["B3 warning 201"])
        #expect(try Self.alerts(store, "2024-11") == ["B3 warning 300"])
        // The line is the rule's: at 1.98 points B1 and B2 warn too, at 2.01 no one.
        var lower = rule
        lower.warnAbove = 198
        try store.saveAlertRule(lower)
        #expect(try Self.alerts(store, "2025-01") == ["B1 warning 200", "B2 warning 199", "B3 warning 201"])
        lower.warnAbove = 201
        try store.saveAlertRule(lower)
        #expect(try Self.alerts(store, "2025-01") == [])
    }

    /// A v22 store opened by this kejin gets default rule 15 (with the v23 tables).
    @Test func aV22StoreGainsRule15() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        try store.dbQueue.write { db in
            try db.execute(sql: WhitelistPipelineTests.backToV22)
            try db.execute(sql: "DELETE FROM alert_rules WHERE id = 15")
        }
        try store.dbQueue.close()
        let migrated = try f.store()
        #expect(try migrated.schemaVersion() == Schema.version)
        #expect(try migrated.alertRule(id: 15) == AlertEngine.defaultRules.first { $0.id == 15 })
        #expect(try Self.alerts(migrated, "2025-01") == ["B3 warning 201"])
    }

    /// On the demo, rule 15 warns for exactly the banks with a ledger loan that has a balance in
    /// the month more than two points over its tool's rate in force on its start date, counted
    /// here straight from the loans, draws, rates and balances.
    @Test func theDemoBanksAgainstTheirLoans() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let over = try store.readSession {
            try $0.fetch("""
                SELECT DISTINCT l.bank FROM loans l JOIN relending_draws d ON d.code = l.relending_draw
                JOIN loan_balances b ON b.loan_id = l.id AND b.period = '2025-05' AND b.balance > 0
                WHERE l.rate - (SELECT r.rate FROM relending_rates r WHERE r.tool = d.tool AND r.effective_from <= l.start_date
                                ORDER BY r.effective_from DESC LIMIT 1) > 200
                ORDER BY 1
                """).map { try $0.get(0, as: String.self) }
        }
        #expect(!over.isEmpty)
        let warned = AlertEngine.alerts(for: try store.figures(for: Period("2025-05")!)).filter { $0.ruleID == 15 }
        #expect(warned.map(\.entityCode).sorted() == over)
        #expect(warned.allSatisfy { $0.severity == .warning && $0.value > 200 })
    }
}
