import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// Each kind of bad input names file, row, column and value, and leaves the store unchanged.
@Suite struct ImportValidationTests {
    /// Imports the good fixture, then `bad` files; expects `expected` and unchanged counts.
    private func expectRejected(_ bad: [(String, String)], _ expected: ImportError,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try f.writeAll())
        let before = try Fixture.counts(store)
        let figuresBefore = try store.figures(for: Period("2025-06")!)
        let urls = try bad.map { try f.write($0.0, $0.1, folder: "bad") }
        #expect(throws: expected, sourceLocation: sourceLocation) { try store.importFiles(urls) }
        #expect(try Fixture.counts(store) == before, sourceLocation: sourceLocation)
        #expect(try store.figures(for: Period("2025-06")!) == figuresBefore, sourceLocation: sourceLocation)
    }

    private let loanHeader = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw"

    @Test func badAmount() throws {
        let error = ImportError(file: "loans.csv", row: 3, column: "amount_yuan", value: "12,3x",
                                reason: "is not an amount in yuan (at most two decimals)")
        #expect(error.description == #"loans.csv: row 3, column amount_yuan: "12,3x" is not an amount in yuan (at most two decimals)"#)
        // A good new loan first: it must not survive the rollback.
        try expectRejected([("loans.csv", """
            \(loanHeader)
            L7,B1,E1,,general,2025-01-01,2026-01-01,100,3,0,0,0,0,0,,
            L8,B1,E1,,general,2025-01-01,2026-01-01,"12,3x",3,0,0,0,0,0,,

            """)], error)
    }

    @Test func tooManyDecimalsAndNegativeAmounts() throws {
        try expectRejected([("loan_balances-2025-07.csv", "loan,period,balance_yuan\nL1,2025-07,1.234\n")],
                           ImportError(file: "loan_balances-2025-07.csv", row: 2, column: "balance_yuan", value: "1.234",
                                       reason: "is not an amount in yuan (at most two decimals)"))
        try expectRejected([("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-07,-5\n")],
                           ImportError(file: "loan_balances.csv", row: 2, column: "balance_yuan", value: "-5",
                                       reason: "is negative; amounts must be zero or more"))
        // Found by the property tests: "-0" was stored as 0; a NUL was stored as the text before it.
        try expectRejected([("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-07,-0.00\n")],
                           ImportError(file: "loan_balances.csv", row: 2, column: "balance_yuan", value: "-0.00",
                                       reason: "is negative; amounts must be zero or more"))
        try expectRejected([("chains.csv", "code,name_zh,name_en\nX,链\0尾,Chain\n")],
                           ImportError(file: "chains.csv", row: 2, column: "name_zh", value: "链\\0尾",
                                       reason: "holds a NUL character (byte 0), which no text may hold"))
        // Found by the property tests: these overflowed Int64 in the parser (a trap).
        for huge in ["99999999999999999999", "1.99999999999999999999", "1234567890123456"] {
            try expectRejected([("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-07,\(huge)\n")],
                               ImportError(file: "loan_balances.csv", row: 2, column: "balance_yuan", value: huge,
                                           reason: "is not an amount in yuan (at most two decimals)"))
        }
    }

    @Test func periodTotalsPastInt64AreAClearError() throws {
        // 100 balances of 999,999,999,999,999.99 yuan: each fits, their total does not.
        let loans = (0..<100).map { "X\($0),B1,E1,,general,2025-01-01,2026-01-01,1,3,0,0,0,0,0,," }
        let balances = (0..<100).map { "X\($0),2025-07,999999999999999.99" }
        try expectRejected([("loans.csv", ([loanHeader] + loans).joined(separator: "\n") + "\n"),
                            ("loan_balances.csv", (["loan,period,balance_yuan"] + balances).joined(separator: "\n") + "\n")],
                           ImportError(file: "loans.csv, loan_balances.csv",
                                       reason: "add up to a period total too large to store (over 9.2 × 10^16 yuan); check the amounts"))
    }

    @Test func badDate() throws {
        try expectRejected([("guarantees.csv", """
            code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct
            GU9,G1,E1,B1,2025-02-30,2026-01-01,100,1,20

            """)], ImportError(file: "guarantees.csv", row: 2, column: "start_date", value: "2025-02-30",
                               reason: "is not a date (YYYY-MM-DD)"))
    }

    @Test func badPeriodPercentFlagAndEnum() throws {
        try expectRejected([("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-7,1\n")],
                           ImportError(file: "loan_balances.csv", row: 2, column: "period", value: "2025-7",
                                       reason: "is not a period (YYYY-MM)"))
        try expectRejected([("relending_rates.csv", "tool,effective_from,rate_pct\nTI,2025-01-01,1.755\n")],
                           ImportError(file: "relending_rates.csv", row: 2, column: "rate_pct", value: "1.755",
                                       reason: "is not a percentage (at most two decimals, e.g. 1.75)"))
        try expectRejected([("loans.csv", "\(loanHeader)\nL7,B1,E1,,general,2025-01-01,2026-01-01,100,3,2,0,0,0,0,,\n")],
                           ImportError(file: "loans.csv", row: 2, column: "first_loan", value: "2",
                                       reason: "is not a flag (0 or 1)"))
        try expectRejected([("enterprise_tags.csv", "enterprise,tag,certificate,valid_from,valid_to\nE2,hightech,,2025-01-01,2026-01-01\n")],
                           ImportError(file: "enterprise_tags.csv", row: 2, column: "tag", value: "hightech",
                                       reason: "is not one of: \(Self.tagWords)"))
    }

    static let tagWords = "high_tech, tech_sme, innovative_sme, srdi, little_giant, whitelist, candidate, agri, small_micro, "
        + "key_small_micro, new_agri_entity"

    /// An enterprise category misspelt after a good one: the file, row, column and value are
    /// named, the good row does not survive, no figure changes.
    @Test func badEnterpriseCategory() throws {
        try expectRejected([("enterprise_tags.csv", """
            enterprise,tag,certificate,valid_from,valid_to
            E1,key_small_micro,SXXW2025001,2025-01-01,2025-12-31
            E2,new_agri,,2025-01-01,2025-12-31

            """)], ImportError(file: "enterprise_tags.csv", row: 3, column: "tag", value: "new_agri",
                               reason: "is not one of: \(Self.tagWords)"))
    }

    @Test func unknownReference() throws {
        try expectRejected([("loans.csv", "\(loanHeader)\nL7,B1,E99,,general,2025-01-01,2026-01-01,100,3,0,0,0,0,0,,\n")],
                           ImportError(file: "loans.csv", row: 2, column: "enterprise", value: "E99",
                                       reason: "is not a known enterprise code"))
        // A guarantor where a bank is required.
        try expectRejected([("loans.csv", "\(loanHeader)\nL7,G1,E1,,general,2025-01-01,2026-01-01,100,3,0,0,0,0,0,,\n")],
                           ImportError(file: "loans.csv", row: 2, column: "bank", value: "G1",
                                       reason: "is a guarantor, not a bank"))
        try expectRejected([("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-07,1\nL404,2025-07,1\n")],
                           ImportError(file: "loan_balances.csv", row: 3, column: "loan", value: "L404",
                                       reason: "is not a known loan code"))
    }

    @Test func referenceToARowOfTheSameImportIsAccepted() throws {
        let f = try Fixture()
        let store = try f.store()
        // Balances listed before the loans file and the enterprise: dependency order applies.
        let urls = [
            try f.write("loan_balances.csv", "loan,period,balance_yuan\nN1,2025-01,10\n"),
            try f.write("loans.csv", "\(loanHeader)\nN1,NB,NE,,general,2025-01-01,2026-01-01,100,3,0,0,0,0,0,,\n"),
            try f.write("enterprises.csv", "code,name_zh,name_en\nNE,新,New\n"),
            try f.write("institutions.csv", "code,kind,name_zh,name_en\nNB,bank,行,Bank\n"),
        ]
        let summary = try store.importFiles(urls)
        #expect(summary.files.map(\.entity) == ["institutions", "enterprises", "loans", "loan_balances"])
        #expect(try store.figures(for: Period("2025-01")!).city.allLoans.balance == .yuan(10))
    }

    @Test func bomCRLFQuotesAndColumnOrderAreAccepted() throws {
        let f = try Fixture()
        let store = try f.store()
        let text = "\u{FEFF}name_en,kind,code,name_zh,net_assets_yuan\r\n\"Bank, \"\"One\"\"\",bank,B1,银行,\r\n"
        let summary = try store.importFiles([try f.write("institutions-2025.csv", text)])
        #expect(summary.files == [ImportSummary.File(name: "institutions-2025.csv", entity: "institutions", rows: 1,
                                                     checksum: FNV1a64.hex(Data(text.utf8)), encoding: "UTF-8 with BOM")])
        let name = try store.dbQueue.read { try String.fetchOne($0, sql: "SELECT name_en FROM institutions") }
        #expect(name == #"Bank, "One""#)
    }

    @Test func missingColumn() throws {
        try expectRejected([("loan_balances.csv", "loan,period\nL1,2025-07\n")],
                           ImportError(file: "loan_balances.csv", row: 1, column: "balance_yuan",
                                       reason: "required column is missing from the header"))
    }

    @Test func unknownColumn() throws {
        try expectRejected([("chains.csv", "code,name_zh,name_en,colour\nX,链,Chain,red\n")],
                           ImportError(file: "chains.csv", row: 1, column: "colour",
                                       reason: "unknown column; chains files have: code, name_zh, name_en, lead_bank"))
    }

    @Test func unknownFileName() throws {
        let names = Entity.allCases.map(\.rawValue).joined(separator: ", ")
        // The good file listed first must not be applied either.
        try expectRejected([("chains.csv", "code,name_zh,name_en\nX,链,Chain\n"), ("loanz.csv", "a\n1\n")],
                           ImportError(file: "loanz.csv",
                                       reason: "is not a kejin CSV file name; expected <entity>.csv or <entity>-<anything>.csv with entity one of: \(names)"))
        #expect(Entity(fileName: "loan_balances-2025-06.csv") == .loanBalances)
        #expect(Entity(fileName: "loan_balances.csv") == .loanBalances)
        #expect(Entity(fileName: "loan.csv") == nil)
        #expect(Entity(fileName: "loans.txt") == nil)
    }

    @Test func badRowInALaterFileRollsBackEarlierFiles() throws {
        try expectRejected([
            ("institutions.csv", "code,kind,name_zh,name_en\nB9,bank,新银行,New bank\n"),
            ("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-08,5\nL1,2025-08,x\n"),
        ], ImportError(file: "loan_balances.csv", row: 3, column: "balance_yuan", value: "x",
                       reason: "is not an amount in yuan (at most two decimals)"))
    }

    @Test func wrongFieldCountAndEmptyFile() throws {
        try expectRejected([("chains.csv", "code,name_zh,name_en\nX,链\n")],
                           ImportError(file: "chains.csv", row: 2, reason: "has 2 fields, the header has 3"))
        try expectRejected([("chains.csv", "")],
                           ImportError(file: "chains.csv", row: 1, reason: "has no header row (the file is empty)"))
    }

    @Test func unreadableFiles() throws {
        let f = try Fixture()
        let store = try f.store()
        let missing = f.dir.appendingPathComponent("chains.csv")
        #expect { try store.importFiles([missing]) } throws: { error in
            let e = error as? ImportError
            return e?.file == "chains.csv" && e?.reason.hasPrefix("cannot be read") == true
        }
        // Reference files a small correction would keep by delta, none there: the first one read is named.
        let absent = ["enterprises.csv", "enterprise_tags.csv", "loans.csv"].map { f.dir.appendingPathComponent("gone/" + $0) }
        #expect { try store.importFiles(absent) } throws: { error in
            let e = error as? ImportError
            return e?.file == "enterprises.csv" && e?.reason.hasPrefix("cannot be read") == true
        }
        let bad = f.dir.appendingPathComponent("enterprises.csv")
        try Data(Array("code,name_zh,name_en\nE1,x,".utf8) + [0xFF, 0xFE, 0x0A]).write(to: bad)
        #expect { try store.importFiles([bad]) } throws: { error in
            let e = error as? ImportError
            return e?.file == "enterprises.csv" && e?.reason.contains("UTF-8") == true
        }
        #expect(try store.isEmpty())
        #expect(try store.importLog().isEmpty)
    }

    @Test func rowNumbersCountBlankLines() throws {
        try expectRejected([("chains.csv", "code,name_zh,name_en\nX,链,Chain\n\nY,,Chain Y\n")],
                           ImportError(file: "chains.csv", row: 4, column: "name_zh", value: "",
                                       reason: "is empty; a value is required"))
    }

    @Test func dateOrderIsChecked() throws {
        try expectRejected([("relending_draws.csv", """
            code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used
            D9,TI,B1,2025-05-01,2025-05-01,1,0

            """)], ImportError(file: "relending_draws.csv", row: 2, column: "maturity_date", value: "2025-05-01",
                               reason: "is not after draw_date (2025-05-01)"))
        try expectRejected([("relending_draws.csv", """
            code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used
            D9,TI,B1,2025-05-01,2025-06-01,1,3

            """)], ImportError(file: "relending_draws.csv", row: 2, column: "rollovers_used", value: "3",
                               reason: "is not 0, 1 or 2"))
    }
}

/// The importer's fast number path reads exactly what Money(yuanText:) reads.
@Test func plainHundredthsAgreesWithMoneyParser() {
    let samples = ["0", "7", "12", "12.5", "12.50", "12.05", "999999999999999", "999999999999999.99",
                   "1000000000000000", "1.", ".5", "1.234", "1..2", "", "-1", "1,234.5", " 1", "1e3", "０"]
    for s in samples {
        let fast = CSVRow.plainHundredths(s)
        if let fast { #expect(fast == Money(yuanText: s)?.fen, "\(s)") }
        else if let m = Money(yuanText: s) { #expect(m.fen < 0 || s.contains(",") || s.contains(" "), "\(s) should take the fast path") }
    }
}
