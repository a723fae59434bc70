import ArgumentParser
import Foundation
import KejinStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the bundled demo data set (Ankang, 2023-12 … 2025-05) into the store.",
        discussion: "Only into a new or empty store, or one already holding the demo (it is re-loaded): a store with imported data refuses it. Open the demo in a store of its own with --store PATH."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var newStore: NewStoreOptions
    @Flag(name: .long, help: "No progress line on stderr.") var quiet = false

    func run() throws {
        let store = try storeOptions.open(access: newStore.access)
        let progress = ProgressLine.forStderr(quiet: quiet)
        defer { progress?.finish() }
        let summary = try store.importDemo(options: ImportOptions(progress: progress?.callback, waiting: ImportCommand.waiting(store)))
        progress?.finish()
        print(summary.report)
    }
}
