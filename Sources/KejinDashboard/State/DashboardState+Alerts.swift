import KejinCore

/// Keys of the Alerts screen: Enter goes to the alert's entity, `a` acknowledges.
extension DashboardState {
    /// The action for an Alerts-screen key, or nil when the key is not one of them.
    mutating func handleAlertKey(_ key: Key, input: FrameInput) -> DashboardAction? {
        let alerts = AlertsScreen.ordered(input.alerts)
        guard !alerts.isEmpty else { return nil }
        let selected = alerts[min(max(0, cursor(.alerts).selected), alerts.count - 1)]
        switch key {
        case .enter:
            message = nil
            return jump(to: selected, figures: input.figures)
        case .character("a"):
            message = nil
            if let ack = selected.acknowledgement {
                message = Str.ackAlready.text(language) + ": " + ack.by + " " + ack.at
                return .redraw
            }
            guard operatorMode else {
                message = Str.ackHowTo.text(language) + " " + selected.id + " " + Str.ackHowToOperator.text(language)
                return .redraw
            }
            return .acknowledge(alertID: selected.id)
        default:
            return nil
        }
    }

    /// Shows the screen of the alert's entity with its row selected.
    private mutating func jump(to alert: Alert, figures: Figures?) -> DashboardAction {
        let target: Screen
        var row: Int?
        switch alert.measure {
        case .chainTechGrowth, .chainGrowthGap:
            target = .chains
            row = figures?.chains.firstIndex { $0.code == alert.entityCode }
        case .relendingUsage, .rolloverExhausted:
            target = .relending
            row = figures?.relendingTools.firstIndex { $0.code == alert.entityCode }
        case .guaranteeFeeRate, .guarantorLeverage, .bankRiskShare:
            target = .guarantees
            row = figures?.guarantors.firstIndex { $0.code == alert.entityCode }
        case .poolLossRate, .poolRemaining:
            target = .guarantees  // pools are shown under the guarantors
        }
        // The row as shown on the target screen: through its sort, and without a filter that
        // would hide the entity.
        if let index = row, let f = figures {
            if !figureOrder(target, f).contains(index) { listViews[target]?.filter = "" }
            row = figureOrder(target, f).firstIndex(of: index)
        }
        if let row { cursors[target] = RowCursor(selected: row, scroll: max(0, row - 3)) }
        screen = target
        return .redraw
    }
}
