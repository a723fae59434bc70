import Foundation
import KejinCore

/// A list's `/` texts and `s` keys, worked out once per loaded list instead of on every frame,
/// and the orders already asked for. A frame used to lowercase every row's texts and key every
/// row again (a 100,000-row list: ~400 ms per frame); now a frame reuses the last order, a new
/// filter searches the lowercased texts (only the last matches when the filter grew), and a
/// sort is one permutation per column, direction and language, kept. The order is exactly
/// that of filtering the rows, then sorting them stably.
final class ListIndex<Row>: @unchecked Sendable {
    let rows: [Row]
    private let columns: [Column<Row>]
    /// Every row's code and searchable column texts, lowercased: row i's are
    /// `texts[starts[i]..<starts[i + 1]]`.
    private let texts: [String]
    private let starts: [Int]
    private let lock = NSLock()
    private struct SortID: Hashable { var column: Int; var descending: Bool; var language: Language }
    private var permutations: [SortID: [Int]] = [:]
    private var lastFilter: (needle: String, matches: [Int])?
    private var lastOrder: (filter: String, sort: DetailSort?, language: Language, order: [Int])?

    init(_ rows: [Row], columns: [Column<Row>], code: (Row) -> String) {
        self.rows = rows
        self.columns = columns
        let searched = columns.compactMap(\.filterText)
        var texts: [String] = [], starts: [Int] = [0]
        texts.reserveCapacity(rows.count * (1 + 2 * searched.count))
        starts.reserveCapacity(rows.count + 1)
        for row in rows {
            texts.append(code(row).lowercased())
            for text in searched { texts += text(row).map { $0.lowercased() } }
            starts.append(texts.count)
        }
        self.texts = texts
        self.starts = starts
    }

    /// Indices into `rows` in the order shown: those whose code or any column's filter text
    /// contains `filter` (any case), sorted by the `sort` column's key (stable: equal keys keep
    /// the list's own order).
    func order(filter: String, sort: DetailSort?, language: Language) -> [Int] {
        lock.withLock {
            if let last = lastOrder, last.filter == filter, last.sort == sort, last.language == language { return last.order }
            let matches = self.matches(filter.lowercased())
            var order = matches
            if let s = sort, columns.indices.contains(s.column) {
                let sorted = permutation(SortID(column: s.column, descending: s.descending, language: language))
                if matches.count == rows.count {
                    order = sorted
                } else {
                    var shown = [Bool](repeating: false, count: rows.count)
                    for i in matches { shown[i] = true }
                    order = sorted.filter { shown[$0] }
                }
            }
            lastOrder = (filter, sort, language, order)
            return order
        }
    }

    /// Rows whose texts contain `needle`, in list order. A needle that extends the last one
    /// can only match rows the last one matched, so only those are searched.
    private func matches(_ needle: String) -> [Int] {
        guard !needle.isEmpty else { return Array(rows.indices) }
        if let last = lastFilter, last.needle == needle { return last.matches }
        let candidates = lastFilter.map { needle.contains($0.needle) ? $0.matches : nil } ?? nil
        let found = (candidates ?? Array(rows.indices)).filter { i in
            texts[starts[i]..<starts[i + 1]].contains { $0.contains(needle) }
        }
        lastFilter = (needle, found)
        return found
    }

    /// Every row, sorted by the column's key, ties in list order.
    private func permutation(_ id: SortID) -> [Int] {
        if let known = permutations[id] { return known }
        let key = columns[id.column].sortKey
        let keys = rows.map { key($0, id.language) }
        let sorted = rows.indices.sorted { a, b in
            if keys[a] != keys[b] { return id.descending ? keys[b] < keys[a] : keys[a] < keys[b] }
            return a < b
        }
        permutations[id] = sorted
        return sorted
    }
}
