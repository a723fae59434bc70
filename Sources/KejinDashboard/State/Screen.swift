import KejinCore

/// The dashboard's screens, in tab order; number keys 1… pick them in this order. A new
/// screen is a file with its `ScreenSpec` and a case here: `spec` has no default branch, so
/// the compiler points at a case without one.
public enum Screen: Int, CaseIterable, Sendable {
    case overview, chains, relending, guarantees
    case banks, fourLoans
    case alerts
    case reporting
    case regions
    case programme

    /// What the screen is: its title, what it draws, its own table.
    var spec: ScreenSpec {
        switch self {
        case .overview: return OverviewScreen.spec
        case .chains: return ChainsScreen.spec
        case .relending: return RelendingScreen.spec
        case .guarantees: return GuaranteesScreen.spec
        case .banks: return ScreenSpec(title: .screenBanks, content: .list(.banks))
        case .fourLoans: return ScreenSpec(title: .screenFourLoans, content: .list(.fourLoans))
        case .alerts: return AlertsScreen.spec
        case .reporting: return ReportingScreen.spec
        case .regions: return RegionsScreen.spec
        case .programme: return ProgrammeScreen.spec
        }
    }

    public var title: Str { spec.title }

    /// The number key that shows the screen (also its tab's number): 1…9, then 0 for the tenth.
    public var key: Int { (rawValue + 1) % 10 }

    /// The list a screen shows as its own content (a drill-down table at the root); nil for
    /// screens drawn from `Figures`.
    public var rootRequest: DrillRequest? {
        if case .list(let request) = spec.content { return request }
        return nil
    }

    public var next: Screen { Screen(rawValue: (rawValue + 1) % Screen.allCases.count)! }
    public var previous: Screen {
        Screen(rawValue: (rawValue + Screen.allCases.count - 1) % Screen.allCases.count)!
    }

    /// The screens a viewer has (tabs, number keys, Tab order, help): the Regions view only
    /// when the store has regions, so a store without them looks as it did.
    public static func shown(regions: Bool) -> [Screen] { regions ? allCases : allCases.filter { $0 != .regions } }

    /// The next and previous screen among `shown` (wrapping).
    func next(in shown: [Screen]) -> Screen { shown[((shown.firstIndex(of: self) ?? -1) + 1) % shown.count] }
    func previous(in shown: [Screen]) -> Screen {
        shown[((shown.firstIndex(of: self) ?? 0) + shown.count - 1) % shown.count]
    }
}

/// Everything the dashboard knows about one screen, declared by the screen itself.
struct ScreenSpec: Sendable {
    typealias Draw = @Sendable (Figures, inout CellGrid, Rect, inout RenderContext) -> Void
    enum Content: Sendable {
        /// Drawn from the period's figures.
        case figures(Draw)
        /// A drill-down list at the root (Banks, Four loans): rows the app loads.
        case list(DrillRequest)
    }
    let title: Str
    let content: Content
    /// The screen's own filterable, sortable table, whose rows Enter opens; nil: none.
    var table: AnyFigureTable?
    /// Selectable items after the table's rows (the pools under the guarantors), each with
    /// the list Enter opens on it.
    var trailing: (@Sendable (Figures) -> [DrillFrame])?
    /// It shows the chains' "of which" (`ChainFigures.categories`): its loads ask for them.
    var showsCategories = false
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
