import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// Regions (RegionSummary.swift): a region's figures add up from its children to the fen,
/// borrowers included, in every period; they equal a plain full scan; bad regions files are
/// refused naming file, row, column and value, changing nothing.
@Suite struct RegionTests {
    let data = ScaleData(loans: 3_000, months: 13)

    private func loadedStore() throws -> (Fixture, Store) { try data.importedStore() }

    /// The measures a region's figures sum: the city's five, and per chain its loans, tech
    /// loans, re-lending-funded balance and guarantees.
    private struct Sums: Equatable {
        var values: [String: Int64] = [:]
        mutating func add(_ f: Figures) {
            let city = [("tech", f.city.techLoans), ("innovation", f.city.techInnovationLoans),
                        ("transformation", f.city.techTransformationLoans), ("ip", f.city.ipPledgeLoans), ("all", f.city.allLoans)]
            for (name, m) in city { add(name, m) }
            for c in f.chains {
                add("\(c.code) loans", c.loans)
                add("\(c.code) tech", c.techLoans)
                values["\(c.code) relending", default: 0] += c.relendingFunded.fen
                values["\(c.code) guarantees", default: 0] += c.guaranteeBalance.fen
            }
        }
        private mutating func add(_ name: String, _ m: LoanMeasure) {
            values["\(name) balance", default: 0] += m.balance.fen
            values["\(name) borrowers", default: 0] += Int64(m.borrowers)
            // Every region has a year-ago figure or none does (the store's periods decide).
            if let ago = m.balanceYearAgo { values["\(name) year ago", default: 0] += ago.fen } else { values["\(name) no year ago"] = 1 }
        }
    }

