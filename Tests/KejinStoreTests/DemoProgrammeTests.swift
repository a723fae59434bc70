import Foundation
import KejinCore
import KejinStore
import Testing

/// The Programme screen's figures on the bundled demo (ProgrammeQuery through `Store`), with
/// the exact values the demo's CSV files give (recomputed from them independently when this
/// test was written). Of the article's figures (seed-figures.md) this slice reaches the
/// whitelist of 600+ firms; the "over 71.47亿元" of new loans to high-tech / tech-SME / SRDI
/// firms since 2024 is *not* reached by the demo yet (33.17亿元): the test pins what the demo
/// gives, so a generator change that steers it shows here.
@Suite struct DemoProgrammeTests {
    /// The programme figures of March and May 2025, from one import of the demo.
    static let programmes: Result<[String: ProgrammeFigures], any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-demo-programme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("kejin.sqlite").path)
        _ = try store.importDemo()
        var result: [String: ProgrammeFigures] = [:]
        for key in ["2025-03", "2025-05"] { result[key] = try store.programme(for: Period(key)!, region: nil) }
        return result
    }

    func programme(_ key: String) throws -> ProgrammeFigures {
        try #require(try Self.programmes.get()[key])
    }

    /// 科技型企业白名单 600+ firms (2025): 645 on the list all through 2024–25.
    @Test func whitelistOfSixHundredPlusFirms() throws {
        let w = try programme("2025-05").whitelist
        #expect(w.listed >= 600)
        #expect(w == WhitelistCoverage(listed: 645, withBalance: 465, balance: Money(fen: 471_129_300_000),
                                       firstLoans: LoanTally(amount: Money(fen: 9_884_700_000), loans: 12), withoutCredit: 0))
        #expect(w.coverage == BasisPoints(7209))   // 465 / 645 = 72.09%
        let march = try programme("2025-03").whitelist
        #expect(march.listed == 645 && march.withBalance == 458 && march.withoutCredit == 14)
    }

    /// New loans since 2024 to firms holding a high-tech, tech-SME or SRDI tag on the start date.
    @Test func policyEffectSince2024() throws {
        let e = try programme("2025-05").policyEffect
        #expect(e.total == LoanTally(amount: Money(fen: 331_711_800_000), loans: 356))   // 33.17亿元
        #expect(e.byKind[.highTech] == LoanTally(amount: Money(fen: 170_777_000_000), loans: 152))
        #expect(e.byKind[.techSME] == LoanTally(amount: Money(fen: 192_344_800_000), loans: 239))
        #expect(e.byKind[.srdi] == LoanTally(amount: Money(fen: 70_766_000_000), loans: 58))
        #expect(e.months.count == 17 && e.cumulative.last == e.total.amount)
        #expect(try programme("2025-03").policyEffect.total == LoanTally(amount: Money(fen: 294_378_100_000), loans: 323))
    }

    /// Weighted rates of new loans, city-wide: May 2025 and 2025 to date.
    @Test func weightedRatesOfNewLoans() throws {
        let c = try programme("2025-05").cost
        #expect(c.month == WeightedRate(rate: BasisPoints(381), tally: LoanTally(amount: Money(fen: 31_191_300_000), loans: 199)))
        #expect(c.yearToDate == WeightedRate(rate: BasisPoints(386), tally: LoanTally(amount: Money(fen: 197_552_700_000), loans: 1157)))
        #expect(c.byChain.reduce(0) { $0 + ($1.yearToDate?.tally.loans ?? 0) } == 1157)
        #expect(c.byBank.reduce(0) { $0 + ($1.yearToDate?.tally.loans ?? 0) } == 1157)
        // The demo ships no bank_scores.csv yet: no evaluation.
        #expect(try programme("2025-05").evaluation.banks.isEmpty)
    }
}
