import Foundation
import GRDB
import PropertyBased
import Testing
@testable import KejinStore
import KejinCore

/// No input crashes the importer: arbitrary bytes, numbers, dates, quoting, encodings and huge
/// fields end in a correct import or in an `ImportError` naming the file and row (and the
/// column, for a field), and a failed import leaves the store byte for byte as it was.
/// Each property shares one store holding the crafted fixture; a few hundred cases in all,
/// so the suite takes a few seconds.
@Suite struct ImportPropertyTests {
    /// A store with the crafted fixture, and a folder for each case's file.
    final class Bed {
        let fixture: Fixture
        let store: Store
        init() throws {
            fixture = try Fixture()
            store = try fixture.store()
            _ = try store.importFiles(try fixture.writeAll())
        }

        func url(_ name: String, _ bytes: [UInt8]) throws -> URL {
            let dir = fixture.dir.appendingPathComponent("case")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let url = dir.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url
        }

        /// Imports one file; on failure checks the error names the file and a row and that
        /// nothing changed. Returns the summary, or nil after a clean failure.
        func attempt(_ name: String, _ bytes: [UInt8], options: ImportOptions = ImportOptions(),
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> (ImportSummary?, ImportError?) {
            let before = try StoreDump(store)
            do {
                return (try store.importFiles([try url(name, bytes)], options: options), nil)
            } catch let error as ImportError {
                #expect(error.file == name, sourceLocation: sourceLocation)
                #expect(error.row != nil, "\(error)", sourceLocation: sourceLocation)
                #expect(try StoreDump(store) == before, "a failed import changed the store: \(error)",
                        sourceLocation: sourceLocation)
                return (nil, error)
            }
        }
    }

    /// `KEJIN_PROPERTY_SCALE=50 swift test --filter ImportPropertyTests` runs 50 times the cases
    /// (a soak before a release); CI runs the default few hundred.
    static let scale = Int(ProcessInfo.processInfo.environment["KEJIN_PROPERTY_SCALE"] ?? "") ?? 1

    static let headers: [Entity: String] = Dictionary(uniqueKeysWithValues: Entity.allCases.map {
        ($0, ($0.required + $0.optional).joined(separator: ","))
    })

    // MARK: arbitrary bytes

    @Test func arbitraryBytesEndInAnImportOrAClearError() async throws {
        let bed = try Bed()
        let bytes = Gen<UInt8>.value(in: 0...255).array(of: 0...400)
        await propertyCheck(count: 120 * Self.scale, input: Gen.element(of: Entity.allCases).map { $0! }, Gen.bool(), bytes) { entity, withHeader, body in
            // Half the cases get a valid header, so the bytes reach the field parsers.
            let head = withHeader ? Array((Self.headers[entity]! + "\n").utf8) : []
            _ = try bed.attempt("\(entity.rawValue).csv", head + body)
        }
    }

    /// Rows of random field counts and values (codes, numbers, dates, quotes, CJK) under a
    /// loans header, in UTF-8 or GB18030.
    @Test func randomRowsUnderARealHeader() async throws {
        let bed = try Bed()
        let atoms = ["L1", "B1", "E1", "GU1", "D1", "general", "2025-01-01", "2026-02-29", "0", "1", "-1", "3.5",
                     "99999999999999999999", "1e5", "\"", "\"\"", ",", "\n", "\r\n", " ", "中", "\u{FEFF}", "\u{FFFD}", ""]
        let field = Gen.element(of: atoms).map { $0! }.array(of: 0...4).map { $0.joined() }
        await propertyCheck(count: 80 * Self.scale, input: field.array(of: 0...20).array(of: 1...4), Gen.bool()) { rows, gb in
            let header = Self.headers[.loans]!
            let text = ([header] + rows.map { Self.csvLine($0, quoteAll: false) }).joined(separator: "\n") + "\n"
            let bytes = gb ? try Self.gb18030(text) : Array(text.utf8)
            _ = try bed.attempt("loans.csv", bytes)
        }
    }

    // MARK: numbers

