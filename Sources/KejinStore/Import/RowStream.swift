import CSV
import Foundation

/// A CSV file's data rows, parsed by CSV.swift on a thread of its own a chunk at a time while
/// the importer validates and writes the rows before them: parsing is a fifth of a big
/// import, and this way it runs on another core. Rows arrive in file order, and what the
/// reader finds wrong (bad CSV, a wrong number of fields, an invalid byte) arrives at its
/// row, so the first bad row of the file is still the one reported. A writer's `check`
/// (RowWriters.SplitWriter) may run here too, turning each row into its values: its failure
/// arrives at its row the same way.
final class RowStream: @unchecked Sendable {
    struct Row {
        /// Spreadsheet row number (header = 1).
        var number: Int
        var fields: [String]
        /// What the writer's check made of the row (none without a check).
        var values: [SQLValue] = []
    }

    private enum Item {
        case rows([Row])
        case failed(Error)
        /// The last row number read (blank lines included).
        case end(lastRow: Int)
    }

    private static let chunkRows = 1024
    /// Chunks read ahead at most (bounds the memory a fast reader takes).
    private static let chunksAhead = 8

    private let condition = NSCondition()
    private var items: [Item] = []
    private var stopped = false
    /// The last row number read, once the stream has ended.
    private(set) var lastRow = 1

    /// Starts reading `reader` (its header already read and checked) on a new thread, each
    /// row checked by `check` there (given as `row`, the file's row with its fields).
    init(_ reader: CSVReader, header: [String], file: String, decoded: DecodedText,
         row: CSVRow, check: ((CSVRow) throws -> [SQLValue])? = nil) {
        let box = ReaderBox(reader, check: check)
        let thread = Thread { [self] in read(box.reader, header: header, file: file, decoded: decoded, row: row, check: box.check) }
        thread.name = "kejin-csv"
        thread.start()
    }

    /// Hands the reader and the check to their thread (the only one to use them from then on).
    private final class ReaderBox: @unchecked Sendable {
        let reader: CSVReader
        let check: ((CSVRow) throws -> [SQLValue])?
        init(_ reader: CSVReader, check: ((CSVRow) throws -> [SQLValue])?) { self.reader = reader; self.check = check }
    }

    /// The next rows in file order; nil at the end. Throws what the reader found at the row
    /// where it found it.
    func next() throws -> [Row]? {
        let item: Item = condition.withLock {
            while items.isEmpty { condition.wait() }
            let first = items.removeFirst()
            condition.broadcast()
            return first
        }
        switch item {
        case .rows(let rows): return rows
        case .failed(let error): throw error
        case .end(let last): lastRow = last; return nil
        }
    }

    /// Ends the reading thread (the importer stopped early, at a bad row).
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    /// Queues an item, waiting while the importer is `chunksAhead` behind; false once stopped.
    private func post(_ item: Item) -> Bool {
        condition.withLock {
            while items.count >= Self.chunksAhead && !stopped { condition.wait() }
            guard !stopped else { return false }
            items.append(item)
            condition.broadcast()
            return true
        }
    }

    private func read(_ reader: CSVReader, header: [String], file: String, decoded: DecodedText,
                      row: CSVRow, check: ((CSVRow) throws -> [SQLValue])?) {
        var row = row
        var number = 1
        var chunk: [Row] = []
        chunk.reserveCapacity(Self.chunkRows)
        func fail(_ error: Error) {
            if !chunk.isEmpty, !post(.rows(chunk)) { return }
            _ = post(.failed(error))
        }
        while let fields = reader.next() {
            number += 1
            if let error = reader.error {
                return fail(ImportError(file: file, row: number, reason: "cannot be read as CSV: \(error)"))
            }
            if fields.allSatisfy(\.isEmpty) { continue }  // blank line
            guard fields.count == header.count else {
                return fail(ImportError(file: file, row: number,
                                        reason: "has \(fields.count) fields, the header has \(header.count)"))
            }
            var values: [SQLValue] = []
            do {
                try decoded.check(fields, header: header, file: file, row: number)
                if let check {
                    row.number = number
                    row.fields = fields
                    values = try check(row)
                }
            } catch { return fail(error) }
            chunk.append(Row(number: number, fields: fields, values: values))
            if chunk.count == Self.chunkRows {
                guard post(.rows(chunk)) else { return }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if let error = reader.error {
            return fail(ImportError(file: file, row: number + 1, reason: "cannot be read as CSV: \(error)"))
        }
        if !chunk.isEmpty, !post(.rows(chunk)) { return }
        _ = post(.end(lastRow: number))
    }
}
