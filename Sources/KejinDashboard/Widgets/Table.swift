import KejinCore

/// One table column. Columns are dropped from the lowest `priority` up when the table is too
/// narrow, and widened toward their content when there is room.
public struct TableColumn: Sendable {
    public enum Alignment: Sendable { case left, right }
    public var title: String
    public var alignment: Alignment
    /// Fewest cells the column may have; nil: as wide as its widest content.
    public var minWidth: Int?
    /// Most cells the column may take (e.g. a sparkline's 13 months).
    public var maxWidth: Int?
    public var priority: Int
    /// Takes the room left once every column has its natural width (a gauge, say).
    public var fills: Bool

    public init(_ title: String, _ alignment: Alignment = .left, minWidth: Int? = nil, maxWidth: Int? = nil,
                priority: Int = 50, fills: Bool = false) {
        self.title = title; self.alignment = alignment; self.minWidth = minWidth; self.maxWidth = maxWidth
        self.priority = priority; self.fills = fills
    }
}

/// What a table cell shows: text, or a graphic drawn to the column's final width.
public enum TableCell: Sendable {
    case text(String, Role = .normal, bold: Bool = false)
    /// A value with an alert marker ("!" or "!!") in a slot after it, so values stay aligned.
    case flagged(String, Role = .normal, Severity?)
    case sparkline([Int64])
    /// A usage bar, its label ("92.00%") and an alert marker slot.
    case gauge(BasisPoints, label: String, Severity?)
    case empty

    /// The width the cell would like, without a marker slot.
    var naturalWidth: Int {
        switch self {
        case .text(let s, _, _), .flagged(let s, _, _): return DisplayWidth.of(s)
        case .sparkline(let v): return v.count
        case .gauge(_, let label, _): return DisplayWidth.of(label) + Table.gaugeBar + 1
        case .empty: return 0
        }
    }

    var severity: Severity? {
        switch self {
        case .flagged(_, _, let s), .gauge(_, _, let s): return s
        case .text, .sparkline, .empty: return nil
        }
    }
    var hasMarkerSlot: Bool {
        switch self {
        case .flagged, .gauge: return true
        case .text, .sparkline, .empty: return false
        }
    }
}

/// A table drawn into a rectangle: a header row, then as many rows as fit from `scroll`.
/// Alignment counts display cells, so CJK names line up and are never cut in half.
public struct Table {
    public var columns: [TableColumn]
    public var rows: [[TableCell]]
    /// The highlighted row (nil when the table is not selectable).
    public var selected: Int?
    public var scroll: Int
    public var glyphs: Glyphs
    /// Draw the header row (lists such as alerts go without).
    public var showsHeader = true
    /// Rows left out before the table was made, because it could never show them (a panel
    /// without scrolling builds only the rows that fit): counted where hidden rows are counted.
    public var omitted = 0
    /// Keep the selection gutter while nothing in the table is selected (the selection is on
    /// an item drawn outside it), so columns do not move.
    var selectable = false
    var gutter: Int { selected == nil && !selectable ? 0 : 2 }

    public init(columns: [TableColumn], rows: [[TableCell]], selected: Int? = nil, scroll: Int = 0, glyphs: Glyphs) {
        self.columns = columns; self.rows = rows; self.selected = selected; self.scroll = scroll; self.glyphs = glyphs
    }

    /// Space between columns.
    static let gap = 2
    /// Width of a usage bar in a table cell when there is room for it.
    static let gaugeBar = 10
    /// " !!": the marker slot a column gets when any of its cells carries an alert.
    static let markerSlot = 3

    /// Whether column `i` needs a marker slot.
    func markerSlot(_ i: Int) -> Int {
        rows.contains { $0.indices.contains(i) && $0[i].severity != nil } ? Self.markerSlot : 0
    }

    /// The width of every column at its widest content (capped by its `maxWidth`), with
    /// its marker slot.
    func naturalWidths(slots: [Int]) -> [Int] {
        columns.indices.map { i -> Int in
            // The marker slot hangs to the right of the values and of the title above them.
            let content = rows.map { $0.indices.contains(i) ? $0[i].naturalWidth : 0 }.max() ?? 0
            let w = max(DisplayWidth.of(columns[i].title), content) + slots[i]
            return columns[i].fills ? w : min(w, columns[i].maxWidth ?? w)
        }
    }

    /// Cells the table needs to show every column whole: what `kejin report` prints in a pipe.
    public var naturalWidth: Int {
        let widths = naturalWidths(slots: columns.indices.map(markerSlot))
        return widths.reduce(0, +) + Self.gap * max(0, widths.count - 1) + gutter
    }

    /// Width per column for `available` cells, nil for a dropped column.
    public func layout(width available: Int) -> [Int?] {
        // Each slot once per column: lists can have thousands of rows.
        let slots = columns.indices.map(markerSlot)
        let natural = naturalWidths(slots: slots)
        let minimum = columns.indices.map { i in min(max(columns[i].minWidth ?? natural[i], slots[i] + 1), natural[i]) }
        var active = Set(columns.indices)
        func used() -> Int { active.reduce(0) { $0 + minimum[$1] } + Self.gap * max(0, active.count - 1) + gutter }
        while used() > available, active.count > 1 {
            // The least important column goes first; among equals, the rightmost.
            let victim = active.min { (columns[$0].priority, -$0) < (columns[$1].priority, -$1) }!
            active.remove(victim)
        }
        var widths = columns.indices.map { active.contains($0) ? minimum[$0] : 0 }
        var spare = available - used()
        for i in active.sorted(by: { (columns[$0].priority, -$0) > (columns[$1].priority, -$1) }) where spare > 0 {
            let grow = min(spare, natural[i] - widths[i])
            if grow > 0 { widths[i] += grow; spare -= grow }
        }
        if spare > 0, let i = columns.indices.first(where: { active.contains($0) && columns[$0].fills }) {
            widths[i] += min(spare, max(0, (columns[i].maxWidth ?? Int.max) - widths[i]))
        }
        return columns.indices.map { active.contains($0) ? widths[$0] : nil }
    }

