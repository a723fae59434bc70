import KejinCore

/// The dashboard's screens, in tab order; number keys 1… pick them in this order.
public enum Screen: Int, CaseIterable, Sendable {
    case overview, chains, relending, guarantees
    case banks, fourLoans
    case alerts

    public var title: Str {
        switch self {
        case .overview: return .screenOverview
        case .chains: return .screenChains
        case .relending: return .screenRelending
        case .guarantees: return .screenGuarantees
        case .banks: return .screenBanks
        case .fourLoans: return .screenFourLoans
        case .alerts: return .screenAlerts
        }
    }

    /// The list a screen shows as its own content (a drill-down table at the root); nil for
    /// screens drawn from `Figures`.
    public var rootRequest: DrillRequest? {
        switch self {
        case .banks: return .banks
        case .fourLoans: return .fourLoans
        default: return nil
        }
    }

    public var next: Screen { Screen(rawValue: (rawValue + 1) % Screen.allCases.count)! }
    public var previous: Screen {
        Screen(rawValue: (rawValue + Screen.allCases.count - 1) % Screen.allCases.count)!
    }
}

/// What the app should do after a key.
public enum DashboardAction: Equatable, Sendable {
    /// Nothing changed.
    case none
    /// The view changed: draw again with the same figures.
    case redraw
    case quit
    /// `state.period` changed: load that period's figures, then draw.
    case periodChanged
    /// Switch to the next theme (themes belong to the app), then draw.
    case cycleTheme
    /// Reload the figures now, then draw.
    case refresh
    /// Record an acknowledgement of the alert with this id (`Alert.id`) in the shown period,
    /// then reload and draw. Only returned in operator mode.
    case acknowledge(alertID: String)
    /// A drill-down list became the current one (opened, or back to it): load its rows, then draw.
    case openDetail(DrillRequest)
}

/// The selected row and the first row shown of one screen's list.
public struct RowCursor: Equatable, Sendable {
    public var selected: Int = 0
    public var scroll: Int = 0
    public init(selected: Int = 0, scroll: Int = 0) { self.selected = selected; self.scroll = scroll }
}
