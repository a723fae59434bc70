import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// Bank–guarantor cooperation (issue 12, item 8) and the 四贷 service stations (item 7): the
/// four v20 files (Import/Outreach.swift) and OutreachBook. On the bundled demo the store's
/// query reaches the article's 19 / 26 / 17 institutions and 11 stations with 20 institutions
/// stationed (check_demo.py recomputes the same from the CSV files); a small store is worked out
/// by hand; bad rows name file, row, column and value and change nothing; re-imports change
/// nothing; `store check` reads the tables; a v19 store migrates.
@Suite struct OutreachTests {
    /// The demo's programme figures of three periods, from the shared demo store.
    static let demo: Result<[String: ProgrammeFigures], any Error> = Result {
        let f = try Fixture()
        let store = try f.demoStore()
        var result: [String: ProgrammeFigures] = [:]
        for key in ["2024-06", "2024-12", "2025-05"] { result[key] = try store.programme(for: Period(key)!, region: nil) }
        return result
    }

    func demo(_ key: String) throws -> ProgrammeFigures { try #require(try Self.demo.get()[key]) }

    /// "指导辖内19家金融机构深入探索银担合作高效模式,26家金融机构与财信开展业务线上化转型合作,17家金融
    /// 机构推出'见贷即保'模式" (seed-figures.md, 2025).
    @Test func theDemoReaches19_26_17() throws {
        let c = try demo("2025-05").cooperation
        #expect(c.modes.map(\.mode) == CooperationMode.allCases)
        #expect(c.count(.cooperation) == 19 && c.count(.online) == 26 && c.count(.guaranteeOnApproval) == 17)
        // Online: all 26 with 财信.
        let online = try #require(c.modes.first { $0.mode == .online })
        #expect(online.byGuarantor == [GuarantorCooperation.Guarantor(code: "CAIXIN", name: Names(zh: "财信融资担保", en: "Caixin Financing Guarantee"),
                                                                      institutions: 26)])
        let exploring = try #require(c.modes.first { $0.mode == .cooperation })
        #expect(exploring.byGuarantor.map(\.code) == ["CAIXIN", "AKFG", "HYFG"])
        #expect(exploring.byGuarantor.map(\.institutions) == [19, 7, 1])
        #expect(c.institutions.count == 26)
        let hanyin = try #require(c.institutions.first(where: { $0.code == "HYRCB" }))
        #expect(hanyin.modes == Set(CooperationMode.allCases) && hanyin.guarantors == ["CAIXIN", "HYFG"])
        // Earlier months count what was in force then (check_demo.py prints the same); 西安银行's
        // 见贷即保 with AKFG ended on 2024-12-31, so it counts in 2024-12 and not after.
        let june = try demo("2024-06").cooperation
        #expect(CooperationMode.allCases.map { june.count($0) } == [12, 7, 8])
        let december = try demo("2024-12").cooperation
        #expect(CooperationMode.allCases.map { december.count($0) } == [17, 21, 15])
        let xian = try #require(december.institutions.first(where: { $0.code == "XABANK" }))
        #expect(xian.modes.contains(.guaranteeOnApproval))
        let xianNow = try #require(c.institutions.first(where: { $0.code == "XABANK" }))
        #expect(!xianNow.modes.contains(.guaranteeOnApproval))
    }

    /// "依托市县两级11家'四贷'促进金融服务站 … 入驻的20家金融机构" (seed-figures.md), and each
    /// station's demands: registered → matched → loans made, the loans at their own amounts.
    @Test func theDemoReaches11StationsAnd20Institutions() throws {
        let s = try demo("2025-05").stations
        #expect(s.stations.count == 11 && s.institutions == 20)
        #expect(s.stations.first?.code == "ST-610900" && s.stations.first?.level == "city")
        #expect(s.stations.filter { $0.level == "county" }.count == 10)
        #expect(s.total == ServiceStations.Funnel(registered: DemandTally(amount: Money(fen: 54_584_000_000), loans: 160),
                                                  matched: DemandTally(amount: Money(fen: 32_233_000_000), loans: 105),
                                                  loans: DemandTally(amount: Money(fen: 16_723_000_000), loans: 73)))
        let city = try #require(s.stations.first)
        #expect(city.institutions == 9)
        #expect(city.funnel == ServiceStations.Funnel(registered: DemandTally(amount: Money(fen: 11_758_000_000), loans: 30),
                                                      matched: DemandTally(amount: Money(fen: 7_559_000_000), loans: 21),
                                                      loans: DemandTally(amount: Money(fen: 4_315_000_000), loans: 15)))
        #expect(s.stations.allSatisfy { $0.funnel.loans.loans > 0 })
        #expect(s.total.conversion == BasisPoints(4563))   // 73 / 160
        // 2024-06: 石泉 village bank still stationed (it left on 2024-09-30): 21.
        let june = try demo("2024-06").stations
        #expect(june.institutions == 21 && june.stations.count == 11)
        #expect(june.total.registered.loans == 81 && june.total.matched.loans == 51 && june.total.loans.loans == 32)
        #expect(june.total.loans.amount == Money(fen: 3_579_000_000))
        #expect(try demo("2024-12").stations.total.loans == DemandTally(amount: Money(fen: 11_332_000_000), loans: 57))
    }

    /// The 17 institutions the outreach adds hold no loans, draws or scores: the Banks screen
    /// lists the nine banks with figures, as before.
    @Test func theDemoBanksListIsTheNineWithFigures() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let list = try store.detail(.banks, period: Period("2025-05")!)
        #expect(list.rows.count == 9)
        #expect(Set(list.rows.map(\.code)) == ["ICBC", "ABC", "BOC", "CCB", "PSBC", "CAB", "AKRCB", "HYRCB", "XYRCB"])
        #expect(try store.readSession { try $0.fetchOne("SELECT count(*) FROM institutions WHERE kind = 'bank'", as: Int.self) } == 26)
    }

    /// A store small enough to add up by hand (see each period below).
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\nB3,bank,银行三,Bank Three\n"
            + "G1,guarantor,担保一,Guarantor One\nG2,guarantor,担保二,Guarantor Two\n"),
        ("enterprises.csv", "code,name_zh,name_en\nE1,企业一,Firm One\nE2,企业二,Firm Two\nE3,企业三,Firm Three\n"),
        ("loans.csv", """
            code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge
            L1,B1,E1,general,2024-03-10,2025-03-10,100,4,1,0,0,0,0
            L2,B2,E2,general,2024-05-20,2025-05-20,250.50,4,0,1,0,0,0
            L3,B1,E3,general,2024-06-05,2025-06-05,80,4,0,0,0,1,0

            """),
        ("guarantor_cooperation.csv", """
            bank,guarantor,mode,from_date,to_date,note
            B1,G1,online,2024-01-01,,
            B1,G2,online,2024-02-01,,两家都线上
            B2,G1,online,2024-04-01,2024-04-30,
            B2,G1,cooperation,2024-05-31,,
            B3,G2,guarantee_on_approval,2024-06-01,,

            """),
        ("service_stations.csv", "code,name_zh,name_en,level,region,opened_date\nS2,县站,County station,county,,2024-05-15\n"
            + "S1,市站,City station,city,,2024-01-01\n"),
        ("station_institutions.csv", """
            station,institution,from_date,to_date
            S1,B1,2024-01-01,
            S1,B2,2024-01-01,2024-04-30
            S2,B1,2024-05-15,
            S2,G1,2024-05-15,

            """),
        ("station_demands.csv", """
            code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan
            D1,S1,E1,2024-02-01,120,2024-02-20,B1,L1
            D2,S1,E2,2024-04-10,300,2024-05-02,B2,L2
            D3,S1,E3,2024-04-15,50,,,
            D4,S2,E3,2024-05-20,90,2024-06-01,B1,L3
            D5,S2,E1,2024-06-10,40,2024-06-30,B1,

            """),
    ]

    static func imported() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try files.map { try f.write($0.0, $0.1) })
        return (f, store)
    }

    static func book(_ store: Store) throws -> OutreachBook { try store.readSession { try OutreachBook.read($0) } }

    static func tally(_ fen: Int64, _ n: Int) -> DemandTally { DemandTally(amount: Money(fen: fen), loans: n) }

    @Test func aSmallStoreAddsUpByHand() throws {
        let (_, store) = try Self.imported()
        let book = try Self.book(store)
        func counts(_ p: String) -> [Int] { let c = book.cooperation(at: Period(p)!); return CooperationMode.allCases.map { c.count($0) } }
        // April: B2's online row ends on its last day (inclusive): B1 and B2 online; G1 has both.
        #expect(counts("2024-04") == [0, 2, 0])
        #expect(book.cooperation(at: Period("2024-04")!).modes[1].byGuarantor.map { "\($0.code) \($0.institutions)" } == ["G1 2", "G2 1"])
        // May: B1 online once though with two guarantors; B2's cooperation from May 31 (the end) counts.
        #expect(counts("2024-05") == [1, 1, 0])
        #expect(counts("2024-06") == [1, 1, 1])
        #expect(counts("2023-12") == [0, 0, 0])
        #expect(book.cooperation(at: Period("2024-06")!).institutions.map(\.code) == ["B1", "B2", "B3"])

        // April: S1 only (S2 opens 05-15); B2 stationed to 04-30 (inclusive): 2 institutions.
        let april = book.stations(at: Period("2024-04")!)
        #expect(april.stations.map(\.code) == ["S1"] && april.institutions == 2)
        #expect(april.total == ServiceStations.Funnel(registered: Self.tally(47_000, 3), matched: Self.tally(12_000, 1), loans: Self.tally(10_000, 1)))
        // May: S1 (city) first; B2 gone; B1 at both stations counts once, with G1: 2.
        let may = book.stations(at: Period("2024-05")!)
        #expect(may.stations.map(\.code) == ["S1", "S2"] && may.stations.map(\.institutions) == [1, 2] && may.institutions == 2)
        #expect(may.stations[0].funnel == ServiceStations.Funnel(registered: Self.tally(47_000, 3), matched: Self.tally(42_000, 2),
                                                                 loans: Self.tally(35_050, 2)))
        #expect(may.stations[1].funnel == ServiceStations.Funnel(registered: Self.tally(9_000, 1), matched: .zero, loans: .zero))
        // June: D4 matched 06-01 and its loan L3 (80, not the 90 asked) started 06-05; D5 matched without a loan.
        let june = book.stations(at: Period("2024-06")!)
        #expect(june.stations[1].funnel == ServiceStations.Funnel(registered: Self.tally(13_000, 2), matched: Self.tally(13_000, 2),
                                                                  loans: Self.tally(8_000, 1)))
        #expect(june.total == ServiceStations.Funnel(registered: Self.tally(60_000, 5), matched: Self.tally(55_000, 4), loans: Self.tally(43_050, 3)))
        #expect(book.stations(at: Period("2023-12")!) == .empty)
        // Through the store (ProgrammeQuery), the same.
        let figures = try #require(try store.programme(for: Period("2024-06")!, region: nil))
        #expect(figures.stations == june && figures.cooperation == book.cooperation(at: Period("2024-06")!))
        #expect(try store.check().findings.map(\.description) == [])
    }

    /// A bad row names file, row, column and value, and nothing is stored: not the file's good
    /// rows, nor the other files of the run.
    @Test(arguments: [
        ("guarantor_cooperation.csv", "bank,guarantor,mode,from_date,to_date,note", "B3,G1,online,2024-01-01,,",
         "G1,G1,online,2024-01-01,,", "bank", "G1", "is a guarantor, not a bank"),
        ("guarantor_cooperation.csv", "bank,guarantor,mode,from_date,to_date,note", "B3,G1,online,2024-01-01,,",
         "B1,B2,online,2024-01-01,,", "guarantor", "B2", "is a bank, not a guarantor"),
        ("guarantor_cooperation.csv", "bank,guarantor,mode,from_date,to_date,note", "B3,G1,online,2024-01-01,,",
         "B1,G1,offline,2024-01-01,,", "mode", "offline", "is not one of: cooperation, online, guarantee_on_approval"),
        ("guarantor_cooperation.csv", "bank,guarantor,mode,from_date,to_date,note", "B3,G1,online,2024-01-01,,",
         "B1,G1,online,2024-03-01,2024-02-29,", "to_date", "2024-02-29", "is before from_date (2024-03-01)"),
        ("service_stations.csv", "code,name_zh,name_en,level,region,opened_date", "S3,站三,Three,county,,2024-01-01",
         "S4,站四,Four,province,,2024-01-01", "level", "province", "is not one of: city, county"),
        ("service_stations.csv", "code,name_zh,name_en,level,region,opened_date", "S3,站三,Three,county,,2024-01-01",
         "S4,站四,Four,county,610921,2024-01-01", "region", "610921", "is not a known region code"),
        ("service_stations.csv", "code,name_zh,name_en,level,region,opened_date", "S3,站三,Three,county,,2024-01-01",
         "S4,,Four,county,,2024-01-01", "name_zh", "", "is empty; a value is required"),
        ("station_institutions.csv", "station,institution,from_date,to_date", "S2,B2,2024-06-01,",
         "S9,B1,2024-01-01,", "station", "S9", "is not a known service station code"),
        ("station_institutions.csv", "station,institution,from_date,to_date", "S2,B2,2024-06-01,",
         "S1,X1,2024-01-01,", "institution", "X1", "is not a known institution code"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-07-01,10,,,L9", "loan", "L9", "is not a known loan code"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-01-01,10,,,L1", "matched_date", "", "is empty; a demand with a loan was matched first"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-01-01,10,2024-01-05,B2,L1", "loan", "L1", "is a loan of B1, not of the matched bank B2"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E2,2024-01-01,10,2024-01-05,B1,L1", "loan", "L1", "is a loan to E1, not to the demand's enterprise"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-01-01,10,2024-03-11,B1,L1", "loan", "L1", "starts on 2024-03-10, before matched_date (2024-03-11)"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-02-01,10,2024-01-31,B1,", "matched_date", "2024-01-31", "is before registered_date (2024-02-01)"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-02-01,10,,B1,", "matched_date", "", "is empty; a demand with a bank was matched on a date"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-02-01,10,2024-02-02,,", "bank", "", "is empty; a matched demand names its bank"),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-02-01,1.234,,,", "amount_yuan", "1.234", nil),
        ("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan", "D9,S1,E1,2024-07-01,10,,,",
         "D8,S1,E1,2024-02-01,10,2024-02-02,G1,", "bank", "G1", "is a guarantor, not a bank"),
    ] as [(String, String, String, String, String, String, String?)])
    func aBadRowNamesFileRowAndColumnAndChangesNothing(_ name: String, header: String, good: String, bad: String,
                                                       column: String, value: String, reason: String?) throws {
        let (f, store) = try Self.imported()
        try expectBadRowRefused(f, store, name, header: header, good: good, bad: bad, column: column, value: value, reason: reason)
    }

    /// Importing the same files again changes nothing (the dry run says so); a corrected row
    /// replaces its key's.
    @Test func reImportIsIdempotent() throws {
        let (f, store) = try Self.imported()
        let urls = try Self.files.map { try f.write($0.0, $0.1, folder: "again") }
        let dump = try StoreDump(store)
        let figures = try store.programme(for: Period("2024-06")!, region: nil)
        let dry = try store.importFiles(Array(urls.suffix(4)), options: ImportOptions(dryRun: true))
        #expect(dry.files.map(\.new) == [0, 0, 0, 0] && dry.files.map(\.changed) == [0, 0, 0, 0])
        _ = try store.importFiles(urls)
        // Only the import log and the reference counter move.
        let moved: Set<String> = ["import_log", "store_meta"]
        #expect(try StoreDump(store).tables.filter { !moved.contains($0.key) } == dump.tables.filter { !moved.contains($0.key) })
        #expect(try store.programme(for: Period("2024-06")!, region: nil) == figures)
        // A correction: D3 asks 60, not 50 (its key's row replaced, not added).
        _ = try store.importFiles([try f.write("station_demands-fix.csv", "code,station,enterprise,registered_date,amount_yuan\n"
                                                   + "D3,S1,E3,2024-04-15,60\n", folder: "fix")])
        let fixed = try Self.book(store).stations(at: Period("2024-06")!)
        #expect(fixed.total.registered == Self.tally(61_000, 5))
    }

    /// `store check` reads the new tables: a code that names nothing, a negative amount.
    @Test func storeCheckCoversTheOutreach() throws {
        let (_, store) = try Self.imported()
        try store.writeSession { s in
            try s.execute("UPDATE guarantor_cooperation SET guarantor = 'B3' WHERE bank = 'B3'")
            try s.execute("UPDATE station_demands SET loan = 'L9', amount = -1 WHERE code = 'D1'")
            try s.execute("UPDATE station_institutions SET station = 'S7' WHERE institution = 'G1'")
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings.contains("reference: guarantor_cooperation.guarantor: 1 row(s) name a code that is not a guarantor in institutions (first: \"B3\")"))
        #expect(findings.contains("reference: station_demands.loan: 1 row(s) name a code that is not in loans (first: \"L9\")"))
        #expect(findings.contains("reference: station_institutions.station: 1 row(s) name a code that is not in service_stations (first: \"S7\")"))
        #expect(findings.contains("money: station_demands.amount: 1 row(s) are not a whole, non-negative number of fen"))
    }

    /// A v19 store (before the outreach tables) opened by this kejin gets them, empty, and
    /// takes the files.
    @Test func aV19StoreMigrates() throws {
        let (f, store) = try Self.imported()
        try store.dbQueue.write { db in
            try db.execute(sql: GuidanceFundTests.backToV21)
            try db.execute(sql: """
                DROP TABLE guarantor_cooperation; DROP TABLE service_stations; DROP TABLE station_institutions; DROP TABLE station_demands;
                DROP TABLE category_summary;
                \(Schema.forgetting(from: 20))
                """)
        }
        try store.dbQueue.close()
        let old = try DatabaseQueue(path: f.storePath)
        #expect(try old.read { try Schema.storedVersion($0) } == 19)
        // A v19 store reads as no outreach at all.
        #expect(try old.read { try OutreachBook.read(SQLiteSession(db: $0)) }.stations(at: Period("2024-06")!) == .empty)
        try old.close()
        let migrated = try f.store()
        #expect(try migrated.schemaVersion() == Schema.version && Schema.version >= 20)
        #expect(try migrated.readSession { try $0.fetchOne("SELECT count(*) FROM station_demands", as: Int.self) } == 0)
        #expect(try migrated.check().findings == [])
        _ = try migrated.importFiles(try Self.files.suffix(4).map { try f.write($0.0, $0.1, folder: "v20") })
        #expect(try Self.book(migrated).stations(at: Period("2024-06")!).total.loans == Self.tally(43_050, 3))
    }

    /// The declarations are the tables: one DDL for both engines, keys as documented.
    @Test func theDeclarationsMakeTheTables() {
        #expect(Outreach.cooperation.tableDDL == "CREATE TABLE guarantor_cooperation(bank TEXT NOT NULL, guarantor TEXT NOT NULL, mode TEXT NOT NULL, "
                + "from_date TEXT NOT NULL, to_date TEXT, note TEXT NOT NULL, PRIMARY KEY(bank, guarantor, mode)) WITHOUT ROWID")
        #expect(Outreach.demands.tableDDL == "CREATE TABLE station_demands(code TEXT NOT NULL, station TEXT NOT NULL, enterprise TEXT NOT NULL, "
                + "registered_date TEXT NOT NULL, amount INTEGER NOT NULL, matched_date TEXT, bank TEXT, loan TEXT, PRIMARY KEY(code)) WITHOUT ROWID")
        #expect(Entity.stationDemands.required == ["code", "station", "enterprise", "registered_date", "amount_yuan"])
        #expect(Entity.stationDemands.optional == ["matched_date", "bank", "loan"])
        #expect(Entity.stationInstitutions.required == ["station", "institution", "from_date"])
    }
}
