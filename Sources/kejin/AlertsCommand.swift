import ArgumentParser
import Foundation
import KejinCore
import KejinDashboard
import KejinStore

/// `kejin alerts`: the alerts of one period for scripts and cron; the exit code says whether an
/// unacknowledged critical alert is open.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Print one period's alerts (for scripts and cron); `alerts ack ID` acknowledges one.",
        discussion: """
            Evaluates the store's alert rules (see `kejin rules list`) for the period, with \
            hysteresis against the previous month. By default acknowledged alerts are left out; \
            --all lists them too, marked.

            Exit status: 0 when no unacknowledged critical alert is open; 2 when at least one is \
            (so a cron job can mail the output); 1 on errors (64 on bad usage).
            """,
        subcommands: [AckCommand.self]
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var regionOptions: RegionOptions
    @Option(help: "Period YYYY-MM (default: the latest complete or closed one).") var period: String?
    @Option(help: "text or json.") var format: ReportCommand.OutputFormat = .text
    @Option(help: "Label language: zh or en.") var lang: Language = .zh
    @Flag(help: "Also list acknowledged alerts.") var all = false

    func run() throws {
        let store = try storeOptions.open(readOnly: true)
        let (period, periods) = try selectPeriod(store, period, path: storeOptions.path)
        let region = try regionOptions.select(store)
        let (figures, evaluated) = try store.evaluatedAlerts(for: period, periods: periods, region: region)
        var alerts = evaluated
        if !all { alerts = alerts.filter(\.isOpen) }
        // A provisional month: no alerts on its incomplete figures, only late reporters; say so.
        if let reporting = figures.reporting, !reporting.status.isSettled {
            switch format {
            case .json: print(try AlertReport.provisionalJSON(reporting, alerts: alerts, language: lang))
            case .text: print(AlertReport.provisionalText(reporting, alerts: alerts, language: lang), terminator: "")
            }
        } else {
            switch format {
            case .json: print(try AlertReport.json(alerts, period: period, language: lang, region: figures.region))
            case .text: print(AlertReport.text(alerts, period: period, language: lang, region: figures.region), terminator: "")
            }
        }
        if alerts.contains(where: { $0.isOpen && $0.severity == .critical }) { throw ExitCode(2) }
    }
}

/// `kejin alerts ack ID`: records who (the OS user) acknowledged which alert and when.
struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge an alert: it stays listed but quiet until it clears or changes severity.",
        discussion: "ID is the id `kejin alerts` shows, rule:entity (e.g. 3:HYFG)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Period YYYY-MM the alert fires in (default: the latest in the store).") var period: String?
    @Argument(help: "The alert id, rule:entity.") var id: String

    func run() throws {
        let store = try storeOptions.open()
        let (period, periods) = try selectPeriod(store, period, path: storeOptions.path)
        let alerts = try store.evaluatedAlerts(for: period, periods: periods).alerts
        guard let alert = alerts.first(where: { $0.id == id }) else {
            let ids = alerts.map(\.id).joined(separator: ", ")
            throw CLIError("no alert \(id) in \(period.key)" + (ids.isEmpty ? " (no alerts)" : "; alerts: \(ids)"))
        }
        let me = Store.acknowledger(environment: ProcessInfo.processInfo.environment)
        try store.acknowledge(AlertAck(ruleID: alert.ruleID, entityCode: alert.entityCode, severity: alert.severity,
                                       period: period, by: me.by, at: me.at))
        print("acknowledged \(id) (\(alert.severity == .critical ? "critical" : "warning")) in \(period.key) by \(me.by) at \(me.at) UTC")
    }
}

/// The period asked for (YYYY-MM), which the store must hold, else the latest complete or
/// closed one (else the latest), and the store's periods.
func selectPeriod(_ store: Store, _ text: String?, path: String) throws -> (Period, [Period]) {
    let periods = try store.availablePeriods()
    if let text {
        guard let p = Period(text) else { throw CLIError("--period \(text): expected YYYY-MM") }
        try requireHeld(p, periods, path: path)
        return (p, periods)
    }
    guard let chosen = try store.defaultPeriod(in: periods) else {
        throw CLIError("\(path): the store holds no loan balances yet; run `kejin demo` or `kejin import`")
    }
    return (chosen, periods)
}

/// Nothing is computed for a month the store has no data for: the error lists what it holds.
func requireHeld(_ period: Period, _ periods: [Period], path: String) throws {
    guard !periods.contains(period) else { return }
    guard let first = periods.first, let last = periods.last else {
        throw CLIError("\(path): no data for \(period.key); the store holds no loan balances yet")
    }
    let held = periods.count <= 6 ? periods.map(\.key).joined(separator: ", ")
        : "\(first.key) … \(last.key) (\(periods.count) months" + (heldGaps(periods) ? ", with gaps" : "") + ")"
    throw CLIError("\(path): no data for \(period.key); the store holds \(held)")
}

private func heldGaps(_ periods: [Period]) -> Bool {
    zip(periods, periods.dropFirst()).contains { $0.advanced(by: 1) != $1 }
}
