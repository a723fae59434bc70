import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The whitelist's pipeline (issue 12, item 2): the v23 files (Import/WhitelistPipeline.swift)
/// and PipelineBook. On the bundled demo the store's query reaches the article's 111 firms and
/// projects pushed to banks and 12 meetings by the end of May 2025 (check_demo.py recomputes the
/// funnel from the CSV files); a small store is worked out by hand, the stages moving month by
/// month and the year's window leaving last December out; bad rows name file, row, column and
/// value and change nothing; `store check` reads the tables; a v22 store migrates.
@Suite struct WhitelistPipelineTests {
    static func pipeline(_ store: Store, _ key: String) throws -> PipelineFigures {
        try #require(try store.programme(for: Period(key)!, region: nil)).pipeline
    }

    /// "组织召开科技创新和技术改造再贷款政策落地推进会、科技企业政银企对接会12场次, 先后向银行机构推送111个企业和项目备选清单"
    /// (seed-figures.md: 111 and 12, 2025), as of the end of May 2025.
    @Test func theDemoReachesTheArticles111PushesAnd12Meetings() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let may = try Self.pipeline(store, "2025-05")
        #expect(may.total.pushed == 111)
        #expect(may.meetings.count == 12 && may.meetings.byKind == [.policy: 2, .matchmaking: 10])
        // The demo's own funnel (check_demo.py prints and checks the same).
        #expect(may.total.projects == 14 && may.total.contacted == 83)
        #expect(may.total.approved == LoanTally(amount: .yuan(467_800_000), loans: 58))
        #expect(may.total.loans == LoanTally(amount: .yuan(304_600_000), loans: 40))
        #expect(may.total.conversion == BasisPoints(3604))
        #expect(may.meetings.signed == .yuan(945_000_000))
        // The loans lent are loans.csv's own amounts, by another way than the book's.
        let lent = try store.readSession {
            try $0.fetchOne("SELECT sum(l.amount) FROM whitelist_pushes p JOIN loans l ON l.code = p.loan", as: Int64.self)
        }
        #expect(lent == may.total.loans.amount.fen)
        // Per bank, most pushes first, adding up to the whole.
        #expect(may.banks.reduce(PipelineFigures.Funnel.zero) { $0 + $1.funnel } == may.total)
        #expect(may.banks.map(\.funnel.pushed) == may.banks.map(\.funnel.pushed).sorted(by: >))
        // Year to date: fewer in April, none before 2025.
        let april = try Self.pipeline(store, "2025-04")
        #expect(april.total.pushed < 111 && april.total.pushed > 0 && april.meetings.count == 9)
        #expect(try Self.pipeline(store, "2024-12") == .empty)
    }

    /// Two banks, a project, a push of last year and three meetings.
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\nG1,guarantor,担保一,Guarantor One\n"),
        ("enterprises.csv", "code,name_zh,name_en\nE1,企业一,Firm One\nE2,企业二,Firm Two\nE3,企业三,Firm Three\n"),
        ("loans.csv", """
            code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge
            L1,B1,E1,general,2025-02-10,2026-02-10,500,4,0,0,0,0,0
            L2,B2,E2,general,2025-03-05,2026-03-05,300,4,0,0,0,0,0
            L3,B1,E2,general,2025-01-20,2026-01-20,200,4,0,0,0,0,0

            """),
        ("whitelist_pushes.csv", """
            code,pushed_date,bank,enterprise,project,contacted_date,approved_date,approved_yuan,loan
            P0,2024-12-10,B1,E3,,2024-12-20,,,
            P1,2025-01-05,B1,E1,,2025-01-10,2025-02-01,600,L1
            P2,2025-01-15,B2,E2,,2025-02-03,2025-03-01,300,L2
            P3,2025-02-20,B2,,安康技改项目,2025-03-02,,,
            P4,2025-03-15,B1,E3,,,,,

            """),
        ("matchmaking_meetings.csv", """
            code,held_date,name_zh,name_en,kind,region,banks,firms,deals,signed_yuan
            M0,2024-11-05,去年的对接会,Last year's,matchmaking,,3,10,1,50
            M1,2025-01-16,推进会,Policy meeting,policy,,8,40,2,1000.50
            M2,2025-03-20,对接会,Matchmaking,matchmaking,,5,20,0,0

            """),
    ]

    static func imported() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try files.map { try f.write($0.0, $0.1) })
        return (f, store)
    }

    static func book(_ store: Store) throws -> PipelineBook { try store.readSession { try PipelineBook.read($0) } }

    static func funnel(_ pushed: Int, projects: Int = 0, _ contacted: Int, _ approved: LoanTally, _ loans: LoanTally) -> PipelineFigures.Funnel {
        PipelineFigures.Funnel(pushed: pushed, projects: projects, contacted: contacted, approved: approved, loans: loans)
    }

    @Test func aSmallStoreAddsUpByHand() throws {
        let (_, store) = try Self.imported()
        let book = try Self.book(store)
        let (one, two) = (Names(zh: "银行一", en: "Bank One"), Names(zh: "银行二", en: "Bank Two"))
        // January: P1 contacted, P2 pushed (P0 is last year's); M1.
        let january = book.figures(at: Period("2025-01")!)
        #expect(january.total == Self.funnel(2, 1, .zero, .zero))
        #expect(january.banks == [.init(code: "B1", name: one, funnel: Self.funnel(1, 1, .zero, .zero)),
                                  .init(code: "B2", name: two, funnel: Self.funnel(1, 0, .zero, .zero))])
        #expect(january.meetings == .init(byKind: [.policy: 1], banks: 8, firms: 40, deals: 2, signed: Money(fen: 100_050)))
        // February: P1 approved (600) and lent (L1's own 500); P2 contacted; P3, a project, pushed.
        let february = book.figures(at: Period("2025-02")!)
        #expect(february.total == Self.funnel(3, projects: 1, 2, LoanTally(amount: .yuan(600), loans: 1), LoanTally(amount: .yuan(500), loans: 1)))
        #expect(february.total.conversion == BasisPoints(3333))
        #expect(february.banks.map(\.code) == ["B2", "B1"])   // B2 has P2 and P3
        // March: P2 approved and lent, P3 contacted, P4 pushed; two meetings, one per kind.
        let march = book.figures(at: Period("2025-03")!)
        #expect(march.total == Self.funnel(4, projects: 1, 3, LoanTally(amount: .yuan(900), loans: 2), LoanTally(amount: .yuan(800), loans: 2)))
        #expect(march.total.conversion == BasisPoints(5000) && march.total.count(.approved) == 2 && march.total.count(.loan) == 2)
        #expect(march.banks.map(\.code) == ["B1", "B2"])      // two each, by code
        #expect(march.banks[1].funnel == Self.funnel(2, projects: 1, 2, LoanTally(amount: .yuan(300), loans: 1),
                                                     LoanTally(amount: .yuan(300), loans: 1)))
        #expect(march.meetings == .init(byKind: [.policy: 1, .matchmaking: 1], banks: 13, firms: 60, deals: 2, signed: Money(fen: 100_050)))
        // December 2024: its own year — P0 and M0 only.
        let december = book.figures(at: Period("2024-12")!)
        #expect(december.total == Self.funnel(1, 1, .zero, .zero) && december.meetings.count == 1 && december.meetings.signed == .yuan(50))
        #expect(book.figures(at: Period("2024-10")!) == .empty)
        // Through the store (the programme's figures), the same.
        #expect(try Self.pipeline(store, "2025-03") == march)
        #expect(try store.check().findings.map(\.description) == [])
    }

    static let pushHeader = "code,pushed_date,bank,enterprise,project,contacted_date,approved_date,approved_yuan,loan"
    static let meetingHeader = "code,held_date,name_zh,name_en,kind,region,banks,firms,deals,signed_yuan"
    static let goodPush = "P8,2025-04-01,B1,E1,,,,,"
    static let goodMeeting = "M8,2025-04-01,会,Meeting,policy,,1,1,0,0"

    /// A bad row names file, row, column and value, and nothing is stored.
    @Test(arguments: [
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,G1,E1,,,,,", "bank", "G1", "is a guarantor, not a bank"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,B1,E9,,,,,", "enterprise", "E9", "is not a known enterprise code"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,B1,,,,,,", "project", "",
         "is empty; a push names an enterprise or a project"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-31,B1,E1,,,,,", "pushed_date", "2025-04-31", "is not a date (YYYY-MM-DD)"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,B1,E1,,2025-03-31,,,", "contacted_date", "2025-03-31",
         "is before pushed_date (2025-04-01)"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,B1,E1,,2025-04-03,2025-04-02,10,", "approved_date", "2025-04-02",
         "is before contacted_date (2025-04-03)"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,B1,E1,,,2025-04-05,10,", "contacted_date", "",
         "is empty; an approved push was contacted first"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,B1,E1,,2025-04-02,2025-04-05,,", "approved_yuan", "",
         "is empty; an approval names its amount"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,B1,E1,,2025-04-02,,10,", "approved_date", "",
         "is empty; an approved amount names its date"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-04-01,B1,E1,,2025-04-02,2025-04-05,1.234,", "approved_yuan", "1.234", nil),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-01-01,B1,E1,,2025-01-02,,,L1", "approved_date", "",
         "is empty; a push with a loan was approved first"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-01-01,B1,,技改项目,2025-01-02,2025-01-03,5,L1", "enterprise", "",
         "is empty; a push with a loan names the enterprise lent to"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-01-01,B1,E1,,2025-01-02,2025-01-03,5,L9", "loan", "L9",
         "is not a known loan code"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-01-01,B2,E1,,2025-01-02,2025-01-03,5,L1", "loan", "L1",
         "is a loan of B1, not of the push's bank B2"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-01-01,B1,E2,,2025-01-02,2025-01-03,5,L1", "loan", "L1",
         "is a loan to E1, not to the push's enterprise"),
        ("whitelist_pushes.csv", pushHeader, goodPush, "P9,2025-01-01,B1,E1,,2025-01-02,2025-02-11,5,L1", "loan", "L1",
         "starts on 2025-02-10, before approved_date (2025-02-11)"),
        ("matchmaking_meetings.csv", meetingHeader, goodMeeting, "M9,2025-04-01,会,Meeting,forum,,1,1,0,0", "kind", "forum",
         "is not one of: policy, matchmaking"),
        ("matchmaking_meetings.csv", meetingHeader, goodMeeting, "M9,2025-04-01,会,Meeting,policy,,-1,1,0,0", "banks", "-1",
         "is not between 0 and 10000"),
        ("matchmaking_meetings.csv", meetingHeader, goodMeeting, "M9,2025-04-01,会,Meeting,policy,999,1,1,0,0", "region", "999",
         "is not a known region code"),
        ("matchmaking_meetings.csv", meetingHeader, goodMeeting, "M9,2025-04-01,会,Meeting,policy,,1,1,0,10", "signed_yuan", "10",
         "is more than 0 with no deals signed"),
        ("matchmaking_meetings.csv", meetingHeader, goodMeeting, "M9,2025-04-01,,Meeting,policy,,1,1,0,0", "name_zh", "", nil),
    ] as [(String, String, String, String, String, String, String?)])
    func aBadRowNamesFileRowAndColumnAndChangesNothing(_ name: String, header: String, good: String, bad: String,
                                                       column: String, value: String, reason: String?) throws {
        let (f, store) = try Self.imported()
        try expectBadRowRefused(f, store, name, header: header, good: good, bad: bad, column: column, value: value, reason: reason)
    }

    /// Importing the same files again changes nothing; `store check` reads the tables.
    @Test func reImportIsIdempotentAndStoreCheckCoversTheTables() throws {
        let (f, store) = try Self.imported()
        let urls = try Self.files.suffix(2).map { try f.write($0.0, $0.1, folder: "again") }
        let dry = try store.importFiles(urls, options: ImportOptions(dryRun: true))
        #expect(dry.files.map(\.new) == [0, 0] && dry.files.map(\.changed) == [0, 0])
        try store.writeSession { s in
            try s.execute("UPDATE whitelist_pushes SET loan = 'L9', approved = -1 WHERE code = 'P1'")
            try s.execute("UPDATE whitelist_pushes SET bank = 'G1' WHERE code = 'P2'")
            try s.execute("UPDATE matchmaking_meetings SET region = 'X1', signed = 1.5 WHERE code = 'M1'")
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings.contains("reference: whitelist_pushes.loan: 1 row(s) name a code that is not in loans (first: \"L9\")"))
        #expect(findings.contains("reference: whitelist_pushes.bank: 1 row(s) name a code that is not a bank in institutions (first: \"G1\")"))
        #expect(findings.contains("reference: matchmaking_meetings.region: 1 row(s) name a code that is not in regions (first: \"X1\")"))
        #expect(findings.contains("money: whitelist_pushes.approved: 1 row(s) are not a whole, non-negative number of fen"))
        #expect(findings.contains("money: matchmaking_meetings.signed: 1 row(s) are not a whole, non-negative number of fen"))
    }

    /// A v22 store (before the pipeline) opened by this kejin gets the tables, empty, and takes
    /// the files.
    @Test func aV22StoreMigrates() throws {
        let (f, store) = try Self.imported()
        try store.dbQueue.write { db in try db.execute(sql: Self.backToV22) }
        try store.dbQueue.close()
        let old = try DatabaseQueue(path: f.storePath)
        #expect(try old.read { try Schema.storedVersion($0) } == 22)
        #expect(try old.read { try PipelineBook.read(SQLiteSession(db: $0)) }.figures(at: Period("2025-03")!) == .empty)
        try old.close()
        let migrated = try f.store()
        #expect(try migrated.schemaVersion() == Schema.version && Schema.version >= 23)
        #expect(try migrated.readSession { try $0.fetchOne("SELECT count(*) FROM whitelist_pushes", as: Int.self) } == 0)
        #expect(try migrated.check().findings == [])
        _ = try migrated.importFiles(try Self.files.suffix(2).map { try f.write($0.0, $0.1, folder: "v23") })
        #expect(try Self.book(migrated).figures(at: Period("2025-03")!).total.loans == LoanTally(amount: .yuan(800), loans: 2))
    }

    /// What takes a store back to v22 (the tests of older versions run it first).
    static let backToV22 = ProductTests.backToV23 + """
        DROP TABLE whitelist_pushes; DROP TABLE matchmaking_meetings;
        \(Schema.forgetting(from: 23))
        """

    @Test func theDeclarationsMakeTheTables() {
        #expect(WhitelistPipeline.pushes.tableDDL == "CREATE TABLE whitelist_pushes(code TEXT NOT NULL, pushed_date TEXT NOT NULL, "
                + "bank TEXT NOT NULL, enterprise TEXT, project TEXT NOT NULL, contacted_date TEXT, approved_date TEXT, approved INTEGER, "
                + "loan TEXT, PRIMARY KEY(code)) WITHOUT ROWID")
        #expect(WhitelistPipeline.meetings.tableDDL == "CREATE TABLE matchmaking_meetings(code TEXT NOT NULL, held_date TEXT NOT NULL, "
                + "name_zh TEXT NOT NULL, name_en TEXT NOT NULL, kind TEXT NOT NULL, region TEXT, banks INTEGER NOT NULL, "
                + "firms INTEGER NOT NULL, deals INTEGER NOT NULL, signed INTEGER NOT NULL, PRIMARY KEY(code)) WITHOUT ROWID")
        #expect(Entity.whitelistPushes.required == ["code", "pushed_date", "bank"])
        #expect(Entity.whitelistPushes.optional == ["enterprise", "project", "contacted_date", "approved_date", "approved_yuan", "loan"])
        #expect(Entity.matchmakingMeetings.optional == ["region"])
    }
}
