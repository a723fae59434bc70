import ArgumentParser
import Foundation
import KejinStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the bundled demo data set (Ankang, 2023-12 … 2025-05) into the store."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try Store(path: storeOptions.path)
        let summary = try store.importDemo()
        print(summary.report)
    }
}
