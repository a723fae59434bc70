import ArgumentParser
import Foundation
import KejinStore

/// `--store PATH`, shared by every subcommand.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store file (default: $KEJIN_STORE or $XDG_DATA_HOME/kejin/kejin.sqlite).")
    var store: String?

    var path: String { store ?? Store.defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// A `postgres://` address is refused (not taken for a file name) until PostgreSQL stores
    /// work (issue 10); one carrying a password is refused without repeating it.
    func validate() throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            if case .postgres(let address) = try StoreAddress.resolve(option: store, environment: environment) {
                throw ValidationError("\(address): PostgreSQL stores are not usable yet (README: PostgreSQL); pass a store file path.")
            }
        } catch let error as StoreAddressError {
            throw ValidationError(error.description)
        }
    }
}

/// `--group NAME` for the commands that may create a store (import, demo, the dashboard's
/// first run, store backup and restore): a new store is private unless a group is named.
struct NewStoreOptions: ParsableArguments {
    @Option(name: .customLong("group"), help: ArgumentHelp(
        "Let group NAME read the store (files 0640, a folder kejin creates 2750) instead of you alone (0600, 0700). Default: $KEJIN_STORE_GROUP.",
        valueName: "NAME"))
    var group: String?

    var access: StoreAccess {
        let name = group ?? ProcessInfo.processInfo.environment["KEJIN_STORE_GROUP"] ?? ""
        return name.isEmpty ? .owner : .group(name)
    }
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
