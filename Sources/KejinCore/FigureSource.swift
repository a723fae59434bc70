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

/// Drill-down lists (see Detail.swift). A separate protocol so a source without them still
/// compiles; the dashboard asks through `FigureSource.detail(_:period:)`.
public protocol DetailSource: AnyObject {
    /// The rows of one drill-down list for a period.
    func detail(_ request: DrillRequest, period: Period) throws -> DetailRows
}

extension FigureSource {
    /// The source's drill-down rows, or an empty list when it has none.
    public func detail(_ request: DrillRequest, period: Period) throws -> DetailRows {
        if let source = self as? DetailSource { return try source.detail(request, period: period) }
        return DetailRows(request: request, period: period, nameField: .code, fields: [], rows: [])
    }
}
