import KejinCore
import Testing
@testable import KejinDashboard

/// A list's order through its kept index (`ListIndex`: texts lowercased once, sorts kept, a
/// growing filter searching only the last matches) equals filtering the rows afresh and
/// sorting them stably, for every column, both directions, both languages and a filter typed
/// and erased key by key; and a list loaded again (new rows) is not answered from the old one.
@Suite struct ListOrderTests {
    /// 1,201 firms: the fixture's 300 four times over, with duplicate names, equal balances
    /// and mixed case in the codes, and one with accents.
    static let list: DetailRows = {
        var d = DetailFixture.teaFirms
        d.rows = (0..<4).flatMap { k in
            DetailFixture.teaFirms.rows.map { var r = $0; r.code = (k % 2 == 0 ? "Ak" : "aK") + "\(k)-" + r.code; return r }
        }
        // Texts a byte search must not decide alone: precomposed and combining accents.
        var cafe = d.rows[0]
        cafe.code = "CAFÉ-1"
        cafe.name = Names(zh: "咖啡 Cafe\u{301}", en: "Café Ziyang")
        d.rows.insert(cafe, at: 7)
        return d
    }()

    /// The plain way: every row's texts lowercased now, then a stable sort of the matches.
    static func plainOrder(_ d: DetailRows, filter: String, sort: DetailSort?, language: Language) -> [String] {
        let columns = DetailList.columns(d)
        let needle = filter.lowercased()
        let shown = d.rows.indices.filter { i in
            needle.isEmpty || d.rows[i].code.lowercased().contains(needle) || columns.contains { column in
                column.filterText?(d.rows[i]).contains { $0.lowercased().contains(needle) } ?? false
            }
        }
        guard let s = sort, columns.indices.contains(s.column) else { return shown.map { d.rows[$0].code } }
        let keyed = shown.map { (index: $0, key: columns[s.column].sortKey(d.rows[$0], language)) }
        return keyed.sorted { a, b in
            if a.key != b.key { return s.descending ? b.key < a.key : a.key < b.key }
            return a.index < b.index
        }.map { d.rows[$0.index].code }
    }

    @Test func everySortAndATypedFilterMatchThePlainOrder() {
        let d = Self.list
        let columns = DetailList.columns(d).count
        let sorts = [nil] + (0..<columns).flatMap { [DetailSort(column: $0, descending: false), DetailSort(column: $0, descending: true)] }
        // Typed key by key, erased, then something else: growing, shrinking and unrelated filters.
        let filters = ["", "a", "ak", "ak1", "ak1-", "ak1", "ak", "", "紫", "紫阳", "紫", "ZIYANG", "k3", "no such firm", "",
                       "e", "caf", "café", "cafe\u{301}", "é", "\u{301}", "咖啡", ""]
        for language in Language.allCases {
            for sort in sorts {
                for filter in filters {
                    let shown = DetailList.rows(d, filter: filter, sort: sort, language: language).map(\.code)
                    #expect(shown == Self.plainOrder(d, filter: filter, sort: sort, language: language),
                            "filter \(filter) sort \(String(describing: sort)) \(language)")
                }
            }
        }
    }

    @Test func aListLoadedAgainIsIndexedAgain() {
        var d = Self.list
        let before = DetailList.rows(d, filter: "ak1", sort: DetailSort(column: 2, descending: true), language: .zh).map(\.code)
        d.rows.reverse()
        d.rows[0].code = "changed"
        let after = DetailList.rows(d, filter: "ak1", sort: DetailSort(column: 2, descending: true), language: .zh).map(\.code)
        #expect(after == Self.plainOrder(d, filter: "ak1", sort: DetailSort(column: 2, descending: true), language: .zh))
        #expect(DetailList.rows(d, filter: "chan", sort: nil, language: .zh).map(\.code) == ["changed"])
        #expect(Set(before).count == before.count)
    }
}
