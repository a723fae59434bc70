import KejinCore

/// What every screen needs while drawing: the language, the glyph set, the state, the
/// input, and a record of the scrollable list it drew (for PgUp/PgDn and clamping).
struct RenderContext {
    let input: FrameInput
    let state: DashboardState
    let glyphs: Glyphs
    var language: Language { state.language }
    var ascii: Bool { state.ascii }
    /// Rows and visible rows of the screen's selectable list, set by its `ListBox`.
    var list = (rows: 0, visible: 1)
    /// Where the list's first visible row is drawn and which row that is (for mouse clicks),
    /// set by its `ListBox`.
    var listTop: Int?
    var listStart = 0

    /// The most severe alert per (measure, entity): a screen asks once per row, and a
    /// province has hundreds of alerts (one per re-lending tool and bank with ineligible loans).
    private let worstAlert: [AlertKey: Severity]
    private struct AlertKey: Hashable { let measure: AlertMeasure, code: String }

    init(input: FrameInput, state: DashboardState) {
        self.input = input; self.state = state; self.glyphs = Glyphs(ascii: state.ascii)
        worstAlert = Dictionary(input.alerts.map { (AlertKey(measure: $0.measure, code: $0.entityCode), $0.severity) },
                                uniquingKeysWith: max)
    }

    func t(_ s: Str) -> String { s.text(language) }
    func name(_ n: Names) -> String { n.text(language) }
    func money(_ m: Money) -> String { Format.money(m, language) }
    func amount(_ m: Money) -> String { Format.amount(m, language) }
    func count(_ n: Int) -> String { Format.count(n, language) }

    /// "label value" with the language's spacing.
    func labelled(_ s: Str, _ value: String) -> String { t(s) + " " + value }

    /// The most severe alert on `measure` for the entity, if any.
    func alert(_ measure: AlertMeasure, _ code: String) -> Severity? {
        worstAlert[AlertKey(measure: measure, code: code)]
    }

    /// A table cell with an alert marker after the value: "1.20% !" in the warning role.
    func flagged(_ text: String, _ severity: Severity?, role: Role = .normal) -> TableCell {
        .flagged(text, role, severity)
    }

    static func marker(_ s: Severity) -> String { s == .critical ? "!!" : "!" }
    static func role(_ s: Severity) -> Role { s == .critical ? .critical : .warning }

    /// The selection on the current screen clamped to `count` rows.
    func cursor(rows count: Int) -> RowCursor {
        var c = state.cursor(state.screen)
        c.selected = min(max(0, c.selected), max(0, count - 1))
        return c
    }

    /// The figure screen's rows as shown: filtered and sorted by the screen's list view.
    func shown<T>(_ all: [T]) -> [T] {
        guard let f = input.figures else { return all }
        let order = state.figureOrder(state.screen, f)
        return order.allSatisfy(all.indices.contains) ? order.map { all[$0] } : all
    }

    /// " 修订" after a figure revised after its month had been shown complete (`scope`: a chain
    /// or re-lending tool code; nil for the city); "" otherwise.
    func revisedMark(_ measure: RevisedMeasure, _ scope: String?) -> String {
        input.figures?.isRevised(measure, chain: scope) == true ? " " + t(.revisedMark) : ""
    }

    /// The figure table's header note: its filter and sort, else the row keys.
    var figureListNote: String {
        let view = state.listView(state.screen)
        let titles = state.screen.spec.table?.titles ?? []
        let title = view.sort.flatMap { titles.indices.contains($0.column) ? titles[$0.column] : nil } ?? nil
        return DrillScreen.listNote(filter: view.filter, sort: view.sort, sortTitle: title, hint: .keyRowsHint, context: self)
    }

    /// A change cell: "+14.45%" (role up/down), "n/a" without a year-ago figure. On a
    /// provisional month "-99.88%*", uncoloured: with banks still to report, the change says
    /// nothing about a trend yet (help's legend explains the `*`).
    func changeCell(_ growth: BasisPoints?, severity: Severity? = nil) -> TableCell {
        guard let g = growth else { return .text(t(.notAvailable), .label) }
        guard input.figures?.isSettled ?? true else { return .text(Format.change(g) + Format.provisionalMark, .label) }
        return .flagged(Format.change(g), Format.role(of: g), severity)
    }
}
