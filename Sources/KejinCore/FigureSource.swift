/// Where the dashboard gets its figures. The SQLite store implements it; a server-backed
/// source can be added later without touching screens.
public protocol FigureSource: AnyObject {
    /// A number that changes whenever the data changed (for SQLite: `PRAGMA data_version`).
    /// It must be cheap: viewers poll it every refresh interval.
    func changeCounter() throws -> Int64
    /// The periods for which the store holds loan balances, oldest first.
    func availablePeriods() throws -> [Period]
    /// All figures of one period.
    func figures(for period: Period) throws -> Figures
}
