import KejinCore

/// Why the screen looks as it does on this terminal, said on the status line in the UI's
/// language (the terminal finds these out; the string table words them).
public enum TerminalNote: Equatable, Sendable {
    /// The locale names another encoding (zh_CN.GBK): English labels and ASCII drawing.
    case legacyLocale(String)
    /// LANG unset, C/POSIX (nil), or a UTF-8 locale not installed here (its name): C.UTF-8 is used.
    case usingCUTF8(notUTF8: String?)
    /// No UTF-8 locale at all: English labels and ASCII drawing.
    case noUTF8Locale
    /// The terminal draws ambiguous-width characters two cells wide: ASCII borders.
    case ambiguousWide

    public func text(_ l: Language) -> String {
        func notUTF8(_ locale: String) -> String { Str.noteLocaleNotUTF8.text(l).replacingOccurrences(of: "{locale}", with: locale) }
        let colon = l == .zh ? "：" : ": "
        switch self {
        case .legacyLocale(let name): return notUTF8(name) + colon + Str.noteEnglishASCII.text(l)
        case .usingCUTF8(let name): return (name.map(notUTF8) ?? Str.noteLangUnset.text(l)) + colon + Str.noteUsingCUTF8.text(l)
        case .noUTF8Locale: return Str.noteNoUTF8Locale.text(l) + colon + Str.noteEnglishASCII.text(l)
        case .ambiguousWide: return Str.noteAmbiguousWide.text(l)
        }
    }
}

/// Facts about the running app shown on the status line. All text is passed in (including
/// the clock), so a frame is a pure function of its input and tests are deterministic.
public struct StatusInfo: Equatable, Sendable {
    /// Seconds between checks for new data; nil: no automatic refresh.
    public var refreshSeconds: Int?
    public var themeName: String?
    /// What the terminal made kejin do (C.UTF-8, ASCII), worded by the status line.
    public var terminalNotes: [TerminalNote]
    /// A theme that could not be loaded (the default is shown instead).
    public var themeError: ThemeError?
    public var readOnly: Bool
    /// The last error (a failed reload), shown in the critical role.
    public var error: String?
    /// While loads fail: when the first of them failed ("21:40:05"), and when the figures
    /// still on screen were read — they are marked stale until a load succeeds again.
    public var errorSince: String?
    public var figuresReadAt: String?
    /// Wall-clock time to show, e.g. "09:30:05".
    public var clock: String?
    /// The figures are the fictitious demo data set: marked 演示数据 on every screen.
    public var demoData: Bool

    public init(refreshSeconds: Int? = nil, themeName: String? = nil, terminalNotes: [TerminalNote] = [],
                readOnly: Bool = false, error: String? = nil, themeError: ThemeError? = nil, clock: String? = nil,
                demoData: Bool = false) {
        self.refreshSeconds = refreshSeconds; self.themeName = themeName; self.terminalNotes = terminalNotes
        self.readOnly = readOnly; self.error = error; self.themeError = themeError; self.clock = clock
        self.demoData = demoData
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
