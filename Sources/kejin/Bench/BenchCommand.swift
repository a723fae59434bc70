import ArgumentParser
import Foundation
import KejinCore
import KejinStore

/// `kejin bench`: builds a synthetic province-scale store and measures import, cold start,
/// refresh, navigation, memory and size against the targets (see BenchReport).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Build a synthetic store and measure kejin's speed against its targets.",
        subcommands: [BenchRunCommand.self, BenchProbeCommand.self],
        defaultSubcommand: BenchRunCommand.self)
}

struct BenchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Build a synthetic store and measure (the default).",
        discussion: """
            Exits 0 when every measurement ran, whether or not the targets were met (the table
            says OK or MISS); non-zero only on errors.
            """)

    @Option(help: "Loans in the synthetic store.") var loans = 1_000_000
    @Option(help: "Months of balances (one import per month).") var months = 24
    @Option(help: "Runs per measurement (median, min, max).") var runs = 5
    @Option(help: "Folder for the store (default: a temporary folder, removed afterwards).") var dir: String?
    @Flag(help: "Keep the store (and its folder) afterwards.") var keep = false
    @Flag(help: "Reuse a store already built in --dir (or --store) with the same size instead of building it (a reused store is never removed afterwards).") var reuse = false
    @Option(name: .customLong("store"), help: ArgumentHelp(
        "Build and measure in this PostgreSQL database instead of a SQLite file in --dir: it must be empty (or, with --reuse, hold a bench store of the same size). Password from PGPASSWORD or ~/.pgpass.",
        valueName: "postgres://…")) var server: String?
    @Flag(help: "Print JSON instead of the table.") var json = false
    @Option(help: ArgumentHelp("Comma-separated loan counts: build and measure each, print one table with a column per size.",
                               valueName: "n,n,…")) var sizes: String?
    @Option(help: ArgumentHelp("Comma-separated parts to measure (default: all): \(Self.parts.joined(separator: ", ")).",
                               valueName: "part,…")) var only: String?

    /// A measurement part: its name for `--only`, what the progress line says, and the
    /// measurement, which fills its field of the report. Declared once: `--only`, its help and
    /// the run all read this list.
    struct Part: Sendable {
        let name: String, says: String
        /// `kejin store backup` copies a SQLite file; a PostgreSQL store is backed up by the server's tools.
        var sqliteOnly = false
        let measure: @Sendable (BenchMeasurements, inout BenchReport) throws -> Void
    }

    /// The PostgreSQL database of --store, nil for a SQLite file in --dir.
    var serverAddress: StoreAddress? {
        server.flatMap { try? StoreAddress.parse($0, environment: ProcessInfo.processInfo.environment) }
    }

    /// The measurement parts, in the order they run.
    static let measurements: [Part] = [
        Part(name: "cold", says: "cold start (a process per run)") { $1.coldStart = try $0.coldStart() },
        Part(name: "navigation", says: "navigation and render") { $1.navigation = try $0.navigation() },
        Part(name: "screens", says: "every screen and drill-down level: switch and period move, through the background loader") {
            $1.screens = try $0.screens()
        },
        Part(name: "regions", says: "region switch: a city of the province and back") { $1.regions = try $0.regions() },
        Part(name: "refresh", says: "refresh after a commit, summary and full scan") { $1.refresh = try $0.refresh() },
        Part(name: "small", says: "small imports by delta, then a full recompute to compare") { $1.smallImports = try $0.smallImports() },
        Part(name: "backup", says: "backup (kejin store backup) while a writer imports", sqliteOnly: true) { $1.backup = try $0.backup() },
    ]
    static var parts: [String] { measurements.map(\.name) }
    func wants(_ part: String) -> Bool { only.map { $0.split(separator: ",").contains(Substring(part)) } ?? true }

    /// --sizes as numbers, or just --loans.
    var sizeList: [Int] { sizes.map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } } ?? [loans] }

    func validate() throws {
        guard loans >= 100 else { throw ValidationError("--loans must be at least 100") }
        guard (13...240).contains(months) else { throw ValidationError("--months must be between 13 and 240") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be between 1 and 100") }
        if reuse, dir == nil, server == nil { throw ValidationError("--reuse needs --dir or --store") }
        if let sizes {
            let list = sizeList
            guard list.count == sizes.split(separator: ",").count, !list.isEmpty, list.allSatisfy({ $0 >= 100 }) else {
                throw ValidationError("--sizes: expected loan counts of at least 100, separated by commas (e.g. 100000,300000,1000000)")
            }
            if reuse { throw ValidationError("--sizes builds every store: --reuse does not apply") }
            if server != nil { throw ValidationError("--sizes builds a store per size: measure PostgreSQL at one size (--loans)") }
        }
        if let server {
            let address: StoreAddress
            do { address = try StoreAddress.parse(server, environment: ProcessInfo.processInfo.environment) } catch {
                throw ValidationError("\(error)")
            }
            guard case .postgres = address else { throw ValidationError("--store: expected a postgres:// URL (a SQLite bench store lives in --dir)") }
        }
        if let only, let unknown = only.split(separator: ",").first(where: { !Self.parts.contains(String($0)) }) {
            throw ValidationError("--only: unknown part \(unknown); parts: \(Self.parts.joined(separator: ", "))")
        }
    }

    func run() throws {
        let fm = FileManager.default
        let folder = URL(fileURLWithPath: dir ?? NSTemporaryDirectory() + "kejin-bench-\(getpid())")
        defer { if !keep, dir == nil { try? fm.removeItem(at: folder) } }
        guard sizes != nil else {
            let report = try measure(loans: loans, in: folder)
            return print(json ? try report.json() : report.table())
        }
        // One store per size, each removed once measured (unless --keep): disk for one at a time.
        let reports = try sizeList.map { try measure(loans: $0, in: folder.appendingPathComponent("size-\($0)")) }
        let growth = BenchGrowth(reports: reports)
        // The largest size's own table after the growth: one run shows every target and the growth.
        print(json ? try growth.json() : growth.table() + "\n" + (reports.last?.table() ?? ""))
    }

    /// Builds (or reuses) a store of `loans` loans in `folder` and measures it.
    func measure(loans: Int, in folder: URL) throws -> BenchReport {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let storePath = folder.appendingPathComponent("kejin.sqlite").path
        let address = serverAddress ?? .sqlite(path: storePath)
        let csvDir = folder.appendingPathComponent("csv")
        // A reused store is the user's: only a store this run built is removed without --keep.
        let reusing = reuse && (serverAddress == nil ? fm.fileExists(atPath: storePath) : false)
        defer {
            if !keep, !reusing {
                for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: storePath + suffix) }
                try? fm.removeItem(at: csvDir)
            }
        }
        let data = SyntheticDataSet(loans: loans, months: months)
        let say: (String) -> Void = { printError("bench: " + $0) }

        var report = BenchReport(loans: loans, months: months, runs: runs, machine: .current)
        // A PostgreSQL database: opened writable (an empty one gets the tables), built only when
        // empty, so the bench never writes into a database someone uses.
        let holdsStore = serverAddress == nil ? fm.fileExists(atPath: storePath) : try !Store(address: address).isEmpty()
        if reuse, holdsStore {
            say("reusing \(address)")
        } else if serverAddress != nil, holdsStore {
            throw CLIError("bench: \(address) is not empty; give an empty database, or --reuse a bench store of \(loans) loans")
        } else {
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: storePath + suffix) }
            say("building \(loans) loans × \(months) months in \(address)")
            let builder = BenchStoreBuilder(data: data, address: address, csvDir: csvDir, progress: say)
            report.importing = try builder.build()
        }
        try fm.createDirectory(at: csvDir, withIntermediateDirectories: true)
        let m = BenchMeasurements(data: data, address: address, csvDir: csvDir, runs: runs)
        report.storeBytes = try m.storeBytes()
        report.engine = serverAddress == nil ? "SQLite" : "PostgreSQL"
        for part in Self.measurements where wants(part.name) && !(part.sqliteOnly && serverAddress != nil) {
            say(part.says)
            try part.measure(m, &report)
        }
        return report
    }
}
