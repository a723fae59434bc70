import ArgumentParser
import Foundation
import KejinStore

/// `--store PATH`, shared by every subcommand.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store file (default: $KEJIN_STORE or $XDG_DATA_HOME/kejin/kejin.sqlite).")
    var store: String?

    var path: String { store ?? Store.defaultPath(environment: ProcessInfo.processInfo.environment) }
}

/// Errors the CLI reports as one clear line on stderr with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Prints to stderr (stdout belongs to reports and, while it runs, to the dashboard).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
