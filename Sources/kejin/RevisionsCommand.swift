import ArgumentParser
import Foundation
import KejinCore
import KejinDashboard
import KejinStore

/// `kejin revisions`: figures changed after their month had been shown complete, with the
/// import or withdrawal that caused each (supervisors must explain every revision upward).
struct RevisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revisions",
        abstract: "List revised headline figures of complete months, with what caused each."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only this period, YYYY-MM (one the store holds).") var period: String?
    @Option(help: "text or json.") var format: ReportCommand.OutputFormat = .text
    @Option(help: "Label language: zh or en.") var lang: Language = .zh

    func run() throws {
        let store = try storeOptions.open(readOnly: true)
        var chosen: Period?
        if let period {
            guard let p = Period(period) else { throw CLIError("--period \(period): expected YYYY-MM") }
            try requireHeld(p, try store.availablePeriods(), path: storeOptions.path)
            chosen = p
        }
        let revisions = try store.revisions(period: chosen)
        switch format {
        case .json: print(try RevisionReport.json(revisions, language: lang))
        case .text: print(RevisionReport.text(revisions, language: lang), terminator: "")
        }
    }
}
