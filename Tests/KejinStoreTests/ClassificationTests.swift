import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// The five-grade loan classification (issue 12 item 10, schema v25): loan_balances.csv's
/// `classification`, the NPL kept in npl_summary by the importer's recompute and delta, the
/// figures (city, chain, bank) and default rule 16 (`tech_npl_gap`). A store built by hand over
/// three imports — a recompute, a grade-only change, a `--replace` — against ratios worked out
/// by hand and `store check`; bad rows; the demo's figures against direct SQL.
@Suite struct ClassificationTests {
    /// B1 lends to E1 (tech, chain C1) L1 1000 and L5 100, to E2 (C1) L2 500; B2 to E1 L3 400
    /// and to E3 (no chain) L4 200. March 2025: L2 substandard, L3 次级, L4 关注, L5 doubtful.
    static let files: [(String, String)] = [
        ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\nB2,bank,银行二,Bank Two\n"),
        ("chains.csv", "code,name_zh,name_en\nC1,富硒,Selenium\n"),
        ("enterprises.csv", "code,name_zh,name_en,chain\nE1,企业一,Firm One,C1\nE2,企业二,Firm Two,C1\nE3,企业三,Firm Three,\n"),
        ("enterprise_tags.csv", "enterprise,tag,certificate,valid_from,valid_to\nE1,high_tech,GR1,2020-01-01,2030-12-31\n"),
        ("loans.csv", """
            code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge
            L1,B1,E1,general,2024-01-10,2026-01-10,1000,4,0,0,0,0,0
            L2,B1,E2,general,2024-01-10,2026-01-10,500,4,0,0,0,0,0
            L3,B2,E1,general,2024-01-10,2026-01-10,400,4,0,0,0,0,0
            L4,B2,E3,general,2024-01-10,2026-01-10,200,4,0,0,0,0,0
            L5,B1,E1,general,2024-01-10,2026-01-10,100,4,1,0,0,0,0

            """),
        ("loan_balances.csv", """
            loan,period,balance_yuan,classification
            L1,2025-03,1000,
            L2,2025-03,500,substandard
            L3,2025-03,400,次级
            L4,2025-03,200,关注
            L5,2025-03,100,doubtful

            """),
    ]
    static let march = Period(year: 2025, month: 3)

    /// "code balance npl techBalance techNPL" of the city (code ''), each chain and each bank, in yuan.
    static func npl(_ store: Store, _ p: Period = march) throws -> [String] {
        let f = try store.figures(for: p)
        func text(_ code: String, _ m: NPLMeasure?) -> String {
            guard let m else { return "\(code) -" }
            return "\(code) \(m.balance.fen / 100) \(m.npl.fen / 100) \(m.techBalance.fen / 100) \(m.techNPL.fen / 100)"
        }
        return [text("", f.city.nplMeasure)] + f.chains.map { text($0.code, $0.nplMeasure) }
            + (f.banksNPL ?? []).map { text($0.code, $0.measure) }
    }

    /// The same sums straight from loan_balances (grade 3 and up), per bank.
    static func direct(_ store: Store, _ p: Period) throws -> [String: [Int64]] {
        try store.readSession { s in
            Dictionary(uniqueKeysWithValues: try s.fetch("""
                SELECT l.bank, sum(b.balance), sum(CASE WHEN b.grade >= 3 THEN b.balance ELSE 0 END),
                  sum(CASE WHEN l.is_tech = 1 THEN b.balance ELSE 0 END), sum(CASE WHEN l.is_tech = 1 AND b.grade >= 3 THEN b.balance ELSE 0 END)
                FROM loan_balances b JOIN loans l ON l.id = b.loan_id WHERE b.period = ?1 GROUP BY l.bank
                """, p.key).map { row in (try row.get(0, as: String.self), try (1...4).map { try row.integer($0) }) })
        }
    }

    static func rule16(_ store: Store, _ p: Period = march) throws -> [String] {
        AlertEngine.alerts(for: try store.figures(for: p)).filter { $0.ruleID == 16 }.map { "\($0.entityCode) \($0.value)" }
    }

