/// A boxed, scrolling, selectable table with its "3/9 [1-5]" footer. The one place that tells
/// the state how many rows the list has, how many show and where they are drawn: PgUp/PgDn
/// move by `visible`, and a mouse click finds its row from `listTop` and `listStart`.
struct ListBox {
    let rect: Rect
    /// Rows of the table.
    let rows: Int
    /// The selected row, clamped; may point past the table at selectable items drawn
    /// elsewhere (the pools under the guarantors).
    let selected: Int
    /// Rows that fit under the header, and the first one shown.
    let visible: Int
    let start: Int

    /// Border and header lines around the rows.
    static let chrome = Box.chrome + 1

    /// `trailing`: selectable items after the table's rows, drawn outside it.
    init(_ rect: Rect, rows: Int, trailing: Int = 0, cursor: RowCursor) {
        self.rect = rect; self.rows = rows
        selected = min(max(0, cursor.selected), max(0, rows + trailing - 1))
        visible = Table.visibleRows(height: rect.height - 2)
        start = Table.windowStart(selected: selected < rows ? selected : nil, scroll: cursor.scroll, visible: visible, count: rows)
    }

    /// The cursor the table draws with: the selection inside the table, scrolled to `start`.
    var tableCursor: RowCursor { RowCursor(selected: selected, scroll: start) }

    /// Draws the box and records the list for the state; `table` is asked for only when there
    /// are rows (nil: not loaded, `empty` is shown). `trailing` as in `init`.
    func draw(into grid: inout CellGrid, title: String, titleRight: String, empty: String, trailing: Int = 0,
              context c: inout RenderContext, table: (RenderContext) -> Table?) {
        c.list = (rows + trailing, visible)
        c.listTop = rect.y + 2
        c.listStart = start
        let footer = rows == 0 || selected >= rows ? ""
            : "\(selected + 1)/\(rows)" + (rows > visible ? " [\(start + 1)-\(min(rows, start + visible))]" : "")
        let inner = Box.draw(into: &grid, rect, title: title, titleRight: titleRight, footer: footer,
                             glyphs: c.glyphs, focused: true)
        guard rows > 0, var t = table(c) else {
            grid.put(" " + empty, x: inner.x, y: inner.y, style: CellStyle(.label), maxWidth: inner.width)
            return
        }
        t.selected = selected < rows ? selected : nil
        t.selectable = true
        t.scroll = start
        t.draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
    }
}
