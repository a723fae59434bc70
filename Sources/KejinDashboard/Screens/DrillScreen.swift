import KejinCore

/// A drill-down list: the breadcrumb, the enterprise's tags when it is about one enterprise,
/// and a scrolling table whose header says the filter and the sort.
enum DrillScreen {
    static func draw(_ frame: DrillFrame, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        var rest = area
        let (crumbRect, below) = rest.takeTop(1)
        rest = below
        drawBreadcrumb(into: &grid, crumbRect, context: c)
        let detail = c.input.detail.flatMap { $0.request == frame.request ? $0 : nil }
        if let d = detail, !d.tags.isEmpty, rest.height > Layout.drillTagsAbove {
            let (tagRect, after) = rest.takeTop(1)
            rest = after
            drawTags(d.tags, into: &grid, tagRect, context: c)
        }
        let rows = detail.map { DetailList.rows($0, filter: frame.filter, sort: frame.sort, language: c.language) }
            ?? DetailList.Shown.none
        var cursor = frame.cursor
        cursor.selected = min(max(0, cursor.selected), max(0, rows.count - 1))
        // The selected row's card goes below the table when the table keeps its rows (or nine).
        if let d = detail, !rows.isEmpty {
            let card = DetailCard.panel(rows[cursor.selected], d, width: rest.width, context: c)
            let tableWanted = rows.count + ListBox.chrome
            if rest.height - card.height >= min(tableWanted, Layout.drillTableBesideCard) {
                let (top, below) = rest.takeTop(min(tableWanted, rest.height - card.height))
                card.draw(into: &grid, below.takeTop(card.height).0, glyphs: c.glyphs)
                rest = top
            }
        }
        let box = ListBox(rest, rows: rows.count, cursor: cursor)
        box.draw(into: &grid, title: c.t(DetailColumns.title(frame.request)), titleRight: headerNote(frame, detail, context: c),
                 empty: c.t(detail == nil ? .loading : frame.filter.isEmpty ? .noRows : .noMatches), context: &c) { c in
            detail.map { table($0, rows, cursor: box.tableCursor, visibleRows: box.visible, sort: frame.sort, context: c) }
        }
    }

    static func table(_ d: DetailRows, _ rows: DetailList.Shown, cursor: RowCursor, visibleRows: Int, sort: DetailSort?,
                      context c: RenderContext) -> Table {
        let columns = DetailList.columns(d)
        let titles = columns.enumerated().map { i, column in column.tableColumn(c, mark: sortMark(sort, column: i, context: c)) }
        // Only the rows on screen and a fixed sample (for steady column widths) are formatted:
        // a list of thousands stays quick to draw. Other rows are empty to the table.
        let visible = cursor.scroll..<min(rows.count, cursor.scroll + visibleRows)
        let stride = max(1, rows.count / Layout.drillWidthSample)
        let cells = rows.indices.map { i -> [TableCell] in
            guard visible.contains(i) || i < Layout.drillWidthSample || i % stride == 0 else { return [] }
            return columns.map { $0.cell(rows[i], c) }
        }
        return Table(columns: titles, rows: cells, selected: cursor.selected, scroll: cursor.scroll, glyphs: c.glyphs)
    }

    /// "产业链 › 茶叶 › 安康农商银行": the screen, then every opened level; the front gives way
    /// when the line is too narrow.
    static func drawBreadcrumb(into grid: inout CellGrid, _ rect: Rect, context c: RenderContext) {
        let separator = c.ascii ? " > " : " › "
        var parts = [c.t(c.state.screen.title)] + c.state.drillPath.map { c.name($0.title) }
        var text = " " + parts.joined(separator: separator)
        while DisplayWidth.of(text) > rect.width - 1, parts.count > 1 {
            parts.removeFirst()
            text = " " + c.glyphs.ellipsis + separator + parts.joined(separator: separator)
        }
        grid.put(text, x: rect.x, y: rect.y, style: CellStyle(.title, bold: true), maxWidth: rect.width)
    }

    /// "资质  高新技术企业 GR2023… 2023-01-01~2025-12-31 有效  …"
    static func drawTags(_ tags: [EnterpriseTag], into grid: inout CellGrid, _ rect: Rect, context c: RenderContext) {
        var x = rect.x + 1
        x += grid.put(c.t(.tagsLabel) + " ", x: x, y: rect.y, style: CellStyle(.label))
        for t in tags {
            let text = " " + c.t(DetailColumns.tagName(t.tag, short: false)) + (t.certificate.isEmpty ? "" : " " + t.certificate)
                + " \(t.validFrom)~\(t.validTo) " + c.t(t.validAtPeriodEnd ? .tagValid : .tagExpired) + " "
            guard x + DisplayWidth.of(text) <= rect.maxX else { break }
            x += grid.put(text, x: x, y: rect.y, style: CellStyle(t.validAtPeriodEnd ? .up : .label))
        }
    }

    /// The table header's right part: the filter and the sort in force, else the keys.
    static func headerNote(_ frame: DrillFrame, _ detail: DetailRows?, context c: RenderContext) -> String {
        let sort = detail == nil ? nil : frame.sort
        let columns = detail.map(DetailList.columns) ?? []
        let title = sort.flatMap { columns.indices.contains($0.column) ? columns[$0.column].title : nil }
        return listNote(filter: frame.filter, sort: sort, sortTitle: title, hint: .keyDrillHint, context: c)
    }

    /// "筛选 "茶"  排序 贷款余额 ▼" for any list (drill-down or figure table); `hint` when neither.
    static func listNote(filter: String, sort: DetailSort?, sortTitle: Str?, hint: Str, context c: RenderContext) -> String {
        var notes: [String] = []
        if !filter.isEmpty { notes.append(c.labelled(.filter, "\"\(filter)\"")) }
        if let s = sort, let name = sortTitle { notes.append(c.labelled(.sort, c.t(name) + " " + sortArrow(s, context: c))) }
        return notes.isEmpty ? c.t(hint) : notes.joined(separator: "  ")
    }

    static func sortArrow(_ s: DetailSort, context c: RenderContext) -> String {
        s.descending ? (c.ascii ? "v" : "▼") : (c.ascii ? "^" : "▲")
    }

    /// The arrow after the title of the column the list is sorted by; "" for the others.
    static func sortMark(_ sort: DetailSort?, column: Int, context c: RenderContext) -> String {
        guard let s = sort, s.column == column else { return "" }
        return sortArrow(s, context: c)
    }
}
