import Foundation
import GRDB
@testable import KejinStore
import Testing

/// Everything a store holds, to show a failed or dry-run import left it as it was: every
/// table's rows (sorted) and the bytes of the database file and its WAL.
struct StoreDump: Equatable {
    var tables: [String: [String]]
    var files: [String: Data]

    init(_ store: Store) throws {
        tables = try store.dbQueue.read { db in
            var all: [String: [String]] = [:]
            for t in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                all[t] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(t)\"").map(\.description).sorted()
            }
            return all
        }
        var files: [String: Data] = [:]
        for suffix in ["", "-wal"] {
            files[suffix] = FileManager.default.contents(atPath: store.path + suffix)
        }
        self.files = files
    }
}

/// A declared entity's bad row (DeclaredEntity.swift): `name` holding a header, a good row and
/// `bad` (row 3), imported with another good file, is refused naming the file, row 3, `column`
/// and `value` (and `reason`, when given), and the store is left as it was.
func expectBadRowRefused(_ f: Fixture, _ store: Store, _ name: String, header: String, good: String, bad: String,
                         column: String, value: String, reason: String?,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
    let before = try StoreDump(store)
    let file = try f.write(name, "\(header)\n\(good)\n\(bad)\n", folder: "bad")
    let other = try f.write("institutions.csv", "code,kind,name_zh,name_en\nB4,bank,银行四,Bank Four\n", folder: "bad")
    do {
        _ = try store.importFiles([file, other])
        Issue.record("imported \(bad)", sourceLocation: sourceLocation)
    } catch let error as ImportError {
        #expect(error.file == name && error.row == 3 && error.column == column && error.value == value, "\(error)",
                sourceLocation: sourceLocation)
        if let reason { #expect(error.reason == reason, sourceLocation: sourceLocation) }
        #expect(error.description.hasPrefix("\(name): row 3, column \(column): \"\(value)\" "), sourceLocation: sourceLocation)
    }
    #expect(try StoreDump(store).tables == before.tables, sourceLocation: sourceLocation)
}
