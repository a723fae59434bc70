import ArgumentParser
import Foundation
import KejinCore
import KejinDashboard
import KejinStore
import KejinTerminal

/// The default command: the live dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default command).",
        discussion: "Keys: 1-9 screens (Tab, Shift-Tab), Enter opens a row and Esc goes back, / filters, s S sort, [ ] period, R region (code or name; on the Regions screen Enter opens a region, Esc goes up), t theme, L language, ? help (every key), q quit. On the Alerts screen Enter goes to the alert's entity and a acknowledges it with --operator."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var newStore: NewStoreOptions
    @OptionGroup var regionOptions: RegionOptions
    @Option(help: "Seconds between checks of the store for changes.") var refresh: Double = 1
    @Option(help: "Label language: zh (default) or en.") var lang: Language?
    @Flag(help: ArgumentHelp("ASCII borders, gauges, sparklines and markers only; labels stay Chinese unless --lang en.",
                             discussion: "For terminals that draw ─ · … ↑ two cells wide (East Asian ambiguous width, common in zh_CN set-ups): ASCII and CJK characters have one fixed width everywhere, so columns and borders stay aligned. kejin asks the terminal at start-up how wide it draws ─ and switches to ASCII by itself; KEJIN_AMBIGUOUS=wide or narrow overrides the answer."))
    var ascii = false
    @Option(help: "Theme name (Themes/ or $XDG_CONFIG_HOME/kejin/themes/).") var theme: String?
    @Option(help: "Period to open, YYYY-MM, one the store holds (default: the latest complete or closed one).") var period: String?
    @Flag(help: "Do not ask the terminal for mouse clicks.") var noMouse = false
    @Flag(name: .customLong("operator"),
          help: "Let `a` on the Alerts screen acknowledge alerts (opens a write connection for that alone).")
    var operatorMode = false
    @Option(help: "Hide the figures behind a lock screen after this long without a key (90s, 10m, 1h; default off).")
    var idleLock: IdleDuration?
    /// Who acknowledges, instead of the OS user: `kejin serve` passes the SSH key's name.
    @Option(help: .hidden) var acknowledger: String?
    /// Each acknowledgement is also written here as a JSON line (`kejin serve` audits it).
    @Option(help: .hidden) var ackLogFD: Int32?

    func validate() throws {
        guard refresh >= 0.1, refresh <= 3600 else { throw ValidationError("--refresh must be between 0.1 and 3600 seconds") }
        if let period, Period(period) == nil { throw ValidationError("--period \(period): expected YYYY-MM") }
    }

    func run() throws {
        let path = storeOptions.path
        // A PostgreSQL store is filled by imports or `kejin store copy`, never by a viewer.
        if !storeOptions.isPostgres { try Self.loadDemoIfEmpty(path: path, access: newStore.access) }
        // Viewers never write: any number can watch one store while an import runs.
        let store = try storeOptions.open(readOnly: true)
        if let chosen = period.flatMap(Period.init) { try requireHeld(chosen, try store.availablePeriods(), path: store.path) }
        let region = try regionOptions.select(store)
        let environment = ProcessInfo.processInfo.environment
        let themes = ThemeCatalog(environment: environment, requested: theme)
        // --ascii changes the drawing glyphs only (LiveDashboard); the terminal still speaks UTF-8
        // when it can, so Chinese labels (always two cells wide, never ambiguous) survive.
        let terminal = try Terminal(options: TerminalOptions(
            theme: themes.current, forceASCII: false, mouse: !noMouse, environment: environment))
        let live = LiveDashboard(
            store: store, terminal: terminal, themes: themes,
            refreshInterval: .milliseconds(Int(refresh * 1000)),
            language: lang, ascii: ascii, period: period.flatMap(Period.init),
            idleLock: idleLock?.duration, acknowledger: acknowledger,
            region: region, regionRoot: regionOptions.regionRoot,
            acknowledge: operatorMode ? { ack in
                // A separate writable connection, only for this write: the viewer stays read-only.
                let writer = try storeOptions.open()
                defer { writer.close() }
                try writer.acknowledge(ack)
                if let fd = ackLogFD, var line = try? JSONEncoder().encode(ack) {
                    line.append(0x0A)
                    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                }
            } : nil)
        let status = live.run()
        terminal.restore()
        if status != 0 { throw ExitCode(status) }
    }

    /// On first run the store is missing or nothing was ever imported: load the demo data set
    /// (the store is then marked demo) so there is something to see, and say so on stderr. A
    /// store with real imports, even without loans yet, is never given the demo.
    static func loadDemoIfEmpty(path: String, access: StoreAccess) throws {
        if FileManager.default.fileExists(atPath: path),
           let store = try? Store(path: path, readOnly: true), let contents = try? store.contents(), contents != .empty {
            return
        }
        let store = try Store(path: path, access: access)
        guard try store.contents() == .empty else { return }
        printError("kejin: \(path) is empty; loading the demo data set (Ankang, 2023-12 … 2025-05)…")
        _ = try store.importDemo()
    }
}
