import ArgumentParser
import Foundation
import KejinStore

/// `--store PATH|URL`, shared by every subcommand.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a file (default: $KEJIN_STORE or $XDG_DATA_HOME/kejin/kejin.sqlite) or postgres://USER@HOST:PORT/DB?sslmode=disable|require (password from PGPASSWORD or ~/.pgpass).",
        valueName: "PATH|URL"))
    var store: String?

    /// The store's address (checked by `validate`, so it parses here).
    var address: StoreAddress {
        (try? StoreAddress.resolve(option: store, environment: ProcessInfo.processInfo.environment))
            ?? .sqlite(path: path)
    }

    /// A file store's path, or the PostgreSQL address as given.
    var path: String {
        store ?? ProcessInfo.processInfo.environment["KEJIN_STORE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Store.defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    var isPostgres: Bool { if case .postgres = address { true } else { false } }

    /// Opens the store (a file, or a PostgreSQL database: its warnings on stderr).
    func open(readOnly: Bool = false, access: StoreAccess = .owner) throws -> Store {
        try Store(address: address, readOnly: readOnly, access: access, warn: { printError("kejin: " + $0) })
    }

    /// An address carrying a password is refused without repeating it.
    func validate() throws {
        do {
            _ = try StoreAddress.resolve(option: store, environment: ProcessInfo.processInfo.environment)
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
