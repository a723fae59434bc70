import Foundation
import KejinCore
import KejinStore
import Testing

/// The Programme screen's figures on the bundled demo (ProgrammeQuery through `Store`), with
/// the exact values the demo's CSV files give (recomputed from them independently when this
/// test was written, `check_demo.py` recomputes the policy effect). Of the article's figures
/// (seed-figures.md) this slice reaches the whitelist of 600+ firms and the "over 71.47亿元" of
/// new loans to high-tech / tech-SME / SRDI firms since 2024: exactly 71.47亿元 by 2025-05, the
/// demo's last month (June's loans come on top by mid-2025). 33.17亿元 of it are the ledger's
/// ordinary loans, the rest draws on 随借随还 lines repaid within the month (no balance).
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

    /// New loans since 2024 to firms holding a high-tech, tech-SME or SRDI tag on the start date:
    /// the article's "over 71.47亿元" (mid-2025), exactly 71.47亿元 by 2025-05.
    @Test func policyEffectSince2024() throws {
        let e = try programme("2025-05").policyEffect
        #expect(e.total == LoanTally(amount: Money.wan(714_700), loans: 2056))   // 71.47亿元 = 714,700万元
        #expect(e.total.amount == Money(fen: 714_700_000_000))
        #expect(e.byKind[.highTech] == LoanTally(amount: Money(fen: 424_256_200_000), loans: 1034))
        #expect(e.byKind[.techSME] == LoanTally(amount: Money(fen: 380_864_800_000), loans: 1229))
        #expect(e.byKind[.srdi] == LoanTally(amount: Money(fen: 140_683_000_000), loans: 374))
        #expect(e.months.count == 17 && e.cumulative.last == e.total.amount)
        // Every month of the count has new loans; the curve passes 50亿元 in 2024-12.
        #expect(e.months.allSatisfy { $0.new.loans > 0 })
        #expect(e.cumulative[11] == Money(fen: 504_283_200_000))
        #expect(try programme("2025-03").policyEffect.total == LoanTally(amount: Money(fen: 632_827_100_000), loans: 1819))
    }

    /// Weighted rates of new loans, city-wide: May 2025 and 2025 to date.
    @Test func weightedRatesOfNewLoans() throws {
        let c = try programme("2025-05").cost
        #expect(c.month == WeightedRate(rate: BasisPoints(374), tally: LoanTally(amount: Money(fen: 52_396_500_000), loans: 299)))
        #expect(c.yearToDate == WeightedRate(rate: BasisPoints(373), tally: LoanTally(amount: Money(fen: 310_046_900_000), loans: 1627)))
        #expect(c.byChain.reduce(0) { $0 + ($1.yearToDate?.tally.loans ?? 0) } == 1627)
        #expect(c.byBank.reduce(0) { $0 + ($1.yearToDate?.tally.loans ?? 0) } == 1627)
    }

    /// 六项保障 (一): the 2024 evaluation in force in May 2025, against 2023's, graded on default
    /// rule 13's scale: 农业银行 first (455, A), 旬阳农商银行 last (291, ▼19, D: remediation).
    @Test func bankEvaluationRankedAndGraded() throws {
        let e = try programme("2025-05").evaluation
        #expect(e.evaluated == Period("2024-12") && e.previous == Period("2023-12"))
        #expect(e.banks.map(\.code) == ["ABC", "ICBC", "AKRCB", "CCB", "BOC", "PSBC", "HYRCB", "CAB", "XYRCB"])
        #expect(e.banks.map(\.total) == [455, 442, 437, 428, 403, 403, 400, 330, 291])
        #expect(e.banks.map(\.rank) == [1, 2, 3, 4, 5, 5, 7, 8, 9])
        #expect(e.banks.map { $0.grade?.rawValue ?? "-" }.joined() == "ABBBBBBCD")
        #expect(e.banks.map(\.trend) == [14, 11, 14, 9, -5, 9, 16, -10, -19])
        #expect(e.needingRemediation.map(\.code) == ["XYRCB"])
    }
}
