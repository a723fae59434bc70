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
    /// Every alert acknowledgement recorded, oldest first.
    func acknowledgements() throws -> [AlertAck]
    /// True when the figures are the fictitious demo data set (the dashboard marks every screen).
    func holdsDemoData() throws -> Bool
    /// Who has reported for `period` and whether it is complete, provisional or closed; nil
    /// when the source keeps no reporting record (its periods count as complete).
    func reporting(for period: Period) throws -> PeriodReporting?
    /// The complete or closed periods, oldest first: the dashboard, reports and alerts default
    /// to the latest of them.
    func settledPeriods() throws -> [Period]
    /// The figures of one period for one region and everything below it (nil: the whole
    /// store, the same as `figures(for:)`); see Region.swift for how figures map to regions.
    func figures(for period: Period, region: String?) throws -> Figures
    /// The store's regions (empty: the store is one implicit region).
    func regionTree() throws -> RegionTree
    /// The regions directly within `region` (nil: the top-level regions) with their loan
    /// measures, for the Regions view; alerts not yet counted (`rankedChildRegions`).
    func childRegions(for period: Period, region: String?) throws -> [RegionFigures]
    /// The programme's figures (ProgrammeFigures.swift) of one period; nil when the source
    /// has none (for a region, or a source without them).
    func programme(for period: Period, region: String?) throws -> ProgrammeFigures?
    /// The banks' products of one period (ProductFigures.swift), apart from `programme(for:)`:
    /// only the panel showing them and the report pay for them. nil as for `programme(for:)`.
    func products(for period: Period, region: String?) throws -> ProductFigures?
    /// Each chain's "of which" per enterprise category (chain code → categories), for one
    /// region and everything below it (nil: the whole store). Apart from `figures(for:)`:
    /// only the screens that show them pay for them (`Figures.setCategories`).
    func chainCategories(for period: Period, region: String?) throws -> [String: [CategoryMeasure]]
}

extension FigureSource {
    /// A source without acknowledgements.
    public func acknowledgements() throws -> [AlertAck] { [] }

    /// A source of real data.
    public func holdsDemoData() throws -> Bool { false }

    /// A source without a reporting record: every period complete.
    public func reporting(for period: Period) throws -> PeriodReporting? { nil }
    public func settledPeriods() throws -> [Period] { try availablePeriods() }

    /// A source without regions: one region, the whole store.
    public func figures(for period: Period, region: String?) throws -> Figures { try figures(for: period) }
    public func regionTree() throws -> RegionTree { .empty }
    public func childRegions(for period: Period, region: String?) throws -> [RegionFigures] { [] }

    /// A source without the programme's figures.
    public func programme(for period: Period, region: String?) throws -> ProgrammeFigures? { nil }
    public func products(for period: Period, region: String?) throws -> ProductFigures? { nil }

    /// A source without enterprise categories: no chain has an "of which".
    public func chainCategories(for period: Period, region: String?) throws -> [String: [CategoryMeasure]] { [:] }

    /// The period shown when none is chosen: the latest settled one among `periods`, else the
    /// latest (provisional, marked) when none is settled yet.
    public func defaultPeriod(in periods: [Period]) throws -> Period? {
        try settledPeriods().last(where: periods.contains) ?? periods.last
    }

    /// The figures of `period` and its alerts: with hysteresis against the previous month (its
    /// alerts without hysteresis, so the result does not depend on how far back one looks) and
    /// marked acknowledged by the rule of `AlertAck`. `periods`: the source's periods.
    /// `region`: the region's figures and alerts (nil: the whole store). `cache`: months
    /// computed before at this store version (FiguresCache.swift), e.g. the month just shown.
    public func evaluatedAlerts(for period: Period, periods: [Period], region: String? = nil,
                                cache: FiguresCache.Lease? = nil) throws -> (figures: Figures, alerts: [Alert]) {
        var figuresCache: [Period: Figures] = [:]
        func figures(_ p: Period) throws -> Figures? {
            guard periods.contains(p) else { return nil }
            if let f = figuresCache[p] { return f }
            let f = try cache?.figures(region: region, period: p) { try self.figures(for: p, region: region) }
                ?? self.figures(for: p, region: region)
            figuresCache[p] = f
            return f
        }
        func alerts(_ p: Period) throws -> [Alert] {
            guard let f = try figures(p) else { return [] }
            let previous = try figures(p.previous).map { AlertEngine.unorderedAlerts(for: $0) } ?? []
            return AlertEngine.alerts(for: f, previous: previous)
        }
        let f = try figures(period) ?? self.figures(for: period, region: region)
        // A provisional period's figures are incomplete: no alert on them (false "shrinking"),
        // only the late reporters.
        guard f.isSettled else {
            var late = f
            late.alertRules = f.alertRules.filter { $0.measure == .reportingLate }
            return (f, AlertEngine.alerts(for: late))
        }
        let previous = try figures(period.previous).map { AlertEngine.unorderedAlerts(for: $0) } ?? []
        let current = AlertEngine.alerts(for: f, previous: previous)
        let acks = try f.acknowledgements ?? acknowledgements()
        guard !acks.isEmpty else { return (f, current) }
        let marked = try AlertEngine.acknowledged(current, period: period, acks: acks, periods: periods, history: alerts)
        return (f, marked)
    }
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
