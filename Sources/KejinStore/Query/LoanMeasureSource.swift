import GRDB
import KejinCore

/// Where `FiguresQuery` gets loan measures per period and chain: the `period_summary` table
/// (always, for the dashboard), or a plain full scan of loan_balances (`FullScanBaseline`),
/// which `kejin bench` times against the summary and the tests compare it with.
struct LoanMeasureSource {
    /// Periods with loan balances, oldest first.
    var periods: (Database) throws -> [Period]
    /// period → chain ('' = city) → measures, for the given periods.
    var load: (Database, [Period]) throws -> [String: [String: PeriodSummary.Measures]]
    /// Read the re-lending ledger from `draw_summary` when the store has it.
    var usesSummaries: Bool

    static var summary: LoanMeasureSource {
        LoanMeasureSource(periods: PeriodSummary.periods, load: PeriodSummary.load, usesSummaries: true)
    }
    static var fullScan: LoanMeasureSource {
        LoanMeasureSource(periods: FullScanBaseline.periods, load: FullScanBaseline.load, usesSummaries: false)
    }
}
