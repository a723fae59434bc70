import Foundation
import KejinCore

/// The programme's entities at province scale, so the bench's Programme screen reads them as a
/// province would (CSVFormat.md §21–27): a guidance fund per city backing one loan in a
/// thousand; a city interest-subsidy budget per city allotted to its banks, claimed on every
/// re-lending ledger loan; the whitelist's pushes (one per hundred loans, at every stage of the
/// pipeline, a quarter lent); twelve matchmaking meetings per city and year. At 1M loans: 1,000
/// fund loans, ~10,300 claims, 10,000 pushes, 240 meetings.
extension SyntheticDataSet {
    func writeProgrammeFiles(_ write: (String, String, (inout CSVWriter) -> Void) throws -> Void) throws {
        // Fund c lends through bank B(c), so its loans are the ones of that bank: l ≡ c (mod 200).
        try write("guidance_funds.csv", "code,name_zh,name_en,bank,region,capital_yuan,leverage,breaker_pct,established_date") { w in
            for c in 0..<cities { w.row("F\(c),市\(c)科创引导基金,City \(c) guidance fund,B\(c),P\(c),200000000,5,10,2022-06-01") }
        }
        try write("fund_loans.csv", "fund,loan,backed_date,compensated_date,compensated_yuan") { w in
            for c in 0..<cities {
                for j in 0..<max(1, loans / 10_000) {
                    let l = c + 1_000 * j
                    guard l < loans else { break }
                    let start = startMonth(loan: l)
                    // One in twenty-five compensated a month after it started (at most the smallest loan).
                    let compensated = j % 25 == 24 ? "\(start.advanced(by: 1).key)-15,50000" : ","
                    w.row("F\(c),L\(l),\(start.key)-10,\(compensated)")
                }
            }
        }
        // Budget S\(c) goes to the banks of city c (b % 10 == c), 200,000 yuan each: 4,000,000 of 5,000,000.
        try write("subsidy_budgets.csv", "code,name_zh,name_en,level,region,budget_yuan,funded_date") { w in
            for c in 0..<cities { w.row("S\(c),市\(c)财政贴息,City \(c) interest subsidy,city,P\(c),5000000,2023-01-01") }
        }
        try write("subsidy_allocations.csv", "budget,bank,allocated_yuan,allocated_date") { w in
            for b in 0..<banks { w.row("S\(b % cities),B\(b),200000,2023-01-15") }
        }
        try write("subsidy_claims.csv", "code,budget,bank,loan,claimed_date,claimed_yuan,paid_date,paid_yuan") { w in
            // Every re-lending ledger loan (loans.csv: l % 97 == 0), half a year after it started; two in three paid.
            for l in stride(from: 0, to: loans, by: 97) {
                let claimed = startMonth(loan: l).advanced(by: 6)
                let paid = l / 97 % 3 == 2 ? "," : "\(claimed.advanced(by: 1).key)-10,1000"
                w.row("SC\(l),S\(l % banks % cities),B\(l % banks),L\(l),\(claimed.key)-20,1000,\(paid)")
            }
        }
        // Push p: loan l = 2 + 99p starts inside the stored months (l % 3 == 2) on day 10; the
        // push reaches its stages on days 1, 3 and 5 of that month.
        try write("whitelist_pushes.csv", "code,pushed_date,bank,enterprise,project,contacted_date,approved_date,approved_yuan,loan") { w in
            for p in 0..<max(1, loans / 100) {
                let l = 2 + 99 * p
                guard l < loans else { break }
                let month = startMonth(loan: l).key, stage = p % 4
                if p % 10 == 9 {
                    w.row("WP\(p),\(month)-01,B\(l % banks),,项目\(p),\(month)-03,,,")
                    continue
                }
                let contacted = stage <= 2 ? "\(month)-03" : ""
                let approved = stage <= 1 ? "\(month)-05,\(1_000_000 + p % 9 * 500_000)" : ","
                w.row("WP\(p),\(month)-01,B\(l % banks),E\(l % enterprises),,\(contacted),\(approved),\(stage == 0 ? "L\(l)" : "")")
            }
        }
        try write("matchmaking_meetings.csv", "code,held_date,name_zh,name_en,kind,region,banks,firms,deals,signed_yuan") { w in
            for year in Set(periods.map(\.year)).sorted() {
                for c in 0..<cities {
                    for m in 1...12 {
                        let kind = m % 6 == 1 ? "policy" : "matchmaking", deals = kind == "policy" ? 0 : 3 + (c + m) % 5
                        w.row("MM\(year)-\(c)-\(m),\(year)-\(twoDigits(m))-18,市\(c)对接会\(m),City \(c) meeting \(m),\(kind),P\(c),\(5 + m % 4),\(20 + c + m),\(deals),\(deals * 2_000_000)")
                    }
                }
            }
        }
    }
}

