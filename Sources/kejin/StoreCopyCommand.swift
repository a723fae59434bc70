import ArgumentParser
import Foundation
import KejinStore

/// `kejin store copy --from FILE --to postgres://…`: an SQLite store into an empty PostgreSQL
/// database, all or nothing, checked table by table (`StoreCopy`).
struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy an SQLite store into an empty PostgreSQL database, then check both sides agree.",
        discussion: """
            --to takes postgres://USER@HOST:PORT/DB?sslmode=…; the password comes from PGPASSWORD or ~/.pgpass, never the address. \
            One transaction: the tables, their indexes and rows arrive together or not at all; before it commits each table's \
            row count and the sum of each integer column (every amount in fen) must be equal on both sides. Needs a kejin \
            built with the PostgreSQL trait. The other commands do not read a PostgreSQL store yet (README: PostgreSQL).
            """)

    @Option(help: ArgumentHelp("The SQLite store to copy.", valueName: "FILE")) var from: String
    @Option(help: ArgumentHelp("The empty PostgreSQL database to copy it into.", valueName: "postgres://…")) var to: String

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let source: String, destination: PostgresAddress
        do {
            guard case .sqlite(let path) = try StoreAddress.parse(from, environment: environment) else {
                throw ValidationError("--from: a store file (copying out of PostgreSQL is not there yet)")
            }
            guard case .postgres(let address) = try StoreAddress.parse(to, environment: environment) else {
                throw ValidationError("--to: a postgres:// address")
            }
            (source, destination) = (path, address)
        } catch let error as StoreAddressError {
            throw ValidationError(error.description)
        }
        _ = try Store(path: source, readOnly: true)  // a kejin store of this kejin's schema, else its own message
        #if PostgreSQL
        do {
            let backend = try PostgresBackend.open(destination, environment: environment, readOnly: false, warn: printError)
            defer { backend.close() }
            let started = Date()
            let tables = try StoreCopy.copy(from: SQLiteBackend(path: source, readOnly: true), to: backend) { table in
                print("  \(table.name): \(table.rows) rows")
            }
            let rows = tables.reduce(0) { $0 + $1.rows }
            print("copied \(source) to \(destination): \(tables.count) tables, \(rows) rows in "
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
