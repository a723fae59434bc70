import KejinCore

/// A drill-down list's table and its filtering and sorting: pure, shared by the renderer (what
/// is drawn) and the state (which row Enter opens, what `s` sorts by), so both always see the
/// same columns in the same order.
public enum DetailList {
    /// The list's columns: each row's name, then one per field in the store's order. A
    /// `DetailSort` column indexes this list (0 is the name, i + 1 is `fields[i]`).
    static func columns(_ d: DetailRows) -> [Column<DetailRow>] {
        let name = Column<DetailRow>.name(DetailColumns.column(d.nameField, at: 0).title, minWidth: Layout.drillRowName.lowerBound,
                                          maxWidth: Layout.drillRowName.upperBound) { $0.name }
        return [name] + d.fields.enumerated().map { i, field in
            DetailColumns.column(field, at: i).reading { (row: DetailRow) in
                row.values.indices.contains(i) ? row.values[i] : .unavailable
            }
        }
    }

    public static func rows(_ d: DetailRows, filter: String, sort: DetailSort?, language: Language) -> [DetailRow] {
        columns(d).order(d.rows, code: \.code, filter: filter, sort: sort, language: language).map { d.rows[$0] }
    }

    /// A comparable key: numbers before text never meet (a column holds one kind); missing
    /// values sort lowest.
    enum Key: Comparable {
        case missing
        case number(Int64)
        case text(String)
    }

    /// Whether a column holds numbers (sorted high-first when picked).
    static func isNumeric(_ d: DetailRows, column: Int) -> Bool { columns(d).isNumeric(d.rows, column: column) }
}
