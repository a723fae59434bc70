import CSV
import Foundation

/// A CSV file's data rows, parsed by CSV.swift on a thread of its own a chunk at a time while
/// the importer validates and writes the rows before them: parsing is a fifth of a big
/// import, and this way it runs on another core. Rows arrive in file order, and what the
/// reader finds wrong (bad CSV, a wrong number of fields, an invalid byte) arrives at its
/// row, so the first bad row of the file is still the one reported.
final class RowStream: @unchecked Sendable {
    struct Row {
        /// Spreadsheet row number (header = 1).
        var number: Int
        var fields: [String]
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

    /// Starts reading `reader` (its header already read and checked) on a new thread.
    init(_ reader: CSVReader, header: [String], file: String, decoded: DecodedText) {
        let box = ReaderBox(reader)
        let thread = Thread { [self] in read(box.reader, header: header, file: file, decoded: decoded) }
        thread.name = "kejin-csv"
        thread.start()
    }

    /// Hands the reader to its thread (the only one to use it from then on).
    private final class ReaderBox: @unchecked Sendable {
        let reader: CSVReader
        init(_ reader: CSVReader) { self.reader = reader }
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

    private func read(_ reader: CSVReader, header: [String], file: String, decoded: DecodedText) {
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
            do { try decoded.check(fields, header: header, file: file, row: number) } catch { return fail(error) }
            chunk.append(Row(number: number, fields: fields))
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
