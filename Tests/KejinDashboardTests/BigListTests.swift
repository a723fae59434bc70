import KejinCore
import Testing
@testable import KejinDashboard

/// A 12000-row detail list pages, filters and sorts like a small one. (How fast is measured
/// by `kejin bench`, "list of N rows: PgDn + frame", where a busy machine cannot fail a test.)
@Suite struct BigListTests {
    @Test func aListOfTwelveThousandRowsPagesFiltersAndSorts() {
        var rows = DetailFixture.teaFirms
        rows.rows = (0..<40).flatMap { k in DetailFixture.teaFirms.rows.map { var r = $0; r.code += "-\(k)"; return r } }
        var state = DashboardState(screen: .banks)
        state.drills[.banks] = [DrillFrame(request: .banks, title: Names(zh: "银行", en: "Banks")),
                                DrillFrame(request: rows.request, title: Names(zh: "x", en: "x"))]
        var input = Fixture.input()
        input.detail = rows
        func fiveKeys() -> String {
            var text = ""
            for _ in 0..<5 {
                _ = state.handle(.pageDown, input: input, width: 120, height: 40)
                text = DashboardRenderer.render(input, state: state, width: 120, height: 40).text
            }
            return text
        }
        let page = DashboardRenderer.listMetrics(input, state: state, width: 120, height: 40).visible
        #expect(fiveKeys().contains("\(5 * page + 1)/12000"))
        state.drills[.banks]![1].filter = "紫阳"
        state.drills[.banks]![1].sort = DetailSort(column: 2, descending: true)
        state.drills[.banks]![1].cursor = RowCursor()
        #expect(fiveKeys().contains("\(5 * page + 1)/2400"))
    }
}
