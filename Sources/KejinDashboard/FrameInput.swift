import KejinCore

/// Facts about the running app shown on the status line. All text is passed in (including
/// the clock), so a frame is a pure function of its input and tests are deterministic.
public struct StatusInfo: Equatable, Sendable {
    /// Seconds between checks for new data; nil: no automatic refresh.
    public var refreshSeconds: Int?
    public var themeName: String?
    /// A note about the terminal, e.g. "C.UTF-8" or "ASCII".
    public var localeNote: String?
    public var readOnly: Bool
    /// The last error (a failed reload), shown in the critical role.
    public var error: String?
    /// Wall-clock time to show, e.g. "09:30:05".
    public var clock: String?
    /// The figures are the fictitious demo data set: marked 演示数据 on every screen.
    public var demoData: Bool

    public init(refreshSeconds: Int? = nil, themeName: String? = nil, localeNote: String? = nil,
                readOnly: Bool = false, error: String? = nil, clock: String? = nil, demoData: Bool = false) {
        self.refreshSeconds = refreshSeconds; self.themeName = themeName; self.localeNote = localeNote
        self.readOnly = readOnly; self.error = error; self.clock = clock; self.demoData = demoData
    }
}

/// Everything one frame shows.
public struct FrameInput: Equatable, Sendable {
    /// The figures of the period shown; nil: no data (empty store, or loading failed).
    public var figures: Figures?
    /// Alerts for those figures, most severe first (`AlertEngine.alerts(for:)`).
    public var alerts: [Alert]
    /// Periods with data, oldest first.
    public var periods: [Period]
    public var status: StatusInfo
    /// The rows of the drill-down list the state asks for (`DashboardState.detailRequest`),
    /// loaded by the app; nil or another request's rows: not loaded yet.
    public var detail: DetailRows?

    public init(figures: Figures?, alerts: [Alert], periods: [Period], status: StatusInfo = StatusInfo(),
                detail: DetailRows? = nil) {
        self.figures = figures; self.alerts = alerts; self.periods = periods; self.status = status
        self.detail = detail
    }
}
