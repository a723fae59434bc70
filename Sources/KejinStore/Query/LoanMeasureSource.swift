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
    /// period → chain → all-loan balance, for the given periods: the chains' trend lines need
    /// no more (13 months of a summary's 21 columns were a fifth of a month's figures at 1M).
    var balances: (any StoreSession, [Period], Set<String>?) throws -> [String: [String: Int64]]
    /// Read the re-lending ledger from `draw_summary` when the store has it.
    var usesSummaries: Bool
    /// The statements `periods`, `load` (for the first periods) and `balances` (for the second)
    /// run, to send ahead (`StoreSession.prefetch`); none when they are not known beforehand.
    var reads: ([Period], [Period], Set<String>?) -> [Prefetch] = { _, _, _ in [] }

    static var summary: LoanMeasureSource {
        LoanMeasureSource(periods: { try PeriodSummary.periods($0) }, load: { session, periods, regions in
            try regions.map { try RegionSummary.load(session, periods: periods, regions: $0) } ?? PeriodSummary.load(session, periods: periods)
        }, balances: { session, periods, regions in
            try PeriodSummary.balances(session, regions.map { RegionSummary.balancesRead(periods, regions: $0) } ?? PeriodSummary.balancesRead(periods))
        }, usesSummaries: true, reads: { periods, trend, regions in
            [Prefetch(PeriodSummary.periodsSQL), regions.map { RegionSummary.loadRead(periods, regions: $0) } ?? PeriodSummary.loadRead(periods),
             regions.map { RegionSummary.balancesRead(trend, regions: $0) } ?? PeriodSummary.balancesRead(trend)]
        })
    }
    static var fullScan: LoanMeasureSource {
        LoanMeasureSource(periods: { try FullScanBaseline.periods($0) }, load: { try FullScanBaseline.load($0, periods: $1, regions: $2) },
                          balances: { try FullScanBaseline.balances($0, periods: $1, regions: $2) },
                          usesSummaries: false)
    }
}
