import KejinCore

/// Alerts as table rows: marker, entity, measure, value, and the threshold crossed.
enum AlertList {
    static func measureLabel(_ m: AlertMeasure) -> Str {
        switch m {
        case .relendingUsage: return .measureRelendingUsage
        case .rolloverExhausted: return .measureRolloverExhausted
        case .guaranteeFeeRate: return .measureFeeRate
        case .guarantorLeverage: return .measureLeverage
        case .bankRiskShare: return .measureBankRiskShare
        case .poolLossRate: return .measurePoolLossRate
        case .poolRemaining: return .measurePoolRemaining
        case .chainTechGrowth: return .measureChainTechGrowth
        case .chainGrowthGap: return .measureChainGrowthGap
        }
    }

    /// A measure's value in its own unit: a percentage, a change, a leverage or a count.
    static func value(_ v: Int64, _ m: AlertMeasure, _ c: RenderContext) -> String {
        switch m {
        case .relendingUsage, .guaranteeFeeRate, .bankRiskShare, .poolLossRate, .poolRemaining:
            return Format.percent(BasisPoints(v))
        case .chainTechGrowth, .chainGrowthGap:
            return Format.change(BasisPoints(v))
        case .guarantorLeverage:
            return Format.leverage(BasisPoints(v), ascii: c.ascii)
        case .rolloverExhausted:
            return Format.count(Int(v), unit: .loansUnit, c.language)
        }
    }

    /// "低于 80.00%"; nothing for a count that fires on any occurrence (threshold "above 0").
    /// An alert held by its hysteresis band shows the threshold in force and says so
    /// ("95.00%  低于 95.50% 回差保持"), so the value never reads as if it should not fire.
    static func threshold(_ a: Alert, _ c: RenderContext) -> String {
        if a.measure == .rolloverExhausted, a.threshold == 0, !a.below, !a.heldByBand { return "" }
        let text = c.t(a.below ? .below : .above) + " " + value(a.effectiveThreshold, a.measure, c)
        return a.heldByBand ? text + " " + c.t(.heldByBand) : text
    }

    /// "✓ 已确认 zhang 2025-06-01" (the date of the UTC timestamp).
    static func acknowledgement(_ ack: AlertAck, _ c: RenderContext) -> String {
        (c.ascii ? "v" : "✓") + " " + c.t(.acknowledged) + " " + ack.by + " " + String(ack.at.prefix(10))
    }

    /// `showsID`: a column with the id `kejin alerts ack` takes; `showsAcknowledgement`: a
    /// column saying who acknowledged. Acknowledged rows are drawn quiet (label role) either way.
    static func table(_ alerts: [Alert], context c: RenderContext, withHeader: Bool,
                      showsID: Bool = false, showsAcknowledgement: Bool = false) -> Table {
        var columns = [
            TableColumn("", priority: 100),
            TableColumn(c.t(.colEntity), minWidth: 8, maxWidth: 22, priority: 90),
            TableColumn(c.t(.colMeasure), minWidth: 12, priority: 80),
            TableColumn(c.t(.colValue), .right, priority: 85),
            TableColumn(c.t(.colThreshold), priority: 70),
        ]
        if showsID { columns.insert(TableColumn(c.t(.colAlertID), priority: 95), at: 1) }
        if showsAcknowledgement { columns.append(TableColumn(c.t(.colAcknowledged), priority: 60)) }
        let rows: [[TableCell]] = alerts.map { a in
            let quiet = a.acknowledgement != nil
            let role = quiet ? Role.label : RenderContext.role(a.severity)
            let sev = a.severity == .critical ? Str.critical : Str.warning
            var row: [TableCell] = [
                // An acknowledged row keeps its severity but trades the marker for a tick, so it
                // reads as quiet even where the "acknowledged" column does not fit.
                .text((quiet ? (c.ascii ? "v" : "✓") : RenderContext.marker(a.severity)).padding(2) + " " + c.t(sev),
                      role, bold: !quiet),
                .text(c.name(a.entity), quiet ? .label : .normal),
                .text(c.t(measureLabel(a.measure)), .label),
                .text(value(a.value, a.measure, c), role, bold: !quiet && a.severity == .critical),
                .text(threshold(a, c), .label),
            ]
            if showsID { row.insert(.text(a.id, .label), at: 1) }
            if showsAcknowledgement { row.append(.text(a.acknowledgement.map { acknowledgement($0, c) } ?? "", .label)) }
            return row
        }
        var t = Table(columns: columns, rows: rows, glyphs: c.glyphs)
        t.showsHeader = withHeader
        return t
    }

    /// A boxed list of the first alerts that fit; the box title counts them by severity.
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ alerts: [Alert], context c: RenderContext) {
        // Counts are of open alerts: acknowledged ones are listed (quiet) but not counted.
        let open = alerts.filter(\.isOpen)
        let critical = open.filter { $0.severity == .critical }.count
        let title = c.t(.alertsTitle) + " (\(open.count))"
        let right = open.isEmpty ? "" : "!! \(critical)  ! \(open.count - critical)"
        let shown = max(0, rect.height - 2)
        let footer = alerts.count > shown ? c.t(.moreAlerts) + " \(alerts.count - shown)" : ""
        let inner = Box.draw(into: &grid, rect, title: title, titleRight: right, footer: footer, glyphs: c.glyphs)
        guard !alerts.isEmpty else {
            grid.put(" " + c.t(.noAlerts), x: inner.x, y: inner.y, style: CellStyle(.label), maxWidth: inner.width)
            return
        }
        table(Array(alerts.prefix(shown)), context: c, withHeader: false)
            .draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height))
    }
}

extension String {
    /// Pads with spaces on the right to `width` display cells.
    func padding(_ width: Int) -> String { DisplayWidth.pad(self, to: max(width, DisplayWidth.of(self))) }
}
