import KejinCore

/// Where `FiguresQuery` gets loan measures per period and chain: the `period_summary` table
/// (always, for the dashboard), or a plain full scan of loan_balances (`FullScanBaseline`),
/// which `kejin bench` times against the summary and the tests compare it with.
struct LoanMeasureSource {
    /// Periods with loan balances, oldest first.
    var periods: (any StoreSession) throws -> [Period]
    /// period → chain ('' = city) → measures, for the given periods; with a set of regions,
    /// only the enterprises in them (RegionSummary.swift).
    var load: (any StoreSession, [Period], Set<String>?) throws -> [String: [String: PeriodSummary.Measures]]
    /// Read the re-lending ledger from `draw_summary` when the store has it.
    var usesSummaries: Bool
    /// The statements `periods` and `load` run for these periods (and regions), to send ahead
    /// (`StoreSession.prefetch`); none when they are not known beforehand.
    var reads: ([Period], Set<String>?) -> [Prefetch] = { _, _ in [] }

    static var summary: LoanMeasureSource {
        LoanMeasureSource(periods: { try PeriodSummary.periods($0) }, load: { session, periods, regions in
            try regions.map { try RegionSummary.load(session, periods: periods, regions: $0) } ?? PeriodSummary.load(session, periods: periods)
        }, usesSummaries: true, reads: { periods, regions in
            [Prefetch(PeriodSummary.periodsSQL), regions.map { RegionSummary.loadRead(periods, regions: $0) } ?? PeriodSummary.loadRead(periods)]
        })
    }
    static var fullScan: LoanMeasureSource {
        LoanMeasureSource(periods: { try FullScanBaseline.periods($0) }, load: { try FullScanBaseline.load($0, periods: $1, regions: $2) },
                          usesSummaries: false)
    }
}
