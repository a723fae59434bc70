/// A bordered panel with a title on the top edge and an optional note on the bottom edge
/// (a scroll position, a count). Returns the inner rectangle to draw the content into.
public enum Box {
    /// Lines the border takes: the top and the bottom edge.
    static let chrome = 2

    @discardableResult
    public static func draw(into grid: inout CellGrid, _ rect: Rect, title: String = "", titleRight: String = "",
                            footer: String = "", glyphs: Glyphs, focused: Bool = false) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let border = CellStyle(.border, bold: focused)
        let h = String(repeating: glyphs.horizontal, count: rect.width - 2)
        grid.put(glyphs.topLeft + h + glyphs.topRight, x: rect.x, y: rect.y, style: border)
        grid.put(glyphs.bottomLeft + h + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, style: border)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            grid.put(glyphs.vertical, x: rect.x, y: row, style: border)
            grid.put(glyphs.vertical, x: rect.maxX - 1, y: row, style: border)
        }
        // Titles sit between the corners with a space either side: "┌ 产业链 ──── 2025-05 ┐".
        let room = rect.width - 4
        var leftUsed = 0
        if !title.isEmpty, room > 2 {
            let t = " " + DisplayWidth.truncate(title, to: room - 2) + " "
            leftUsed = grid.put(t, x: rect.x + 1, y: rect.y, style: CellStyle(.title, bold: true))
        }
        if !titleRight.isEmpty {
            let t = " " + titleRight + " "
            let w = DisplayWidth.of(t)
            if leftUsed + w + 1 <= room + 2 {
                grid.put(t, x: rect.maxX - 1 - w, y: rect.y, style: CellStyle(.label))
            }
        }
        if !footer.isEmpty {
            let t = " " + footer + " "
            let w = DisplayWidth.of(t)
            if w <= rect.width - 2 { grid.put(t, x: rect.maxX - 1 - w, y: rect.maxY - 1, style: CellStyle(.label)) }
        }
        return rect.inset(1)
    }
}
