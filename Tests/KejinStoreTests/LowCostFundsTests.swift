import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// Low-cost funds since 2024 (issue 12, item 1): the reserves RRR cuts released
/// (rrr_releases.csv, schema v18) and the re-lending and rediscount draws, by channel and
/// cumulative by month (LowCostBook). On the bundled demo the query reaches the article's
/// 97亿元 by 2025-05; a small store is worked out by hand; the import validates, is atomic and
/// idempotent; `store check` reads the new table.
@Suite struct LowCostFundsTests {
    /// "为辖区累计释放和提供低成本资金合计97亿元" (seed-figures.md: 97亿元, mid 2025), reached
    /// by the demo in 2025-05 as the policy effect's 71.47亿元 is.
    static let published = Money.yi(97)

    /// The demo's low-cost funds of three periods, from one import.
    static let demo: Result<[String: LowCostFunds], any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-demo-lowcost-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("kejin.sqlite").path)
        _ = try store.importDemo()
        var result: [String: LowCostFunds] = [:]
        for key in ["2023-12", "2025-03", "2025-05"] { result[key] = try store.programme(for: Period(key)!, region: nil)?.lowCostFunds }
        return result
    }

    func funds(_ key: String) throws -> LowCostFunds {
        try #require(try Self.demo.get()[key])
    }

    @Test func theDemoReachesThePublished97Yi() throws {
        let f = try funds("2025-05")
        #expect(f.total == Self.published)
        #expect(f.total == Money(fen: 970_000_000_000))
        // The demo's own draws since 2024 (6.77亿) are counted, each once; the cuts release the rest.
        #expect(f.toolTotal == Money.wan(67_700) && f.toolDraws == 18)
        #expect(f.rrrCuts == Money(fen: 902_300_000_000) && f.cuts == 3 && f.releases == 27)
        #expect(f.tools.map(\.code) == ["RL-REDISC", "RL-AGRI", "RL-SME", "RL-TECH"])
        #expect(f.tools.map(\.amount) == [Money.wan(27_600), Money.wan(26_100), Money.wan(11_000), Money.wan(3_000)])
        #expect(f.tools.first?.name == Names(zh: "再贴现", en: "Rediscount"))
        // The curve: every month since 2024-01, ending at the total; the cuts' months jump.
        #expect(f.months.count == 17 && f.months.first?.period == Period("2024-01"))
        #expect(f.cumulative.last == f.total)
        #expect(f.months.filter { $0.rrrCuts > .zero }.map(\.period.key) == ["2024-02", "2024-09", "2025-05"])
    }

    @Test func earlierMonthsCountWhatCameByThen() throws {
        // March 2025: two cuts, the draws up to 2025-03-31 (check_demo.py prints the same).
        let march = try funds("2025-03")
        #expect(march.total == Money(fen: 628_685_707_956))
        #expect(march.cuts == 2 && march.rrrCuts == Money(fen: 582_185_707_956))
        #expect(try funds("2025-05").cumulative[14] == march.total)
        // Before the count: nothing.
        let before = try funds("2023-12")
        #expect(before.months.isEmpty && before.total == .zero && before.tools.isEmpty)
    }

    /// A store small enough to add up by hand: a cut before 2024 and draws before 2024 are
    /// not counted, a cut and a draw after the period neither, a bank's two cuts are.
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\nG1,guarantor,担保一,Guarantor One\n"),
        ("relending_tools.csv", "code,name_zh,name_en\nAG,支农再贷款,Agri re-lending\nRD,再贴现,Rediscount\n"),
        ("relending_draws.csv", """
            code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used,repaid_date
            D0,AG,B1,2023-12-31,2024-12-31,999,0,
            D1,AG,B1,2024-01-01,2025-01-01,100.01,0,
            D2,RD,B2,2024-03-15,2024-09-15,200,0,2024-06-01
            D3,RD,B2,2024-09-15,2025-03-15,300,1,
            D4,AG,B2,2024-07-01,2025-07-01,50,0,

            """),
        ("rrr_releases.csv", """
            bank,effective_date,cut_pct,released_yuan,note
            B1,2023-09-15,0.25,7777,
            B1,2024-02-05,0.5,1000.50,全面降准0.5个百分点
            B2,2024-02-05,0.5,400,
            B1,2024-09-27,0.5,1200,
            B2,2024-09-27,0.5,"1,000.25",

            """),
    ]

    @Test func aSmallStoreAddsUpByHand() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        let funds = try store.readSession { s in try LowCostBook.read(s).funds(through: Period("2024-08")!) }
        // Up to 2024-08: the 2024-02-05 cut (1000.50 + 400), D1, D2, D4; not D0 (2023), D3, the September cut.
        #expect(funds.rrrCuts == Money(fen: 140_050) && funds.cuts == 1 && funds.releases == 2)
        #expect(funds.tools == [LowCostFunds.Tool(code: "RD", name: Names(zh: "再贴现", en: "Rediscount"), amount: Money(fen: 20_000), draws: 1),
                                LowCostFunds.Tool(code: "AG", name: Names(zh: "支农再贷款", en: "Agri re-lending"), amount: Money(fen: 15_001), draws: 2)])
        #expect(funds.total == Money(fen: 140_050 + 20_000 + 15_001))
        #expect(funds.months.map(\.total.fen) == [10_001, 140_050, 20_000, 0, 0, 0, 5_000, 0])
        #expect(funds.cumulative.last == funds.total)
        let september = try store.readSession { s in try LowCostBook.read(s).funds(through: Period("2024-09")!) }
        #expect(september.total == funds.total + Money(fen: 120_000 + 100_025 + 30_000))
        #expect(september.cuts == 2 && september.releases == 4)
        // The stored rows: basis points and fen, the key (bank, effective_date).
        let rows = try store.readSession { try $0.fetch("SELECT bank, effective_date, cut, released, note FROM rrr_releases ORDER BY 1, 2").map(\.values) }
        #expect(rows.count == 5)
        #expect(rows[1] == [.text("B1"), .text("2024-02-05"), .integer(50), .integer(100_050), .text("全面降准0.5个百分点")])
        #expect(try store.check().findings.map(\.description) == [])
    }

    /// A bad row names file, row, column and value like any entity's, and nothing is stored:
    /// not its good rows, nor the other files of the run.
    @Test(arguments: [
        ("G1,2024-02-05,0.5,100,", "bank", "G1", "is a guarantor, not a bank"),
        ("B9,2024-02-05,0.5,100,", "bank", "B9", "is not a known institution code"),
        ("B1,2024-02-30,0.5,100,", "effective_date", "2024-02-30", nil),
        ("B1,2024-02-05,0,100,", "cut_pct", "0", "is not a cut above 0 and at most 10 percentage points"),
        ("B1,2024-02-05,10.5,100,", "cut_pct", "10.5", "is not a cut above 0 and at most 10 percentage points"),
        ("B1,2024-02-05,0.5,-3,", "released_yuan", "-3", nil),
        ("B1,2024-02-05,0.5,1.234,", "released_yuan", "1.234", nil),
        ("B1,2024-02-05,0.5,,", "released_yuan", "", nil),
    ] as [(String, String, String, String?)])
    func aBadRowNamesFileRowAndColumnAndChangesNothing(_ bad: String, column: String, value: String, reason: String?) throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        let before = try StoreDump(store)
        let file = try f.write("rrr_releases-2025.csv", "bank,effective_date,cut_pct,released_yuan,note\nB2,2025-05-15,0.5,10,\n\(bad)\n", folder: "bad")
        let other = try f.write("institutions.csv", "code,kind,name_zh,name_en\nB3,bank,银行三,Bank Three\n", folder: "bad")
        do {
            _ = try store.importFiles([file, other])
            Issue.record("imported \(bad)")
        } catch let error as ImportError {
            #expect(error.file == "rrr_releases-2025.csv" && error.row == 3 && error.column == column && error.value == value)
            if let reason { #expect(error.reason == reason) }
            #expect(error.description.hasPrefix("rrr_releases-2025.csv: row 3, column \(column): \"\(value)\" "))
        }
        #expect(try StoreDump(store).tables == before.tables)
    }

    @Test func aHeaderWithoutARequiredColumnOrWithAnUnknownOneIsRefused() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        #expect(throws: ImportError(file: "rrr_releases.csv", row: 1, column: "cut_pct", reason: "required column is missing from the header")) {
            try store.importFiles([try f.write("rrr_releases.csv", "bank,effective_date,released_yuan\nB1,2024-02-05,1\n", folder: "h1")])
        }
        #expect(throws: ImportError(file: "rrr_releases.csv", row: 1, column: "bp", reason:
            "unknown column; rrr_releases files have: bank, effective_date, cut_pct, released_yuan, note")) {
            try store.importFiles([try f.write("rrr_releases.csv", "bank,effective_date,cut_pct,released_yuan,bp\nB1,2024-02-05,0.5,1,50\n", folder: "h2")])
        }
    }

    /// Importing the same file again changes nothing; a corrected row replaces its key's.
    @Test func reImportIsIdempotent() throws {
        let f = try Fixture()
        let store = try f.store()
        let urls = try Self.files.map { try f.write($0.0, $0.1) }
        _ = try store.importFiles(urls)
        let figures = try store.readSession { s in try LowCostBook.read(s).funds(through: Period("2025-05")!) }
        let rows = { try store.readSession { try $0.fetch("SELECT * FROM rrr_releases ORDER BY 1, 2").map(\.values) } }
        let before = try rows()
        let dry = try store.importFiles([urls[3]], options: ImportOptions(dryRun: true))
        #expect(dry.files.map(\.new) == [0] && dry.files.map(\.changed) == [0])
        _ = try store.importFiles([urls[3]])
        _ = try store.importFiles(urls)
        #expect(try rows() == before)
        #expect(try store.readSession { s in try LowCostBook.read(s).funds(through: Period("2025-05")!) } == figures)
        // A correction: B2's September release, keyed by bank and date, replaced (not added).
        _ = try store.importFiles([try f.write("rrr_releases-fix.csv", "bank,effective_date,cut_pct,released_yuan\nB2,2024-09-27,0.5,1000\n", folder: "fix")])
        let fixed = try store.readSession { s in try LowCostBook.read(s).funds(through: Period("2025-05")!) }
        #expect(fixed.total == figures.total - Money(fen: 25) && fixed.releases == figures.releases)
    }

    /// `store check` reads the new table: a release naming no bank, a negative amount.
    @Test func storeCheckCoversTheReleases() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        try store.writeSession { s in
            try s.execute("UPDATE rrr_releases SET bank = 'G1' WHERE bank = 'B2' AND effective_date = '2024-02-05'")
            try s.execute("UPDATE rrr_releases SET released = -1 WHERE bank = 'B1' AND effective_date = '2024-09-27'")
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings.contains("reference: rrr_releases.bank: 1 row(s) name a code that is not a bank in institutions (first: \"G1\")"))
        #expect(findings.contains("money: rrr_releases.released: 1 row(s) are not a whole, non-negative number of fen"))
    }
}
