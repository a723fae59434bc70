import Foundation
import KejinCore

/// A list's `/` texts and `s` keys, worked out once per loaded list instead of on every frame,
/// and the orders already asked for. A frame used to lowercase every row's texts and key every
/// row again (a 100,000-row list: ~400 ms per frame); now a frame reuses the last order, a new
/// filter searches the lowercased texts' bytes (only a kept filter's matches when the filter
/// grew; the last few filters are kept), and a sort is one permutation per column, direction
/// and language, kept. The order is exactly that of filtering the rows, then sorting them stably.
final class ListIndex<Row>: @unchecked Sendable {
    let rows: [Row]
    private let columns: [Column<Row>]
    private let code: (Row) -> String
    private let lock = NSLock()
    private struct SortID: Hashable { var column: Int; var descending: Bool; var language: Language }
    private var permutations: [SortID: [Int]] = [:]
    /// The last few filters' matches, latest first: erasing a character is instant again.
    private var filters: [(needle: String, matches: [Int])] = []
    private static var filtersKept: Int { 6 }
    private var lastOrder: (filter: String, sort: DetailSort?, language: Language, order: [Int])?

    /// Every row's code and searchable column texts, lowercased, made at the first filter (or
    /// by `prepare`, on the loader's thread).
    private struct Texts {
        /// Row i's texts are `all[starts[i]..<starts[i + 1]]`.
        var all: [String] = [], starts: [Int] = [0]
        /// The same texts' UTF-8, one after another (text k is `utf8[ends[k - 1]..<ends[k]]`),
        /// and whether a byte search finds in text k exactly what `String.contains` finds.
        var utf8: [UInt8] = [], ends: [Int] = [], plain: [Bool] = []
    }
    private var texts: Texts?

    init(_ rows: [Row], columns: [Column<Row>], code: @escaping (Row) -> String) {
        self.rows = rows
        self.columns = columns
        self.code = code
    }

    /// Lowercases the texts now rather than at the first `/`; outside the lock, so a frame
    /// drawn meanwhile (the loader prepares a list it has just posted) never waits for them.
    func prepare() {
        guard lock.withLock({ texts == nil }) else { return }
        let made = makeTexts()
        lock.withLock { if texts == nil { texts = made } }
    }

    private func searchTexts() -> Texts {
        if let texts { return texts }
        let made = makeTexts()
        texts = made
        return made
    }

    private func makeTexts() -> Texts {
        let searched = columns.compactMap(\.filterText)
        var t = Texts()
        t.all.reserveCapacity(rows.count * (1 + 2 * searched.count))
        t.starts.reserveCapacity(rows.count + 1)
        for row in rows {
            t.all.append(code(row).lowercased())
            for text in searched { t.all += text(row).map { $0.lowercased() } }
            t.starts.append(t.all.count)
        }
        t.ends.reserveCapacity(t.all.count)
        for text in t.all {
            t.utf8 += text.utf8
            t.ends.append(t.utf8.count)
        }
        t.plain = t.all.map(Self.isPlain)
        return t
    }

    /// Printable ASCII and CJK unified ideographs only: each character one scalar that no other
    /// spelling is canonically equal to, so a byte match is a character match and back.
    private static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
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

    /// Rows whose texts contain `needle`, in list order. A needle holding a kept one (typing
    /// on) can only match rows that one matched, so only those are searched.
    private func matches(_ needle: String) -> [Int] {
        guard !needle.isEmpty else { return Array(rows.indices) }
        if let known = filters.first(where: { $0.needle == needle }) { return known.matches }
        let plainNeedle = Self.isPlain(needle)
        // Plain needles only: then a text holding the longer one holds the shorter one too.
        let candidates = plainNeedle
            ? filters.filter { Self.isPlain($0.needle) && needle.contains($0.needle) }.min { $0.matches.count < $1.matches.count }?.matches
            : nil
        let bytes = Array(needle.utf8)
        let t = searchTexts()
        let found = t.utf8.withUnsafeBufferPointer { utf8 in
            (candidates ?? Array(rows.indices)).filter { i in
                (t.starts[i]..<t.starts[i + 1]).contains { k in
                    guard plainNeedle, t.plain[k] else { return t.all[k].contains(needle) }
                    let start = k == 0 ? 0 : t.ends[k - 1]
                    return Self.find(bytes, in: UnsafeBufferPointer(rebasing: utf8[start..<t.ends[k]]))
                }
            }
        }
        filters.insert((needle, found), at: 0)
        if filters.count > Self.filtersKept { filters.removeLast() }
        return found
    }

    /// Whether `needle`'s bytes occur in `text`.
    private static func find(_ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= text.count, let base = text.baseAddress else { return needle.isEmpty }
        return needle.withUnsafeBytes { n in
            // Each place the first byte occurs (memchr), then the rest compared (memcmp).
            var p = base
            let last = base + (text.count - needle.count)
            while p <= last, let hit = memchr(p, Int32(first), last - p + 1) {
                let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(at, n.baseAddress!, n.count) == 0 { return true }
                p = at + 1
            }
            return false
        }
    }

    /// Every row, sorted by the column's key, ties in list order.
    private func permutation(_ id: SortID) -> [Int] {
        if let known = permutations[id] { return known }
        let key = columns[id.column].sortKey
        let keys = rows.map { key($0, id.language) }
        let sorted = Self.sortedNumbers(keys, descending: id.descending) ?? rows.indices.sorted { a, b in
            if keys[a] != keys[b] { return id.descending ? keys[b] < keys[a] : keys[a] < keys[b] }
            return a < b
        }
        permutations[id] = sorted
        return sorted
    }

    /// The same order for a column of numbers (and missing values, lowest), sorted as plain
    /// integers: several times quicker than comparing the keys; nil for a column of text.
    private static func sortedNumbers(_ keys: [SortKey], descending: Bool) -> [Int]? {
        var flat: [(present: Bool, value: Int64, index: Int)] = []
        flat.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated() {
            switch key {
            case .missing: flat.append((false, 0, i))
            case .number(let n): flat.append((true, n, i))
            case .text: return nil
            }
        }
        flat.sort { a, b in
            if a.present != b.present { return descending ? a.present : b.present }
            if a.value != b.value { return descending ? a.value > b.value : a.value < b.value }
            return a.index < b.index
        }
        return flat.map(\.index)
    }
}
