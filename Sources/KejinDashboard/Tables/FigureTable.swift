import KejinCore

/// A figure screen's own table (Chains, Re-lending, Guarantees): its rows, their columns,
/// how a row is found by code, and the list Enter opens on a row. Filtering and sorting live
/// here once, shared by the renderer (what is drawn) and the state (what Enter opens, where an
/// alert jumps), so both see the same order.
struct FigureTable<Row>: Sendable {
    let rows: @Sendable (Figures) -> [Row]
    let code: @Sendable (Row) -> String
    let name: @Sendable (Row) -> Names
    /// The columns for a screen `width` cells wide (some widen on a large screen).
    let columns: @Sendable (_ width: Int) -> [Column<Row>]
    /// The drill-down list Enter opens on a row.
    let open: @Sendable (Row) -> DrillRequest

    /// Indices into `rows(f)` in the order shown: filtered, then sorted (stable).
    func order(_ f: Figures, view: ListView, language: Language) -> [Int] {
        columns(0).order(rows(f), code: code, filter: view.filter, sort: view.sort, language: language)
    }

    /// Whether a column holds numbers (sorted high-first when picked).
    func isNumeric(_ f: Figures, column: Int) -> Bool { columns(0).isNumeric(rows(f), column: column) }

    /// The table as the state and the renderer see it, whatever its row type.
    var erased: AnyFigureTable {
        AnyFigureTable(
            titles: columns(0).map(\.title),
            order: order, isNumeric: isNumeric,
            index: { f, code in self.rows(f).firstIndex { self.code($0) == code } },
            open: { f, i in
                let row = self.rows(f)[i]
                return DrillFrame(request: self.open(row), title: self.name(row))
            })
    }
}

/// A `FigureTable` without its row type, for the screen registry.
struct AnyFigureTable: Sendable {
    /// Column titles, left to right (the sort's header note names one).
    let titles: [Str?]
    let order: @Sendable (Figures, ListView, Language) -> [Int]
    let isNumeric: @Sendable (Figures, Int) -> Bool
    /// The row of the entity with this code, as an index into the figure list.
    let index: @Sendable (Figures, String) -> Int?
    /// The list Enter opens on the row at this index of the figure list.
    let open: @Sendable (Figures, Int) -> DrillFrame
}

/// The filter and sort of a figure screen's own table; the drill-down lists keep theirs in
/// `DrillFrame`.
public struct ListView: Equatable, Sendable {
    /// Case-insensitive substring of a row's code or name (either language); "" = all rows.
    public var filter = ""
    public var sort: DetailSort?
    public init(filter: String = "", sort: DetailSort? = nil) { self.filter = filter; self.sort = sort }
}

extension DashboardState {
    /// The filter and sort of a figure screen's own table.
    public func listView(_ screen: Screen) -> ListView { listViews[screen] ?? ListView() }

    /// The figure screen's entities (indices into its figure list) in the order shown.
    func figureOrder(_ screen: Screen, _ f: Figures) -> [Int] {
        guard let table = screen.spec.table else { return [] }
        return table.order(f, listView(screen), language)
    }

    /// Whether the current list is a figure screen's own table (no drill-down open).
    var onFigureTable: Bool { activeFrame == nil && screen.spec.table != nil }
}
