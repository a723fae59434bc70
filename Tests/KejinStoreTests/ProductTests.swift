import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The banks' products (issue 12, item 5; schema v24, Import/Products.swift): on the bundled demo
/// the article's chain products on their chains with the figures check_demo.py computes from the
/// CSV files; a small store worked out by hand, its kept rows (`product_summary`) following a
/// delta through balance imports, a recompute when a loan moves to another product, `store
/// check` clean after each; bad rows named by file, row and column; a v23 store's free text
/// becoming products with no figure moving.
@Suite struct ProductTests {
    static func products(_ store: Store, _ key: String) throws -> ProductFigures {
        try #require(try store.products(for: Period(key)!, region: nil))
    }

    static func find(_ f: ProductFigures, _ bank: String, _ code: String) -> ProductFigures.Product? {
        f.products.first { $0.bank == bank && $0.code == code }
    }

    /// "农业银行安康分行 … 创新推出'硒链贷'", "推出'产业链e贷''医链贷''毛玩贷'等金融产品" (source article,
    /// 五大矩阵 (四)): each a bank's, on its chain; the guidance fund's 产业基金贷 its 3 firms and
    /// 1700万元. The figures are check_demo.py's (it prints them).
    @Test func theDemosProductsCarryTheirFigures() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let may = try Self.products(store, "2025-05")
        // (bank, code, name, chain, balance in yuan, borrowers, YoY bp)
        let expected: [(String, String, String, String?, Int64, Int, Int64?)] = [
            ("ABC", "XLD", "硒链贷", "SE", 164_305_400, 19, 1430),
            ("CCB", "YLD", "医链贷", "BIO", 170_057_500, 16, 234),
            ("BOC", "MWD", "毛玩贷", "TOY", 37_133_300, 12, -2339),
            ("AKRCB", "CYLED", "产业链e贷", "TEA", 54_512_000, 1080, -1566),
            ("ICBC", "KJD", "科技贷", nil, 137_533_300, 16, -2047),
            ("CCB", "ZSCQD", "知识产权质押贷", nil, 12_250_000, 2, -121),
            ("HYRCB", "CYJJD", "产业基金贷", "CARB", 17_000_000, 3, nil),
        ]
        for (bank, code, name, chain, yuan, borrowers, growth) in expected {
            let p = try #require(Self.find(may, bank, code), "\(bank) \(code)")
            #expect(p.name.zh == name && p.chain == chain, "\(bank) \(code)")
            #expect(p.balance == .yuan(yuan) && p.borrowers == borrowers && p.growth?.value == growth, "\(bank) \(code)")
        }
        #expect(Self.find(may, "ABC", "XLD")?.kind == .chain && Self.find(may, "HYRCB", "CYJJD")?.kind == .fund)
        #expect(Self.find(may, "ABC", "XLD")?.bankName.zh.contains("农业银行") == true)
        // Every demo loan names a product: together they are the city's balance.
        let city = try store.readSession { try $0.fetchOne("SELECT sum(balance) FROM loan_balances WHERE period = '2025-05'", as: Int64.self) }
        #expect(may.balance.fen == city)
        // Chain products first (by chain code), then the rest, each by balance.
        let chained = may.products.prefix { $0.chain != nil }
        #expect(chained.map { $0.chain! } == chained.map { $0.chain! }.sorted())
        #expect(may.products.dropFirst(chained.count).allSatisfy { $0.chain == nil })
        #expect(try store.check().findings.map(\.description) == [])
    }

    static let productsHeader = "code,bank,chain,name_zh,name_en,kind,launched_date"
    static let loansHeader = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge"

    static func loan(_ code: String, _ bank: String, _ enterprise: String, _ product: String, _ yuan: Int) -> String {
        "\(code),\(bank),\(enterprise),\(product),general,2024-01-10,2026-01-10,\(yuan),4,0,0,0,0,0"
    }

    /// Two banks with a product each of code P1, B1's tech loan T, a product launched later; a
    /// firm with two loans of one product, a zero balance, a loan of no product.
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\nG1,guarantor,担保一,Guarantor One\n"),
        ("chains.csv", "code,name_zh,name_en,lead_bank\nC1,富硒,Selenium,B1\nC2,茶叶,Tea,B2\n"),
        ("enterprises.csv", "code,name_zh,name_en,chain\nE1,企业一,Firm One,C1\nE2,企业二,Firm Two,C1\nE3,企业三,Firm Three,\n"),
        ("products.csv", """
            \(productsHeader)
            P1,B1,C1,硒链贷,Selenium Chain Loan,chain,2024-01-01
            P1,B2,,一号贷,Loan One,general,2024-01-01
            T,B1,,科技贷,Tech Loan,tech,2024-01-01
            N,B2,C2,新产品,New Product,general,2025-06-01

            """),
        ("loans.csv", [loansHeader, loan("L1", "B1", "E1", "P1", 1000), loan("L2", "B1", "E1", "P1", 500), loan("L3", "B1", "E2", "P1", 300),
                       loan("L4", "B2", "E3", "P1", 200), loan("L5", "B1", "E3", "", 100), loan("L6", "B1", "E2", "T", 400)].joined(separator: "\n") + "\n"),
        ("loan_balances.csv", """
            loan,period,balance_yuan
            L1,2024-03,1000
            L3,2024-03,300
            L4,2024-03,200
            L6,2024-03,400
            L1,2025-03,600
            L2,2025-03,500
            L3,2025-03,0
            L4,2025-03,150
            L5,2025-03,100
            L6,2025-03,400

            """),
    ]

    static func imported() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try files.map { try f.write($0.0, $0.1) })
        return (f, store)
    }

    /// (bank, code, balance yuan, borrowers) of a period, in the figures' order.
    static func rows(_ store: Store, _ key: String) throws -> [String] {
        try products(store, key).products.map { "\($0.bank) \($0.code) \($0.balance.fen / 100) \($0.borrowers)" }
    }

    @Test func aSmallStoreAddsUpByHandAndItsRowsFollowEveryImport() throws {
        let (f, store) = try Self.imported()
        let march = try Self.products(store, "2025-03")
        // B1's 硒链贷: E1 600 + 500, E2 0 (no borrower); a year before 1000 + 300. On C1, so first.
        #expect(try Self.rows(store, "2025-03") == ["B1 P1 1100 1", "B1 T 400 1", "B2 P1 150 1"])
        #expect(march.products.map { $0.growth?.value } == [-1538, 0, -2500])
        #expect(march.products[0].chainName == Names(zh: "富硒", en: "Selenium") && march.products[0].bankName.en == "Bank One")
        #expect(march.products[2].name.zh == "一号贷" && march.products[2].chain == nil)
        // A year before: no year-ago month in the store.
        #expect(try Self.products(store, "2024-03").products.allSatisfy { $0.balanceYearAgo == nil && $0.growth == nil })
        #expect(try store.check().findings.map(\.description) == [])

        // A balance-only correction: by delta. E2 gets a balance and counts.
        _ = try store.importFiles([try f.write("loan_balances-fix.csv", "loan,period,balance_yuan\nL3,2025-03,250\n", folder: "fix")])
        #expect(try Self.rows(store, "2025-03") == ["B1 P1 1350 2", "B1 T 400 1", "B2 P1 150 1"])
        #expect(try store.check().findings.map(\.description) == [])

        // A loan moved to another of its bank's products: the periods it has balances in recomputed.
        _ = try store.importFiles([try f.write("loans.csv", Self.loansHeader + "\n" + Self.loan("L2", "B1", "E1", "T", 500) + "\n", folder: "move")])
        #expect(try Self.rows(store, "2025-03") == ["B1 P1 850 2", "B1 T 900 2", "B2 P1 150 1"])
        #expect(try store.check().findings.map(\.description) == [])

        // A new month by balances alone (by delta), and the product launched then.
        _ = try store.importFiles([try f.write("loan_balances-2025-06.csv", "loan,period,balance_yuan\nL1,2025-06,600\nL6,2025-06,0\nL5,2025-06,90\n",
                                               folder: "june")])
        #expect(try Self.rows(store, "2025-06") == ["B1 P1 600 1", "B2 N 0 0", "B1 T 0 0", "B2 P1 0 0"])
        #expect(try store.check().findings.map(\.description) == [])
        let kept = try store.readSession { try $0.fetch("SELECT bank, product, balance_rows, balance, borrowers FROM product_summary WHERE period = '2025-06' ORDER BY 1, 2").map(\.values) }
        #expect(kept == [[.text("B1"), .text(""), .integer(1), .integer(9_000), .integer(1)],
                         [.text("B1"), .text("P1"), .integer(1), .integer(60_000), .integer(1)],
                         [.text("B1"), .text("T"), .integer(1), .integer(0), .integer(0)]])

        // A kept row moved by hand is what `store check` names.
        try store.writeSession { try $0.execute("UPDATE product_summary SET borrowers = 5 WHERE period = '2025-03' AND bank = 'B1' AND product = 'T'") }
        #expect(try store.check().findings.map(\.description)
                == ["summary: product_summary 2025-03 bank B1 product 'T': balance_rows 2, balance 90000, borrowers 5 stored, balance_rows 2, balance 90000, borrowers 2 recomputed from loan_balances"])
    }

    static let goodProduct = "P8,B1,,产品八,Product Eight,general,2025-01-01"
    static let goodLoan = loan("L8", "B1", "E1", "P1", 100)

    /// A bad row names file, row, column and value, and nothing is stored.
    @Test(arguments: [
        ("products.csv", productsHeader, goodProduct, "P9,G1,,产品,Product,general,2025-01-01", "bank", "G1", "is a guarantor, not a bank"),
        ("products.csv", productsHeader, goodProduct, "P9,B9,,产品,Product,general,2025-01-01", "bank", "B9", "is not a known institution code"),
        ("products.csv", productsHeader, goodProduct, "P9,B1,C9,产品,Product,general,2025-01-01", "chain", "C9", "is not a known chain code"),
        ("products.csv", productsHeader, goodProduct, "P9,B1,,产品,Product,loan,2025-01-01", "kind", "loan",
         "is not one of: chain, tech, ip_pledge, fund, general"),
        ("products.csv", productsHeader, goodProduct, "P9,B1,,产品,Product,general,2025-02-30", "launched_date", "2025-02-30", nil),
        ("products.csv", productsHeader, goodProduct, "P9,B1,,,Product,general,2025-01-01", "name_zh", "", nil),
        ("loans.csv", loansHeader, goodLoan, loan("L9", "B2", "E1", "T", 100), "product", "T", "is a product of B1, not of the loan's bank B2"),
        ("loans.csv", loansHeader, goodLoan, loan("L9", "B1", "E1", "ZZ", 100), "product", "ZZ", "is not a product code of products.csv"),
        ("loans.csv", loansHeader, goodLoan, loan("L9", "B1", "E1", "N", 100), "product", "N", "is a product of B2, not of the loan's bank B1"),
    ] as [(String, String, String, String, String, String, String?)])
    func aBadRowNamesFileRowAndColumnAndChangesNothing(_ name: String, header: String, good: String, bad: String,
                                                       column: String, value: String, reason: String?) throws {
        let (f, store) = try Self.imported()
        try expectBadRowRefused(f, store, name, header: header, good: good, bad: bad, column: column, value: value, reason: reason)
    }

    /// Products of this run: a loans file may name a product the same import defines.
    @Test func aLoanMayNameAProductOfTheSameRun() throws {
        let (f, store) = try Self.imported()
        _ = try store.importFiles([try f.write("products.csv", Self.productsHeader + "\nX,B2,,新贷,New Loan,tech,2025-01-01\n", folder: "run"),
                                   try f.write("loans.csv", Self.loansHeader + "\n" + Self.loan("L7", "B2", "E3", "X", 70) + "\n", folder: "run")])
        #expect(try store.readSession { try $0.fetchOne("SELECT product FROM loans WHERE code = 'L7'", as: String.self) } == "X")
    }

    @Test func theDeclarationMakesTheTable() {
        #expect(Products.catalogue.tableDDL == "CREATE TABLE products(code TEXT NOT NULL, bank TEXT NOT NULL, chain TEXT, "
                + "name_zh TEXT NOT NULL, name_en TEXT NOT NULL, kind TEXT NOT NULL, launched TEXT NOT NULL, "
                + "PRIMARY KEY(code, bank)) WITHOUT ROWID")
        #expect(Entity.products.required == ["code", "bank", "name_zh", "name_en", "kind", "launched_date"])
        #expect(Entity.products.optional == ["chain"])
    }

    /// What takes a store back to v23 (the tests of older versions run it first).
    static let backToV23 = ClassificationMigrationTests.backToV24 + """
        DROP TABLE products; DROP TABLE product_summary;
        \(Schema.forgetting(from: 24))
        """
}
