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
        case .reportingLate: return .measureReportingLate
        case .relendingCapUse: return .measureCapUse
        case .ineligibleLedgerLoans: return .measureIneligible
        case .bankEvaluation: return .measureBankEvaluation
        case .subsidyClaimUse: return .measureSubsidyClaimUse
        case .ledgerSpread: return .measureLedgerSpread
        case .techNPLGap: return .measureTechNPLGap
        }
    }

    /// A measure's value in its own unit: a percentage, a change, a leverage or a count.
    static func value(_ v: Int64, _ m: AlertMeasure, _ c: RenderContext) -> String {
        switch m {
        case .relendingUsage, .guaranteeFeeRate, .bankRiskShare, .poolLossRate, .poolRemaining, .relendingCapUse, .subsidyClaimUse:
            return Format.percent(BasisPoints(v))
        case .chainTechGrowth, .chainGrowthGap, .ledgerSpread, .techNPLGap:
            return Format.change(BasisPoints(v))
        case .guarantorLeverage:
            return Format.leverage(BasisPoints(v), ascii: c.ascii)
        case .rolloverExhausted, .ineligibleLedgerLoans:
            return Format.count(Int(v), unit: .loansUnit, c.language)
        case .reportingLate:
            return Format.count(Int(v), unit: .daysUnit, c.language)
        case .bankEvaluation:
            return Format.count(Int(v), unit: .pointsUnit, c.language)
        }
    }

    /// "低于 80.00%"; nothing for a count that fires on any occurrence (threshold "above 0").
    /// An alert held by its hysteresis band shows the threshold in force and says so
    /// ("95.00%  低于 95.50% 回差保持"), so the value never reads as if it should not fire.
    static func threshold(_ a: Alert, _ c: RenderContext) -> String {
        if a.measure == .rolloverExhausted || a.measure == .ineligibleLedgerLoans, a.threshold == 0, !a.below, !a.heldByBand { return "" }
        let text = c.t(a.below ? .below : .above) + " " + value(a.effectiveThreshold, a.measure, c)
        return a.heldByBand ? text + " " + c.t(.heldByBand) : text
    }

    /// "✓ 已确认 zhang 2025-06-01" (the date of the UTC timestamp).
    static func acknowledgement(_ ack: AlertAck, _ c: RenderContext) -> String {
        (c.ascii ? "v" : "✓") + " " + c.t(.acknowledged) + " " + ack.by + " " + String(ack.at.prefix(10))
    }

    typealias C = Column<Alert>

    /// Marker and severity: "!! 严重"; an acknowledged row trades the marker for a tick, so it
    /// reads as quiet even where the "acknowledged" column does not fit.
    static let severity = C(nil, priority: 100, cell: { a, c in
        let quiet = a.acknowledgement != nil
        let mark = quiet ? (c.ascii ? "v" : "✓") : RenderContext.marker(a.severity)
        return .text(mark.padding(2) + " " + c.t(a.severity == .critical ? .critical : .warning),
                     quiet ? .label : RenderContext.role(a.severity), bold: !quiet)
    }, sort: { a, _ in .number(Int64(a.severity.rawValue)) })
    static let id = C(.colAlertID, priority: 95, cell: { a, _ in .text(a.id, .label) }, sort: { a, _ in .text(a.id) })
    static let entity = C(.colEntity, minWidth: 8, maxWidth: 22, priority: 90,
                          cell: { a, c in .text(c.name(a.entity), a.acknowledgement != nil ? .label : .normal) },
                          sort: { .name($0.entity, $1) })
    static let measure = C(.colMeasure, minWidth: 12, priority: 80,
                           cell: { a, c in .text(c.t(measureLabel(a.measure)), .label) },
                           sort: { a, l in .text(measureLabel(a.measure).text(l)) })
    static let figure = C(.colValue, .right, priority: 85, cell: { a, c in
        let quiet = a.acknowledgement != nil
        return .text(value(a.value, a.measure, c), quiet ? .label : RenderContext.role(a.severity),
                     bold: !quiet && a.severity == .critical)
    }, sort: { a, _ in .number(a.value) })
    static let threshold = C(.colThreshold, priority: 70, cell: { a, c in .text(threshold(a, c), .label) },
                             sort: { a, _ in .number(a.effectiveThreshold) })
    static let acknowledgedBy = C(.colAcknowledged, priority: 60,
                                  cell: { a, c in .text(a.acknowledgement.map { acknowledgement($0, c) } ?? "", .label) },
                                  sort: { a, _ in a.acknowledgement.map { .text($0.by) } ?? .missing })

    /// `showsID`: a column with the id `kejin alerts ack` takes; `showsAcknowledgement`: a
    /// column saying who acknowledged. Acknowledged rows are drawn quiet (label role) either way.
    static func table(_ alerts: [Alert], context c: RenderContext, withHeader: Bool,
                      showsID: Bool = false, showsAcknowledgement: Bool = false) -> Table {
        let columns = [severity] + (showsID ? [id] : []) + [entity, measure, figure, threshold]
            + (showsAcknowledgement ? [acknowledgedBy] : [])
        var t = columns.table(alerts, context: c)
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
        let shown = max(0, rect.height - Box.chrome)
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
