import Foundation
import KejinStore
import Testing
import ThrowawayPostgres
#if PostgreSQL
import PostgresNIO
#endif

/// What every engine behind `StoreBackend` must do, the same checks on SQLite and (with the
/// trait) on a throwaway PostgreSQL cluster: values exact to the fen, transactions all or
/// nothing, read-only snapshots, bulk loads, streaming cursors and the generation row.
@Suite(.serialized) struct StoreBackendContractTests {
    @Test func sqlite() throws {
        let folder = try temporaryFolder("contract")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/store.sqlite"
        try Contract(store: SQLiteBackend(path: path), other: SQLiteBackend(path: path)).run()
    }

    #if PostgreSQL
    @Test func postgres() throws {
        let cluster = try ThrowawayCluster.shared()
        let (store, address, env) = try cluster.openNewDatabase("contract")
        defer { cluster.dropDatabase(address.database) }
        let other = try PostgresBackend.open(address, environment: env, readOnly: false)
        let viewer = try PostgresBackend.open(address, environment: env, readOnly: true)
        defer { store.close(); other.close(); viewer.close() }
        try Contract(store: store, other: other).run()

        // A viewer's session is read-only even inside a write transaction.
        #expect(throws: PostgresStoreError.readOnly(address: "\(address)")) {
            try viewer.write(.other, waiting: {}) { try $0.execute("DELETE FROM ledger") }
        }
        #expect(try viewer.read { try $0.fetchValue("SELECT count(*) FROM ledger") } == .integer(5_003))

        // Two imports at once: the second says it waits, then runs after the first commits.
        let waited = DispatchSemaphore(value: 0), secondDone = DispatchSemaphore(value: 0)
        let secondError = Locked<(any Error)?>(nil)
        try store.write(.importFiles, waiting: { Issue.record("the first import waited") }) { session in
            try session.execute("INSERT INTO ledger(id, name, fen) VALUES (?1, ?2, ?3)", [.integer(10), .text("first"), .integer(1)])
            Thread.detachNewThread {
                do {
                    try other.write(.importFiles, waiting: { waited.signal() }) { session in
                        try session.execute("INSERT INTO ledger(id, name, fen) VALUES (?1, ?2, ?3)", [.integer(11), .text("second"), .integer(2)])
                    }
                } catch { secondError.value = error }
                secondDone.signal()
            }
            #expect(waited.wait(timeout: .now() + 10) == .success, "the second import did not say it waits")
        }
        #expect(secondDone.wait(timeout: .now() + 10) == .success)
        #expect(secondError.value == nil)
        #expect(try store.read { try $0.fetch("SELECT name FROM ledger WHERE id IN (10, 11) ORDER BY id").map { $0[0] } }
                == [.text("first"), .text("second")])
    }
    #endif
}

final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

/// The checks, on one store reached through two backends (two connections).
struct Contract {
    let store: any StoreBackend
    let other: any StoreBackend

    /// Beyond 2^53: a Double would round it.
    static let bigFen: Int64 = 9_007_199_254_740_993
    static let awkward = "安康 tab\there, line\nbreak, back\\slash, 'quote' \"double\" \\N"

    func run() throws {
        try store.write(.other, waiting: {}) { s in
            try s.execute(StoreGeneration.createTable)
            try s.execute(StoreGeneration.seed)
        }
        try store.write(.other, waiting: {}) { s in
            try s.execute("CREATE TABLE ledger(id bigint PRIMARY KEY, name text NOT NULL, note text, fen bigint NOT NULL, raw bytea)")
            let insert = "INSERT INTO ledger(id, name, note, fen, raw) VALUES (?1, ?2, ?3, ?4, ?5)"
            try s.execute(insert, [.integer(1), .text(Self.awkward), .null, .integer(Self.bigFen), .blob([0, 255, 10, 92])])
            try s.execute(insert, [.integer(2), .text("plain"), .text("?1 is text here"), .integer(7), .null])
        }
        try valuesRoundTripExactly()
        try writesAreAllOrNothingAndCountTheGeneration()
        try bulkLoadAndCursor()
        try readsAreReadOnlySnapshots()
        try upsertsTellTheKeysTheyWrite()
        try prefetchedReadsAnswerAsPlainReads()
        try asideReadsSeeTheStoreAsCommitted()
    }