    /// Amounts from digits, dots, commas, signs, spaces and exponents, some far beyond Int64:
    /// either stored as exactly the fen the text says, or refused naming row 2, the column and value.
    @Test func amountsAreExactOrRefused() async throws {
        let bed = try Bed()
        let loose = Gen.element(of: Array("0123456789.,- e+")).map { $0! }.string(of: 0...28)
        // Near the limits: 1 to 20 whole digits, 0 to 3 decimals, sometimes negative.
        let shaped = zip(Gen.bool(0.2), Gen.number.string(of: 1...20), Gen.number.string(of: 0...3)).map { minus, whole, decimals in
            (minus ? "-" : "") + whole + (decimals.isEmpty ? "" : "." + decimals)
        }
        let text = Gen<String>.frequency((1, loose), (1, shaped))
        await propertyCheck(count: 120 * Self.scale, input: text, Gen.bool()) { amount, asPercent in
            let (name, body, column) = asPercent
                ? ("relending_rates.csv", "tool,effective_from,rate_pct\nTI,2030-01-01,\"\(amount)\"\n", "rate_pct")
                : ("loan_balances.csv", "loan,period,balance_yuan\nL2,2030-01,\"\(amount)\"\n", "balance_yuan")
            let (summary, error) = try bed.attempt(name, Array(body.utf8))
            let expected = Self.hundredths(amount)
            if let summary {
                #expect(summary.rows == 1)
                let stored = try bed.store.dbQueue.read { db in
                    asPercent ? try Int64.fetchOne(db, sql: "SELECT rate FROM relending_rates WHERE effective_from = '2030-01-01'")
                        : try Int64.fetchOne(db, sql: "SELECT balance FROM loan_balances WHERE period = '2030-01'")
                }
                #expect(stored == expected, "\(amount) stored as \(String(describing: stored))")
            } else if let error {
                #expect(expected == nil, "\(amount) refused: \(error)")
                #expect(error.row == 2 && error.column == column && error.value == amount, "\(error)")
            }
        }
    }

