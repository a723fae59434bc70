#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// `Store.importFiles` on a PostgreSQL store, side by side with an SQLite store: the same
/// summaries and figures, a dry run that leaves the store as it was, exact counts of changed
/// rows through the bulk path (COPY into a staging table, one merge) and the delta path (a
/// small balances file), a bad row in a big file refused with SQLite's message and nothing
/// written, the generation a viewer polls moving; and two imports serialised by the lock.
/// Each test has databases of its own on the process's shared cluster: they run in parallel.
@Suite struct StoreImportTests {
    /// A PostgreSQL store and an SQLite store, both new, and a viewer of the PostgreSQL one.
    final class TwoStores {
        let folder: String
        let cluster: ThrowawayCluster
        let database: String
        let postgres: Store
        let sqlite: Store
        let viewer: Store

        /// `demo`: both start as copies of the demo store (`SharedDemo`) rather than empty.
        init(_ name: String, demo: Bool = false) throws {
            folder = try temporaryFolder(name)
            if demo { try SharedDemo.sqlite(at: folder + "/kejin.sqlite") }
            let (cluster, server, environment) = demo ? try SharedDemo.postgres(name)
                : try { let c = try ThrowawayCluster.shared(); let (a, e) = try c.newEmptyDatabase(name); return (c, a, e) }()
            self.cluster = cluster
            database = server.database
            postgres = try Store(address: .postgres(server), environment: environment)
            viewer = try Store(address: .postgres(server), readOnly: true, environment: environment)
            sqlite = try Store(path: folder + "/kejin.sqlite")
        }

        /// The same import on both stores: what each did (SQLite's, then PostgreSQL's).
        func both(_ body: (Store) throws -> ImportSummary) -> (Outcome, Outcome) {
            func run(_ store: Store) -> Outcome {
                do { return .imported(try body(store)) } catch { return .failed("\(error)") }
            }
            return (run(sqlite), run(postgres))
        }

        /// What a viewer reads of the loans ledger: rows and sums, per table.
        func ledger(_ store: Store) throws -> [[SQLValue]] {
            try store.readSession { s in
                // Not the ids: a PostgreSQL sequence keeps what a rolled-back dry run took.
                try ["SELECT count(*), sum(amount), sum(is_tech) FROM loans",
                     "SELECT count(*), sum(balance) FROM loan_balances",
                     "SELECT count(*), sum(all_balance), sum(tech_balance) FROM period_summary",
                     "SELECT count(*) FROM import_log"].map { try s.fetch($0)[0].values }
            }
        }

        /// Every period's figures, equal on both stores but for when each import ran and its
        /// log id (a PostgreSQL sequence keeps what a rolled-back dry run took; a revision's
        /// cause names it).
        func expectSameFigures(_ comment: Comment) throws {
            let periods = try sqlite.availablePeriods()
            #expect(try postgres.availablePeriods() == periods, comment)
            for period in periods where try Self.timeless(sqlite.figures(for: period)) != Self.timeless(postgres.figures(for: period)) {
                Issue.record("\(comment): the figures of \(period.key) differ")
            }
        }

        static func timeless(_ figures: Figures) -> Figures {
            func strip(_ r: PeriodReporting) -> PeriodReporting {
                var r = r
                for i in r.reporters.indices { r.reporters[i].delivery?.at = nil; r.reporters[i].delivery?.importID = nil }
                return r
            }
            var f = figures
            f.lastChange = nil
            f.reporting = f.reporting.map(strip)
            f.reportingHistory = f.reportingHistory.map(strip)
            for i in f.revisions.indices { f.revisions[i].id = 0; f.revisions[i].importID = nil; f.revisions[i].at = ""; f.revisions[i].cause = "" }
            return f
        }

        func write(_ name: String, _ lines: [String]) throws -> URL {
            let url = URL(fileURLWithPath: folder + "/" + name)
            try lines.joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
            return url
        }

