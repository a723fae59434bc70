/// A boxed list of "label  value" lines describing the selected row.
struct DetailPanel {
    typealias Segment = (text: String, style: CellStyle)
    var title: String
    var titleRight: String = ""
    var lines: [[Segment]]

    /// Lines plus the border.
    var height: Int { lines.count + 2 }

    func draw(into grid: inout CellGrid, _ rect: Rect, glyphs: Glyphs, focused: Bool = false) {
        let inner = Box.draw(into: &grid, rect, title: title, titleRight: titleRight, glyphs: glyphs, focused: focused)
        for (i, line) in lines.enumerated() where i < inner.height {
            var x = inner.x + 1
            for seg in line where x < inner.maxX - 1 {
                x += grid.put(seg.text, x: x, y: inner.y + i, style: seg.style, maxWidth: inner.maxX - 1 - x)
            }
        }
    }

    /// A label in the label role, padded so that values line up.
    static func label(_ text: String, width: Int) -> Segment { (DisplayWidth.pad(text, to: width) + " ", CellStyle(.label)) }
    static func value(_ text: String, _ role: Role = .value, bold: Bool = true) -> Segment { (text, CellStyle(role, bold: bold)) }
    static func plain(_ text: String) -> Segment { (text, CellStyle(.normal)) }
    static func gap(_ n: Int = 3) -> Segment { (String(repeating: " ", count: n), CellStyle(.normal)) }
}