    @Test func threeImportsByHandRecomputeGradeOnlyAndReplace() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try Self.files.map { try f.write($0.0, $0.1) })
        // B1: 1600, NPL L2 + L5 = 600; tech L1 + L5 = 1100, NPL 100. B2: 600, NPL 400 (L3; L4 is
        // special mention, performing); tech 400, all NPL.
        #expect(try Self.npl(store) == [" 2200 1000 1500 500", "C1 2000 1000 1500 500", "B1 1600 600 1100 100", "B2 600 400 400 400"])
        // B1: 909 bp − 3750 bp; B2: 10000 − 6667 = +3333 bp, over rule 16's 299.
        #expect(try Self.rule16(store) == ["B2 3333"])
        #expect(try store.check().findings.map(\.description) == [])

        // Grade-only changes (same balances): L1 normal → loss, L2 substandard → special mention
        // (out of NPL: the delta must know its old grade), L4 关注 → normal.
        let grades = try f.write("loan_balances-2025-03-grades.csv",
                                 "loan,period,balance_yuan,classification\nL1,2025-03,1000,loss\nL2,2025-03,500,special_mention\nL4,2025-03,200,normal\n", folder: "b")
        #expect(try store.importFiles([grades], options: ImportOptions(dryRun: true)).files.first?.changed == 3)
        _ = try store.importFiles([grades])
        #expect(try Self.npl(store) == [" 2200 1500 1500 1500", "C1 2000 1500 1500 1500", "B1 1600 1100 1100 1100", "B2 600 400 400 400"])
        #expect(try store.check().findings.map(\.description) == [])

        // B1 resubmits March: L2 gone, L1 down to 800 (still loss), L5 back to normal (no column value).
        let replace = try f.write("loan_balances-2025-03-b1.csv", "loan,period,balance_yuan,classification\nL1,2025-03,800,损失\nL5,2025-03,100,\n", folder: "c")
        let replaced = try store.importFiles([replace], options: ImportOptions(replace: true)).replaced
        // L1's balance and L5's grade changed; L2 removed.
        #expect(replaced.map { "\($0.reporter) \($0.period) \($0.added) \($0.changed) \($0.removed)" } == ["B1 2025-03 0 2 1"])
        #expect(try Self.npl(store) == [" 1500 1200 1300 1200", "C1 1300 1200 1300 1200", "B1 900 800 900 800", "B2 600 400 400 400"])
        #expect(try store.check().findings.map(\.description) == [])
        // The figures are what loan_balances says, bank by bank.
        let figures = try store.figures(for: Self.march)
        for b in figures.banksNPL ?? [] {
            let d = try #require(try Self.direct(store, Self.march)[b.code])
            #expect([b.measure.balance.fen, b.measure.npl.fen, b.measure.techBalance.fen, b.measure.techNPL.fen] == d, "\(b.code)")
        }
        #expect(figures.banksNPL?.count == 2)

        // The kept rows equal a store built from the final ledger in one import (the recompute).
        let g = try Fixture()
        let fresh = try g.store()
        let final = "loan,period,balance_yuan,classification\nL1,2025-03,800,loss\nL3,2025-03,400,substandard\nL4,2025-03,200,\nL5,2025-03,100,\n"
        _ = try fresh.importFiles(try (Self.files.dropLast() + [("loan_balances.csv", final)]).map { try g.write($0.0, $0.1) })
        let kept = "SELECT * FROM npl_summary ORDER BY 1, 2, 3, 4"
        #expect(try store.readSession { try $0.fetch(kept).map(\.values) } == fresh.readSession { try $0.fetch(kept).map(\.values) })
    }

    /// A bad classification names file, row, column and value, and the import changes nothing
    /// (its good rows neither); an old balances file without the column imports as all normal.
    @Test func badRowsAndFilesWithoutTheColumn() throws {
        let (f, store) = try Fixture.crafted()
        let before = try Fixture.counts(store)
        let dump = { try store.readSession { try $0.fetch("SELECT * FROM loan_balances ORDER BY 1, 2").map(\.values) } }
        let rows = try dump()
        let bad = try f.write("loan_balances-2025-06-bad.csv", "loan,period,balance_yuan,classification\nL1,2025-06,999,substandard\nL2,2025-06,5,bad\n", folder: "bad")
        #expect(throws: ImportError(file: "loan_balances-2025-06-bad.csv", row: 3, column: "classification", value: "bad",
                                    reason: "is not one of: normal, special_mention, substandard, doubtful, loss (or 正常, 关注, 次级, 可疑, 损失)")) {
            try store.importFiles([bad])
        }
        let upper = try f.write("loan_balances-2025-06-upper.csv", "loan,period,balance_yuan,classification\nL1,2025-06,999,Substandard\n", folder: "upper")
        #expect(throws: ImportError.self) { try store.importFiles([upper]) }
        #expect(try dump() == rows && Fixture.counts(store) == before)
        #expect(try store.readSession { try $0.fetchOne("SELECT count(*) FROM npl_summary", as: Int.self) } == 0)
        // The crafted files have no classification column: every balance normal, no NPL anywhere.
        #expect(try store.readSession { try $0.fetchOne("SELECT count(*) FROM loan_balances WHERE grade <> 1", as: Int.self) } == 0)
        let june = try store.figures(for: Period(year: 2025, month: 6))
        #expect(june.city.npl == .zero && june.city.techNPL == .zero && june.banksNPL?.allSatisfy { $0.measure.npl == .zero } == true)
        #expect(AlertEngine.alerts(for: june).filter { $0.ruleID == 16 }.isEmpty)
    }

    /// Default rule 16 at, below and above its line (three points: above 299 bp), and the line
    /// moved by editing the rule. One bank: tech loans T1 (substandard, x yuan) and T2 (normal,
    /// 10000 − x), a general loan G1 of 10000: tech NPL ratio x bp, all-loan x ÷ 2 bp, gap x ÷ 2.
    @Test func rule16AtBelowAboveAndMoved() throws {
        let f = try Fixture()
        let store = try f.store()
        let base: [(String, String)] = [
            ("institutions.csv", "code,kind,name_zh,name_en\nB1,bank,银行一,Bank One\n"),
            ("enterprises.csv", "code,name_zh,name_en\nE1,企业一,Firm One\nE3,企业三,Firm Three\n"),
            ("enterprise_tags.csv", "enterprise,tag,certificate,valid_from,valid_to\nE1,high_tech,GR1,2020-01-01,2030-12-31\n"),
            ("loans.csv", """
                code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge
                T1,B1,E1,general,2024-01-10,2026-01-10,10000,4,0,0,0,0,0
                T2,B1,E1,general,2024-01-10,2026-01-10,10000,4,0,0,0,0,0
                G1,B1,E3,general,2024-01-10,2026-01-10,10000,4,0,0,0,0,0

                """),
        ]
        _ = try store.importFiles(try base.map { try f.write($0.0, $0.1) })
        func gap(_ x: Int) throws -> [String] {
            let file = try f.write("loan_balances-\(x).csv", "loan,period,balance_yuan,classification\nT1,2025-03,\(x),substandard\nT2,2025-03,\(10_000 - x),\nG1,2025-03,10000,normal\n", folder: "x\(x)")
            _ = try store.importFiles([file])
            return try Self.rule16(store)
        }
        let rule = try #require(try store.alertRule(id: 16))
        #expect(rule.measure == .techNPLGap && rule.warnAbove == 299 && rule.criticalAbove == nil && rule.enabled)
        #expect(try gap(598) == [])  // 2.99 points: below
        #expect(try gap(600) == ["B1 300"])  // three points: at the line, warns (metrics.md: "3 points or more")
        #expect(try gap(602) == ["B1 301"])  // above
        #expect(try store.check().findings.map(\.description) == [])
        var moved = rule
        moved.warnAbove = 300
        try store.saveAlertRule(moved)
        #expect(try Self.rule16(store) == ["B1 301"])
        #expect(try gap(600) == [])  // the line moved past 3.00 points
        moved.enabled = false
        try store.saveAlertRule(moved)
        #expect(try gap(602) == [])
    }

    /// The demo (the generator's choices, check_demo.py): the city's NPL ratios, each bank's
    /// figures equal to loan_balances summed directly, and rule 16 for 旬阳农商 alone from 2025-02.
    @Test func theDemosFiguresAgainstDirectSQL() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let may = try store.figures(for: Period(year: 2025, month: 5))
        let city = try #require(may.city.nplMeasure)
        #expect((city.ratio?.value, city.techRatio?.value) == (177, 138))
        let direct = try Self.direct(store, Period(year: 2025, month: 5))
        #expect(Set((may.banksNPL ?? []).map(\.code)) == Set(direct.keys))
        for b in may.banksNPL ?? [] {
            #expect([b.measure.balance.fen, b.measure.npl.fen, b.measure.techBalance.fen, b.measure.techNPL.fen] == direct[b.code], "\(b.code)")
        }
        #expect(may.banksNPL?.first { $0.code == "XYRCB" }?.techGap?.value == 441)
        for p in try store.availablePeriods() {
            let fired = try Self.rule16(store, p).map { String($0.prefix { $0 != " " }) }
            #expect(fired == (p.key >= "2025-02" ? ["XYRCB"] : []), "\(p.key)")
        }
        // Chains: their NPL is their banks' rows summed (each chain's loans at every bank).
        let chains = try store.readSession { s in
            Dictionary(uniqueKeysWithValues: try s.fetch("""
                SELECT e.chain, sum(CASE WHEN l.is_tech = 1 AND b.grade >= 3 THEN b.balance ELSE 0 END)
                FROM loan_balances b JOIN loans l ON l.id = b.loan_id JOIN enterprises e ON e.code = l.enterprise
                WHERE b.period = '2025-05' AND e.chain IS NOT NULL GROUP BY e.chain
                """).map { (try $0.get(0, as: String.self), try $0.integer(1)) })
        }
        for ch in may.chains { #expect(ch.techNPL?.fen == chains[ch.code] ?? 0, "\(ch.code)") }
        #expect(try store.check().findings.map(\.description) == [])
    }
}
