import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// A v23 store, whose loans held their product as free text, opened by this kejin (v24): every
/// distinct (bank, text) becomes a product of that bank whose code and names are the text, on a
/// chain when all its loans lend to firms of that one chain, launched on its first loan; no
/// kept figure moves; the old loans file imports as before, an unknown text is now refused.
@Suite struct ProductMigrationTests {
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\n"),
        ("chains.csv", "code,name_zh,name_en,lead_bank\nC1,富硒,Selenium,B1\n"),
        ("enterprises.csv", "code,name_zh,name_en,chain\nE1,企业一,Firm One,C1\nE2,企业二,Firm Two,C1\nE3,企业三,Firm Three,\n"),
        ("loans.csv", """
            code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge
            L1,B1,E1,硒链贷,general,2024-02-10,2026-02-10,1000,4,0,0,0,0,0
            L2,B2,E2,硒链贷,general,2024-03-05,2026-03-05,300,4,0,0,0,0,0
            L3,B1,E3,流动资金贷款,general,2024-01-20,2026-01-20,200,4,0,0,0,0,0
            L4,B1,E1,,general,2024-01-20,2026-01-20,50,4,0,0,0,0,0
            L5,B1,E2,流动资金贷款,general,2024-01-05,2026-01-05,70,4,0,0,0,0,0
            L6,B1,E2,硒链贷,general,2023-12-01,2026-01-05,80,4,0,0,0,0,0

            """),
        ("loan_balances.csv", """
            loan,period,balance_yuan
            L1,2025-03,1000
            L2,2025-03,300
            L3,2025-03,200
            L4,2025-03,50
            L5,2025-03,70
            L6,2025-03,0

            """),
    ]

    static let summaries = ["SELECT * FROM period_summary ORDER BY 1, 2", "SELECT * FROM bank_summary ORDER BY 1, 2, 3",
                            "SELECT * FROM enterprise_summary ORDER BY 1, 2, 3, 4"]

    @Test func aV23StoresFreeTextBecomesProducts() throws {
        let f = try Fixture()
        let older = Array(Schema.migrations.prefix { $0.version <= 23 })
        let v23 = try Store(path: f.storePath, readOnly: false, busyTimeout: 5, migrations: older)
        _ = try v23.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        #expect(try v23.schemaVersion() == 23)
        let before = try Self.summaries.map { sql in try v23.readSession { try $0.fetch(sql).map(\.values) } }
        try v23.dbQueue.close()

        let store = try f.store()
        #expect(try store.schemaVersion() == Schema.version && Schema.version >= 24)
        let products = try store.readSession { try $0.fetch("SELECT code, bank, chain, name_zh, name_en, kind, launched FROM products ORDER BY 2, 1").map(\.values) }
        let t = { (s: String) in SQLValue.text(s) }
        #expect(products == [
            [t("流动资金贷款"), t("B1"), .null, t("流动资金贷款"), t("流动资金贷款"), t("general"), t("2024-01-05")],  // E2 on C1, E3 on none
            [t("硒链贷"), t("B1"), t("C1"), t("硒链贷"), t("硒链贷"), t("general"), t("2023-12-01")],
            [t("硒链贷"), t("B2"), t("C1"), t("硒链贷"), t("硒链贷"), t("general"), t("2024-03-05")],
        ])
        // No figure moves; the products' own are there, and `store check` agrees with them.
        #expect(try Self.summaries.map { sql in try store.readSession { try $0.fetch(sql).map(\.values) } } == before)
        let march = try #require(try store.products(for: Period("2025-03")!, region: nil))
        #expect(march.products.map { "\($0.bank) \($0.code) \($0.balance.fen / 100) \($0.borrowers)" }
                == ["B1 硒链贷 1000 1", "B2 硒链贷 300 1", "B1 流动资金贷款 270 2"])
        #expect(try store.check().findings.map(\.description) == [])
        // The old loans file imports as it did; a text that is no product of the bank is refused.
        _ = try store.importFiles([try f.write(Self.files[3].0, Self.files[3].1, folder: "again")])
        let bad = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge\n"
            + "L7,B2,E3,流动资金贷款,general,2024-01-20,2026-01-20,50,4,0,0,0,0,0\n"
        #expect(throws: ImportError(file: "loans.csv", row: 2, column: "product", value: "流动资金贷款",
                                    reason: "is a product of B1, not of the loan's bank B2")) {
            try store.importFiles([try f.write("loans.csv", bad, folder: "bad")])
        }
    }
}
