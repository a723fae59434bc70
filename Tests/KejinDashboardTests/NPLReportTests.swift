import CSV
import Foundation
import KejinCore
import Testing
@testable import KejinDashboard

/// `kejin report` carries the NPL (五级分类) of the city, each chain and each bank: text (the
/// banks under the chains' table), JSON (`npl`: fen and bp) and CSV (a section of the same rows);
/// none from a store without classifications.
@Suite struct NPLReportTests {
    static let xunyang = Names(zh: "旬阳农商银行", en: "Xunyang Rural Commercial Bank")

    /// The fixture with the city's NPL and two banks': 旬阳 10.82% of tech loans, 6.41% of all.
    static var figures: Figures {
        var f = Fixture.figures
        f.city.npl = Money(fen: 1_177_000_000)
        f.city.techNPL = Money(fen: 632_000_000)
        f.banksNPL = [
            BankNPL(code: "ICBC", name: Names(zh: "工商银行安康分行", en: "ICBC Ankang"),
                    measure: NPLMeasure(balance: Money(fen: 151_300_000_000), npl: Money(fen: 2_557_000_000),
                                        techBalance: Money(fen: 119_500_000_000), techNPL: Money(fen: 1_553_500_000))),
            BankNPL(code: "XYRCB", name: xunyang,
                    measure: NPLMeasure(balance: Money(fen: 8_640_000_000), npl: Money(fen: 553_824_000),
                                        techBalance: Money(fen: 4_271_170_000), techNPL: Money(fen: 462_140_594))),
        ]
        return f
    }

    @Test func jsonCarriesTheCityChainsAndBanks() throws {
        let json = try JSONReport.render(Self.figures, alerts: AlertEngine.alerts(for: Self.figures), language: .zh)
        let doc = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let npl = try #require(doc["npl"] as? [[String: Any]])
        #expect(npl.map { $0["kind"] as? String } == ["city"] + Fixture.chains.map { _ in "chain" } + ["bank", "bank"])
        let xy = try #require(npl.last)
        #expect(xy["code"] as? String == "XYRCB")
        #expect((xy["techNPL"] as? [String: Any])?["fen"] as? Int == 462_140_594)
        #expect(xy["techNPLRatioBp"] as? Int == 1_082 && xy["nplRatioBp"] as? Int == 641 && xy["techGapBp"] as? Int == 441)
        // Rule 16 fires for it (and only it) in the same report.
        let alerts = try #require(doc["alerts"] as? [[String: Any]])
        #expect(alerts.filter { $0["rule"] as? Int == 16 }.map { $0["entityCode"] as? String } == ["XYRCB"])
    }

    @Test func textAndCSV() throws {
        let text = TextReport.render(Self.figures, alerts: [], language: .zh)
        #expect(text.contains("不良贷款(五级分类)"))
        let line = try #require(text.split(separator: "\n").first { $0.contains("旬阳农商银行") && $0.contains("科技不良率") })
        #expect(line.contains("10.82%") && line.contains("6.41%") && line.contains("+4.41%"))

        let data = try CSVReport.render(Self.figures, alerts: [], language: .en)
        let csv = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(csv.contains("Non-performing loans (five-grade classification)"))
        #expect(csv.contains("bank,XYRCB,旬阳农商银行,Xunyang Rural Commercial Bank,86400000.00,5538240.00,6.41,42711700.00,4621405.94,10.82,4.41"))
        // A store without classifications: no section, no JSON rows.
        #expect(!String(decoding: try CSVReport.render(Fixture.figures, alerts: [], language: .en), as: UTF8.self).contains("Non-performing"))
        let plain = try JSONReport.render(Fixture.figures, alerts: [], language: .en)
        #expect(plain.contains("\"npl\" : [\n\n  ]") || plain.contains("\"npl\" : []"))
    }
}
