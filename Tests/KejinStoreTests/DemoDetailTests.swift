import Foundation
import KejinCore
import KejinStore
import Testing

/// Drill-down on the demo store: every level answers, links lead to non-empty levels, and
/// each query takes a few milliseconds.
@Suite struct DemoDetailTests {
    /// A copy of the process's demo store for the suite; tests open it read-only, as a viewer does.
    static let path: Result<String, any Error> = Result {
        try SharedDemoStore.suiteCopy("demo-detail")
    }
    let store: Store
    init() throws { store = try Store(path: try Self.path.get(), readOnly: true) }

    /// The request's rows and the time taken (best of three, in ms).
    func timed(_ r: DrillRequest, _ period: Period) throws -> (DetailRows, Double) {
        var best = Double.infinity
        var rows: DetailRows?
        for _ in 0..<3 {
            let t0 = Date()
            rows = try store.detail(r, period: period)
            best = min(best, Date().timeIntervalSince(t0) * 1000)
        }
        print(String(format: "DETAIL %@: %d rows in %.2f ms", "\(r)", rows!.rows.count, best))
        return (rows!, best)
    }

    @Test func everyLevelFromEveryRootIsFastAndLinked() throws {
        let period = try #require(try store.availablePeriods().last)
        let f = try store.figures(for: period)
        // Follow the first row of every level down from each root, as a user pressing Enter would.
        var roots: [DrillRequest] = [.banks, .fourLoans]
        roots += f.chains.prefix(3).map { .chainBanks(chain: $0.code) }
        roots += f.relendingTools.map { .toolDraws(tool: $0.code) }
        roots += f.guarantors.map { .guarantorGuarantees(guarantor: $0.code) }
        roots += f.pools.map { .poolPayouts(pool: $0.code) }
        var slowest = 0.0
        var levels = 0
        for root in roots {
            var request: DrillRequest? = root
            while let r = request {
                let (d, ms) = try timed(r, period)
                slowest = max(slowest, ms)
                levels += 1
                request = d.rows.first?.next
            }
        }
        print(String(format: "DETAIL slowest of %d levels: %.2f ms", levels, slowest))
        #expect(levels > roots.count)
        // Generous for a loaded 2-core machine and a debug build; typical numbers are printed.
        #expect(slowest < 250)
    }

    @Test func chainToLoansPathReachesTheTeaChainsLoans() throws {
        let period = try #require(try store.availablePeriods().last)
        let tea = try #require(try store.figures(for: period).chains.first { $0.name.zh == "茶叶" })
        let banks = try store.detail(.chainBanks(chain: tea.code), period: period)
        // The banks' balances add up to the chain's loan balance of Figures.
        let total = banks.rows.reduce(Int64(0)) { sum, row in
            if case .money(let m) = row.values[0] { return sum + (m?.fen ?? 0) }
            return sum
        }
        #expect(total == tea.loans.balance.fen)
        let firms = try store.detail(try #require(banks.rows.first?.next), period: period)
        #expect(!firms.rows.isEmpty)
        let loans = try store.detail(try #require(firms.rows.first?.next), period: period)
        #expect(!loans.rows.isEmpty)
        #expect(!loans.tags.isEmpty)
    }
}
