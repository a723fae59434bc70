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
    @OptionGroup var newStore: NewStoreOptions
    @Flag(help: "Add the files to a store holding the demo data set (it stays marked as demo).") var intoDemo = false
    @Argument(help: "CSV files to import.") var files: [String] = []
    @OptionGroup var inbox: InboxOptions

    func run() throws {
        if try inbox.watch(files: files, storePath: storeOptions.path, access: newStore.access, intoDemo: intoDemo) { return }
        let store = try Store(path: storeOptions.path, access: newStore.access)
        if intoDemo, try store.contents() == .demo {
            printError("kejin: warning: mixing these files into the demo data set in \(store.path); its figures stay marked as demo (演示数据).")
        }
        let summary = try store.importFiles(files.map { URL(fileURLWithPath: $0) }, intoDemo: intoDemo)
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
