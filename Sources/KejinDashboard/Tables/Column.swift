import KejinCore

/// What `s` sorts a column by: numbers (fen, basis points, counts) or text; missing values
/// sort lowest. A column holds one kind, so numbers and text never meet.
typealias SortKey = DetailList.Key

extension SortKey {
    static func money(_ m: Money?) -> SortKey { m.map { .number($0.fen) } ?? .missing }
    static func rate(_ b: BasisPoints?) -> SortKey { b.map { .number($0.value) } ?? .missing }
    static func count(_ n: Int) -> SortKey { .number(Int64(n)) }
    static func name(_ n: Names?, _ language: Language) -> SortKey { n.map { .text($0.text(language)) } ?? .missing }
}

/// One table column, declared once: its title, how it is laid out (alignment, widths, the
/// priority by which narrow screens drop it), what each row's cell shows, what `s` sorts it
/// by and what `/` searches in it. A table is a list of these, so a column cannot fall out of
/// step with its sort key.
struct Column<Row>: Sendable {
    /// nil: no title (the alert marker column speaks for itself).
    var title: Str?
    var alignment: TableColumn.Alignment
    var minWidth: Int?
    var maxWidth: Int?
    /// Lowest goes first when the table is too narrow.
    var priority: Int
    /// Takes the room left over (a usage bar).
    var fills: Bool
    var cell: @Sendable (Row, RenderContext) -> TableCell
    var sortKey: @Sendable (Row, Language) -> SortKey
    /// The texts the `/` filter looks in (a name in both languages); nil: not searched.
    var filterText: (@Sendable (Row) -> [String])?

    init(_ title: Str?, _ alignment: TableColumn.Alignment = .left, minWidth: Int? = nil, maxWidth: Int? = nil,
         priority: Int, fills: Bool = false,
         cell: @escaping @Sendable (Row, RenderContext) -> TableCell, sort: @escaping @Sendable (Row, Language) -> SortKey,
         filter: (@Sendable (Row) -> [String])? = nil) {
        self.title = title; self.alignment = alignment; self.minWidth = minWidth; self.maxWidth = maxWidth
        self.priority = priority; self.fills = fills; self.cell = cell; self.sortKey = sort; self.filterText = filter
    }

    /// The same column on rows that hold its value (a drill-down row's i-th value, say).
    func reading<Parent>(_ value: @escaping @Sendable (Parent) -> Row) -> Column<Parent> {
        let cell = cell, sortKey = sortKey
        var filter: (@Sendable (Parent) -> [String])?
        if let text = filterText { filter = { parent in text(value(parent)) } }
        return Column<Parent>(title, alignment, minWidth: minWidth, maxWidth: maxWidth, priority: priority, fills: fills,
                              cell: { parent, c in cell(value(parent), c) },
                              sort: { parent, language in sortKey(value(parent), language) }, filter: filter)
    }

    /// The same column laid out differently (the overview's narrower chain table).
    func with(minWidth: Int? = nil, maxWidth: Int? = nil, priority: Int? = nil) -> Column {
        var c = self
        if let minWidth { c.minWidth = minWidth }
        if let maxWidth { c.maxWidth = maxWidth }
        if let priority { c.priority = priority }
        return c
    }

    func tableColumn(_ c: RenderContext, mark: String = "") -> TableColumn {
        TableColumn((title.map(c.t) ?? "") + mark, alignment, minWidth: minWidth, maxWidth: maxWidth, priority: priority, fills: fills)
    }
}

extension Column {
    /// A table's first column: each row's name in bold, sorted A–Z in the user's language and
    /// found by `/` in either language.
    static func name(_ title: Str?, minWidth: Int, maxWidth: Int? = nil, priority: Int = 100,
                     _ name: @escaping @Sendable (Row) -> Names) -> Column {
        Column(title, minWidth: minWidth, maxWidth: maxWidth, priority: priority,
               cell: { row, c in .text(c.name(name(row)), .normal, bold: true) },
               sort: { .name(name($0), $1) }, filter: { name($0).both })
    }
}

extension Names {
    /// Both languages, for the `/` filter.
    var both: [String] { [zh, en] }
}

extension Array {
    /// Indices into `rows` in the order shown: filtered by `filter`, sorted by `sort` (see
    /// `ListIndex`, which a drill-down list keeps; a figure table's few rows are indexed anew).
    func order<Row>(_ rows: [Row], code: @escaping (Row) -> String, filter: String, sort: DetailSort?, language: Language) -> [Int]
    where Element == Column<Row> {
        ListIndex(rows, columns: self, code: code).order(filter: filter, sort: sort, language: language)
    }

    /// Whether a column holds numbers (sorted high-first when picked): its first key that is
    /// not missing.
    func isNumeric<Row>(_ rows: [Row], column: Int) -> Bool where Element == Column<Row> {
        guard indices.contains(column) else { return false }
        for row in rows {
            switch self[column].sortKey(row, .en) {
            case .number: return true
            case .text: return false
            case .missing: continue
            }
        }
        return false
    }

    /// The table of `rows` under these columns; `sort` puts its arrow after the sorted title.
    func table<Row>(_ rows: [Row], sort: DetailSort? = nil, cursor: RowCursor? = nil, context c: RenderContext) -> Table
    where Element == Column<Row> {
        let columns = enumerated().map { i, column in column.tableColumn(c, mark: DrillScreen.sortMark(sort, column: i, context: c)) }
        let cells = rows.map { row in map { $0.cell(row, c) } }
        return Table(columns: columns, rows: cells, selected: cursor?.selected, scroll: cursor?.scroll ?? 0, glyphs: c.glyphs)
    }
}
