import Foundation
import KejinCore
import KejinDashboard

extension BenchMeasurements {
    /// The region selector on the synthetic province (SyntheticDataSet: 10 cities, 80 counties).
    struct Regions: Codable {
        /// `R`, a city's code, Enter → its finished frame; and `R`, Enter back to the whole store.
        var switchMs: Stat
        /// `[` then `]` with a city shown (`BenchSession.periodMoves`).
        var periodMoveMs: Stat
        /// `5` with a city shown → its Banks list; a county's Chains, Enter → the chain's banks
        /// there (region_bank_summary over the subtree). Optional: older reports lack them.
        var banksMs: Stat?
        var countyChainBanksMs: Stat?
    }

    /// On the Overview, through the real session and loader: into each of a few cities and back.
    func regions() throws -> Regions {
        let v = try BenchSession(address: address)
        _ = try v.press(.character("1"))
        var switches: [Double] = [], moves: [Double] = [], banks: [Double] = [], drills: [Double] = []
        for run in 0..<max(runs, 3) {
            let city = "P\(run % data.cities)"
            v.key(.character("R"))
            for c in city { v.key(.character(c)) }
            switches.append(try v.press(.enter))
            guard v.session.figures?.region?.code == city else { throw CLIError("bench: region \(city) not shown") }
            moves += try v.periodMoves()
            banks.append(try v.press(.character("5")))
            guard v.session.detail?.request == .inRegion(city, .banks) else { throw CLIError("bench: \(city)'s banks not shown") }
            let county = "\(city)-\(run % 6)"
            _ = try v.press(.character("2"))
            v.key(.character("R"))
            for c in county { v.key(.character(c)) }
            _ = try v.press(.enter)
            drills.append(try v.press(.enter))
            guard v.session.detail?.request.region == county else { throw CLIError("bench: no chain's banks in \(county)") }
            _ = try v.press(.escape)
            _ = try v.press(.character("1"))
            v.key(.character("R"))
            switches.append(try v.press(.enter))
            guard v.session.figures?.region == nil else { throw CLIError("bench: back to the whole store failed") }
        }
        return Regions(switchMs: Stat(switches), periodMoveMs: Stat(moves), banksMs: Stat(banks), countyChainBanksMs: Stat(drills))
    }
}
