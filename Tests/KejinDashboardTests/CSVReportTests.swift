import CSV
import Foundation
import KejinCore
import Testing
@testable import KejinDashboard

/// `kejin report --format csv`: what Excel in a Chinese locale needs (UTF-8 with BOM, CRLF),
/// one section per table, and every amount the exact fen of the JSON report as yuan.
@Suite struct CSVReportTests {
    static let alerts = AlertEngine.alerts(for: Fixture.figures)

    /// The sections: title → rows (the header row first), parsed back with CSV.swift.
    func sections(_ language: Language) throws -> (bytes: Data, sections: [String: [[String]]]) {
        let data = try CSVReport.render(Fixture.figures, alerts: Self.alerts, language: language)
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(reader.error == nil)
        var sections: [String: [[String]]] = [:]
        var title: String?
        for row in rows.dropFirst() {
            if row.allSatisfy(\.isEmpty) { title = nil; continue }
            if let t = title { sections[t, default: []].append(row) } else { title = row[0]; sections[row[0]] = [] }
        }
        return (data, sections)
    }

    @Test func startsWithABOMAndEndsLinesWithCRLF() throws {
        let (data, _) = try sections(.zh)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("科金看板,期间,2025-05"))
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
    }

    @Test func amountsAreTheJSONReportsFenAsYuan() throws {
        let json = try JSONReport.render(Fixture.figures, alerts: Self.alerts, language: .zh)
        let doc = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let (_, s) = try sections(.zh)

        /// "12345.67" back to fen, digit by digit (no floating point).
        func fen(_ yuan: String) throws -> Int64 { try #require(Money(yuanText: yuan)).fen }
        func fen(_ amount: Any?) throws -> Int64 { try #require((amount as? [String: Any])?["fen"] as? NSNumber).int64Value }

        let chains = try #require(s[Str.chainsTitle.text(.zh)])
        let header = chains[0]
        let jsonChains = try #require(doc["chains"] as? [[String: Any]])
        #expect(chains.count - 1 == jsonChains.count && !jsonChains.isEmpty)
        for (row, j) in zip(chains.dropFirst(), jsonChains) {
            #expect(row[header.firstIndex(of: "代码")!] == j["code"] as? String)
            let loans = j["loans"] as? [String: Any], tech = j["techLoans"] as? [String: Any]
            #expect(try fen(row[header.firstIndex(of: "余额(元)")!]) == fen(loans?["balance"]))
            #expect(try fen(row[header.firstIndex(of: "科技贷款余额(元)")!]) == fen(tech?["balance"]))
            #expect(try fen(row[header.firstIndex(of: "担保余额(元)")!]) == fen(j["guaranteeBalance"]))
            if let bp = loans?["growthBp"] as? NSNumber {
                #expect(row[header.firstIndex(of: "同比(%)")!] == BasisPoints(bp.int64Value).percentText)
            }
        }

        let tools = try #require(s[Str.relendingTitle.text(.zh)])
        let jsonTools = try #require(doc["relendingTools"] as? [[String: Any]])
        #expect(tools.count - 1 == jsonTools.count)
        for (row, j) in zip(tools.dropFirst(), jsonTools) {
            #expect(try fen(row[tools[0].firstIndex(of: "额度(元)")!]) == fen(j["quota"]))
            #expect(try fen(row[tools[0].firstIndex(of: "已用(元)")!]) == fen(j["drawn"]))
            #expect(try fen(row[tools[0].firstIndex(of: "合格台账贷款(元)")!]) == fen((j["coverage"] as? [String: Any])?["eligibleLedger"]))
        }

        let city = try #require(s["科技金融总量"])
        #expect(try fen(city[1][1]) == fen((doc["techLoans"] as? [String: Any])?["balance"]))
        #expect(city[1][0] == Str.tileTechLoans.text(.zh))

        // Every amount column holds yuan with exactly two decimals.
        for (_, rows) in s {
            for (i, title) in rows[0].enumerated() where title.hasSuffix("(元)") {
                for row in rows.dropFirst() where !row[i].isEmpty {
                    #expect(row[i].wholeMatch(of: /-?[0-9]+\.[0-9]{2}/) != nil, "\(title): \(row[i])")
                }
            }
        }
    }

    @Test func oneSectionPerTableWithAlertsAndPools() throws {
        let (_, zh) = try sections(.zh)
        #expect(Set(zh.keys) == Set(["科技金融总量", Str.chainsTitle.text(.zh), Str.categoriesTitle.text(.zh), Str.relendingTitle.text(.zh),
                                 Str.guarantorsTitle.text(.zh), "风险补偿资金池", Str.alertsTitle.text(.zh)]
                                 // The programme's (ProgrammeReport.csvSections).
                                 + [Str.policyEffectTitle, .lowCostTitle, .whitelistTitle, .pipelineTitle, .meetingsTitle, .costByChainTitle, .costByBankTitle, .spreadTitle,
                                    .evaluationTitle, .fundTitle, .productsTitle, .cooperationTitle, .stationsTitle, .subsidyTitle].map { $0.text(.zh) }))
        #expect(zh[Str.costByBankTitle.text(.zh)]!.count - 1 == Fixture.programme.cost.byBank.count)
        // The products (一链一行): a row per product, its balance the exact fen as yuan.
        #expect(zh[Str.productsTitle.text(.zh)]!.dropFirst().map { [$0[0], $0[2], $0[8], $0[9]] }
                == Fixture.products.products.map { [$0.code, $0.bank, $0.balance.yuanText, "\($0.borrowers)"] })
        // The chains' "of which": a row per chain and category, its balance the exact fen as yuan.
        #expect(zh[Str.categoriesTitle.text(.zh)]!.dropFirst().map { [$0[0], $0[3], $0[6], $0[7]] }
                == Fixture.teaCategories.map { [Fixture.figures.chains[2].code, $0.category.rawValue, "\($0.firms)", $0.balance.yuanText] })
        #expect(zh[Str.alertsTitle.text(.zh)]!.count - 1 == Self.alerts.count && !Self.alerts.isEmpty)
        #expect(zh["风险补偿资金池"]!.count - 1 == Fixture.figures.pools.count)
        let (_, en) = try sections(.en)
        #expect(en[Str.chainsTitle.text(.en)]?.first?.contains("Balance (yuan)") == true)
        // Every row of a section has its header's width.
        for (_, rows) in zh { #expect(rows.allSatisfy { $0.count == rows[0].count }) }
    }

    /// The programme (ProgrammeReport) in every format: the same fen and counts as the figures.
    @Test func programmeInTextJSONAndCSV() throws {
        let p = Fixture.programme
        let json = try JSONReport.render(Fixture.figures, alerts: Self.alerts, language: .zh)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let programme = try #require(doc["programme"] as? [String: Any])
        let whitelist = try #require(programme["whitelist"] as? [String: Any])
        #expect(whitelist["listed"] as? Int == p.whitelist.listed && whitelist["coverageBp"] as? Int == 6388)
        let policy = try #require(programme["policyEffect"] as? [String: Any])
        let total = try #require((policy["total"] as? [String: Any])?["amount"] as? [String: Any])
        #expect((total["fen"] as? NSNumber)?.int64Value == p.policyEffect.total.amount.fen)
        #expect((policy["months"] as? [Any])?.count == p.policyEffect.months.count)
        #expect(programme["awaiting"] == nil)

        let (_, zh) = try sections(.zh)
        let w = try #require(zh[Str.whitelistTitle.text(.zh)])
        #expect(w.count == 2 && w[1][0] == "645" && w[1][1] == "412" && w[1][2] == "1836000000.00")

        let text = TextReport.render(Fixture.figures, alerts: Self.alerts, language: .zh, width: 100)
        #expect(text.contains(Str.reportProgrammeTitle.text(.zh)))
        for pillar in [Str.pillarCoordination, .pillarChains, .pillarMatrix, .pillarSafeguards] { #expect(text.contains(pillar.text(.zh))) }
        #expect(text.contains("645户") && text.contains("85.00亿元"))

        // The products (ProductReport): JSON per product in fen and basis points, the text's panel.
        let products = try #require(programme["products"] as? [[String: Any]])
        #expect(products.count == p.products?.products.count)
        let xld = try #require(products.first { $0["code"] as? String == "XLD" })
        #expect(xld["bank"] as? String == "ABC" && xld["chain"] as? String == "SE" && xld["kind"] as? String == "chain"
                && xld["borrowers"] as? Int == 19 && xld["growthBp"] as? Int == 1408)
        #expect(((xld["balance"] as? [String: Any])?["fen"] as? NSNumber)?.int64Value == Fixture.yi(1_64).fen)
        #expect(products.first { $0["code"] as? String == "CYJJD" }?["growthBp"] == nil)
        #expect(text.contains(Str.productsTitle.text(.zh)) && text.contains("硒链贷") && text.contains("+14.08%"))
        // In a pipe (no --width) a long product name stays whole: the screen's cap is not the report's.
        var long = Fixture.figures
        long.programme?.products?.products[0].name = Names(zh: "科技创新和技术改造再贷款专项贷", en: "Tech Re-lending Special Loan")
        #expect(TextReport.render(long, alerts: Self.alerts, language: .zh, width: nil).contains("科技创新和技术改造再贷款专项贷"))

        // Bank–guarantor cooperation and the service stations (OutreachReport): JSON counts and fen, CSV rows, text.
        let cooperation = try #require(programme["guarantorCooperation"] as? [String: Any])
        let modes = try #require(cooperation["modes"] as? [[String: Any]])
        #expect(modes.map { $0["mode"] as? String } == ["cooperation", "online", "guarantee_on_approval"])
        #expect(modes.map { $0["institutions"] as? Int } == [19, 26, 17])
        let stations = try #require(programme["serviceStations"] as? [String: Any])
        #expect(stations["stations"] as? Int == 11 && stations["institutions"] as? Int == 20)
        #expect((stations["byStation"] as? [Any])?.count == 11)
        let lent = try #require(((stations["total"] as? [String: Any])?["loans"] as? [String: Any]))
        #expect(lent["count"] as? Int == p.stations.total.loans.loans
                && ((lent["amount"] as? [String: Any])?["fen"] as? NSNumber)?.int64Value == p.stations.total.loans.amount.fen)
        let c = try #require(zh[Str.cooperationTitle.text(.zh)])
        #expect(c.count == 1 + 1 + p.cooperation.institutions.count && Array(c[1][2...4]) == ["19", "26", "17"])
        let st = try #require(zh[Str.stationsTitle.text(.zh)])
        #expect(st.count == 1 + 1 + 11 && st[1][2] == "20" && st[1][7] == "\(p.stations.total.loans.loans)"
                && st[1][8] == p.stations.total.loans.amount.yuanText)
        #expect(text.contains(Str.cooperationTitle.text(.zh)) && text.contains("26家") && text.contains(Str.stationsTitle.text(.zh)))
        // The guidance fund (FundReport): JSON fen and basis points, the CSV row, the text's lines.
        let funds = try #require(programme["guidanceFunds"] as? [[String: Any]])
        #expect(funds.count == 1 && funds[0]["leverage"] as? Int == 5 && funds[0]["firms"] as? Int == 3
                && funds[0]["usageBp"] as? Int == 1700 && funds[0]["tripped"] as? Bool == false)
        #expect(((funds[0]["ceiling"] as? [String: Any])?["fen"] as? NSNumber)?.int64Value == Money.wan(10_000).fen)
        let fundRows = try #require(zh[Str.fundTitle.text(.zh)])
        #expect(fundRows.count == 2 && fundRows[1][5] == "100000000.00" && fundRows[1][8] == "17000000.00" && fundRows[1][10] == "17.00")
        #expect(text.contains("汉阴县科创引导基金") && text.contains("1:5") && text.contains("1.00亿元"))
        // The interest subsidy (SubsidyReport): JSON fen and basis points, the CSV rows, the text's lines.
        let subsidy = try #require(programme["interestSubsidy"] as? [String: Any])
        #expect(((subsidy["budget"] as? [String: Any])?["fen"] as? NSNumber)?.int64Value == Money.wan(500).fen)
        #expect(((subsidy["left"] as? [String: Any])?["fen"] as? NSNumber)?.int64Value == p.subsidy.left.fen)
        #expect((subsidy["banks"] as? [[String: Any]])?.map { $0["claimUseBp"] as? Int } == [2868, 1915, 10237])
        let sub = try #require(zh[Str.subsidyTitle.text(.zh)])
        #expect(sub.count == 1 + 1 + 3 && sub[1][2] == "5000000.00" && sub[1][5] == p.subsidy.paid.yuanText && sub[3][7] == "19.15")
        #expect(text.contains(Str.subsidyTitle.text(.zh)) && text.contains("500.00万元"))
        // The whitelist's pushes and the meetings (PipelineReport): JSON counts, fen and basis points, the CSV rows, the text's lines.
        let pipeline = try #require(programme["pipeline"] as? [String: Any])
        #expect(pipeline["since"] as? String == "2025-01")
        let pushes = try #require(pipeline["pushes"] as? [String: Any])
        #expect(pushes["pushed"] as? Int == 111 && pushes["conversionBp"] as? Int == 3604)
        #expect((((pushes["lent"] as? [String: Any])?["amount"] as? [String: Any])?["fen"] as? NSNumber)?.int64Value == p.pipeline.total.loans.amount.fen)
        #expect((pipeline["byBank"] as? [[String: Any]])?.map { $0["bank"] as? String } == ["ICBC", "AKRCB", "XYRCB"])
        #expect((pipeline["meetings"] as? [String: Any])?["meetings"] as? Int == 12)
        let push = try #require(zh[Str.pipelineTitle.text(.zh)])
        #expect(push.count == 1 + 1 + 3 && push[1][2] == "111" && push[1][7] == "40" && push[1][8] == "304600000.00" && push[1][9] == "36.04")
        let met = try #require(zh[Str.meetingsTitle.text(.zh)])
        #expect(met.count == 1 + 3 && met[3][1] == "12" && met[3][5] == "945000000.00" && met[1][1] == "2")
        #expect(text.contains(Str.pipelineTitle.text(.zh)) && text.contains("111个") && text.contains("12场") && text.contains("36.04%"))
        // Without the programme (a region's report), no section.
        var region = Fixture.figures
        region.programme = nil
        #expect(!TextReport.render(region, alerts: Self.alerts, language: .zh).contains(Str.reportProgrammeTitle.text(.zh)))
    }
}
