import KejinCore

/// Alerts: every alert of the period by severity (open before acknowledged), with the id
/// `kejin alerts ack` takes, the figure, the threshold and who acknowledged it.
enum AlertsScreen {
    /// The order rows are shown (and selected) in: severity, then open before acknowledged,
    /// then the engine's order (rule, entity).
    static func ordered(_ alerts: [Alert]) -> [Alert] {
        alerts.enumerated().sorted {
            ($1.element.severity.rawValue, $0.element.isOpen ? 0 : 1, $0.offset)
                < ($0.element.severity.rawValue, $1.element.isOpen ? 0 : 1, $1.offset)
        }.map(\.element)
    }

    static func draw(_ f: Figures, into grid: inout CellGrid, _ area: Rect, context c: inout RenderContext) {
        let alerts = ordered(c.input.alerts)
        let cursor = c.cursor(rows: alerts.count)
        let visible = Table.visibleRows(height: area.height - 2)
        c.list = (alerts.count, visible)
        let open = alerts.filter(\.isOpen)
        let critical = open.filter { $0.severity == .critical }.count
        let title = c.t(.alertsTitle) + " \(f.period.key)  " + c.t(.openAlerts) + " \(open.count)"
            + (open.isEmpty ? "" : "  !! \(critical)  ! \(open.count - critical)")
        let start = Table.windowStart(selected: cursor.selected, scroll: cursor.scroll, visible: visible, count: alerts.count)
        let footer = alerts.isEmpty ? "" : "\(cursor.selected + 1)/\(alerts.count)"
            + (alerts.count > visible ? " [\(start + 1)-\(min(alerts.count, start + visible))]" : "")
        let inner = Box.draw(into: &grid, area, title: title, titleRight: alerts.isEmpty ? "" : c.t(.keyAlertsHint),
                             footer: footer, glyphs: c.glyphs, focused: true)
        guard !alerts.isEmpty else {
            grid.put(" " + c.t(.noAlerts), x: inner.x, y: inner.y, style: CellStyle(.label), maxWidth: inner.width)
            return
        }
        var table = AlertList.table(alerts, context: c, withHeader: true, showsID: true, showsAcknowledgement: true)
        table.selected = cursor.selected
        table.scroll = start
        table.draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
    }
}