    @Test func regionSumsEqualTheParentsFiguresToTheFenForEveryPeriod() throws {
        let (_, store) = try loadedStore()
        let tree = try store.regionTree()
        #expect(tree.regions.count == 7)
        let parents = tree.regions.filter { !tree.children(of: $0.code).isEmpty }
        #expect(parents.map(\.code) == ["C1", "C2", "P"])
        for p in try store.availablePeriods() {
            for parent in parents {
                var whole = Sums(), children = Sums()
                whole.add(try store.figures(for: p, region: parent.code))
                for child in tree.children(of: parent.code) {
                    let f = try store.figures(for: p, region: child.code)
                    // Not vacuous: each region lends in every measure once its loans started.
                    if p >= data.periods[5] { #expect(f.city.techLoans.borrowers > 0 && f.city.ipPledgeLoans.balance > .zero) }
                    children.add(f)
                }
                #expect(children == whole, "\(parent.code) at \(p.key)")
                // The Regions view's ranking of the children reads the same sums.
                let ranked = try store.childRegions(for: p, region: parent.code)
                for row in ranked {
                    let f = try store.figures(for: p, region: row.region.code)
                    #expect(row.loans == f.city.allLoans && row.techLoans == f.city.techLoans)
                }
            }
            // The province and the enterprises without a region make up the store.
            let whole = try store.figures(for: p), province = try store.figures(for: p, region: "P")
            let none = try store.dbQueue.read { try FullScanBaseline.load($0, periods: [p], regions: [""]) }[p.key]?[""]
            #expect((none?.balance(.all) ?? 0) > 0)
            #expect(whole.city.allLoans.balance.fen == province.city.allLoans.balance.fen + (none?.balance(.all) ?? 0))
            #expect(whole.city.techLoans.borrowers == province.city.techLoans.borrowers + (none?.borrowers(.tech) ?? 0))
        }
    }

    /// Each region's figures equal a full scan of its enterprises' balances (summary path and
    /// baseline agree), including guarantors, pools and re-lending mapped to regions.
    @Test func regionFiguresEqualAFullScan() throws {
        let (f, store) = try loadedStore()
        func expectEqual(_ label: String) throws {
            for p in [data.periods[4], data.periods.last!] {
                for code in try store.regionTree().regions.map(\.code) {
                    let (summary, scan) = try store.summaryAndFullScan(for: p, region: code)
                    #expect(summary == scan, "\(label): \(code) at \(p.key)")
                    #expect(summary.region?.code == code)
                }
            }
        }
        try expectEqual("imported")
        // Enterprises moved between regions and out of every region, a county moved to the
        // other city: the summaries follow.
        _ = try store.importFiles([
            try f.write("enterprises-moved.csv", "code,name_zh,name_en,chain,region\nE2,企业2,Firm 2,C2,K21\nE3,企业3,Firm 3,C3,\nE6,企业6,Firm 6,,K11\n"),
            try f.write("regions-moved.csv", "code,name_zh,name_en,parent,level\nK12,县12,County 12,C2,county\n"),
        ])
        try expectEqual("moved")
        #expect(try store.regionTree().children(of: "C2").map(\.code) == ["K12", "K21", "K22"])
        #expect(try store.check().findings == [])
        // Re-lending in a region: the draws of its banks (B0 and B4 are in K11), no quota.
        let k11 = try store.figures(for: data.periods.last!, region: "K11")
        let drawn = try store.dbQueue.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT sum(amount) FROM relending_draws WHERE bank IN ('B0', 'B4') AND draw_date <= ? AND maturity_date > ?
                """, arguments: [data.periods.last!.endDate, data.periods.last!.endDate])
        }
        #expect(k11.relendingTools[0].drawn.fen == drawn && drawn! > 0)
        #expect(k11.relendingTools[0].quota == .zero && k11.relendingTools[0].usage == nil)
    }

    /// A region's guarantors: each one's balance in force and firms equal a plain query over
    /// the guarantees whose enterprise lies in the region's subtree (written here, apart from
    /// FiguresQuery's own SQL, which both the summary and the full-scan path share).
    @Test func regionGuarantorsEqualAPlainQueryOfTheirGuarantees() throws {
        let f = try Fixture()
        let store = try f.demoStore()  // the scale data has no guarantees; the demo's are spread over counties
        let tree = try store.regionTree()
        var seen = 0
        for p in try store.availablePeriods().suffix(3) { for code in tree.regions.map(\.code) {
            let codes = Array(tree.subtree(code))
            let marks = codes.map { _ in "?" }.joined(separator: ",")
            let expected = try store.dbQueue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT g.guarantor, sum(g.amount), count(DISTINCT g.enterprise)
                    FROM guarantees g JOIN enterprises e ON e.code = g.enterprise
                    WHERE e.region IN (\(marks)) AND g.start_date <= ? AND g.end_date > ?
                      AND (g.released_date IS NULL OR g.released_date > ?)
                    GROUP BY g.guarantor
                    """, arguments: StatementArguments(codes + [p.endDate, p.endDate, p.endDate]))
                    .map { [$0[0] as String: ($0[1] as Int64, $0[2] as Int)] }
                    .reduce(into: [:]) { $0.merge($1) { a, _ in a } }
            }
            let figures = try store.figures(for: p, region: code)
            let shown = Dictionary(uniqueKeysWithValues: figures.guarantors.map { ($0.code, ($0.balanceInForce.fen, $0.firmsInForce)) })
            #expect(shown.mapValues(\.0) == expected.mapValues(\.0), "\(code)")
            #expect(shown.mapValues(\.1) == expected.mapValues(\.1), "\(code)")
            seen += expected.count
        } }
        #expect(seen > 0)
    }

    // MARK: bad regions

    private func expectRejected(_ name: String, _ text: String, _ expected: ImportError,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles([try f.write("regions.csv", ScaleData.regions)])
        let before = try StoreDump(store)
        #expect(throws: expected, sourceLocation: sourceLocation) { try store.importFiles([try f.write(name, text, folder: "bad")]) }
        #expect(try StoreDump(store) == before, sourceLocation: sourceLocation)
    }

    private let header = "code,name_zh,name_en,parent,level\n"

    @Test func badRegionsAreRefusedNamingFileRowColumnAndValue() throws {
        try expectRejected("regions.csv", header + "K13,县13,County 13,C1,county\nX,县,County,NOPE,county\n",
                           ImportError(file: "regions.csv", row: 3, column: "parent", value: "NOPE",
                                       reason: "is not a known region code (a parent must come before its children)"))
        try expectRejected("regions.csv", header + "P,省,Province,K11,province\n",
                           ImportError(file: "regions.csv", row: 2, column: "parent", value: "K11",
                                       reason: "lies within P itself: the regions would form a cycle"))
        try expectRejected("regions.csv", header + "C3,市3,City 3,C3,city\n",
                           ImportError(file: "regions.csv", row: 2, column: "parent", value: "C3",
                                       reason: "is not a known region code (a parent must come before its children)"))
        try expectRejected("regions.csv", header + "K9,县9,County 9,K11,county\n",
                           ImportError(file: "regions.csv", row: 2, column: "level", value: "county",
                                       reason: "is not below the level of its parent K11 (county); the order is province, city, county"))
        try expectRejected("regions.csv", header + "C1,市1,City 1,P,county\n",
                           ImportError(file: "regions.csv", row: 2, column: "level", value: "county",
                                       reason: "is not above the level of its child region K11 (county)"))
        try expectRejected("regions.csv", header + "K9,县9,County 9,C1,town\n",
                           ImportError(file: "regions.csv", row: 2, column: "level", value: "town",
                                       reason: "is not one of: province, city, county"))
        try expectRejected("enterprises.csv", "code,name_zh,name_en,chain,region\nE1,企业,Firm,,K99\n",
                           ImportError(file: "enterprises.csv", row: 2, column: "region", value: "K99",
                                       reason: "is not a known region code"))
        try expectRejected("institutions.csv", "code,kind,name_zh,name_en,region\nB1,bank,银行,Bank,K99\n",
                           ImportError(file: "institutions.csv", row: 2, column: "region", value: "K99",
                                       reason: "is not a known region code"))
    }

    /// A store without regions is one region: the whole store, with no child regions.
    @Test func aStoreWithoutRegionsIsOneRegion() throws {
        let (_, store) = try Fixture.crafted()
        #expect(try store.regionTree().isEmpty)
        let p = Period("2025-06")!
        let f = try store.figures(for: p)
        let none = try store.childRegions(for: p, region: nil)
        #expect(f.region == nil && f.regionTree.isEmpty && none.isEmpty)
        #expect(try store.check().findings == [])
    }

    /// The demo's Ankang: its ten districts and counties add up to the city's published
    /// figures in every period (every demo enterprise is in one of them), to the fen.
    @Test func demoCountiesAddUpToTheCity() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let tree = try store.regionTree()
        let counties = tree.children(of: "610900")
        #expect(counties.map { $0.name.zh }.sorted() == ["宁陕县", "岚皋县", "平利县", "旬阳市", "汉滨区", "汉阴县", "白河县", "石泉县", "紫阳县", "镇坪县"])
        #expect(tree.path(to: "610921").map(\.name.zh) == ["陕西省", "安康市", "汉阴县"])
        for p in try store.availablePeriods() {
            var whole = Sums(), parts = Sums()
            let city = try store.figures(for: p)
            whole.add(city)
            for county in counties { parts.add(try store.figures(for: p, region: county.code)) }
            #expect(parts == whole, "counties at \(p.key)")
            #expect(try store.figures(for: p, region: "610900").city == city.city)
        }
        // 2025-03: the published 45.81亿元 is the sum of the counties' tech loans.
        let march = Period("2025-03")!
        let ranked = try store.childRegions(for: march, region: "610900")
        #expect(ranked.reduce(0) { $0 + $1.techLoans.balance.fen } == 458_100_000_000)
        // Hanyin holds the graphite firms of the industrial fund; Xunyang's draws are its RCB's.
        let may = Period("2025-05")!
        let hanyin = try store.figures(for: may, region: "610921")
        #expect(hanyin.chains.first { $0.code == "CARB" }!.loans.balance > .zero)
        #expect(hanyin.guarantors.map(\.code).contains("HYFG") && hanyin.guarantors.allSatisfy { $0.netAssets == nil })
        let xunyang = try store.figures(for: may, region: "610981")
        let drawn = try store.dbQueue.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT coalesce(sum(amount), 0) FROM relending_draws
                WHERE bank = 'XYRCB' AND draw_date <= '2025-05-31' AND maturity_date > '2025-05-31'
                  AND (repaid_date IS NULL OR repaid_date > '2025-05-31')
                """)!
        }
        #expect(xunyang.relendingTools.reduce(0) { $0 + $1.drawn.fen } == drawn && drawn > 0)
        #expect(try store.check().findings == [])
    }

    /// A region holding every enterprise and every drawing bank (the demo's province, and its
    /// one city) is the whole store: the same figures — quotas, leverage — and the same alerts,
    /// re-lending usage included; a county is not.
    @Test func aRegionHoldingEverythingIsTheWholeStore() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let periods = try store.availablePeriods()
        let p = try #require(try store.defaultPeriod(in: periods))
        let whole = try store.evaluatedAlerts(for: p, periods: periods)
        #expect(whole.alerts.contains { $0.ruleID == 1 }, "the demo's re-lending usage alert")
        let computed = store.versioned.wholeFiguresComputed
        for code in ["610000", "610900"] {
            let region = try store.evaluatedAlerts(for: p, periods: periods, region: code)
            var figures = region.figures
            #expect(figures.region?.code == code)
            figures.region = nil
            #expect(figures == whole.figures && region.alerts == whole.alerts, "\(code)")
        }
        // Computed once for the whole store and both regions (the Regions view asks for its
        // city's figures right after the status line's).
        #expect(store.versioned.wholeFiguresComputed == computed)
        // Kept for the day only: the reporting status in them counts days late.
        for day in ["2030-01-01", "2030-01-01", "2030-01-02"] {
            _ = try store.readSession { s in try store.versioned.wholeFigures(s, p, day: day) { try FiguresQuery(session: s, period: p).figures() } }
        }
        #expect(store.versioned.wholeFiguresComputed == computed + 2)
        let county = try store.figures(for: p, region: "610921")
        #expect(county.relendingTools.allSatisfy { $0.quota == .zero } && county.guarantors.allSatisfy { $0.netAssets == nil })
    }

    /// `store check` finds a region summary row changed by hand, and one missing.
    @Test func checkFindsACorruptedRegionSummary() throws {
        let (_, store) = try loadedStore()
        let p = data.periods[6].key
        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE region_summary SET tech_borrowers = tech_borrowers + 1 WHERE period = ? AND region = 'K12' AND chain = 'C3'", arguments: [p])
            try db.execute(sql: "DELETE FROM region_bank_summary WHERE period = ? AND region = 'K21' AND bank = 'B2'", arguments: [p])
            // A region's total (its chains' rows summed, and its firms' without a chain).
            try db.execute(sql: "UPDATE region_summary SET all_balance = all_balance + 1 WHERE period = ? AND region = 'K11' AND chain = ''", arguments: [p])
        }
        let messages = try store.check().findings.map(\.message)
        #expect(messages.contains { $0.hasPrefix("region_summary \(p) region 'K12' chain C3: tech_borrowers ") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("region_bank_summary \(p) region 'K21 B2' ") && $0.contains("row missing") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("region_summary \(p) region 'K11' total: all_balance ") }, "\(messages)")
        #expect(messages.filter { $0.hasPrefix("region_summary ") }.count == 2, "\(messages)")   // nothing else differs
    }
}
