import ArgumentParser
import Foundation
import KejinCore
import KejinStore

/// `kejin rules …`: the alert rules are data in the store; these commands list and edit them.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List and edit the alert rules stored in the store.",
        subcommands: [List.self, Set.self, Disable.self, Enable.self, Import.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rules with their thresholds and units.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "text or json.") var format: ReportCommand.OutputFormat = .text

        func run() throws {
            let rules = try storeOptions.open(readOnly: true).alertRules()
            switch format {
            case .json: print(try RulesListing.json(rules))
            case .text: print(RulesListing.text(rules), terminator: "")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set",
            abstract: "Change a rule's thresholds, scope, region or hysteresis; with --measure, create a rule when ID is new.",
            discussion: """
                Thresholds are in the measure's unit: basis points (1% = 100, leverage 10x = 100000) or a \
                count; bp measures also take a percentage, e.g. --warn-below 95%. Options not given keep \
                their value; --clear-… removes a threshold.
                """
        )
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Rule id.") var id: Int64
        @Option(help: "Measure of a new rule (\(AlertMeasure.allCases.map(\.rawValue).joined(separator: ", "))).")
        var measure: String?
        @Option(help: "Warn when the value is below N.") var warnBelow: String?
        @Option(help: "Critical when the value is below N.") var criticalBelow: String?
        @Option(help: "Warn when the value is above N.") var warnAbove: String?
        @Option(help: "Critical when the value is above N.") var criticalAbove: String?
        @Option(help: "How far back past the threshold a firing alert must come to clear (measure's unit).")
        var hysteresis: String?
        @Option(help: "Limit the rule to one entity code.") var scope: String?
        @Flag(help: "Apply the rule to every entity.") var all = false
        @Option(help: "Limit the rule to a region's figures and those of the regions within it (a code).")
        var region: String?
        @Flag(help: "Apply the rule in every region and to the whole store.") var allRegions = false
        @Flag var clearWarnBelow = false
        @Flag var clearCriticalBelow = false
        @Flag var clearWarnAbove = false
        @Flag var clearCriticalAbove = false

        func validate() throws {
            if scope != nil && all { throw ValidationError("--scope and --all exclude each other") }
            if region != nil && allRegions { throw ValidationError("--region and --all-regions exclude each other") }
            for (given, clear, name) in [(warnBelow, clearWarnBelow, "warn-below"), (criticalBelow, clearCriticalBelow, "critical-below"),
                                         (warnAbove, clearWarnAbove, "warn-above"), (criticalAbove, clearCriticalAbove, "critical-above")]
            where given != nil && clear {
                throw ValidationError("--\(name) and --clear-\(name) exclude each other")
            }
        }

        func run() throws {
            let store = try storeOptions.open()
            var rule: AlertRule
            if let existing = try store.alertRule(id: id) {
                rule = existing
                if let measure {
                    guard let m = AlertMeasure(rawValue: measure) else { throw CLIError("--measure \(measure): unknown measure") }
                    rule.measure = m
                }
            } else {
                guard let measure else { throw CLIError("no rule \(id); give --measure to create it") }
                guard let m = AlertMeasure(rawValue: measure) else { throw CLIError("--measure \(measure): unknown measure") }
                rule = AlertRule(id: id, measure: m)
            }
            let m = rule.measure
            func apply(_ text: String?, _ clear: Bool, _ path: WritableKeyPath<AlertRule, Int64?>, _ name: String) throws {
                if clear { rule[keyPath: path] = nil }
                if let text { rule[keyPath: path] = try RulesListing.parse(text, m, option: name) }
            }
            try apply(warnBelow, clearWarnBelow, \.warnBelow, "warn-below")
            try apply(criticalBelow, clearCriticalBelow, \.criticalBelow, "critical-below")
            try apply(warnAbove, clearWarnAbove, \.warnAbove, "warn-above")
            try apply(criticalAbove, clearCriticalAbove, \.criticalAbove, "critical-above")
            if let hysteresis {
                let h = try RulesListing.parse(hysteresis, m, option: "hysteresis")
                guard h >= 0 else { throw CLIError("--hysteresis must not be negative") }
                rule.hysteresis = h
            }
            if let scope { rule.scope = scope }
            if all { rule.scope = nil }
            if let region {
                guard try store.regionTree()[region] != nil else { throw CLIError("--region \(region): no such region in the store") }
                rule.region = region
            }
            if allRegions { rule.region = nil }
            try store.saveAlertRule(rule)
            print(RulesListing.text([rule]), terminator: "")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop a rule from firing (it stays stored).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Rule id.") var id: Int64
        func run() throws { try setEnabled(storeOptions, id, false) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Let a disabled rule fire again.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Rule id.") var id: Int64
        func run() throws { try setEnabled(storeOptions, id, true) }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import",
            abstract: "Import rules from a CSV file in the alert_rules.csv format (any file name).",
            discussion: "Columns: id, measure, enabled, and optionally scope, warn_below, critical_below, warn_above, critical_above, hysteresis."
        )
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The CSV file.") var file: String
        func run() throws {
            let store = try storeOptions.open()
            print(try store.importAlertRules(URL(fileURLWithPath: file), options: ImportOptions(waiting: ImportCommand.waiting(store))).report)
        }
    }
}

private func setEnabled(_ options: StoreOptions, _ id: Int64, _ enabled: Bool) throws {
    let store = try options.open()
    guard var rule = try store.alertRule(id: id) else { throw CLIError("no rule \(id)") }
    rule.enabled = enabled
    try store.saveAlertRule(rule)
    print(RulesListing.text([rule]), terminator: "")
}
