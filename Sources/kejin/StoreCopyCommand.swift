import ArgumentParser
import Foundation
import KejinStore

/// `kejin store copy --from FILE --to postgres://…`: an SQLite store into an empty PostgreSQL
/// database; `--from postgres://… --to FILE`: back into a new SQLite store. All or nothing,
/// checked table by table (`StoreCopy`).
struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy an SQLite store into an empty PostgreSQL database, or back into a new file; then check both sides agree.",
        discussion: """
            One side is a store file, the other postgres://USER@HOST:PORT/DB?sslmode=…; the password comes from PGPASSWORD or \
            ~/.pgpass, never the address. Into PostgreSQL the database must be empty; out of it the file must not exist yet (it is \
            made by this kejin, whose schema version must be the store's). \
            One transaction: the tables, their indexes and rows arrive together or not at all; before it commits each table's \
            row count and the sum of each integer column (every amount in fen) must be equal on both sides. Needs a kejin \
            built with the PostgreSQL trait. The other commands do not read a PostgreSQL store yet (README: PostgreSQL).
            """)

    @Option(help: ArgumentHelp("The store to copy: a file, or postgres://…", valueName: "STORE")) var from: String
    @Option(help: ArgumentHelp("Where to: an empty PostgreSQL database, or a new file.", valueName: "STORE")) var to: String

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let source: StoreAddress, destination: StoreAddress
        do {
            (source, destination) = (try StoreAddress.parse(from, environment: environment),
                                     try StoreAddress.parse(to, environment: environment))
        } catch let error as StoreAddressError {
            throw ValidationError(error.description)
        }
        switch (source, destination) {
        case (.sqlite(let path), .postgres(let address)): try copyIn(path, address, environment)
        case (.postgres(let address), .sqlite(let path)): try copyOut(address, path, environment)
        default: throw ValidationError("one side a store file, the other a postgres:// address")
        }
    }

    private func copyIn(_ path: String, _ address: PostgresAddress, _ environment: [String: String]) throws {
        _ = try Store(path: path, readOnly: true)  // a kejin store of this kejin's schema, else its own message
        try withPostgres(address, environment, readOnly: false) { backend in
            try StoreCopy.copy(from: SQLiteBackend(path: path, readOnly: true), to: backend) { print("  \($0.name): \($0.rows) rows") }
        }
    }

    private func copyOut(_ address: PostgresAddress, _ path: String, _ environment: [String: String]) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("--to: \(path) exists; copy into a new file (nothing is overwritten)")
        }
        try withPostgres(address, environment, readOnly: true) { backend in
            do {
                _ = try Store(path: path)   // the schema, by this kejin's migrations
                return try StoreCopy.copy(from: backend, toNew: SQLiteBackend(path: path)) { print("  \($0.name): \($0.rows) rows") }
            } catch {
                // All or nothing: no half-made file stays behind.
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                throw error
            }
        }
    }

    /// Opens the PostgreSQL side, runs the copy, says what it did; a server's refusal is one line and an exit code.
    private func withPostgres(_ address: PostgresAddress, _ environment: [String: String], readOnly: Bool,
                              _ copy: (any StoreBackend) throws -> [StoreCopy.Table]) throws {
        #if PostgreSQL
        do {
            let backend = try PostgresBackend.open(address, environment: environment, readOnly: readOnly, warn: printError)
            defer { backend.close() }
            let started = Date()
            let tables = try copy(backend)
            let rows = tables.reduce(0) { $0 + $1.rows }
            print("copied \(from) to \(to): \(tables.count) tables, \(rows) rows in "
                  + String(format: "%.1f s", Date().timeIntervalSince(started)) + "; every table's rows and integer sums agree")
        } catch let error as PostgresStoreError {
            printError(error.description)
            throw ExitCode(error.exitCode)
        }
        #else
        printError("this kejin was built without PostgreSQL support: build it with `swift build --traits PostgreSQL`")
        throw ExitCode(64)
        #endif
    }
}
