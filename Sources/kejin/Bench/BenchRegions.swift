import Foundation
import KejinCore
import KejinDashboard

extension BenchMeasurements {
    /// The region selector on the synthetic province (SyntheticDataSet: 10 cities, 80 counties).
    struct Regions: Codable {
        /// `R`, a city's code, Enter → its finished frame; and `R`, Enter back to the whole store.
        var switchMs: Stat
        /// `[` then `]` with a city shown.
        var periodMoveMs: Stat
    }

    /// On the Overview, through the real session and loader: into each of a few cities and back.
    func regions() throws -> Regions {
        let v = try BenchSession(path: storePath)
        _ = try v.press(.character("1"))
        var switches: [Double] = [], moves: [Double] = []
        for run in 0..<max(runs, 3) {
            let city = "P\(run % data.cities)"
            v.key(.character("R"))
            for c in city { v.key(.character(c)) }
            switches.append(try v.press(.enter))
            guard v.session.figures?.region?.code == city else { throw CLIError("bench: region \(city) not shown") }
            moves.append(try v.press(.character("[")))
            moves.append(try v.press(.character("]")))
            v.key(.character("R"))
            switches.append(try v.press(.enter))
            guard v.session.figures?.region == nil else { throw CLIError("bench: back to the whole store failed") }
        }
        return Regions(switchMs: Stat(switches), periodMoveMs: Stat(moves))
    }
}
