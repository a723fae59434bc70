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
        let (target, inTable) = Self.screen(showing: alert.measure)
        // The row as shown on the target screen: through its sort, and without a filter that
        // would hide the entity.
        // A tool at one bank (`TOOL/BANK`): the tool's row, whose panel lists the bank.
        let code = [.relendingCapUse, .ineligibleLedgerLoans].contains(alert.measure)
            ? String(alert.entityCode.prefix { $0 != "/" }) : alert.entityCode
        if inTable, let f = figures, let table = target.spec.table, let index = table.index(f, code) {
            if !figureOrder(target, f).contains(index) { listViews[target]?.filter = "" }
            if let row = figureOrder(target, f).firstIndex(of: index) {
                cursors[target] = RowCursor(selected: row, scroll: max(0, row - 3))
            }
        }
        // A bank's tech NPL gap: the Banks list (rows loaded later) filtered to that bank.
        if alert.measure == .techNPLGap, let root = Screen.banks.rootRequest?.within(region) {
            var frame = DrillFrame(request: root, title: Screen.banks.title.names)
            frame.filter = alert.entityCode
            drills[.banks] = [frame]
            screen = .banks
            return .openDetail(root)
        }
        // Below 2×2 the Programme screen shows one panel: the one listing the entity.
        if target == .programme, let panel = ProgrammeScreen.Panel.listing(alert.measure) {
            cursors[.programme] = RowCursor(selected: panel.rawValue)
        }
        screen = target
        return .redraw
    }

    /// The screen that shows the entity an alert on `measure` is about, and whether the
    /// entity is a row of that screen's table.
    static func screen(showing measure: AlertMeasure) -> (Screen, inTable: Bool) {
        switch measure {
        case .chainTechGrowth, .chainGrowthGap: return (.chains, true)
        case .relendingUsage, .rolloverExhausted: return (.relending, true)
        case .relendingCapUse, .ineligibleLedgerLoans: return (.relending, true)  // the tool's row (entity TOOL/BANK)
        case .guaranteeFeeRate, .guarantorLeverage, .bankRiskShare: return (.guarantees, true)
        case .poolLossRate, .poolRemaining: return (.guarantees, false)  // pools are panels under the guarantors
        case .reportingLate: return (.reporting, false)  // missing reporters are listed first there
        case .bankEvaluation: return (.banks, false)  // ranked by the evaluation there
        case .subsidyClaimUse: return (.programme, false)  // the subsidy's panel lists the banks
        case .ledgerSpread: return (.programme, false)  // 五大矩阵 lists each bank's ledger spread
        case .techNPLGap: return (.banks, false)  // the Banks list, filtered to the bank (jump)
        }
    }
}
