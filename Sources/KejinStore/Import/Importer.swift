import CSV
import Foundation
import GRDB

/// Runs one import inside the caller's transaction: reads every file (CSV.swift's CSVReader), checks
/// the header and each field, upserts rows with prepared statements, then refreshes derived
/// data (loans.is_tech, period_summary) and writes the import log.
struct Importer {
    let db: Database

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

        // A big page cache for the writer: loans go into two b-tree indexes (code, enterprise)
        // at random places; with SQLite's default 2 MB cache the import spilled pages all the
        // time (1M loans: 26 s → 9 s in importFile with 256 MB). Only the importing connection
        // gets it; it is memory SQLite takes only as pages are touched.
        try db.execute(sql: "PRAGMA cache_size = -262144")
        let refs = References(db: db)
        let writers = RowWriters(db: db, refs: refs)
        var files: [ImportSummary.File] = []
        for (url, entity) in sorted {
            let name = url.lastPathComponent
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw ImportError(file: name, reason: "cannot be read: \(error.localizedDescription)")
            }
            let rows = try importFile(name: name, data: data, entity: entity, writers: writers)
            files.append(ImportSummary.File(name: name, entity: entity.rawValue, rows: rows, checksum: FNV1a64.hex(data)))
        }

        try PeriodSummary.refresh(db, loans: writers.touchedLoans, enterprises: writers.touchedEnterprises,
                                  balancePeriods: writers.touchedPeriods)

        let now = ImportClock.utcTimestamp()
        let log = try db.makeStatement(sql: "INSERT INTO import_log(file, checksum, rows, imported_at) VALUES (?, ?, ?, ?)")
        for f in files { try log.execute(arguments: [f.name, f.checksum, f.rows, now]) }
        return ImportSummary(files: files)
    }

    /// Reads one file and writes its rows; returns the number of data rows.
    private func importFile(name: String, data: Data, entity: Entity, writers: RowWriters) throws -> Int {
        let reader: CSVReader
        do {
            // Valid UTF-8 (the usual case) is parsed from a String: CSV.swift then walks its
            // scalars directly instead of decoding a byte stream one byte at a time, which
            // halves the parse. Invalid bytes go through the stream reader, which finds their row.
            if var text = String(validating: data, as: UTF8.self) {
                if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
                reader = try CSVReader(string: text, hasHeaderRow: true)
            } else {
                reader = try CSVReader(stream: InputStream(data: data), hasHeaderRow: true)
            }
        } catch {
            throw ImportError(file: name, row: 1, reason: "has no header row (the file is empty)")
        }
        let header = reader.headerRow ?? []
        let index = try checkHeader(header, file: name, entity: entity)
        let write = try writers.writer(for: entity)
        var row = CSVRow(file: name, number: 1, fields: [], index: index)
        var count = 0
        while let fields = reader.next() {
            row.number += 1
            if let error = reader.error {
                throw ImportError(file: name, row: row.number, reason: "cannot be read as UTF-8 CSV: \(error)")
            }
            if fields.allSatisfy(\.isEmpty) { continue }  // blank line
            guard fields.count == header.count else {
                throw ImportError(file: name, row: row.number,
                                  reason: "has \(fields.count) fields, the header has \(header.count)")
            }
            row.fields = fields
            try write(row)
            count += 1
        }
        if let error = reader.error {
            throw ImportError(file: name, row: row.number + 1, reason: "cannot be read as UTF-8 CSV: \(error)")
        }
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
