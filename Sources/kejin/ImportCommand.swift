import ArgumentParser
import Foundation
import KejinStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import CSV files into the store (all files in one transaction).",
        discussion: "The file name names the entity: loans.csv, loan_balances-2025-06.csv, … See the README for headers."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "CSV files to import.") var files: [String]

    func run() throws {
        let store = try Store(path: storeOptions.path)
        let summary = try store.importFiles(files.map { URL(fileURLWithPath: $0) })
        print(summary.report)
    }
}

extension ImportSummary {
    /// One line per file, then the total: what `import` and `demo` print.
    var report: String {
        let lines = files.map { "  \($0.name): \($0.rows) rows (\($0.entity), checksum \($0.checksum))" }
        return (["imported \(files.count) file(s), \(rows) rows:"] + lines).joined(separator: "\n")
    }
}
