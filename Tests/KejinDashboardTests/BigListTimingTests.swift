import Foundation
import KejinCore
import Testing
@testable import KejinDashboard

/// A 12000-row detail list: keys and frames stay quick because only the rows on screen (and
/// a fixed sample for column widths) are formatted. Times are printed; the bounds are loose
/// enough for a debug build on a busy machine.
@Suite struct BigListTimingTests {
    @Test func aListOfTwelveThousandRowsScrollsFilteredAndSorted() {
        var rows = DetailFixture.teaFirms
        rows.rows = (0..<40).flatMap { k in DetailFixture.teaFirms.rows.map { var r = $0; r.code += "-\(k)"; return r } }
        var state = DashboardState(screen: .banks)
        state.drills[.banks] = [DrillFrame(request: .banks, title: Names(zh: "银行", en: "Banks")),
                                DrillFrame(request: rows.request, title: Names(zh: "x", en: "x"))]
        var input = Fixture.input()
        input.detail = rows
        func fiveKeys() -> (ms: Double, text: String) {
            let t0 = Date()
            var text = ""
            for _ in 0..<5 {
                _ = state.handle(.pageDown, input: input, width: 120, height: 40)
                text = DashboardRenderer.render(input, state: state, width: 120, height: 40).text
            }
            return (Date().timeIntervalSince(t0) * 200, text)
        }
        let plain = fiveKeys()
        print(String(format: "RENDER %d rows: %.1f ms per key and frame", rows.rows.count, plain.ms))
        let page = DashboardRenderer.listMetrics(input, state: state, width: 120, height: 40).visible
        #expect(plain.text.contains("\(5 * page + 1)/12000"))
        state.drills[.banks]![1].filter = "紫阳"
        state.drills[.banks]![1].sort = DetailSort(column: 2, descending: true)
        state.drills[.banks]![1].cursor = RowCursor()
        let filtered = fiveKeys()
        print(String(format: "RENDER filtered and sorted: %.1f ms per key and frame", filtered.ms))
        #expect(filtered.text.contains("/2400"))
        #expect(plain.ms < 1_000 && filtered.ms < 1_000)
    }
}
