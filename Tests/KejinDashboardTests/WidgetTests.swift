import KejinCore
import Testing
@testable import KejinDashboard

@Suite struct WidgetTests {
    let glyphs = Glyphs(ascii: false)

    func draw(_ table: Table, width: Int, height: Int = 6) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        table.draw(into: &grid, Rect(x: 0, y: 0, width: width, height: height))
        return grid
    }

    @Test func cjkColumnsAlignByDisplayWidth() {
        let table = Table(columns: [TableColumn("产业链"), TableColumn("余额", .right)],
                          rows: [[.text("茶叶"), .text("2.80亿")], [.text("富硒食品"), .text("6.32亿")], [.text("Tea"), .text("1.00亿")]],
                          glyphs: glyphs)
        let lines = draw(table, width: 30).text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "产业链      余额")
        #expect(lines[1] == "茶叶      2.80亿")
        #expect(lines[2] == "富硒食品  6.32亿")
        // Every value ends in the same display column.
        #expect(Set(lines.prefix(4).map(DisplayWidth.of)).count == 1)
    }

    @Test func wideNamesAreCutWholeWithAnEllipsis() {
        let table = Table(columns: [TableColumn("名称", minWidth: 6, priority: 100), TableColumn("值", .right, priority: 90)],
                          rows: [[.text("旬阳市科技信贷风险补偿资金池"), .text("3.31%")]], glyphs: glyphs)
        let grid = draw(table, width: 13, height: 2)
        let line = grid.text.split(separator: "\n").map(String.init)[1]
        // 6 cells for the name: two whole characters, the ellipsis, and a blank where a half would go.
        #expect(line == "旬阳…   3.31%")
        #expect(!line.contains("市"))
        for x in 0..<grid.width where grid[x, 1].isContinuation {
            #expect(DisplayWidth.of(grid[x - 1, 1].character) == 2, "continuation after a narrow character at \(x)")
        }
    }

    @Test func columnsAreDroppedByPriorityWhenNarrow() {
        let table = Table(columns: [TableColumn("name", priority: 100), TableColumn("spark", minWidth: 6, priority: 10),
                                    TableColumn("balance", .right, priority: 90)],
                          rows: [[.text("Tea"), .sparkline([1, 2, 3]), .text("2.80")]], glyphs: glyphs)
        #expect(table.layout(width: 40).compactMap { $0 }.count == 3)
        let narrow = table.layout(width: 14)
        #expect(narrow[1] == nil)
        #expect(narrow[0] != nil && narrow[2] != nil)
    }

    @Test func selectedRowIsReversedAndMarked() {
        let rows: [[TableCell]] = (0..<5).map { [.text("row \($0)")] }
        let table = Table(columns: [TableColumn("name")], rows: rows, selected: 3, scroll: 0, glyphs: glyphs)
        let grid = draw(table, width: 12, height: 3)  // header + 2 rows: scrolls so row 3 shows
        let lines = grid.text.split(separator: "\n").map(String.init)
        #expect(lines[1] == "  row 2")
        #expect(lines[2] == "> row 3")
        #expect(grid[4, 2].style.reverse && grid[4, 2].style.role == .selection)
        #expect(!grid[4, 1].style.reverse)
    }

    @Test func windowKeepsTheSelectionVisible() {
        #expect(Table.windowStart(selected: 0, scroll: 0, visible: 5, count: 20) == 0)
        #expect(Table.windowStart(selected: 7, scroll: 0, visible: 5, count: 20) == 3)
        #expect(Table.windowStart(selected: 4, scroll: 6, visible: 5, count: 20) == 4)
        #expect(Table.windowStart(selected: 19, scroll: 30, visible: 5, count: 20) == 15)
        #expect(Table.windowStart(selected: 2, scroll: 3, visible: 5, count: 4) == 0)
    }

    @Test func markersKeepValuesAligned() {
        let table = Table(columns: [TableColumn("fee", .right)],
                          rows: [[.flagged("0.80%", .normal, nil)], [.flagged("1.20%", .normal, .warning)],
                                 [.flagged("11.2×", .normal, .critical)]], glyphs: glyphs)
        let lines = draw(table, width: 10, height: 4).text.split(separator: "\n").map(String.init)
        #expect(lines == ["  fee", "0.80%", "1.20% !", "11.2× !!"])
    }

    @Test func gaugeFillsByRatioAndClamps() {
        #expect(Gauge.bar(BasisPoints(5_000), width: 10, glyphs: glyphs) == "█████░░░░░")
        #expect(Gauge.bar(BasisPoints(12_000), width: 4, glyphs: Glyphs(ascii: true)) == "####")
        #expect(Gauge.bar(BasisPoints(1), width: 4, glyphs: Glyphs(ascii: true)) == "#---")
        #expect(Gauge.bar(BasisPoints(0), width: 4, glyphs: Glyphs(ascii: true)) == "----")
        #expect(Gauge.bar(BasisPoints(9_999), width: 10, glyphs: glyphs) == "█████████░")
    }

    @Test func sparklineScalesBetweenMinAndMax() {
        #expect(Sparkline.text([1, 2, 3, 4, 5, 6, 7, 8], width: 8, glyphs: glyphs) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.text([10, 80], width: 2, glyphs: Glyphs(ascii: true)) == " #")
        #expect(Sparkline.text([5, 5, 5], width: 3, glyphs: glyphs) == "▄▄▄")
        // Only the latest months fit; they stay at the right edge.
        #expect(Sparkline.text([1, 2, 3, 4], width: 2, glyphs: glyphs) == "▁█")
        #expect(Sparkline.text([1, 8], width: 4, glyphs: glyphs) == "  ▁█")
    }

    @Test func boxDrawsUnicodeAndASCIIBorders() {
        var grid = CellGrid(width: 12, height: 3)
        Box.draw(into: &grid, Rect(x: 0, y: 0, width: 12, height: 3), title: "预警", glyphs: glyphs)
        #expect(grid.text == "┌ 预警 ────┐\n│          │\n└──────────┘")
        var ascii = CellGrid(width: 8, height: 3)
        Box.draw(into: &ascii, Rect(x: 0, y: 0, width: 8, height: 3), title: "Hi", glyphs: Glyphs(ascii: true))
        #expect(ascii.text == "+ Hi --+\n|      |\n+------+")
    }
}

@Suite struct CellGridTests {
    @Test func fillingOverHalfAWideCharacterBlanksAllOfIt() {
        var g = CellGrid(width: 6, height: 1)
        g.put("茶叶茶", x: 0, y: 0)
        g.fill(x: 1, y: 0, width: 2, height: 1, "x")  // covers the right half of 茶 and the left half of 叶
        #expect(g.text == " xx 茶")
        for x in 0..<6 where g[x, 0].isContinuation { #expect(DisplayWidth.of(g[x - 1, 0].character) == 2) }
    }
}
