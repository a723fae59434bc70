import Foundation
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

    /// The rows as shown: filtered, then sorted (stable), through the list's `ListIndex`.
    public static func rows(_ d: DetailRows, filter: String, sort: DetailSort?, language: Language) -> Shown {
        let index = self.index(d)
        return Shown(all: index.rows, order: index.order(filter: filter, sort: sort, language: language))
    }

    /// The rows as shown, by position into the loaded rows (a frame copies none of them).
    public struct Shown: RandomAccessCollection, Sendable {
        let all: [DetailRow]
        let order: [Int]
        public var startIndex: Int { 0 }
        public var endIndex: Int { order.count }
        public subscript(position: Int) -> DetailRow { all[order[position]] }
        static let none = Shown(all: [], order: [])
    }

    /// Builds the list's index ahead (the loader calls it on its thread, after the query), so
    /// the first frame and the first `/` find the texts lowercased.
    public static func prepare(_ d: DetailRows) { index(d).prepare() }

    /// The index of the list: a loaded list is indexed once and kept while it is among the
    /// last few asked for. A list is known by its rows' storage: the index holds those rows,
    /// so while it is kept no other array can have that storage (a changed copy gets its own).
    static func index(_ d: DetailRows) -> ListIndex<DetailRow> {
        let id = ListID(storage: d.rows.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }, count: d.rows.count,
                        nameField: d.nameField, fields: d.fields)
        if id.count > 0, let known = indexes.find(id) { return known }
        let index = ListIndex(d.rows, columns: columns(d), code: \.code)
        if id.count > 0 { indexes.keep(id, index) }
        return index
    }

    struct ListID: Equatable {
        var storage: UInt
        var count: Int
        var nameField: DetailField
        var fields: [DetailField]
    }

    /// The last few lists' indexes: the levels on a drill path, shared by the loader's
    /// threads and the run loop.
    final class Indexes: @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [(id: ListID, index: ListIndex<DetailRow>)] = []
        static let capacity = 6

        func find(_ id: ListID) -> ListIndex<DetailRow>? {
            lock.withLock { kept.first { $0.id == id }?.index }
        }

        func keep(_ id: ListID, _ index: ListIndex<DetailRow>) {
            lock.withLock {
                kept.removeAll { $0.id == id }
                kept.insert((id, index), at: 0)
                if kept.count > Self.capacity { kept.removeLast() }
            }
        }
    }

    private static let indexes = Indexes()

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
