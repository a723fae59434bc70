import KejinCore
@testable import KejinStore

extension Store {
    /// The summary's figures and a full scan's, read on the same UTC day. Figures carry the day
    /// they were read on (how late a reporter is, `PeriodReporting.asOf`), so a pair read across
    /// midnight differs there alone (CI at 00:00 UTC); read again then: the next pair falls
    /// within one day.
    func summaryAndFullScan(for period: Period, region: String? = nil) throws -> (summary: Figures, scan: Figures) {
        func read() throws -> (Figures, Figures) {
            let summary = try region.map { try figures(for: period, region: $0) } ?? figures(for: period)
            return (summary, try fullScanFigures(for: period, region: region))
        }
        let pair = try read()
        return pair.0.reporting?.asOf == pair.1.reporting?.asOf ? pair : try read()
    }
}
