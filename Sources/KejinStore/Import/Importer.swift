import CSV
import Foundation
import KejinCore

/// Runs one import inside the caller's transaction: reads every file (CSV.swift's CSVReader), checks
/// the header and each field, upserts rows with prepared statements, then refreshes derived
/// data (loans.is_tech, period_summary) and writes the import log. Everything below the
/// checks goes through the session, so one import runs on SQLite and PostgreSQL alike.
struct Importer {
    let session: any StoreSession
    var options = ImportOptions()
    /// Big loans and balances files in bulk (BulkLoad.swift); nil: as the engine prefers. Tests
    /// set it to run both paths on one engine.
    var bulkLoads: Bool?

    init(session: any StoreSession, options: ImportOptions = ImportOptions(), bulkLoads: Bool? = nil) {
        self.session = session
        self.options = options
        self.bulkLoads = bulkLoads
    }

    /// `forced`: read every file as this entity whatever its name (`kejin rules import FILE`).
    func run(_ urls: [URL], as forced: Entity? = nil) throws -> ImportSummary {
        // Name check first: an unknown file fails before anything is read.
        let typed: [(URL, Entity)] = try urls.map { url in
            let name = url.lastPathComponent
            guard let entity = forced ?? Entity(fileName: name) else {
                throw ImportError(file: name, reason: "is not a kejin CSV file name; expected <entity>.csv or <entity>-<anything>.csv with entity one of: "
                                  + Entity.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return (url, entity)
        }
        let order = Dictionary(uniqueKeysWithValues: Entity.allCases.enumerated().map { ($1, $0) })
        let sorted = typed.enumerated().sorted {
            (order[$0.element.1]!, $0.offset) < (order[$1.element.1]!, $1.offset)
        }.map(\.element)

        try session.beginBulkWrite()
        let refs = References(session: session)
        let writers = RowWriters(session: session, refs: refs, bulkLoads: bulkLoads)
        if options.replace {
            // What a resubmission replaces: a bank's month of balances, a reporter's guarantees
            // or draws (Reporting/Replacement.swift). Anything else has no reporter to replace.
            let replaceable: Set<Entity> = [.loanBalances, .guarantees, .relendingDraws, .loans, .poolPayouts]
            if let other = sorted.first(where: { !replaceable.contains($0.1) }) {
                throw ImportError(file: other.0.lastPathComponent,
                                  reason: "--replace replaces loan_balances, guarantees and relending_draws files (a reporter's submission); import \(other.1.rawValue) files without --replace")
            }
            writers.replacement = Replacement(session: session)
            writers.books = BookReplacement(session: session)
        }
        // Balance files alone, small enough: keep the summaries by delta (SummaryDelta.swift)
        // and look their loans up by code rather than loading every loan.
        // A balance row is 20+ bytes, so a file of 20 × limit bytes or more would overflow anyway.
        if sorted.allSatisfy({ $0.1 == .loanBalances }) {
            let changes = try BalanceChanges(session)
            let bytes = sorted.reduce(0) { $0 + ((try? $1.0.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0) }
            if bytes < 20 * changes.limit {
                writers.balanceChanges = changes
                refs.looksUpLoansOneByOne = true
            }
        }
        // Balance files alone, in bulk: the summaries' recompute will read every loan's and
        // firm's facts, which these files do not change: read them now beside the rows
        // (PeriodGroups, AsideRead: SQLite at 1M loans, ~1.2 s on the other core; PostgreSQL at
        // 200k, ~0.9 s, most of it while the server inserts the rows).
        let facts = sorted.allSatisfy({ $0.1 == .loanBalances }) && writers.balanceChanges == nil
            ? try PeriodGroups.readAside(session) : nil
        // Loans, firms or tags written: new_loan_summary by delta (Query/NewLoanChanges.swift).
        if sorted.contains(where: { [.loans, .enterprises, .enterpriseTags].contains($0.1) }) {
            writers.newLoanChanges = try NewLoanChanges.start(session)
        }
        // Periods a supervisor may have seen complete: a change to them is a revision. (No
        // reporting tables: a store migrated only part-way, as tests build pre-v6 stores.)
        let tracksReporting = try session.tableExists("deliveries")
        let settledBefore = tracksReporting ? Set(try Deliveries.settledPeriods(session).map(\.key)) : []
        // Guarantees and draws are dated: any settled period's drawn and in-force figures may
        // change, so take them before a row is written. (A firm's chain moves its guarantees
        // between chains.) Nothing else moves them: other imports compare the loan figures alone
        // (the dated ones read every guarantee, ~8 ms a period at 1M loans, before and after).
        let writesDated = sorted.contains { $0.1 == .guarantees || $0.1 == .relendingDraws }
        let movesDated = writesDated || sorted.contains { $0.1 == .enterprises }
        let datedBefore = movesDated ? try Dictionary(uniqueKeysWithValues: settledBefore.map { ($0, try Revisions.datedSnapshot(session, $0)) }) : [:]
        // Loans, firms or tags alone, a few: the summaries by delta (Query/ReferenceDelta.swift),
        // the loan figures of the settled periods read first, before it takes loans out of them.
        var loanFiguresBefore: [String: Revisions.Snapshot] = [:]
        let referenceDelta = try namedReferences(sorted).flatMap { named in
            try ReferenceDelta.start(session, loans: named.loans, firms: named.firms) {
                loanFiguresBefore = try Dictionary(uniqueKeysWithValues: settledBefore.map { ($0, try Revisions.loanSnapshot(session, $0)) })
            }
        }
        // A few loans: each looked up by its code, not every loan loaded (1M loans: ~0.9 s).
        if referenceDelta != nil { refs.looksUpLoansOneByOne = true }
        var tracker = ProgressTracker(report: options.progress, urls: sorted.map(\.0))
        var files: [ImportSummary.File] = []
        var delivered: [[Deliveries.Key: Int]] = []
        for (url, entity) in sorted {
            let name = url.lastPathComponent
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw ImportError(file: name, reason: "cannot be read: \(error.localizedDescription)")
            }
            let checksum = FNV1a64.Pending(data)
            let decoded = try TextDecoding.decode(data, file: name, forced: options.encoding)
            // Dry run: new rows are the growth of the entity's table (nothing is ever deleted),
            // changed rows the other rows the upserts changed (an upsert leaves an equal row alone).
            let countBefore = options.dryRun ? try Self.rowCount(session, entity) : 0
            let changesBefore = writers.changedRows
            let lines = entity == .loans || options.progress != nil ? Self.lineCount(data) : 0
            tracker.startFile(name, bytes: data.count, lines: lines)
            // A loans file with more lines than the store has loans (a first load, a province
            // joining): mostly new rows, whose enterprise and bank keys land at random places
            // in the loans' indexes; built again after the file instead.
            let rebuildsIndexes = try entity == .loans && lines > Self.rowCount(session, .loans)
            if rebuildsIndexes { writers.touchedLoans.reserveCapacity(writers.touchedLoans.count + lines) }
            let rows = try rebuildsIndexes
                ? session.rebuildingIndexes(of: "loans") { try importFile(name: name, decoded: decoded, entity: entity, writers: writers, tracker: &tracker) }
                : importFile(name: name, decoded: decoded, entity: entity, writers: writers, tracker: &tracker)
            var file = ImportSummary.File(name: name, entity: entity.rawValue, rows: rows, checksum: checksum.value,
                                          encoding: decoded.label)
            if options.dryRun {
                let new = try Self.rowCount(session, entity) - countBefore
                file.new = new
                file.changed = writers.changedRows - changesBefore - new
            }
            files.append(file)
            delivered.append(writers.deliveries)
            writers.deliveries = [:]
        }

        tracker.summary()
        let removedPeriods = try writers.replacement?.removeAbsent(changes: writers.balanceChanges) ?? []
        // Refused (throws) while a loan or pay-out still refers to a row it would remove.
        try writers.books?.removeAbsent()
        // Loans or enterprises written can change any period's summary (chain, tags, purpose);
        // guarantees and draws are dated, so any period's drawn and in-force figures.
        let changedAll = !writers.touchedLoans.isEmpty || !writers.touchedEnterprises.isEmpty || writesDated
        let revised = changedAll ? settledBefore : writers.touchedPeriods.union(removedPeriods).intersection(settledBefore)
        let before = try Dictionary(uniqueKeysWithValues: revised.map { p in
            (p, try Revisions.merged(loanFiguresBefore[p] ?? Revisions.loanSnapshot(session, p), datedBefore[p] ?? [:]))
        })
        do {
            let keptByDelta = try referenceDelta?.finish(written: writers.touchedLoans, enterprises: writers.touchedEnterprises) ?? false
            if !keptByDelta {
                try PeriodSummary.refresh(session, loans: writers.touchedLoans, enterprises: writers.touchedEnterprises,
                                          balancePeriods: writers.touchedPeriods.union(removedPeriods),
                                          changes: writers.balanceChanges, facts: facts?.wait() ?? nil,
                                          streamed: writers.streamedBalances)
            }
            try writers.newLoanChanges?.apply(written: writers.touchedLoans)
            if !keptByDelta, LedgerEligibility.affected(by: Set(sorted.map(\.1)), loansOrEnterprises: changedAll) { try LedgerEligibility.refresh(session) }
            // Draws written: which are outstanding in each month, and where they count (Query/DrawSummary.swift).
            try DrawSummary.Groups.refresh(session, entities: Set(sorted.map(\.1)))
            // Rates, tools or draws change the ledger spreads (loans or enterprises written: the
            // summary refresh has recomputed the programme's periods already).
            if writers.touchedLoans.isEmpty, writers.touchedEnterprises.isEmpty {
                try ProgrammeSummary.refresh(session, entities: Set(sorted.map(\.1)), loansOrEnterprises: false)
            }
            // Claims written: the subsidy's sums per bank and month rebuilt (Query/SubsidySummary.swift).
            try SubsidySummary.refresh(session, entities: Set(sorted.map(\.1)))
            // Guarantees, firms or months written: the guarantees in force per month (Query/GuaranteeSummary.swift).
            try GuaranteeSummary.refresh(session, entities: Set(sorted.map(\.1)))
        } catch let error as StoreSQLError where error == .integerOverflow {
            // Each amount is at most 15 digits of yuan; a period's total of many can still pass
            // Int64 fen (about 9.2 × 10^16 yuan).
            throw ImportError(file: files.map(\.name).joined(separator: ", "),
                              reason: "add up to a period total too large to store (over 9.2 × 10^16 yuan); check the amounts")
        }

        let now = ImportClock.utcTimestamp()
        // Anything but balances may change what viewers keep per store version.
        // (A store migrated only part-way, as tests build pre-v5 stores, has no store_meta.)
        if sorted.contains(where: { $0.1 != .loanBalances }), try session.tableExists("store_meta") {
            try ReferenceVersion.bump(session)
        }
        let removed = writers.replacement?.counts ?? [:]
        // Who imported: the OS user, as for acknowledgements and period events (schema v8 on).
        let logsWho = try session.tableExists("delivery_log")
        let who = Store.acknowledger(environment: ProcessInfo.processInfo.environment).by
        let log = try session.prepare((logsWho
            ? "INSERT INTO import_log(file, checksum, rows, imported_at, removed, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            : tracksReporting
            ? "INSERT INTO import_log(file, checksum, rows, imported_at, removed) VALUES (?1, ?2, ?3, ?4, ?5)"
            : "INSERT INTO import_log(file, checksum, rows, imported_at) VALUES (?1, ?2, ?3, ?4)") + " RETURNING id")
        var periodImport: [String: Int64] = [:]
        var lastImport: Int64?
        for (f, rows) in zip(files, delivered) {
            // The file that delivered a (bank, period) says what its replacement removed.
            let removedHere = rows.keys.reduce(0) { $0 + (removed[$1]?.removed ?? 0) }
                + (writers.books?.counts ?? [:]).reduce(0) { $0 + (writers.books?.file[$1.key] == f.name ? $1.value.removed : 0) }
            let values: [any SQLArgument] = [f.name, f.checksum, f.rows, now] + (tracksReporting ? [removedHere] : []) + (logsWho ? [who] : [])
            for (i, value) in values.enumerated() { log.bind(Int32(i + 1), value.sqlValue) }
            guard let id = try log.fetchValue()?.integer else { throw StoreSQLError("import_log: no id returned") }
            lastImport = id
            if tracksReporting {
                try Deliveries.record(session, rows, importID: id, at: now) { key in
                    removed[key] ?? writers.books?.counts[.init(entity: ReportedFile(rawValue: key.entity.rawValue) ?? .loanBalances,
                                                                 reporter: key.institution)]
                }
            }
            for key in rows.keys { periodImport[key.period] = id }
        }
        for period in revised.sorted() {
            try Revisions.record(session, period: period, before: before[period] ?? [:], after: try Revisions.snapshot(session, period, dated: movesDated),
                                 importID: periodImport[period] ?? lastImport, eventID: nil, at: now)
        }
        var summary = ImportSummary(files: files, dryRun: options.dryRun,
                                    periods: options.dryRun ? writers.touchedPeriods.sorted() : [])
        summary.replaced = (writers.replacement?.summary ?? []) + (writers.books?.summary ?? [])
        return summary
    }

    /// Rows in the table an entity's files write (tables are named after their entity).
    private static func rowCount(_ db: any StoreSession, _ entity: Entity) throws -> Int {
        try db.fetchOne("SELECT count(*) FROM \(entity.rawValue)", as: Int.self) ?? 0
    }

    /// The loan codes and firm codes named by an import of small loans, enterprises and
    /// enterprise_tags files alone (ReferenceDelta); nil for any other import, a big one (its
    /// recompute is cheaper than a delta), or a file that does not parse (the import then
    /// reports it where it reads it).
    private func namedReferences(_ files: [(URL, Entity)]) throws -> (loans: Set<String>, firms: Set<String>)? {
        let codeColumn: [Entity: String] = [.loans: "code", .enterprises: "code", .enterpriseTags: "enterprise"]
        guard !options.replace, !files.isEmpty, files.allSatisfy({ codeColumn[$0.1] != nil }) else { return nil }
        // A loans row is ~120 bytes: 2 MiB is some 17,000 loans, their balance rows past the
        // delta's limit at any size but a province's (`ReferenceDelta.start` checks that). A
        // file of unknown size counts as over it (unreadable: the import says so where it reads).
        let limit = 2 << 20
        let bytes = files.reduce(0) { $0 + ((try? $1.0.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? limit + 1) }
        guard bytes <= limit else { return nil }
        var loans: Set<String> = [], firms: Set<String> = []
        for (url, entity) in files {
            guard let data = try? Data(contentsOf: url),
                  var text = try? TextDecoding.decode(data, file: url.lastPathComponent, forced: options.encoding).text else { return nil }
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            guard let reader = try? CSVReader(string: text, hasHeaderRow: true),
                  let index = try? checkHeader(reader.headerRow ?? [], file: url.lastPathComponent, entity: entity),
                  let column = codeColumn[entity].flatMap({ index[$0] }) else { return nil }
            while let fields = reader.next() {
                guard reader.error == nil else { return nil }
                guard column < fields.count, !fields[column].isEmpty else { continue }
                if entity == .loans { loans.insert(fields[column]) } else { firms.insert(fields[column]) }
            }
            guard reader.error == nil else { return nil }
        }
        return (loans, firms)
    }

    /// Line feeds in the file: the rows a progress report measures the file's share by.
    static func lineCount(_ data: Data) -> Int {
        data.withUnsafeBytes { raw in
            guard var p = raw.baseAddress else { return 0 }
            let end = p + raw.count
            var n = 0
            while p < end, let hit = memchr(p, 0x0A, end - p) { n += 1; p = UnsafeRawPointer(hit) + 1 }
            return n
        }
    }

    /// Reads one file and writes its rows; returns the number of data rows.
    private func importFile(name: String, decoded: DecodedText, entity: Entity, writers: RowWriters,
                            tracker: inout ProgressTracker) throws -> Int {
        let reader: CSVReader
        do {
            // Parsed from a String: CSV.swift then walks its scalars directly instead of
            // decoding a byte stream one byte at a time, which halves the parse.
            var text = decoded.text
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw ImportError(file: name, row: 1, reason: "has no header row (the file is empty)")
        }
        let header = reader.headerRow ?? []
        try decoded.check(header, header: header, file: name, row: 1)
        let index = try checkHeader(header, file: name, entity: entity)
        var row = CSVRow(file: name, number: 1, fields: [], index: index)
        let bulk = try writers.bulkWriter(for: entity, header: row)
        let split = bulk == nil ? try writers.splitWriter(for: entity, header: row) : nil
        let checksAhead = split.map { !$0.inline } ?? false
        let stream = RowStream(reader, header: header, file: name, decoded: decoded, row: row, check: checksAhead ? split?.check : nil)
        defer { stream.stop() }
        var count = 0
        func each(_ write: (CSVRow, [SQLValue]) throws -> Void) throws {
            while let rows = try stream.next() {
                for r in rows {
                    row.number = r.number
                    row.fields = r.fields
                    try write(row, r.values)
                    count += 1
                    if count & 1023 == 0 { tracker.rows(count, line: row.number) }
                }
            }
        }
        if let bulk {
            try bulk { write in try each { r, _ in try write(r) } }
        } else if let split, checksAhead {
            try each(split.write)
        } else if let split {
            try each { r, _ in try split.joined(r) }
        } else {
            let write = try writers.writer(for: entity, header: row)
            try each { r, _ in try write(r) }
        }
        tracker.rows(count, line: stream.lastRow)
        return count
    }

    /// Column name → index; every required column present, no unknown or repeated column.
    private func checkHeader(_ header: [String], file: String, entity: Entity) throws -> [String: Int] {
        let known = Set(entity.required + entity.optional)
        var index: [String: Int] = [:]
        for (i, raw) in header.enumerated() {
            let column = raw.trimmingCharacters(in: .whitespaces)
            guard known.contains(column) else {
                throw ImportError(file: file, row: 1, column: column,
                                  reason: "unknown column; \(entity.rawValue) files have: "
                                  + (entity.required + entity.optional).joined(separator: ", "))
            }
            guard index[column] == nil else {
                throw ImportError(file: file, row: 1, column: column, reason: "column appears twice in the header")
            }
            index[column] = i
        }
        for column in entity.required where index[column] == nil {
            throw ImportError(file: file, row: 1, column: column, reason: "required column is missing from the header")
        }
        return index
    }
}

enum ImportClock {
    /// Now, UTC, `YYYY-MM-DD HH:MM:SS`.
    static func utcTimestamp(_ date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }
}
