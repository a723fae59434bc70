import Foundation
import GRDB
import Testing
@testable import KejinStore

/// `kejin import --dry-run`: the real import runs and is rolled back; the summary counts rows
/// new, changed and unchanged and names the periods touched; the store is byte for byte as before.
@Suite struct ImportDryRunTests {
    private let loanHeader = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw"

    private func files(_ f: Fixture) throws -> [URL] {
        [
            // L1: amount changed; L2: as stored; L7: new.
            try f.write("loans.csv", """
                \(loanHeader)
                L1,B1,E1,茶贷,tech_innovation,2024-03-01,2027-03-01,1200000,3.5,1,0,0,0,1,GU1,D1
                L2,B1,E1,,general,2024-05-01,2026-05-01,500000,4,0,1,0,0,0,,
                L7,B2,E4,,general,2025-07-01,2026-07-01,90000,4,1,0,0,0,0,,

                """, folder: "next"),
            // Two new rows in a new period, one changed in June.
            try f.write("loan_balances-2025-07.csv", "loan,period,balance_yuan\nL1,2025-07,690000\nL7,2025-07,90000\nL6,2025-06,140000\n",
                        folder: "next"),
            try f.write("institutions.csv", "code,kind,name_zh,name_en,net_assets_yuan\nB1,bank,银行一,Bank One,\n", folder: "next"),
        ]
    }

    @Test func dryRunCountsAndWritesNothing() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try f.writeAll())
        let before = try StoreDump(store)
        let counter = try store.changeCounter()

        let dry = try store.importFiles(try files(f), options: ImportOptions(dryRun: true))
        #expect(dry.dryRun)
        #expect(dry.files.map(\.name) == ["institutions.csv", "loans.csv", "loan_balances-2025-07.csv"])
        #expect(dry.files.map(\.rows) == [1, 3, 3])
        #expect(dry.files.map(\.new) == [0, 1, 2])
        #expect(dry.files.map(\.changed) == [0, 1, 1])
        #expect(dry.periods == ["2025-06", "2025-07"])
        #expect(try StoreDump(store) == before)
        #expect(try store.changeCounter() == counter)

        // The real import then does what the dry run said.
        let real = try store.importFiles(try files(f))
        #expect(!real.dryRun)
        #expect(real.files.map(\.rows) == dry.files.map(\.rows))
        #expect(try StoreDump(store) != before)
        let again = try store.importFiles(try files(f), options: ImportOptions(dryRun: true))
        #expect(again.files.map(\.new) == [0, 0, 0])
        #expect(again.files.map(\.changed) == [0, 0, 0])
    }

    @Test func dryRunReportsTheSameErrorsAsAnImport() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try f.writeAll())
        let before = try StoreDump(store)
        let bad = try f.write("loan_balances.csv", "loan,period,balance_yuan\nL1,2025-07,5\nL9,2025-07,1\n", folder: "bad")
        let expected = ImportError(file: "loan_balances.csv", row: 3, column: "loan", value: "L9", reason: "is not a known loan code")
        #expect(throws: expected) { try store.importFiles([bad], options: ImportOptions(dryRun: true)) }
        #expect(throws: expected) { try store.importFiles([bad]) }
        #expect(try StoreDump(store) == before)
    }
}
