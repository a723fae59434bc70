import KejinCore

/// Filtering and sorting of a detail list: pure, shared by the renderer (what is drawn) and
/// the state (which row Enter opens), so both always see the same order.
public enum DetailList {
    public static func rows(_ d: DetailRows, filter: String, sort: DetailSort?, language: Language) -> [DetailRow] {
        var rows = d.rows
        let needle = filter.lowercased()
        if !needle.isEmpty { rows = rows.filter { matches($0, needle) } }
        guard let s = sort, s.column >= 0, s.column <= d.fields.count else { return rows }
        // Stable: equal keys keep the list's own order.
        let keyed = rows.enumerated().map { (offset: $0.offset, row: $0.element, key: key($0.element, s.column, language)) }
        return keyed.sorted { a, b in
            if a.key != b.key { return s.descending ? b.key < a.key : a.key < b.key }
            return a.offset < b.offset
        }.map(\.row)
    }

    /// Code and names in both languages, and every text or name cell (a loan's enterprise, say).
    static func matches(_ row: DetailRow, _ needle: String) -> Bool {
        if row.code.lowercased().contains(needle) || row.name.zh.lowercased().contains(needle)
            || row.name.en.lowercased().contains(needle) { return true }
        return row.values.contains { v in
            switch v {
            case .text(let s): return s.lowercased().contains(needle)
            case .name(let n): return n.zh.lowercased().contains(needle) || n.en.lowercased().contains(needle)
            default: return false
            }
        }
    }

    /// A comparable key: numbers before text never meet (a column holds one kind); missing
    /// values sort lowest.
    enum Key: Comparable {
        case missing
        case number(Int64)
        case text(String)
    }

    static func key(_ row: DetailRow, _ column: Int, _ language: Language) -> Key {
        if column == 0 { return .text(row.name.text(language)) }
        guard row.values.indices.contains(column - 1) else { return .missing }
        switch row.values[column - 1] {
        case .text(let s), .word(let s): return s.isEmpty ? .missing : .text(s)
        case .name(let n): return .text(n.text(language))
        case .money(let m): return m.map { .number($0.fen) } ?? .missing
        case .count(let n): return n.map { .number(Int64($0)) } ?? .missing
        case .percent(let b), .growth(let b): return b.map { .number($0.value) } ?? .missing
        case .date(let d): return d.map { .text($0) } ?? .missing
        case .flag(let f): return .number(f ? 1 : 0)
        case .flags(let f): return .number(Int64([f.firstLoan, f.creditLoan, f.renewal, f.revolving].filter { $0 }.count))
        case .tags(let t): return .number(Int64(t.filter(\.validAtPeriodEnd).count))
        case .trend(let t): return t.last.map { .number($0.fen) } ?? .missing
        case .score(let s): return s.map { .number(Int64($0)) } ?? .missing
        case .unavailable: return .missing
        }
    }

    /// Whether a column holds numbers (sorted high-first when picked).
    static func isNumeric(_ d: DetailRows, column: Int) -> Bool {
        guard column > 0 else { return false }
        for row in d.rows {
            switch key(row, column, .en) {
            case .number: return true
            case .text: return false
            case .missing: continue
            }
        }
        return false
    }
}
