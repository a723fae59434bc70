import Foundation
import KejinCore
import KejinStore
import Testing

/// The bundled demo data set, imported into a fresh store, must make the store's own queries
/// arrive at the figures published in the PBoC Ankang branch article (seed-figures.md).
/// Expected values are written as the article states them.
@Suite struct DemoFiguresTests {
    /// What one import of the demo set yields; imported once for the whole suite.
    struct Demo: Sendable {
        var periods: [Period]
        var figures: [Period: Figures]
        var rows: Int
        var importSeconds: Double
        /// The chains' "of which" at 2025-05 (`Store.chainCategories`; not part of the figures).
        var categoriesMay2025: [String: [CategoryMeasure]]
    }

    static let demo: Result<Demo, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("kejin.sqlite").path)
        let t0 = Date()
        let summary = try store.importDemo()
        let seconds = Date().timeIntervalSince(t0)
        let periods = try store.availablePeriods()
        var figures: [Period: Figures] = [:]
        for p in periods { figures[p] = try store.figures(for: p) }
        print(String(format: "DEMO import: %d rows in %.2f s", summary.rows, seconds))
        return Demo(periods: periods, figures: figures, rows: summary.rows, importSeconds: seconds,
                    categoriesMay2025: try store.chainCategories(for: Period("2025-05")!, region: nil))
    }

    func figures(_ key: String) throws -> Figures {
        let demo = try Self.demo.get()
        let period = try #require(Period(key))
        return try #require(demo.figures[period], "no figures for \(key)")
    }

    @Test func periodsRunFromDecember2023ToMay2025() throws {
        let periods = try Self.demo.get().periods
        #expect(periods.first == Period("2023-12"))
        #expect(periods.last == Period("2025-05"))
        #expect(periods.count == 18)
    }

    @Test func cityTechLoansEndOfFirstQuarter2025() throws {
        let f = try figures("2025-03")
        #expect(f.city.techLoans.balance == Money.yi(45) + Money.wan(8100))   // 45.81亿元
        #expect(f.city.techLoans.growth == BasisPoints(1445))                // +14.45%
        #expect(f.city.ipPledgeLoans.balance == Money.wan(6516))             // 6516万元
    }

    @Test func innovationAndTransformationLoansEndOfMay2025() throws {
        let f = try figures("2025-05")
        #expect(f.city.techInnovationLoans.balance == Money.yi(5) + Money.wan(2500))  // 5.25亿元
        #expect(f.city.techTransformationLoans.balance == Money.wan(3380))            // 3380万元
    }

    @Test func teaChainEndOfMay2025() throws {
        let f = try figures("2025-05")
        let tea = try #require(f.chains.first { $0.name.zh == "茶叶" })
        #expect(tea.loans.borrowers == 2334)
        #expect(tea.loans.balance == Money.yi(2) + Money.wan(8000))  // 2.8亿元
        #expect(tea.leadBank?.zh == "安康农商银行")
    }

    /// seed-figures.md: "of which 9 provincial key small/micro firms 4901.5万元, 42 listed new-type
    /// agricultural entities (cooperatives) 2370.69万元", from the store's tags and balances.
    @Test func teaChainOfWhichEndOfMay2025() throws {
        var f = try figures("2025-05")
        // Only the screens that show them load them: the figures alone carry none.
        #expect(f.chains.allSatisfy { $0.categories == nil })
        f.setCategories(try Self.demo.get().categoriesMay2025)
        let tea = try #require(f.chains.first { $0.name.zh == "茶叶" })
        #expect(tea.categories == [
            CategoryMeasure(category: .keySmallMicro, firms: 9, balance: Money(fen: 4_901_500_000)),    // 4901.5万元
            CategoryMeasure(category: .newAgriEntity, firms: 42, balance: Money(fen: 2_370_690_000)),   // 2370.69万元
        ])
        // No other chain has a categorised firm in the demo.
        #expect(f.chains.filter { $0.categories != [] }.map(\.code) == [tea.code])
    }

    /// "ICBC Ankang's first tech-innovation and transformation re-lending loan, 500万元".
    @Test func firstTechRelendingLoanIsICBCs500Wan() throws {
        let f = try figures("2025-05")
        let tool = try #require(f.relendingTools.first { $0.code == "RL-TECH" })
        let first = try #require(tool.firstLoan)
        #expect(first.bank.zh == "中国工商银行安康分行" && first.amount == Money.wan(500))
        #expect(first.draw == "RD-TECH-01" && first.startDate == "2025-01-10")
        // Before its draw (2025-01-16) the tool has no first loan yet.
        #expect(try figures("2024-12").relendingTools.first { $0.code == "RL-TECH" }?.firstLoan == nil)
    }

    @Test func seleniumChainGrew42PercentIn2024() throws {
        let f = try figures("2024-12")
        let se = try #require(f.chains.first { $0.name.zh == "富硒食品" })
        #expect(se.loans.growth == BasisPoints(4200))
        #expect(se.leadBank?.zh == "中国农业银行安康分行")
    }

    @Test func nineChainsWithLeadBanks() throws {
        let f = try figures("2025-05")
        let names = Set(f.chains.map(\.name.zh))
        for chain in ["富硒食品", "新型材料", "茶叶", "魔芋", "生猪", "渔业", "生物医药", "毛绒玩具"] {
            #expect(names.contains(chain), "missing chain \(chain)")
        }
        #expect(names.contains { $0.hasPrefix("碳基材料") })
        #expect(f.chains.allSatisfy { $0.leadBank != nil })
    }

    @Test func caixinGuaranteesEndOfMay2025() throws {
        let f = try figures("2025-05")
        let caixin = try #require(f.guarantors.first { $0.name.zh.contains("财信") })
        #expect(caixin.firmsInForce == 41)
        #expect(caixin.balanceInForce == Money.yi(3) + Money.wan(2700))  // 3.27亿元
        let fee = try #require(caixin.averageFeeRate)
        #expect(fee < BasisPoints(100))                                  // below 1%
    }

    @Test func riskCompensationPool() throws {
        let f = try figures("2025-05")
        let pool = try #require(f.pools.first)
        #expect(pool.capital == Money.wan(1050))
        #expect(pool.riskShare == BasisPoints(1000))
        #expect(pool.breaker == BasisPoints(300))
        #expect(pool.payouts >= 2)
        #expect(pool.paidOut > .zero && pool.paidOut < pool.capital)
    }

    @Test func techRelendingRateHistory() throws {
        let before = try #require(try figures("2024-12").relendingTools.first { $0.code == "RL-TECH" })
        let after = try #require(try figures("2025-05").relendingTools.first { $0.code == "RL-TECH" })
        #expect(before.rate == BasisPoints(175))
        #expect(after.rate == BasisPoints(150))
        #expect(after.drawn > .zero && after.ledgerLoans > 0)
        // Before the tool existed it has neither quota nor rate.
        let march2024 = try #require(try figures("2024-03").relendingTools.first { $0.code == "RL-TECH" })
        #expect(march2024.rate == nil && march2024.quota == .zero)
    }

    /// Every default rule the data set is built to trigger fires in the period the README names.
    @Test func defaultAlertsFire() throws {
        let may = AlertEngine.alerts(for: try figures("2025-05"))
        func fired(_ rule: Int64, _ entity: String) -> Bool {
            may.contains { $0.ruleID == rule && $0.entityCode == entity }
        }
        #expect(fired(1, "RL-TECH"))   // usage far below 80%
        #expect(fired(2, "RL-AGRI"))   // a draw due 2025-06-18 with both rollovers used
        #expect(fired(3, "HYFG"))      // fee above 1%
        #expect(!fired(3, "CAIXIN"))
        #expect(fired(4, "AKFG"))      // leverage above 10x
        #expect(fired(5, "AKFG"))      // a bank keeps only 10% of the risk
        #expect(fired(8, "FISH"))      // fishery tech loans fall year on year
        #expect(fired(9, "FISH"))
        // Rule 13, the evaluation in force (2024-12): 旬阳农商银行 graded D (291), 长安银行 C (330).
        #expect(may.filter { $0.ruleID == 13 }.map { "\($0.entityCode) \($0.severity) \($0.value)" } == ["XYRCB critical 291", "CAB warning 330"])
        let june2024 = AlertEngine.alerts(for: try figures("2024-06"))
        #expect(june2024.contains { $0.ruleID == 1 && $0.entityCode == "RL-SME" && $0.severity == .critical })
        let jan2025 = AlertEngine.alerts(for: try figures("2025-01"))
        #expect(jan2025.contains { $0.ruleID == 1 && $0.entityCode == "RL-AGRI" && $0.severity == .warning })
    }

    @Test func importIsModestInSize() throws {
        let demo = try Self.demo.get()
        #expect(demo.rows < 80_000)
    }
}