    /// `readAside`: a read on a connection of its own, started inside a write, sees the store as
    /// last committed — not the write's own rows — and a second wait gives the same answer.
    func asideReadsSeeTheStoreAsCommitted() throws {
        let committed = try store.read { try $0.fetchValue("SELECT count(*) FROM ledger") }
        struct Abort: Error {}
        var seen: (inside: SQLValue?, aside: SQLValue??, again: SQLValue??)
        #expect(throws: Abort.self) {
            try store.write(.importFiles, waiting: {}) { s in
                try s.execute("INSERT INTO ledger(id, name, fen) VALUES (9, 'aside', 1)")
                let aside = try #require(try s.readAside { try $0.fetchValue("SELECT count(*) FROM ledger") }, "no second connection")
                seen = (try s.fetchValue("SELECT count(*) FROM ledger"), aside.wait(), aside.wait())
                throw Abort()
            }
        }
        #expect(committed?.integer != nil && seen.inside?.integer == committed?.integer.map { $0 + 1 })
        #expect(seen.aside == .some(committed) && seen.again == .some(committed), "\(String(describing: seen))")
    }

    /// `prefetch`: reads sent ahead answer as the same reads run plainly (fetch, cursor, one
    /// value), each taken once; one never taken leaves the next transaction alone. The store
    /// version moves with another connection's write, and `updateStatistics` of a temp table
    /// runs on every engine.
    func prefetchedReadsAnswerAsPlainReads() throws {
        let names = Prefetch("SELECT id, name, fen FROM ledger WHERE id <= ?1 ORDER BY id", [.integer(2)])
        let count = Prefetch("SELECT count(*) FROM ledger")
        let plain = try store.read { s -> [[[SQLValue]]] in
            [try s.fetch(names.sql, names.arguments).map(\.values), [[try s.fetchValue(count.sql) ?? .null]]]
        }
        let prefetched = try store.read { s -> [[[SQLValue]]] in
            try s.prefetch([names, count, Prefetch("SELECT max(fen) FROM ledger")])
            var rows: [[SQLValue]] = []
            try s.cursor(names.sql, names.arguments) { rows.append($0.values); return true }
            let again = try s.fetch(names.sql, names.arguments).map(\.values)  // taken once: asked again, read again
            #expect(again == rows)
            return [rows, [[try s.fetchValue(count.sql) ?? .null]]]
        }
        #expect(prefetched == plain && plain[0].count == 2)
        #expect(try store.read { try $0.fetchValue("SELECT name FROM ledger WHERE id = 2") } == .text("plain"))
        // (SQLite's version is per connection, and this pool reads on several: the store's own
        // tests check it on one, VersionedReads and ReportingCache.)
        if !(store is SQLiteBackend) {
            let before = try store.read { s -> StoreVersion in
                let first = try s.storeVersion()
                try other.write(.other, waiting: {}) { try $0.execute("UPDATE ledger SET note = 'seen' WHERE id = 2") }
                #expect(try s.storeVersion() == first, "a read's snapshot keeps its version")
                return first
            }
            #expect(try store.read { try $0.storeVersion() } != before, "another connection's write moves the store version")
        }
        try store.write(.other, waiting: {}) { s in
            try s.execute("CREATE TEMP TABLE contract_ids(id bigint PRIMARY KEY)")
            try s.load(into: "contract_ids", columns: ["id"]) { append in for id in [1, 2] as [Int64] { try append([.integer(id)]) } }
            try s.updateStatistics(of: "contract_ids")
            #expect(try s.fetchValue("SELECT count(*) FROM contract_ids c JOIN ledger l ON l.id = c.id") == .integer(2))
            try s.execute("DROP TABLE contract_ids")
        }
    }

    /// `prepareUpsert`: an insert tells its new key, an equal row `.unchanged`, a changed row its
    /// key or nil (SQLite: its last-insert rowid, which an earlier insert must not leak into).
    func upsertsTellTheKeysTheyWrite() throws {
        let key = store is SQLiteBackend ? "INTEGER PRIMARY KEY" : "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        try store.write(.other, waiting: {}) { s in
            try s.execute("CREATE TABLE keyed(id \(key), code text NOT NULL UNIQUE, fen bigint NOT NULL)")
            let upsert = try s.prepareUpsert("""
                INSERT INTO keyed(code, fen) VALUES (?1, ?2)
                ON CONFLICT(code) DO UPDATE SET fen = excluded.fen WHERE keyed.fen IS DISTINCT FROM excluded.fen
                """, rowID: "id")
            func run(_ code: String, _ fen: Int64) throws -> UpsertResult {
                upsert.bind(1, .text(code)); upsert.bind(2, .integer(fen))
                return try upsert.run()
            }
            func id(_ code: String) throws -> Int64? { try s.fetchValue("SELECT id FROM keyed WHERE code = ?1", [.text(code)])?.integer }
            let a = try run("a", 1), b = try run("b", 2)
            let idA = try id("a"), idB = try id("b")
            #expect(a == .written(rowID: idA) && idA != nil)
            #expect(b == .written(rowID: idB) && b != a)
            #expect(try run("a", 1) == .unchanged)
            _ = try run("c", 3)  // the last insert, before a change
            let changed = try run("a", 10)
            #expect(changed == .written(rowID: nil) || changed == .written(rowID: idA), "\(changed)")
            #expect(try s.fetchValue("SELECT fen FROM keyed WHERE code = 'a'") == .integer(10))
        }
    }

    func valuesRoundTripExactly() throws {
        let rows = try store.read { try $0.fetch("SELECT id, name, note, fen, raw FROM ledger ORDER BY id") }
        #expect(rows.map(\.values) == [
            [.integer(1), .text(Self.awkward), .null, .integer(Self.bigFen), .blob([0, 255, 10, 92])],
            [.integer(2), .text("plain"), .text("?1 is text here"), .integer(7), .null],
        ])
        // A sum of bigint is exact (PostgreSQL: numeric), a comparison is 0 or 1 (PostgreSQL: boolean).
        let sum = try store.read { try $0.fetch("SELECT sum(fen), count(*) FROM ledger").first?.values }
        #expect(sum == [.integer(Self.bigFen + 7), .integer(2)])
        let flags = try store.read { try $0.fetch("SELECT fen > 10 FROM ledger ORDER BY id").map { $0[0] } }
        #expect(flags == [.integer(1), .integer(0)])
        // A placeholder inside a literal is text, not an argument.
        #expect(try store.read { try $0.fetchValue("SELECT note FROM ledger WHERE note = '?1 is text here' AND id = ?1", [.integer(2)]) }
                == .text("?1 is text here"))
    }

    func writesAreAllOrNothingAndCountTheGeneration() throws {
        let before = try store.generation()
        let changed = try store.write(.other, waiting: {}) { try $0.execute("UPDATE ledger SET note = ?1", [.text("seen")]) }
        #expect(changed == 2)
        #expect(try store.generation() == before + 1)
        #expect(try other.generation() == before + 1, "another connection sees the generation move")
        _ = try store.read { try $0.fetch("SELECT count(*) FROM ledger") }
        #expect(try store.generation() == before + 1, "a read does not move it")

        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.write(.other, waiting: {}) { s in
                try s.execute("INSERT INTO ledger(id, name, fen) VALUES (3, 'gone', 1)")
                throw Abort()
            }
        }
        #expect(try store.read { try $0.fetchValue("SELECT count(*) FROM ledger") } == .integer(2))
        #expect(try store.generation() == before + 1, "a rolled-back write does not move it")
    }

    func bulkLoadAndCursor() throws {
        let ids = Array(Int64(1_000)..<6_000)
        func row(_ id: Int64) -> [SQLValue] {
            [.integer(id), .text(id == 4_321 ? Self.awkward : "企业 \(id)"), id % 2 == 0 ? .null : .text("n\(id)"),
             .integer(id * 1_000_003), id == 4_321 ? .blob(Array(0...255)) : .null]
        }
        let columns = ["id", "name", "note", "fen", "raw"]
        try store.write(.other, waiting: {}) { s in
            try s.load(into: "ledger", columns: columns) { append in for id in ids { try append(row(id)) } }
        }
        #expect(try store.read { try $0.fetchValue("SELECT sum(fen) FROM ledger WHERE id >= 1000") }
                == .integer(ids.reduce(0) { $0 + $1 * 1_000_003 }))
        let special = try store.read { try $0.fetch("SELECT id, name, note, fen, raw FROM ledger WHERE id = ?1", [.integer(4_321)]) }
        #expect(special.first?.values == row(4_321))

        // A duplicate key fails the whole load: nothing of it stays.
        #expect(throws: (any Error).self) {
            try store.write(.other, waiting: {}) { s in
                try s.load(into: "ledger", columns: columns) { append in
                    try append(row(9_000))
                    try append(row(1_000))
                }
            }
        }
        #expect(try store.read { try $0.fetchValue("SELECT count(*) FROM ledger") } == .integer(5_002))

        // A cursor streams in order, and one stopped early leaves the session usable.
        var seen: [Int64] = []
        try store.read { s in
            try s.cursor("SELECT id FROM ledger WHERE id >= ?1 ORDER BY id", [.integer(1_000)]) { seen.append($0[0].integer!); return true }
        }
        #expect(seen == ids)
        let firstThree = try store.read { s -> (ids: [Int64], after: SQLValue?) in
            var ids: [Int64] = []
            try s.cursor("SELECT id FROM ledger ORDER BY id", []) { ids.append($0[0].integer!); return ids.count < 3 }
            return (ids, try s.fetchValue("SELECT count(*) FROM ledger"))
        }
        #expect(firstThree.ids == [1, 2, 1_000] && firstThree.after == .integer(5_002))

        // A prepared statement's rows (PostgreSQL: streamed in batches of 1,000, not collected
        // whole): every row in order, one stopped early leaves the session usable, and a
        // statement failing after some rows throws, having handed over none past the failure.
        let prepared = try store.read { s -> (all: [Int64], first: [Int64], after: SQLValue?) in
            var all: [Int64] = [], first: [Int64] = []
            let statement = try s.prepare("SELECT id FROM ledger WHERE id >= ?1 ORDER BY id")
            statement.bind(1, .integer(1_000))
            try statement.cursor { all.append($0[0].integer!); return true }
            try s.prepare("SELECT id FROM ledger ORDER BY id").cursor { first.append($0[0].integer!); return first.count < 2_500 }
            return (all, first, try s.fetchValue("SELECT count(*) FROM ledger"))
        }
        #expect(prepared.all == ids)
        #expect(prepared.first == Array(([1, 2] + ids).prefix(2_500)) && prepared.after == .integer(5_002))
        var beforeFailure = 0
        #expect(throws: (any Error).self) {
            try store.read { s in
                // Past bigint at the 2,500th row (on both engines; not foldable by the planner).
                try s.prepare("""
                    SELECT CASE WHEN g = 2500 THEN abs(-9223372036854775807 - 1 + g - g) ELSE g END
                    FROM (SELECT row_number() OVER (ORDER BY id) AS g FROM ledger) AS n
                    """).cursor { _ in
                    beforeFailure += 1
                    return true
                }
            }
        }
        #expect(beforeFailure < 2_500)
        #expect(try store.read { try $0.fetchValue("SELECT count(*) FROM ledger") } == .integer(5_002))
    }

    func readsAreReadOnlySnapshots() throws {
        #expect(throws: (any Error).self) { try store.read { try $0.execute("DELETE FROM ledger") } }
        #expect(try store.read { try $0.fetchValue("SELECT count(*) FROM ledger") } == .integer(5_002))
        let counts = try store.read { s -> [SQLValue?] in
            let before = try s.fetchValue("SELECT count(*) FROM ledger")
            try other.write(.other, waiting: {}) { try $0.execute("INSERT INTO ledger(id, name, fen) VALUES (7, 'late', 1)") }
            return [before, try s.fetchValue("SELECT count(*) FROM ledger")]
        }
        #expect(counts == [.integer(5_002), .integer(5_002)], "a read sees one snapshot")
        #expect(try store.read { try $0.fetchValue("SELECT count(*) FROM ledger") } == .integer(5_003))
    }
}