        func close() {
            postgres.close()
            viewer.close()
            cluster.dropDatabase(database)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// The demo's balances of 2025-05 (3,142 rows: past the delta path's size, so the bulk path),
    /// or those of `files`.
    static func latestBalances(_ files: [URL]? = nil) throws -> [String] {
        let text = try String(contentsOf: try (files ?? Store.demoFiles()).first { $0.lastPathComponent == "loan_balances.csv" }!, encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { $0.contains(",2025-05,") }
    }

    /// The demo data set cut to its first `loans` loans (file order) with a balance in 2025-05,
    /// their balances from 2024-12 on, the enterprises they and the guarantees name and those
    /// enterprises' tags, the station demands, fund loans, subsidy claims and pushes on them; every
    /// other file whole. Written into `folder` under the demo's names.
    static func smallDemo(in folder: String, loans count: Int) throws -> [URL] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = try Store.demoFiles()
        func lines(_ name: String) throws -> [String] {
            try String(contentsOf: files.first { $0.lastPathComponent == name }!, encoding: .utf8)
                .split(separator: "\n").map(String.init)
        }
        func field(_ line: String, _ index: Int) -> Substring {
            line.split(separator: ",", maxSplits: index + 1, omittingEmptySubsequences: false)[index]
        }
        let balances = try lines("loan_balances.csv")
        let inMay = Set(balances.filter { field($0, 1) == "2025-05" }.map { field($0, 0) })
        let loans = try lines("loans.csv")
        let kept = Array(loans.dropFirst().filter { inMay.contains(field($0, 0)) }.prefix(count))
        let codes = Set(kept.map { field($0, 0) })
        let enterprises = Set(kept.map { field($0, 2) } + (try lines("guarantees.csv")).dropFirst().map { field($0, 2) })
        var cut: [String: [String]] = [
            "loans.csv": [loans[0]] + kept,
            "loan_balances.csv": [balances[0]] + balances.dropFirst().filter { codes.contains(field($0, 0)) && field($0, 1) >= "2024-12" },
        ]
        for name in ["enterprises.csv", "enterprise_tags.csv"] {
            let all = try lines(name)
            cut[name] = [all[0]] + all.dropFirst().filter { enterprises.contains(field($0, 0)) }
        }
        // The guidance fund's and the subsidy's rows on the loans kept.
        for (name, column) in [("fund_loans.csv", 1), ("subsidy_claims.csv", 3)] {
            let all = try lines(name)
            cut[name] = [all[0]] + all.dropFirst().filter { codes.contains(field($0, column)) }
        }
        // The service stations' demands of the firms kept, with a kept loan or none.
        let demands = try lines("station_demands.csv")
        cut["station_demands.csv"] = [demands[0]] + demands.dropFirst().filter {
            enterprises.contains(field($0, 2)) && (field($0, 7).isEmpty || codes.contains(field($0, 7)))
        }
        // The whitelist's pushes of the firms kept (or of a project with none), with a kept loan or none.
        let pushes = try lines("whitelist_pushes.csv")
        cut["whitelist_pushes.csv"] = [pushes[0]] + pushes.dropFirst().filter {
            (field($0, 3).isEmpty || enterprises.contains(field($0, 3))) && (field($0, 8).isEmpty || codes.contains(field($0, 8)))
        }
        return try files.map { file in
            let url = URL(fileURLWithPath: folder + "/" + file.lastPathComponent)
            if let rows = cut[file.lastPathComponent] {
                try (rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            } else {
                try FileManager.default.copyItem(at: file, to: url)
            }
            return url
        }
    }

    /// The demo's balances header: its rows carry a classification (schema v25).
    static let demoHeader = "loan,period,balance_yuan,classification"

    /// The row with its balance one yuan higher.
    static func raised(_ row: String) -> String {
        var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[2] = "\(Decimal(string: fields[2])! + 1)"
        return fields.joined(separator: ",")
    }

    @Test func importsOnPostgreSQLMatchSQLite() throws {
        let stores = try TwoStores("store_import")
        defer { stores.close() }
        let (postgres, viewer) = (stores.postgres, stores.viewer)
        let generation = try viewer.changeCounter()

        // A dry run counts every row and writes nothing: the store is still empty, unmoved.
        let dry = stores.both { try $0.importDemo(options: ImportOptions(dryRun: true)) }
        let counted = try dry.1.get()
        #expect(dry.0 == dry.1)
        #expect(counted.dryRun && counted.rows > 50_000)
        #expect(counted.files.allSatisfy { $0.new == $0.rows && $0.changed == 0 }, "\(String(describing: counted.files))")
        #expect(try postgres.isEmpty() && postgres.contents() == .empty)
        #expect(try viewer.changeCounter() == generation)
        #expect(try stores.ledger(postgres)[0] == [.integer(0), .null, .null])

        // The import: the same summary and figures; the viewer's generation moves.
        let imported = stores.both { try $0.importDemo() }
        #expect(imported.0 == imported.1)
        #expect(try imported.1.get().rows == counted.rows)
        #expect(try viewer.changeCounter() > generation)
        try stores.expectSameFigures("after the demo import")
        let demo = try stores.ledger(postgres)
        #expect(try stores.ledger(stores.sqlite) == demo)

        // The same files again: nothing new, nothing changed, on both. (A dry run is the whole
        // import, summaries included, rolled back: importing them for real as well only cost a
        // third demo import through the debug client.)
        let again = stores.both { try $0.importDemo(options: ImportOptions(dryRun: true)) }
        #expect(again.0 == again.1)
        #expect(try again.1.get().files.allSatisfy { $0.new == 0 && $0.changed == 0 }, "\(String(describing: again.1))")
        #expect(try stores.ledger(postgres) == demo)

        // A month's balances with 7 raised (the bulk path) and a correction of 3 (the delta
        // path): exact counts, then the same figures on both.
        let month = try Self.latestBalances()
        let big = try stores.write("loan_balances-2025-05.csv", [Self.demoHeader] + month.prefix(7).map(Self.raised) + month.dropFirst(7))
        let small = try stores.write("loan_balances-fix.csv", [Self.demoHeader] + month.suffix(3).map(Self.raised))
        for (file, changed) in [(big, 7), (small, 3)] {
            let counts = stores.both { try $0.importFiles([file], intoDemo: true, options: ImportOptions(dryRun: true)) }
            #expect(counts.0 == counts.1, "\(file.lastPathComponent)")
            #expect(try counts.1.get().files.map { [$0.new, $0.changed] } == [[0, changed]], "\(file.lastPathComponent)")
            let done = stores.both { try $0.importFiles([file], intoDemo: true) }
            #expect(done.0 == done.1)
            try stores.expectSameFigures("after \(file.lastPathComponent)")
        }
    }

    @Test func aBadRowInABigFileIsRefusedAlikeAndChangesNothing() throws {
        let stores = try TwoStores("bad_rows", demo: true)
        defer { stores.close() }
        let ledger = try stores.ledger(stores.postgres)
        let generation = try stores.viewer.changeCounter()

        var balances = try Self.latestBalances().map(Self.raised)
        balances[2_999] = balances[2_999].split(separator: ",").prefix(2).joined(separator: ",") + ",12.3x,"
        let loans = try String(contentsOf: try Store.demoFiles().first { $0.lastPathComponent == "loans.csv" }!, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var badLoans = loans, fields = loans[4_000].split(separator: ",", omittingEmptySubsequences: false)
        fields[1] = "NOBANK"
        badLoans[4_000] = fields.joined(separator: ",")
        let cases = [
            (try stores.write("loan_balances-2025-05.csv", [Self.demoHeader] + balances), "row 3001, column balance_yuan"),
            (try stores.write("loans-bad.csv", badLoans), "row 4001, column bank"),
        ]
        for (file, place) in cases {
            let outcome = stores.both { try $0.importFiles([file], intoDemo: true) }
            guard case .failed(let message) = outcome.1 else {
                Issue.record("\(file.lastPathComponent) was imported into PostgreSQL")
                continue
            }
            #expect(outcome.0 == outcome.1)
            #expect(message.contains("\(file.lastPathComponent): \(place)"), "\(message)")
            #expect(try stores.ledger(stores.postgres) == ledger)
            #expect(try stores.viewer.changeCounter() == generation)
        }
    }

    /// An import holding the lock (a cut of the demo, paused in its progress report) and a second one
    /// started meanwhile: the second says it waits, does nothing until the first committed,
    /// then imports (its balances need the first's loans).
    @Test func aSecondImportWaitsForTheFirst() throws {
        let cluster = try ThrowawayCluster.shared()
        let (server, environment) = try cluster.newEmptyDatabase("import_lock")
        defer { cluster.dropDatabase(server.database) }
        let second = try Store(address: .postgres(server), environment: environment)
        defer { second.close() }
        let folder = try temporaryFolder("import-lock")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The demo cut to 300 loans: long enough to pause in, without a whole debug import.
        let small = try Self.smallDemo(in: folder + "/demo", loans: 300)
        let loan = try String(contentsOf: small.first { $0.lastPathComponent == "loans.csv" }!, encoding: .utf8)
            .split(separator: "\n")[1].split(separator: ",")[0]
        let file = folder + "/loan_balances-fix.csv"
        try "loan,period,balance_yuan\n\(loan),2025-05,1.00\n".write(toFile: file, atomically: true, encoding: .utf8)

        let events = Events()
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            do {
                let first = try Store(address: .postgres(server), environment: environment)
                defer { first.close() }
                _ = try first.importFiles(small, options: ImportOptions(progress: { _ in
                    events.add("first")
                    if events.all.count == 1 {  // the lock is held: let the second start, until it waits
                        holding.signal()
                        _ = release.wait(timeout: .now() + 30)
                    }
                }))
                events.add("first committed")
            } catch {
                events.add("first failed: \(error)")
                holding.signal()
            }
        }
        thread.start()
        holding.wait()
        let summary = try second.importFiles([URL(fileURLWithPath: file)], intoDemo: true, options: ImportOptions(
            progress: { _ in events.add("second") },
            waiting: { events.add("second waits"); release.signal() }))
        done.wait()
        #expect(summary.rows == 1)
        let log = events.all
        #expect(log.first == "first")
        #expect(log.firstIndex(of: "second waits") == 1, "\(log)")
        // Nothing of the second ran before the first's last step.
        let lastFirst = log.lastIndex(of: "first")!, firstSecond = log.firstIndex(of: "second")!
        #expect(lastFirst < firstSecond, "\(log)")
        #expect(try second.importLog().last?.file == "loan_balances-fix.csv")
    }

    /// A bulk load leaves PostgreSQL's planner the size of what it added (BulkLoad's
    /// `updateStatistics`, inside the import's transaction): without it a month just imported
    /// was a few rows to the planner, which then joined that month's corrections by a scan of
    /// the whole month per changed loan (a 1% month at 200k loans: 47 s a statement). The
    /// planner's estimate of a month's balances against their count: a never analysed table
    /// is estimated at half a percent of its rows per value.
    @Test func aBulkImportLeavesThePlannerTheSizeOfItsMonths() throws {
        let cluster = try ThrowawayCluster.shared()
        let (server, environment) = try cluster.newEmptyDatabase("bulk_statistics")
        defer { cluster.dropDatabase(server.database) }
        let folder = try temporaryFolder("bulk-statistics")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Store(address: .postgres(server), environment: environment)
        defer { store.close() }
        _ = try store.importFiles(try Self.smallDemo(in: folder + "/demo", loans: 300))

        let (stored, estimate) = try Self.plannedBalances(server, environment, period: "2025-05")
        #expect(stored == 300)
        #expect(estimate.map { $0 * 2 >= stored && $0 <= stored * 2 } == true, "\(String(describing: estimate))")
    }

    /// A month arriving bank by bank in small files (the delta path: no bulk load, so no
    /// statistics from it): from a few hundred rows on, the import takes loan_balances'
    /// statistics itself (`BalanceChanges.apply`), and the planner never takes the month for a
    /// row or so (the demo's 18 months all fit its list of common values, so a month it has
    /// not seen would be).
    @Test func aSmallFileOfANewMonthLeavesThePlannerItsSize() throws {
        let (cluster, server, environment) = try SharedDemo.postgres("delta_statistics")
        defer { cluster.dropDatabase(server.database) }
        let folder = try temporaryFolder("delta-statistics")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Store(address: .postgres(server), environment: environment)
        defer { store.close() }
        let june = try Self.latestBalances().prefix(BalanceChanges.statisticsAfter + 50).map { $0.replacingOccurrences(of: ",2025-05,", with: ",2025-06,") }
        let file = URL(fileURLWithPath: folder + "/loan_balances-2025-06.csv")
        try (([Self.demoHeader] + june).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        _ = try store.importFiles([file], intoDemo: true)

        let (stored, estimate) = try Self.plannedBalances(server, environment, period: "2025-06")
        #expect(stored == june.count)
        #expect(estimate.map { $0 * 2 >= stored } == true, "\(String(describing: estimate))")
    }

    /// A month's balance rows and PostgreSQL's estimate of them: the top plan node's `rows=N`
    /// (a plan line reads "Seq Scan on loan_balances  (cost=… rows=N width=…)").
    static func plannedBalances(_ server: PostgresAddress, _ environment: [String: String], period: String) throws -> (Int, Int?) {
        let backend = try PostgresBackend.open(server, environment: environment, readOnly: true)
        defer { backend.close() }
        return try backend.read { s in
            let plan = try s.fetch("EXPLAIN SELECT * FROM loan_balances WHERE period = ?1", [.text(period)]).map { try $0.get(0, as: String.self) }
            return (try s.fetchOne("SELECT count(*) FROM loan_balances WHERE period = ?1", period, as: Int.self) ?? 0,
                    plan.first.flatMap { $0.firstMatch(of: /rows=(\d+)/).flatMap { Int($0.1) } })
        }
    }

    /// The bulk path (a staging table and one merge) and the row-by-row path write the same
    /// store, on each engine: the demo (cut to 900 loans, `smallDemo`: a round trip per row makes
    /// the whole demo row by row on PostgreSQL the longest test of the suite, and the paths meet
    /// the same cases), then a loans file that repeats keys (the last row wins; a new loan's id
    /// is where its code first came) and carries text COPY must escape, and a month's balances
    /// past the delta path's size that repeat a key. Every table compared row by row, ids
    /// included; only the import times differ. (The whole demo in bulk, several COPY chunks, is
    /// `importsOnPostgreSQLMatchSQLite`'s and `PortedImportTests`' import.)
    @Test func bulkAndRowByRowWriteTheSameStore() throws {
        let stores = try RowAndBulkStores("bulk-paths")
        defer { stores.close() }
        let (folder, engines) = (stores.folder, stores.engines)

        let demo = try Self.smallDemo(in: folder + "/demo", loans: 900)
        let loans = try String(contentsOf: demo.first { $0.lastPathComponent == "loans.csv" }!, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        func loan(_ row: String, code: String? = nil, product: String? = nil, amount: String? = nil) -> String {
            var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let code { fields[0] = code }
            if let product { fields[3] = product }
            if let amount { fields[7] = amount }
            return fields.joined(separator: ",")
        }
        let newLoans = [loans[0],
                        loan(loans[1], code: "L900001", amount: "100.00"),
                        loan(loans[2], code: "L900002"),
                        loan(loans[1], amount: "7654321.00"),  // an existing loan changed, twice
                        loan(loans[1], code: "L900001", product: "\"\(Self.awkward)\"", amount: "200.00"),
                        loan(loans[1], amount: "7654322.00"),
                        loan(loans[3])]  // an existing loan, unchanged
        let loansFile = folder + "/loans-fix.csv"
        try (newLoans.joined(separator: "\n") + "\n").write(toFile: loansFile, atomically: true, encoding: .utf8)
        let month = try Self.latestBalances(demo)
        let balancesFile = folder + "/loan_balances-2025-05.csv"
        let balances = ([Self.demoHeader, "L900001,2025-05,50.00,"] + month.prefix(5).map(Self.raised) + month.dropFirst(5)
                        + [Self.raised(Self.raised(month[0])), "L900001,2025-05,60.00,"]).joined(separator: "\n").appending("\n")
        // Past the delta path's size (Importer: 20 bytes × max(1,000, loans / 20)), so both
        // engines take the bulk path with it (checked below: it loads a table).
        #expect(balances.utf8.count > 20 * 1_000)
        try balances.write(toFile: balancesFile, atomically: true, encoding: .utf8)
        // The awkward product is a product of that loan's bank (products.csv, v24), quoted the same way.
        let productsFile = folder + "/products-fix.csv"
        let bank = loans[1].split(separator: ",", omittingEmptySubsequences: false)[1]
        try "code,bank,chain,name_zh,name_en,kind,launched_date\n\"\(Self.awkward)\",\(bank),,产品,Product,general,2020-01-01\n"
            .write(toFile: productsFile, atomically: true, encoding: .utf8)
        let steps = [demo, [URL(fileURLWithPath: productsFile), URL(fileURLWithPath: loansFile)], [URL(fileURLWithPath: balancesFile)]]

        for (engine, byRows, inBulk) in engines {
            for (store, bulk) in [(byRows, false), (inBulk, true)] {
                for files in steps {
                    let loads = LoadCounter()
                    try store.backend.write(.importFiles, waiting: {}) { session in
                        try Importer(session: CountingLoads(session: session, loads: loads), bulkLoads: bulk).run(files)
                    }
                    // Each step has a loans or balances file; only the bulk path loads one (into
                    // its staging table: the summaries' refresh loads the loans it touched either way).
                    let staged = loads.tables.filter { $0.hasPrefix("kejin_staging_") }
                    #expect(staged.isEmpty != bulk, "\(engine), bulk \(bulk): loaded \(loads.tables)")
                }
            }
            let (a, b) = (try Self.everyRow(byRows), try Self.everyRow(inBulk))
            #expect(a.keys.sorted() == b.keys.sorted(), "\(engine)")
            for (table, rows) in a.sorted(by: { $0.key < $1.key }) where rows != b[table] {
                Issue.record("\(engine): \(table) differs between the bulk and the row-by-row path")
            }
            // The last row of L900001: its amount in fen, its product as written.
            #expect(b["loans"]?.contains { $0.contains(.text("L900001")) && $0.contains(.integer(20_000))
                && $0.contains(.text(Self.awkward)) } == true, "\(engine)")
        }
    }

    /// A new month imported in bulk is summed from its rows as the import streamed them
    /// (RowWriters.streamedBalances), not read back; what may make those rows differ from the
    /// month's stored ones reads the month instead: two files of one new month, a loan twice in
    /// a new month, a file of a month already stored. After each import `store check` finds every
    /// summary equal to its recomputation — on SQLite (the bulk path asked for) and PostgreSQL.
    /// A new month's rows go straight into loan_balances (no staging table) until a row of
    /// another month or a key twice, from which on they are staged and merged.
    @Test func aNewMonthIsSummedAsStreamedAndNothingElseIs() throws {
        let folder = try temporaryFolder("streamed")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cluster = try ThrowawayCluster.shared()
        let (server, environment) = try cluster.newEmptyDatabase("streamed")
        defer { cluster.dropDatabase(server.database) }
        let stores = [("SQLite", try Store(path: folder + "/store.sqlite")),
                      ("PostgreSQL", try Store(address: .postgres(server), environment: environment))]
        defer { for (_, store) in stores { store.close() } }

        let demo = try Self.smallDemo(in: folder + "/demo", loans: 900)
        let may = try Self.latestBalances(demo)
        func month(_ period: String, _ rows: some Sequence<String>) -> [String] {
            rows.map { $0.replacingOccurrences(of: ",2025-05,", with: ",\(period),") }
        }
        func file(_ name: String, _ rows: [String]) throws -> URL {
            let text = ([Self.demoHeader] + rows).joined(separator: "\n") + "\n"
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
            return URL(fileURLWithPath: folder + "/" + name)
        }
        let june = month("2025-06", may), july = month("2025-07", may)
        // `straight`: whether rows of a new month went straight into loan_balances (BulkLoad.Direct).
        let steps: [(what: String, files: [URL], readsBack: Bool, straight: Bool)] = [
            ("the demo", demo, false, true),
            ("two files of a new month", [try file("loan_balances-06a.csv", Array(june.prefix(450))),
                                          try file("loan_balances-06b.csv", Array(june.dropFirst(450)))], true, true),
            ("a loan twice in a new month", [try file("loan_balances-07.csv", july + [Self.raised(july[0])])], true, true),
            ("a stored month, in part", [try file("loan_balances-06c.csv", june.prefix(850).map(Self.raised))], true, false),
            ("a new month", [try file("loan_balances-08.csv", month("2025-08", may))], false, true),
        ]
        for step in steps.dropFirst() {
            // Past the delta path's size (Importer: 20 bytes × 1,000 at this size): the bulk path.
            let bytes = try step.files.reduce(0) { $0 + (try Data(contentsOf: $1)).count }
            #expect(bytes > 20 * 1_000, "\(step.what)")
        }
        for (engine, store) in stores {
            for step in steps {
                let counter = LoadCounter()
                try store.backend.write(.importFiles, waiting: {}) { session in
                    try Importer(session: CountingLoads(session: session, loads: counter), bulkLoads: true).run(step.files)
                }
                let readBack = counter.statements.contains { $0.contains("SELECT loan_id, balance FROM loan_balances WHERE period") }
                #expect(readBack == step.readsBack, "\(engine), \(step.what): the month read back \(readBack)")
                #expect(counter.tables.contains("loan_balances") == step.straight, "\(engine), \(step.what): loaded \(counter.tables)")
                #expect(try store.check().findings.map(\.description) == [], "\(engine), \(step.what)")
            }
        }
    }

    /// A small balances file (its summaries kept by delta) is staged in bulk too: its loans looked
    /// up with one join, its old balances recorded with one statement, one upsert. It must write
    /// what row by row writes — corrections with a loan twice (the last row wins), a grade
    /// alone changed, part of a new month — and fail as row by row fails: the first bad row
    /// named even when the reader refuses a later one, and nothing changed. SQLite (the bulk
    /// path asked for) and PostgreSQL, each beside a store written row by row.
    @Test func aSmallBalancesFileIsStagedAndWritesWhatRowByRowWrites() throws {
        let stores = try RowAndBulkStores("small-bulk")
        defer { stores.close() }
        let (folder, engines) = (stores.folder, stores.engines)
        let demo = try Self.smallDemo(in: folder + "/demo", loans: 400)
        let may = try Self.latestBalances(demo)
        func file(_ name: String, _ rows: [String]) throws -> [URL] {
            let text = ([Self.demoHeader] + rows).joined(separator: "\n") + "\n"
            // Under the delta path's size (Importer: 20 bytes × 1,000 at this size).
            #expect(text.utf8.count < 20 * 1_000, "\(name)")
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
            return [URL(fileURLWithPath: folder + "/" + name)]
        }
        var graded = may[300].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        graded[3] = "substandard"
        let steps: [(what: String, files: [URL], fails: Bool)] = [
            ("corrections", try file("loan_balances-fix.csv", may.prefix(300).map(Self.raised)
                                     + [graded.joined(separator: ","), Self.raised(Self.raised(may[0]))]), false),
            ("part of a new month", try file("loan_balances-06.csv", may.prefix(200).map {
                $0.replacingOccurrences(of: ",2025-05,", with: ",2025-06,") }), false),
            ("an unknown loan, then a row of too many fields", try file("loan_balances-bad.csv",
                [Self.raised(may[1]), "L_NOT_A_LOAN,2025-05,1.00,", Self.raised(may[2]), may[3] + ",extra"]), true),
            ("a row of too many fields", try file("loan_balances-bad2.csv", [Self.raised(may[1]), may[3] + ",extra"]), true),
        ]
        for (engine, byRows, inBulk) in engines {
            // The demo in bulk into both (the paths write the same store: bulkAndRowByRowWriteTheSameStore).
            for store in [byRows, inBulk] {
                try store.backend.write(.importFiles, waiting: {}) { try Importer(session: $0, bulkLoads: true).run(demo) }
            }
            for step in steps {
                var outcomes: [String] = []
                for (store, bulk) in [(byRows, false), (inBulk, true)] {
                    let before = step.fails ? try Self.everyRow(store) : [:]
                    let counter = LoadCounter()
                    do {
                        try store.backend.write(.importFiles, waiting: {}) { session in
                            try Importer(session: CountingLoads(session: session, loads: counter), bulkLoads: bulk).run(step.files)
                        }
                        outcomes.append("imported")
                    } catch {
                        outcomes.append("\(error)")
                        #expect(try Self.everyRow(store) == before, "\(engine), bulk \(bulk), \(step.what): a failed import changed the store")
                    }
                    // The bulk store's summaries against a recompute (the row-by-row store's are
                    // its rows: compared below; a failed import is checked by its rows unchanged).
                    guard bulk, !step.fails else { continue }
                    #expect(try store.check().findings.map(\.description) == [], "\(engine), \(step.what)")
                    #expect(counter.tables.contains("kejin_staging_loan_balances"), "\(engine), \(step.what): loaded \(counter.tables)")
                    // Not a statement per row (200–302 rows; row by row: a look-up, a record and
                    // an upsert each). The summaries' delta writes per group, as row by row.
                    let perRow = counter.ran.filter { $0.contains("loan_balances") || $0.contains("FROM loans") }
                    #expect(perRow.count < 50, "\(engine), \(step.what): \(perRow.count) statements on loans and balances")
                }
                #expect(outcomes[0] == outcomes[1], "\(engine), \(step.what)")
                #expect((outcomes[0] != "imported") == step.fails, "\(engine), \(step.what): \(outcomes[0])")
                let (a, b) = (try Self.everyRow(byRows), try Self.everyRow(inBulk))
                for (table, rows) in a.sorted(by: { $0.key < $1.key }) where rows != b[table] {
                    Issue.record("\(engine), \(step.what): \(table) differs between the bulk and the row-by-row path")
                }
            }
        }
    }

    /// A product name COPY's text format must escape (a tab, a backslash), with a comma and CJK.
    static let awkward = "tab\there, back\\slash, \u{7EFF}\u{8272}"

    /// Every table's rows but for the times columns (`…_at`), in order.
    static func everyRow(_ store: Store) throws -> [String: [[SQLValue]]] {
        try store.readSession { s in
            var sqlite = false
            if case .sqlite = store.address { sqlite = true }
            let tables = try s.fetchColumn(sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'"
                : "SELECT tablename FROM pg_tables WHERE schemaname = 'public'", [], as: String.self)
            return try Dictionary(uniqueKeysWithValues: tables.map { table in
                let columns = try s.fetchColumn(sqlite
                    ? "SELECT name FROM pragma_table_info(?1) ORDER BY cid"
                    : "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?1 ORDER BY ordinal_position",
                    [.text(table)], as: String.self).filter { !$0.hasSuffix("_at") }
                let order = (1...columns.count).map(String.init).joined(separator: ", ")
                return (table, try s.fetch("SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY \(order)").map(\.values))
            })
        }
    }

    /// Per engine, a store to write row by row and one to write in bulk: SQLite files in a
    /// folder of their own, PostgreSQL databases on the process's shared cluster.
    final class RowAndBulkStores {
        let folder: String
        private let cluster: ThrowawayCluster
        private var databases: [String] = []
        private(set) var engines: [(name: String, byRows: Store, inBulk: Store)] = []

        init(_ name: String) throws {
            folder = try temporaryFolder(name)
            cluster = try ThrowawayCluster.shared()
            let prefix = name.replacingOccurrences(of: "-", with: "_")
            engines = [("SQLite", try Store(path: folder + "/rows.sqlite"), try Store(path: folder + "/bulk.sqlite")),
                       ("PostgreSQL", try postgres(prefix + "_rows"), try postgres(prefix + "_bulk"))]
        }

        private func postgres(_ name: String) throws -> Store {
            let (server, environment) = try cluster.newEmptyDatabase(name)
            databases.append(server.database)
            return try Store(address: .postgres(server), environment: environment)
        }

        func close() {
            for (_, a, b) in engines { a.close(); b.close() }
            for database in databases { cluster.dropDatabase(database) }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// The tables a session's `load` was asked to fill, the statements it read with or
    /// prepared, and every statement it ran (a prepared one at each run).
    final class LoadCounter { var tables: [String] = [], statements: [String] = [], ran: [String] = [] }

    /// A prepared statement that notes its runs.
    final class CountingPrepared: PreparedStatement {
        let statement: any PreparedStatement
        let sql: String
        let loads: LoadCounter
        init(_ statement: any PreparedStatement, _ sql: String, _ loads: LoadCounter) {
            self.statement = statement; self.sql = sql; self.loads = loads
        }
        func bind(_ index: Int32, _ value: SQLValue) { statement.bind(index, value) }
        func execute() throws -> Int { loads.ran.append(sql); return try statement.execute() }
        func cursor(_ body: (any SQLRow) throws -> Bool) throws { loads.ran.append(sql); try statement.cursor(body) }
    }

    /// A session that notes its bulk loads and does all else as the session it wraps.
    struct CountingLoads: StoreSession {
        let session: any StoreSession
        let loads: LoadCounter
        func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
            loads.ran.append(sql)
            return try session.execute(sql, arguments)
        }
        func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [any SQLRow] {
            loads.ran.append(sql)
            return try session.fetch(sql, arguments)
        }
        func cursor(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Bool) throws {
            loads.statements.append(sql)
            loads.ran.append(sql)
            try session.cursor(sql, arguments, body)
        }
        func load(into table: String, columns: [String], rows: (([SQLValue]) throws -> Void) throws -> Void) throws {
            loads.tables.append(table)
            loads.ran.append("COPY " + table)
            try session.load(into: table, columns: columns, rows: rows)
        }
        func beginLoad(into table: String, columns: [String]) throws -> any BulkAppender {
            loads.tables.append(table)
            loads.ran.append("COPY " + table)
            return try session.beginLoad(into: table, columns: columns)
        }
        func tableExists(_ name: String) throws -> Bool { try session.tableExists(name) }
        func prepare(_ sql: String) throws -> any PreparedStatement {
            loads.statements.append(sql)
            return CountingPrepared(try session.prepare(sql), sql, loads)
        }
        func beginBulkWrite() throws { try session.beginBulkWrite() }
        var prefersBulkLoad: Bool { session.prefersBulkLoad }
    }

    /// An import's summary, or the message of the error it threw.
    enum Outcome: Equatable {
        case imported(ImportSummary)
        case failed(String)

        func get() throws -> ImportSummary {
            switch self {
            case .imported(let summary): return summary
            case .failed(let message): throw StoreSQLError(message)
            }
        }
    }

    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ event: String) { lock.withLock { list.append(event) } }
        var all: [String] { lock.withLock { list } }
    }
}
#endif
