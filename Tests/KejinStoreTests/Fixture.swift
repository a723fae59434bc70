import Foundation
import GRDB
@testable import KejinStore

/// The demo imported once per test process and checkpointed into one file. A copy takes
/// milliseconds where an import takes ~3 s of a debug build's CPU, and some twenty tests want
/// one. Removed when the process exits.
enum SharedDemoStore {
    private static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-demo-template-\(getpid())").path
    private static let made: Result<String, any Error> = Result {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: SharedDemoStore.folder) }
        let path = folder + "/kejin.sqlite"
        let store = try Store(path: path)
        _ = try store.importDemo()
        _ = try store.dbQueue.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        return path
    }

    /// Copies the demo store to `path` (a new file).
    static func copy(to path: String) throws {
        try FileManager.default.copyItem(atPath: try made.get(), toPath: path)
    }

    /// A copy of the demo store for one suite (`name`), removed with the template when the
    /// process exits.
    static func suiteCopy(_ name: String) throws -> String {
        let path = "\(folder)/\(name).sqlite"
        try copy(to: path)
        return path
    }
}

/// A temp folder with a fresh store and helpers to write small CSV files into it.
/// The crafted data set (`Fixture.files`) is small enough that every figure is worked out by
/// hand in FiguresTests.
final class Fixture {
    let dir: URL
    var storePath: String { dir.appendingPathComponent("kejin.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func store(readOnly: Bool = false) throws -> Store { try Store(path: storePath, readOnly: readOnly) }

    /// The demo store, for tests that read or change one but do not test its import: a copy of
    /// the one `SharedDemoStore` imports once per test process.
    func demoStore() throws -> Store {
        try SharedDemoStore.copy(to: storePath)
        return try store()
    }

    /// A fresh fixture with every crafted file imported.
    static func crafted() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try f.writeAll())
        return (f, store)
    }

    /// Writes `text` to `name` in the temp folder (a sub-folder keeps file names reusable).
    @discardableResult
    func write(_ name: String, _ text: String, folder: String = "in") throws -> URL {
        let d = dir.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        let url = d.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Writes every crafted file and returns their URLs (deliberately not in dependency order).
    func writeAll() throws -> [URL] {
        try Fixture.files.reversed().map { try write($0.0, $0.1) }
    }

    /// Row counts of every data table.
    static let tables = ["institutions", "chains", "enterprises", "enterprise_tags", "relending_tools",
                         "relending_rates", "relending_quotas", "relending_draws", "risk_pools", "guarantees",
                         "loans", "loan_balances", "pool_payouts", "alert_rules", "import_log", "period_summary"]

    static func counts(_ store: Store) throws -> [String: Int] {
        try store.dbQueue.read { db in
            var c: [String: Int] = [:]
            for t in tables { c[t] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(t)") }
            return c
        }
    }

    static let files: [(String, String)] = [
        ("institutions.csv", """
        code,kind,name_zh,name_en,net_assets_yuan
        B1,bank,银行一,Bank One,
        B2,bank,银行二,Bank Two,
        G1,guarantor,担保一,Guarantor One,10000000
        G2,guarantor,担保二,Guarantor Two,

        """),
        ("chains.csv", """
        code,name_zh,name_en,lead_bank
        TEA,茶叶,Tea,B1
        SE,富硒食品,Selenium food,
        NM,新型材料,New materials,B2

        """),
        ("enterprises.csv", """
        code,name_zh,name_en,chain
        E1,企业一,Firm 1,TEA
        E2,企业二,Firm 2,TEA
        E3,企业三,Firm 3,SE
        E4,企业四,Firm 4,

        """),
        ("enterprise_tags.csv", """
        enterprise,tag,certificate,valid_from,valid_to
        E1,high_tech,GR202361000001,2023-01-01,2025-12-31
        E3,srdi,,2025-03-01,2026-02-28

        """),
        ("relending_tools.csv", """
        code,name_zh,name_en
        TI,科技创新和技术改造再贷款,Tech innovation re-lending
        AG,支农再贷款,Agriculture re-lending

        """),
        ("relending_rates.csv", """
        tool,effective_from,rate_pct
        TI,2024-04-01,1.75
        TI,2025-05-08,1.5
        TI,2026-01-01,1.25

        """),
        ("relending_quotas.csv", """
        tool,effective_from,quota_yuan
        TI,2024-04-01,1000000
        TI,2025-06-01,2000000

        """),
        ("relending_draws.csv", """
        code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used,repaid_date
        D1,TI,B1,2024-08-01,2025-07-15,500000,2,
        D2,TI,B2,2025-01-10,2025-09-20,300000,0,
        D3,TI,B1,2025-02-01,2026-02-01,200000,1,2025-06-15
        D4,TI,B1,2025-07-01,2026-07-01,100000,0,
        D5,AG,B2,2025-05-01,2025-07-30,1000,2,

        """),
        ("risk_pools.csv", """
        code,name_zh,name_en,capital_yuan,risk_share_pct,breaker_pct
        P1,风险补偿资金池,Risk pool,10500000,10,3

        """),
        ("guarantees.csv", """
        code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date
        GU1,G1,E1,B1,2025-01-01,2026-01-01,1000000,0.8,20,P1,
        GU2,G1,E2,B1,2025-06-30,2025-12-31,500000,1.2,25,,
        GU3,G1,E1,B2,2024-06-30,2025-06-30,700000,0.5,10,P1,
        GU4,G1,E3,B2,2025-01-01,2026-01-01,400000,1,15,P1,2025-06-30
        GU5,G1,E4,B1,2025-02-01,2026-02-01,200000,0.9,30,,2025-07-01
        GU6,G2,E3,B1,2025-07-01,2026-07-01,900000,0.7,20,,

        """),
        ("products.csv", """
        code,bank,chain,name_zh,name_en,kind,launched_date
        茶贷,B1,,茶贷,Tea loan,chain,2024-01-01

        """),
        ("loans.csv", """
        code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw
        L1,B1,E1,茶贷,tech_innovation,2024-03-01,2027-03-01,1000000,3.5,1,0,0,0,1,GU1,D1
        L2,B1,E1,,general,2024-05-01,2026-05-01,500000,4,0,1,0,0,0,,
        L3,B2,E2,,tech_transformation,2024-06-01,2026-06-01,800000,3.8,1,0,0,0,0,GU2,D2
        L4,B2,E3,,general,2025-01-10,2026-01-10,600000,4.2,0,0,1,0,1,,
        L5,B1,E3,,tech_innovation,2025-04-01,2026-04-01,300000,3.2,0,0,0,1,0,,D3
        L6,B2,E4,,general,2024-01-01,2026-12-31,200000,4.5,0,0,0,0,0,,

        """),
        ("loan_balances-2024-06.csv", """
        loan,period,balance_yuan
        L1,2024-06,900000
        L2,2024-06,500000
        L3,2024-06,800000
        L6,2024-06,200000

        """),
        ("loan_balances-2025-05.csv", """
        loan,period,balance_yuan
        L1,2025-05,750000
        L3,2025-05,650000
        L6,2025-05,160000

        """),
        ("loan_balances-2025-06.csv", """
        loan,period,balance_yuan
        L1,2025-06,700000
        L2,2025-06,0
        L3,2025-06,600000
        L4,2025-06,600000
        L5,2025-06,300000
        L6,2025-06,150000

        """),
        ("pool_payouts.csv", """
        code,pool,date,guarantee,amount_yuan
        PO1,P1,2025-03-15,GU3,20000
        PO2,P1,2025-06-30,,10000.50
        PO3,P1,2025-07-01,GU1,5000

        """),
    ]
}
