import ArgumentParser
import Foundation
import KejinStore

/// `kejin store backup | restore | check | copy | migrate`: keeping the store safe while it is in use.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Back up, restore, check, copy and migrate the store.",
        discussion: "Each exits 0 when the store (or the copy) is consistent and 1 otherwise, listing the findings.",
        subcommands: [StoreBackupCommand.self, StoreRestoreCommand.self, StoreCheckCommand.self, StoreCopyCommand.self,
                      StoreMigrateCommand.self])
}

struct StoreBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the store to a new file while viewers and imports run, then check the copy.",
        discussion: "The copy is the store as of the moment the backup began (SQLite's online backup, one read transaction), a single file, mode 0600 (0640 with --group). It never overwrites a file.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var newStore: NewStoreOptions
    @Argument(help: "The backup file to write (must not exist).") var destination: String

    func run() throws {
        let store = try storeOptions.open(readOnly: true)
        try finish(copied: "backed up \(store.path)", try store.backup(to: destination, access: newStore.access))
    }
}

struct StoreRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into a new store (--store PATH, default the default store), then check it.",
        discussion: "Refuses to overwrite an existing store: restore into a new path and point --store or $KEJIN_STORE at it. A backup from an older kejin is migrated.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var newStore: NewStoreOptions
    @Argument(help: "The backup file (written by `kejin store backup`).") var backup: String

    func run() throws {
        try finish(copied: "restored \(backup)", try Store.restore(backup: backup, to: storeOptions.path, access: newStore.access))
    }
}

struct StoreCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the store: integrity, schema version, codes, money, every summary against the ledgers.",
        discussion: "Reads only (a consistent snapshot while imports run). Prints one finding a line, e.g. `summary: period_summary 2025-03 chain TEA: tech_balance … stored, … recomputed from loan_balances`; exit 0 when consistent, 1 with findings. For cron, after a restore, and in tests.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store: Store
        do {
            store = try storeOptions.open(readOnly: true)
        } catch let error as StoreError {
            switch error {
            case .schemaTooOld, .schemaTooNew:  // a finding about this store, not a failure to look
                print("schema: \(error)")
                throw ExitCode(1)
            default: throw error
            }
        } catch let error as PostgresStoreError {
            switch error {
            case .schemaTooOld, .schemaTooNew:
                print("schema: \(error)")
                throw ExitCode(1)
            default: throw error
            }
        }
        try finish(try store.check(), path: store.path)
    }
}

/// `kejin store migrate`: a writable open, which brings an older store to this kejin's schema
/// (every writing command does too; this one writes nothing else). For a PostgreSQL store,
/// whose viewers do not migrate: run it as the importer role after installing a new kejin.
struct StoreMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the store to this kejin's schema version (a PostgreSQL store: as the importer role).",
        discussion: "Each missing migration runs in a transaction of its own, waiting for a running import. Prints the schema version.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open()
        defer { store.close() }
        print("\(store.path): schema version \(try store.schemaVersion())")
    }
}

/// "backed up A to B: 2.5 MiB in 0.05 s (45 MiB/s)", then the check of the copy.
private func finish(copied what: String, _ r: BackupReport) throws {
    let mib = Double(r.bytes) / 1_048_576
    print("\(what) to \(r.path): " + String(format: "%.1f MiB in %.2f s (%.0f MiB/s)", mib, r.copySeconds,
                                              mib / max(r.copySeconds, 1e-6)))
    try finish(r.check, path: r.path)
}

/// Prints the check's verdict or findings (stdout); exit 1 with findings.
private func finish(_ check: StoreCheckReport, path: String) throws {
    guard check.isConsistent else {
        for finding in check.findings { print(finding) }
        print("\(path): \(check.findings.count) finding(s)")
        throw ExitCode(1)
    }
    let notRun = check.notRun.isEmpty ? "" : "; not run here: " + check.notRun.joined(separator: ", ")
    print("\(path): consistent (\(check.checked.joined(separator: ", "))\(notRun))")
}