    /// Rows that fit under the header.
    public static func visibleRows(height: Int, header: Bool = true) -> Int { max(0, height - (header ? 1 : 0)) }

    /// The first row shown so that `selected` stays visible.
    public static func windowStart(selected: Int?, scroll: Int, visible: Int, count: Int) -> Int {
        guard visible > 0, count > visible else { return 0 }
        var start = min(max(0, scroll), count - visible)
        if let s = selected {
            if s < start { start = s }
            if s >= start + visible { start = s - visible + 1 }
        }
        return start
    }

    public func draw(into grid: inout CellGrid, _ rect: Rect) {
        guard rect.height > 0, rect.width > 0 else { return }
        let widths = layout(width: rect.width)
        let slots = columns.indices.map(markerSlot)
        let header = CellStyle(.label, bold: true, underline: true)
        var x = rect.x + gutter
        for (i, column) in columns.enumerated() where showsHeader {
            guard let w = widths[i] else { continue }
            // A right-aligned title ends where the values end, before the marker slot.
            let slot = column.alignment == .right ? slots[i] : 0
            let title = fit(column.title, width: w)
            let titleWidth = DisplayWidth.of(title) > w - slot ? w : w - slot
            grid.put(DisplayWidth.pad(title, to: titleWidth, alignRight: column.alignment == .right), x: x, y: rect.y, style: header)
            x += w + Self.gap
        }
        let top = rect.y + (showsHeader ? 1 : 0)
        let visible = Self.visibleRows(height: rect.height, header: showsHeader)
        let start = Self.windowStart(selected: selected, scroll: scroll, visible: visible, count: rows.count)
        for (line, r) in (start..<min(rows.count, start + visible)).enumerated() {
            let y = top + line
            let isSelected = r == selected
            if isSelected {
                grid.fill(x: rect.x, y: y, width: rect.width, height: 1, style: CellStyle(.selection, reverse: true))
                grid.put(glyphs.selected, x: rect.x, y: y, style: CellStyle(.selection, bold: true, reverse: true))
            }
            x = rect.x + gutter
            for (i, column) in columns.enumerated() {
                guard let w = widths[i] else { continue }
                let cell = rows[r].indices.contains(i) ? rows[r][i] : .empty
                let slot = slots[i]
                drawCell(cell, into: &grid, x: x, y: y, width: w - slot, alignment: column.alignment, selected: isSelected)
                if slot > 0, let severity = cell.severity {
                    let role: Role = severity == .critical ? .critical : .warning
                    let style = isSelected ? CellStyle(.selection, bold: true, reverse: true) : CellStyle(role, bold: true)
                    grid.put(" " + (severity == .critical ? "!!" : "!"), x: x + w - slot, y: y, style: style)
                }
                x += w + Self.gap
            }
        }
    }

    private func drawCell(_ cell: TableCell, into grid: inout CellGrid, x: Int, y: Int, width: Int,
                          alignment: TableColumn.Alignment, selected: Bool) {
        func style(_ role: Role, bold: Bool = false) -> CellStyle {
            selected ? CellStyle(.selection, bold: true, reverse: true) : CellStyle(role, bold: bold)
        }
        switch cell {
        case .flagged(let s, let role, let severity):
            let r: Role = severity == .critical ? .critical : severity == .warning ? .warning : role
            drawCell(.text(s, r, bold: severity == .critical), into: &grid, x: x, y: y, width: width,
                     alignment: alignment, selected: selected)
        case .text(let s, let role, let bold):
            let text = DisplayWidth.pad(fit(s, width: width), to: width, alignRight: alignment == .right)
            grid.put(text, x: x, y: y, style: style(role, bold: bold), maxWidth: width)
        case .sparkline(let values):
            let text = Sparkline.text(values, width: width, glyphs: glyphs)
            grid.put(text, x: x, y: y, style: style(.sparkline), maxWidth: width)
        case .gauge(let ratio, let label, let severity):
            let role: Role = severity == .critical ? .critical : severity == .warning ? .warning : .normal
            let labelWidth = DisplayWidth.of(label)
            let barWidth = min(width - labelWidth - 1, 40)
            var cx = x + (width - labelWidth - 1 - max(0, barWidth))
            if barWidth >= 3 {
                grid.put(Gauge.bar(ratio, width: barWidth, glyphs: glyphs), x: cx, y: y, style: style(.gauge))
                cx += barWidth + 1
            } else {
                cx = x + max(0, width - labelWidth)
            }
            grid.put(label, x: cx, y: y, style: style(role, bold: role != .normal), maxWidth: x + width - cx)
        case .empty:
            break
        }
    }

    /// Text cut to `width` with an ellipsis when it does not fit; wide characters stay whole.
    func fit(_ text: String, width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        guard width > 1 else { return DisplayWidth.truncate(text, to: width) }
        return DisplayWidth.truncate(text, to: width - 1) + glyphs.ellipsis
    }
}
