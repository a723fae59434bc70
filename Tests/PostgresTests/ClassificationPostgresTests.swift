#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The loan classification (schema v25, Query/NPLSummary.swift) on PostgreSQL: the demo there
/// gives every period's NPL figures and rule 16 alerts as SQLite does, kept rows and all; a
/// balance import changing grades only keeps them by delta on both engines alike, `store check`
/// clean; a bad classification is refused with SQLite's message; a v24 store migrates with
/// every balance normal and no figure moving.
@Suite struct ClassificationPostgresTests {
    static let kept = "SELECT * FROM npl_summary ORDER BY 1, 2, 3, 4"

    static func npl(_ store: Store, _ p: Period) throws -> [String] {
        let f = try store.figures(for: p)
        return (f.banksNPL ?? []).map { "\($0.code) \($0.measure.npl.fen) \($0.measure.techNPL.fen) \($0.techGap.map { "\($0.value)" } ?? "-")" }
            + f.chains.map { "\($0.code) \($0.npl?.fen ?? -1) \($0.techNPL?.fen ?? -1)" }
            + AlertEngine.alerts(for: f).filter { $0.ruleID == 16 }.map { "rule 16 \($0.entityCode)" }
    }

    @Test func theDemosNPLAsOnSQLiteThroughADelta() throws {
        let demo = try DemoStores("classification")
        defer { demo.close() }
        let (folder, sqlite, postgres) = (demo.folder, demo.sqlite, demo.postgres)
        func expectSame(_ when: String) throws {
            for p in try sqlite.availablePeriods() {
                #expect(try Self.npl(sqlite, p) == Self.npl(postgres, p), "\(when) \(p.key)")
            }
            #expect(try sqlite.readSession { try $0.fetch(Self.kept).map(\.values) } == postgres.readSession { try $0.fetch(Self.kept).map(\.values) },
                    "\(when)")
            #expect(try postgres.check().findings.map(\.description) == [], "\(when)")
        }
        try expectSame("copied")
        #expect(try Self.npl(postgres, Period(year: 2025, month: 5)).contains("rule 16 XYRCB"))

        // Three of ICBC's performing May loans: one turns substandard (grade only), one loss at a
        // lower balance, one in a new month as doubtful; by delta on both.
        let codes = try sqlite.readSession {
            try $0.fetchColumn("SELECT l.code FROM loans l JOIN loan_balances b ON b.period = '2025-05' AND b.loan_id = l.id AND b.balance > 0 AND b.grade = 1 WHERE l.bank = 'ICBC' ORDER BY l.code LIMIT 3", as: String.self)
        }
        #expect(codes.count == 3)
        let balance = try sqlite.readSession { try $0.fetchOne("SELECT b.balance FROM loan_balances b JOIN loans l ON l.id = b.loan_id WHERE l.code = '\(codes[0])' AND b.period = '2025-05'", as: Int64.self) }!
        let file = folder + "/loan_balances-fix.csv"
        try ("loan,period,balance_yuan,classification\n\(codes[0]),2025-05,\(Money(fen: balance).yuanText),substandard\n"
             + "\(codes[1]),2025-05,1.23,损失\n\(codes[2]),2025-06,777,doubtful\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let before = try Self.npl(postgres, Period(year: 2025, month: 5))
        for store in [sqlite, postgres] { _ = try store.importFiles([URL(fileURLWithPath: file)], intoDemo: true) }
        #expect(try Self.npl(postgres, Period(year: 2025, month: 5)) != before)
        try expectSame("after a delta")

        // A bad classification: SQLite's message on both engines, nothing kept.
        let bad = folder + "/loan_balances-bad.csv"
        try "loan,period,balance_yuan,classification\n\(codes[0]),2025-05,1,normal\n\(codes[1]),2025-05,1,D\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let expected = ImportError(file: "loan_balances-bad.csv", row: 3, column: "classification", value: "D",
                                   reason: "is not one of: normal, special_mention, substandard, doubtful, loss (or 正常, 关注, 次级, 可疑, 损失)")
        #expect(throws: expected) { try sqlite.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        #expect(throws: expected) { try postgres.importFiles([URL(fileURLWithPath: bad)], intoDemo: true) }
        try expectSame("after a refused file")
    }

    /// The demo imported by a v24 kejin (classifications ignored) and copied to PostgreSQL:
    /// v25 makes every balance normal, keeps every other figure, seeds rule 16, check clean.
    @Test func aV24PostgreSQLStoreMigrates() throws {
        let older = try OlderDemoStore("classification-v24", version: 24)
        defer { older.close() }
        let v24 = try older.open(older.older)
        let may = Period(year: 2025, month: 5)
        let before = try v24.figures(for: may)
        #expect(try v24.readSession { try $0.tableExists("npl_summary") } == false)
        v24.close()

        let postgres = try older.open()
        defer { postgres.close() }
        #expect(try postgres.schemaVersion() == Schema.version)
        var after = try postgres.figures(for: may)
        #expect(after.banksNPL?.isEmpty == false && after.city.npl == .zero)
        after.banksNPL = nil
        after.city.npl = nil; after.city.techNPL = nil
        for i in after.chains.indices { after.chains[i].npl = nil; after.chains[i].techNPL = nil }
        #expect(after == before)
        #expect(try postgres.readSession { try $0.fetchOne("SELECT count(*) FROM loan_balances WHERE grade <> 1", as: Int.self) } == 0)
        #expect(try postgres.alertRule(id: 16)?.measure == .techNPLGap)
        #expect(try postgres.check().findings.map(\.description) == [])
    }
}
#endif