    /// The grammar of CSVFormat.md, independently: commas and spaces dropped, then
    /// `digits{1,15}(.digits{1,2})?`, not negative; nil when refused.
    static func hundredths(_ text: String) -> Int64? {
        let s = text.filter { $0 != "," && $0 != " " }
        guard s.range(of: #"^[0-9]{1,15}(\.[0-9]{1,2})?$"#, options: .regularExpression) != nil else { return nil }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count == 2 ? String(parts[1]).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        return Int64(parts[0])! * 100 + Int64(fraction)!
    }

    /// Alert-rule thresholds and hysteresis of any size: refused beyond ±10^15, and a stored
    /// rule evaluates any figure, with any previous alert, without overflowing.
    @Test func ruleNumbersNeverOverflowTheAlertEngine() async throws {
        let bed = try Bed()
        let number = Gen<Int64>.frequency(
            (1, Gen.int64()), (1, Gen.int64(in: -2_000_000_000_000_000...2_000_000_000_000_000)), (1, Gen.int64(in: -100...100))
        ).map { String($0) }
        await propertyCheck(count: 100 * Self.scale, input: number.array(of: 5)) { n in
            let body = "id,measure,warn_below,critical_below,warn_above,critical_above,enabled,hysteresis\n"
                + "99,relending_usage,\(n[0]),\(n[1]),\(n[2]),\(n[3]),1,\(n[4])\n"
            let (summary, error) = try bed.attempt("alert_rules.csv", Array(body.utf8))
            let limit = RowWriters.ruleLimit
            let inRange = n.prefix(4).allSatisfy { abs(Int64($0)!) <= limit } && (0...limit).contains(Int64(n[4])!)
            #expect((summary != nil) == inRange, "\(n): \(String(describing: error))")
            guard summary != nil, let rule = try bed.store.alertRule(id: 99) else { return }
            for below in [true, false] {
                let previous = Alert(ruleID: 99, measure: .relendingUsage, severity: .critical, entityCode: "X",
                                     entity: Names(zh: "X", en: "X"), value: 0, threshold: 0, below: below)
                for value in [Int64.min, -limit, 0, limit, Int64.max] {
                    _ = rule.severity(of: value, previous: previous)
                }
            }
        }
    }

    // MARK: dates

    @Test func datesAreRealCalendarDatesOrRefused() async throws {
        let bed = try Bed()
        let shaped = zip(Gen.int(in: 0...10_000), Gen.int(in: 0...13), Gen.int(in: 0...32)).map { y, m, d in
            String(format: "%04d-%02d-%02d", y, m, d)
        }
        let loose = Gen.element(of: Array("0123456789- /")).map { $0! }.string(of: 0...12)
        await propertyCheck(count: 120 * Self.scale, input: shaped, loose, Gen.bool()) { shapedDate, looseDate, useLoose in
            let date = useLoose ? looseDate : shapedDate
            let (summary, error) = try bed.attempt("relending_quotas.csv",
                                                   Array("tool,effective_from,quota_yuan\nAG,\(date),5\n".utf8))
            let valid = Self.isCalendarDate(date)
            if summary != nil {
                #expect(valid, "\(date) accepted")
                let stored = try bed.store.dbQueue.read { db in
                    try String.fetchOne(db, sql: "SELECT effective_from FROM relending_quotas WHERE tool = 'AG' AND effective_from = ?",
                                        arguments: [date])
                }
                #expect(stored == date)
            } else if let error {
                #expect(!valid, "\(date) refused: \(error)")
                #expect(error.row == 2 && error.column == "effective_from" && error.value == date, "\(error)")
            }
        }
    }

    /// `YYYY-MM-DD` from 1900 on, checked with Foundation's Gregorian calendar.
    static func isCalendarDate(_ s: String) -> Bool {
        guard s.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil else { return false }
        let n = s.split(separator: "-").map { Int($0)! }
        guard n[0] >= 1900 else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = DateComponents(calendar: calendar, year: n[0], month: n[1], day: n[2])
        return c.isValidDate
    }

    // MARK: text, quoting, encodings, huge fields

    /// Names of any characters (quotes, commas, line breaks, CJK, emoji, BOMs, sometimes 100k
    /// long), quoted as RFC 4180 says, with LF or CRLF, written in UTF-8, UTF-8 with BOM or
    /// GB18030: the import succeeds and reads back exactly the same names.
    @Test func namesSurviveQuotingEncodingsAndSize() async throws {
        let bed = try Bed()
        let tricky = Gen.element(of: Array("\",\n\r 中国工商银行安康\u{FEFF}\u{FFFD}é😀\t;'")).map { $0! }
        // Any scalar but the surrogates (which are not scalars), NUL included.
        let anyScalar = Gen<UInt32>.value(in: 0...0x10FFFF).map { Character(UnicodeScalar($0) ?? "\u{FFFD}") }
        let char = Gen<Character>.frequency((3, tricky), (1, anyScalar))
        let name = Gen<[Character]>.frequency(
            (20, char.array(of: 1...40)),
            (1, char.array(of: 1...8).map { Array(repeating: $0, count: 12_500).flatMap { $0 } })
        ).map { String($0) }
        await propertyCheck(count: 100 * Self.scale, input: name, Gen.int(in: 0...2), Gen.bool(), Gen.bool()) { zh, encoding, crlf, force in
            let en = String(zh.reversed())
            let end = crlf ? "\r\n" : "\n"
            let text = "code,kind,name_zh,name_en" + end + Self.csvLine(["PX", "bank", zh, en], quoteAll: false) + end
            var bytes: [UInt8]
            switch encoding {
            case 0: bytes = Array(text.utf8)
            case 1: bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            default:
                // glibc's iconv has no GB18030 form for a few private-use scalars (U+E78D…E796,
                // U+E816… — the ones GB18030-2005 remapped): no GB18030 file holds such a name.
                guard let converted = TextDecoding.convert(Array(text.utf8), from: "UTF-8", to: "GB18030"), !converted.invalid else { return }
                bytes = converted.bytes
            }
            let options = ImportOptions(encoding: force ? (encoding == 2 ? .gb18030 : .utf8) : nil)
            let (summary, error) = try bed.attempt("institutions.csv", bytes, options: options)
            // A NUL is refused (SQLite would cut the text there), naming the first column holding one.
            if zh.contains("\0") {
                #expect(error?.row == 2 && error?.column == "name_zh", "\(String(describing: error))")
                return
            }
            #expect(error == nil, "\(String(describing: error))")
            guard let summary else { return }
            // GB18030 bytes that happen to be valid UTF-8 are read as UTF-8 unless forced.
            let ambiguous = encoding == 2 && !force && String(validating: bytes, as: UTF8.self) != nil
            #expect(summary.files.first?.encoding == (ambiguous ? "UTF-8" : ["UTF-8", "UTF-8 with BOM", "GB18030"][encoding]))
            if ambiguous { return }
            let stored = try bed.store.dbQueue.read { db in
                try Row.fetchOne(db, sql: "SELECT name_zh, name_en FROM institutions WHERE code = 'PX'")
            }
            #expect(stored?[0] as String? == zh)
            #expect(stored?[1] as String? == en)
        }
    }

    // MARK: helpers

    /// One CSV line: fields quoted when they hold a quote, comma or line break (or always).
    /// Quotes are doubled scalar by scalar: a quote followed by a combining mark is one
    /// Character, which a Character-wise replacement would leave single.
    static func csvLine(_ fields: [String], quoteAll: Bool) -> String {
        fields.map { f in
            guard quoteAll || f.unicodeScalars.contains(where: { "\",\r\n".unicodeScalars.contains($0) }) else { return f }
            var quoted = String.UnicodeScalarView()
            for scalar in f.unicodeScalars {
                if scalar == "\"" { quoted.append(scalar) }
                quoted.append(scalar)
            }
            return "\"" + String(quoted) + "\""
        }.joined(separator: ",")
    }

    /// The text in GB18030, by the system's iconv (text of scalars it can write).
    static func gb18030(_ text: String) throws -> [UInt8] {
        let converted = try #require(TextDecoding.convert(Array(text.utf8), from: "UTF-8", to: "GB18030"))
        try #require(!converted.invalid)
        return converted.bytes
    }
}
