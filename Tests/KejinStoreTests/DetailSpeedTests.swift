import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// Opt-in: drill-down query times on a big store filled by SQL.
/// `KEJIN_PERF_BIG=1 swift test --filter DetailSpeedTests`; KEJIN_PERF_BIG_LOANS (default
/// 200000) loans over 50000 firms (a third on TEA), 13 months so growth is defined.
@Suite struct DetailSpeedTests {
    static let env = ProcessInfo.processInfo.environment

    @Test(.enabled(if: env["KEJIN_PERF_BIG"] != nil))
    func drillDownOnABigStore() throws {
        let loans = Int(Self.env["KEJIN_PERF_BIG_LOANS"] ?? "") ?? 200_000
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try f.writeAll())
        let first = Period(year: 2024, month: 7)
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO enterprises(code, name_zh, name_en, chain)
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49999)
                SELECT 'X' || i, '企' || i, 'Firm ' || i, CASE i % 3 WHEN 0 THEN 'TEA' WHEN 1 THEN 'SE' ELSE NULL END FROM n;
                INSERT INTO loans(code, bank, enterprise, product, purpose, start_date, maturity_date, amount, rate,
                                  first_loan, credit_loan, renewal, revolving, ip_pledge, relending_draw, is_tech)
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < \(loans - 1))
                SELECT 'XL' || i, CASE i % 4 WHEN 0 THEN 'B2' ELSE 'B1' END, 'X' || (i % 50000), '', 'general',
                       '2024-01-01', '2027-01-01', 100000000, 350, i % 5 = 0, i % 3 = 0, i % 7 = 0, i % 11 = 0, 0,
                       NULL, i % 2 FROM n;
                """)
            for m in 0..<13 {
                try db.execute(sql: """
                    INSERT INTO loan_balances(period, loan_id, balance)
                    SELECT ?, id, 5000000 + id % 1000 FROM loans WHERE code LIKE 'XL%'
                    """, arguments: [first.advanced(by: m).key])
            }
            try PeriodSummary.recompute(db, periods: (0..<13).map { first.advanced(by: $0).key })
        }
        let last = first.advanced(by: 12)
        let requests: [DrillRequest] = [.banks, .fourLoans, .chainBanks(chain: "TEA"), .enterprises(chain: "TEA", bank: "B2"),
                                        .enterprises(chain: nil, bank: "B2"), .enterpriseLoans(enterprise: "X3", bank: nil)]
        for r in requests {
            var best = Double.infinity
            var count = 0
            for _ in 0..<3 {
                let t0 = Date()
                count = try store.detail(r, period: last).rows.count
                best = min(best, Date().timeIntervalSince(t0) * 1000)
            }
            print(String(format: "PERF detail %@ on %d loans: %d rows, %.1f ms", "\(r)", loans, count, best))
            #expect(count > 0)
        }
    }
}
