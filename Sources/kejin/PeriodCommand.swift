import ArgumentParser
import Foundation
import KejinCore
import KejinDashboard
import KejinStore

/// `kejin period …`: who has reported for a period, and the operator's close / reopen.
/// Closing needs write access to the store, like acknowledging an alert; who and when are
/// recorded (the OS user, UTC).
struct PeriodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period",
        abstract: "A period's reporting status (complete, provisional, closed); close or reopen it.",
        discussion: """
            A period is complete when every reporter the registry expects for it (`kejin reporters`) \
            has delivered; closed when an operator closed it whatever is missing; else provisional. \
            The dashboard, report and alerts default to the latest complete or closed period.
            """,
        subcommands: [Status.self, Close.self, Reopen.self, Withdraw.self],
        defaultSubcommand: Status.self
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Print who has reported for each period (or one).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Period YYYY-MM (default: every period the store holds).") var period: String?
        @Option(help: "Label language: zh or en.") var lang: Language = .zh

        func run() throws {
            let store = try storeOptions.open(readOnly: true)
            let periods = try store.availablePeriods()
            var shown = periods
            if let period {
                guard let p = Period(period) else { throw CLIError("\(period): expected YYYY-MM") }
                try requireHeld(p, periods, path: storeOptions.path)
                shown = [p]
            }
            for p in shown {
                guard let r = try store.reporting(for: p) else { continue }
                print("\(p.key)  " + ReportingText.line(r, lang))
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a period: its figures count as final whatever is missing.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Period YYYY-MM.") var period: String
        func run() throws { try PeriodCommand.setClosed(storeOptions, period, true) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a closed period: complete again only when every reporter delivered.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Period YYYY-MM.") var period: String
        func run() throws { try PeriodCommand.setClosed(storeOptions, period, false) }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw",
            abstract: "Remove a reporter's submission for a period (the period is provisional again while it is expected).",
            discussion: "Like closing, this needs write access to the store; who and when are recorded, and a change to a month shown complete is recorded as a revision (`kejin revisions`).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Period YYYY-MM.") var period: String
        @Option(help: "The reporting institution's code.") var reporter: String

        func run() throws {
            guard let p = Period(period) else { throw CLIError("\(period): expected YYYY-MM") }
            let store = try storeOptions.open()
            try requireHeld(p, try store.availablePeriods(), path: storeOptions.path)
            let me = Store.acknowledger(environment: ProcessInfo.processInfo.environment)
            let removed: Int
            do { removed = try store.withdraw(p, reporter: reporter, by: me.by, at: me.at) }
            catch let e as ReportingError { throw CLIError(e.description) }
            let status = try store.reporting(for: p)?.status.rawValue ?? "gone (no balances left)"
            print("withdrew \(reporter) \(p.key): \(removed) balances removed by \(me.by) at \(me.at) UTC; now \(status)")
        }
    }

    static func setClosed(_ options: StoreOptions, _ text: String, _ closed: Bool) throws {
        guard let p = Period(text) else { throw CLIError("\(text): expected YYYY-MM") }
        let store = try options.open()
        try requireHeld(p, try store.availablePeriods(), path: options.path)
        let me = Store.acknowledger(environment: ProcessInfo.processInfo.environment)
        try store.setPeriodClosed(p, closed, by: me.by, at: me.at)
        let r = try store.reporting(for: p)
        print("\(closed ? "closed" : "reopened") \(p.key) by \(me.by) at \(me.at) UTC; now " + (r?.status.rawValue ?? "complete"))
    }
}

/// `kejin reporters …`: the registry of who must report which periods.
struct ReportersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reporters",
        abstract: "List and edit the registry of reporting institutions.",
        discussion: """
            A reporter is registered by its first delivery, expected from that period on: a bank by its \
            loan_balances, a guarantor by guarantees rows naming a period, a bank by relending_draws rows \
            naming a period. Set --to when it stops reporting, or register an institution before its first file.
            """,
        subcommands: [List.self, Set.self, Import.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registry.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Label language: zh or en.") var lang: Language = .zh
        func run() throws {
            for r in try storeOptions.open(readOnly: true).reporters() {
                print("\(r.code)\t\(r.name.text(lang))\t\(r.entity)\t\(r.from.key) … \(r.to?.key ?? "")")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Register an institution or change the periods it reports.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Institution code.") var code: String
        @Option(help: "First period it reports, YYYY-MM.") var from: String
        @Option(help: "Last period it reports, YYYY-MM (default: still reporting).") var to: String?
        @Option(help: "The file it delivers: loan_balances, guarantees or relending_draws.") var entity: String = ReportedFile.loanBalances.rawValue

        func run() throws {
            guard let start = Period(from) else { throw CLIError("--from \(from): expected YYYY-MM") }
            let end = try to.map { t -> Period in
                guard let p = Period(t) else { throw CLIError("--to \(t): expected YYYY-MM") }
                return p
            }
            if let end, end < start { throw CLIError("--to \(end.key) is before --from \(start.key)") }
            guard ReportedFile(rawValue: entity) != nil else {
                throw CLIError("--entity \(entity): expected one of " + ReportedFile.allCases.map(\.rawValue).joined(separator: ", "))
            }
            do {
                try storeOptions.open().setReporter(code: code, entity: entity, from: start, to: end)
            } catch let e as ReportingError { throw CLIError(e.description) }
            print("\(code) reports \(entity) from \(start.key)" + (end.map { " to \($0.key)" } ?? " on"))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Import a registry file in the reporters.csv format (see CSVFormat.md), whatever its name.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The CSV file.") var file: String
        func run() throws {
            let summary = try storeOptions.open().importReporters(URL(fileURLWithPath: file))
            print("imported \(summary.rows) reporter row(s) from \(file)")
        }
    }
}
