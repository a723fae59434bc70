import KejinCore

/// A drill-down list's table and its filtering and sorting: pure, shared by the renderer (what
/// is drawn) and the state (which row Enter opens, what `s` sorts by), so both always see the
/// same columns in the same order.
public enum DetailList {
    /// The list's columns: each row's name, then one per field in the store's order. A
    /// `DetailSort` column indexes this list (0 is the name, i + 1 is `fields[i]`).
    static func columns(_ d: DetailRows) -> [Column<DetailRow>] {
        let name = Column<DetailRow>(DetailColumns.column(d.nameField, at: 0).title,
                                     minWidth: Layout.drillRowName.lowerBound, maxWidth: Layout.drillRowName.upperBound,
                                     priority: 100, cell: { row, c in .text(c.name(row.name), .normal, bold: true) },
                                     sort: { .name($0.name, $1) }, filter: { [$0.name.zh, $0.name.en] })
        return [name] + d.fields.enumerated().map { i, field in
            DetailColumns.column(field, at: i).reading { (row: DetailRow) in
                row.values.indices.contains(i) ? row.values[i] : .unavailable
            }
        }
    }

    public static func rows(_ d: DetailRows, filter: String, sort: DetailSort?, language: Language) -> [DetailRow] {
        var rows = d.rows
        let columns = columns(d)
        let needle = filter.lowercased()
        if !needle.isEmpty { rows = rows.filter { matches($0, needle, columns) } }
        guard let s = sort, columns.indices.contains(s.column) else { return rows }
        // Stable: equal keys keep the list's own order.
        let key = columns[s.column].sortKey
        let keyed = rows.enumerated().map { (offset: $0.offset, row: $0.element, key: key($0.element, language)) }
        return keyed.sorted { a, b in
            if a.key != b.key { return s.descending ? b.key < a.key : a.key < b.key }
            return a.offset < b.offset
        }.map(\.row)
    }

    /// The row's code, or the filter text of any column (names in both languages, a loan's
    /// enterprise, say).
    static func matches(_ row: DetailRow, _ needle: String, _ columns: [Column<DetailRow>]) -> Bool {
        if row.code.lowercased().contains(needle) { return true }
        return columns.contains { column in
            column.filterText?(row).contains { $0.lowercased().contains(needle) } ?? false
        }
    }

    /// A comparable key: numbers before text never meet (a column holds one kind); missing
    /// values sort lowest.
    enum Key: Comparable {
        case missing
        case number(Int64)
        case text(String)
    }

    /// Whether a column holds numbers (sorted high-first when picked).
    static func isNumeric(_ d: DetailRows, column: Int) -> Bool {
        let columns = columns(d)
        guard columns.indices.contains(column) else { return false }
        for row in d.rows {
            switch columns[column].sortKey(row, .en) {
            case .number: return true
            case .text: return false
            case .missing: continue
            }
        }
        return false
    }
}
