import KejinCore

/// Alerts: every alert of the period by severity (open before acknowledged), with the id
/// `kejin alerts ack` takes, the figure, the threshold and who acknowledged it.
enum AlertsScreen {
    static let spec = ScreenSpec(title: .screenAlerts, content: .figures(draw))

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
        // The table takes what it needs (at least four rows); the selected alert's rule below.
        let detail = alerts.isEmpty ? nil : panel(alerts[cursor.selected], f, context: c)
        let showsPanel = detail.map { area.height - $0.height >= Layout.minimumTable } ?? false
        let tableHeight = showsPanel ? max(Layout.minimumTable, min(alerts.count + ListBox.chrome, area.height - detail!.height)) : area.height
        let (tableRect, panelRect) = area.takeTop(tableHeight)
        if showsPanel, let d = detail { d.draw(into: &grid, Rect(x: panelRect.x, y: panelRect.y, width: panelRect.width, height: d.height), glyphs: c.glyphs) }
        let open = alerts.filter(\.isOpen)
        let critical = open.filter { $0.severity == .critical }.count
        let title = c.t(.alertsTitle) + " \(f.period.key)  " + c.t(.openAlerts) + " \(open.count)"
            + (open.isEmpty ? "" : "  !! \(critical)  ! \(open.count - critical)")
        let box = ListBox(tableRect, rows: alerts.count, cursor: cursor)
        box.draw(into: &grid, title: title, titleRight: alerts.isEmpty ? "" : c.t(.keyAlertsHint), empty: c.t(.noAlerts),
                 context: &c) { c in
            AlertList.table(alerts, context: c, withHeader: true, showsID: true, showsAcknowledgement: true)
        }
    }

    /// The selected alert's rule (every threshold, the hysteresis) and its acknowledgement.
    static func panel(_ a: Alert, _ f: Figures, context c: RenderContext) -> DetailPanel {
        typealias P = DetailPanel
        let labels: [Str] = [.alertRule, .alertThresholds, .alertHysteresis, .alertStatus]
        let lw = labels.map { DisplayWidth.of(c.t($0)) }.max()!
        var lines: [[P.Segment]] = []
        let rule = f.alertRules.first { $0.id == a.ruleID }
        lines.append([P.label(c.t(.alertRule), width: lw), P.value("\(a.ruleID)"), P.gap(2),
                      P.plain(c.t(AlertList.measureLabel(a.measure))), P.gap(2),
                      (rule?.scope ?? c.t(.alertAllEntities), CellStyle(.label))])
        if let rule {
            var parts: [String] = []
            func add(_ sev: Str, _ dir: Str, _ t: Int64?) {
                if let t { parts.append(c.t(sev) + " " + c.t(dir) + " " + AlertList.value(t, a.measure, c)) }
            }
            add(.warning, .below, rule.warnBelow); add(.critical, .below, rule.criticalBelow)
            add(.warning, .above, rule.warnAbove); add(.critical, .above, rule.criticalAbove)
            lines.append([P.label(c.t(.alertThresholds), width: lw), P.plain(parts.joined(separator: "   "))])
            let h = a.measure.isCount ? "\(rule.hysteresis)" : Format.percent(BasisPoints(rule.hysteresis))
            var line = [P.label(c.t(.alertHysteresis), width: lw), P.plain(h)]
            if a.heldByBand {
                line += [P.gap(), (c.t(.heldByBandClears) + " " + AlertList.value(a.effectiveThreshold, a.measure, c),
                                   CellStyle(.warning, bold: true))]
            }
            lines.append(line)
        }
        if let ack = a.acknowledgement {
            lines.append([P.label(c.t(.alertStatus), width: lw),
                          (AlertList.acknowledgement(ack, c) + " " + String(ack.at.dropFirst(11)) + " UTC  "
                           + (c.language == .zh ? ack.period.key + c.t(.alertSince) : c.t(.alertSince) + " " + ack.period.key),
                           CellStyle(.label))])
        } else {
            lines.append([P.label(c.t(.alertStatus), width: lw), P.value(c.t(.openAlerts), RenderContext.role(a.severity)),
                          P.gap(), ("kejin alerts ack " + a.id, CellStyle(.label))])
        }
        return DetailPanel(title: c.name(a.entity), titleRight: a.entityCode, lines: lines)
    }
}
