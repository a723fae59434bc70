import Foundation
import KejinCore
import KejinStore
import Testing

/// The demo data set obeys the re-lending coverage rules (issue 17) except for the two cases it
/// stages (Resources/demo/README.md): 旬阳农商's 支农 above its cap in 2025-05, and two 安康农商
/// 支小 ledger loans to firms registered only after the loan started, in 2025-05.
@Suite struct DemoCoverageTests {
    @Test func onlyTheStagedBreachesFire() throws {
        let demo = try DemoFiguresTests.demo.get()
        var fired: [String] = []
        for period in demo.periods {
            let f = try #require(demo.figures[period])
            for a in AlertEngine.alerts(for: f) where [.relendingCapUse, .ineligibleLedgerLoans].contains(a.measure) {
                fired.append("\(period.key) \(a.ruleID):\(a.entityCode)=\(a.value)")
            }
            // Tool by tool, the city's banks stay within the cap (the staged bank is one of three).
            for t in f.relendingTools {
                if let use = t.coverage?.capUse { #expect(use <= BasisPoints(10_000), "\(period.key) \(t.code) \(use)") }
            }
        }
        #expect(fired.count == 2)
        #expect(fired.first?.hasPrefix("2025-05 11:RL-AGRI/XYRCB=") == true)
        #expect(fired.last == "2025-05 12:RL-SME/AKRCB=2")
    }

    @Test func everyDrawnToolHasItsCapAndCoverage() throws {
        let may = try #require(try DemoFiguresTests.demo.get().figures[Period("2025-05")!])
        let caps = Dictionary(uniqueKeysWithValues: may.relendingTools.map { ($0.code, $0.coverage?.cap) })
        #expect(caps == ["RL-AGRI": BasisPoints(10_000), "RL-SME": BasisPoints(10_000),
                         "RL-REDISC": BasisPoints(10_000), "RL-TECH": BasisPoints(6_000)])
        for t in may.relendingTools { #expect(t.coverage?.coverage != nil, "\(t.code)") }
    }
}
