import ArgumentParser
import Foundation
import KejinStore

@main
/// Every command names itself (`commandName:`): ArgumentParser otherwise derives the name with
/// `String(describing:)` on each start-up, a scan of every protocol conformance per command
/// (~6 ms of a viewer's start at 1M loans for the twelve that did not).
struct Kejin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kejin",
        abstract: "科金看板 — sci-tech finance supervision dashboard (lending, re-lending, guarantees).",
        discussion: "With no subcommand, opens the live dashboard (`kejin dashboard --help` lists its options), loading the demo data set when the store is empty. The store is $KEJIN_STORE, else $XDG_DATA_HOME/kejin/kejin.sqlite (~/.local/share/kejin/kejin.sqlite); --store overrides both.",
        version: KejinVersion.current,
        subcommands: [DashboardCommand.self, ImportCommand.self, DemoCommand.self, ReportCommand.self,
                      AlertsCommand.self, RulesCommand.self, PeriodCommand.self, ReportersCommand.self,
                      RevisionsCommand.self, StoreCommand.self, ServeCommand.self, BenchCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    /// As ArgumentParser's, but a PostgreSQL store's refusal is one line and an exit code of
    /// its own (`PostgresStoreError.exitCode`), so scripts can tell "server down" from "wrong password".
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as PostgresStoreError {
            printError("kejin: " + error.description)
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
