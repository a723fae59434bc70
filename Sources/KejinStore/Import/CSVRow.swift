import KejinCore

/// A column of a file, its place in the header resolved once per file (`CSVRow.column`), so
/// a million-row import does not look column names up per field. A string literal is a
/// column looked up by name on each use (the small files).
struct CSVColumn: ExpressibleByStringLiteral {
    let name: String
    /// Resolved: the field index, nil when the (optional) column is absent.
    fileprivate let slot: Int?
    fileprivate let resolved: Bool

    init(stringLiteral name: String) { self.name = name; slot = nil; resolved = false }
    init(_ name: String) { self.init(stringLiteral: name) }
    fileprivate init(name: String, slot: Int?) { self.name = name; self.slot = slot; resolved = true }
}

/// One data row of a CSV file with strict field parsers. Every failure is an `ImportError`
/// naming file, row, column and value.
struct CSVRow {
    let file: String
    /// Spreadsheet row number (header = 1).
    var number: Int
    var fields: [String]
    /// Column name → field index, from the header.
    let index: [String: Int]

    /// The column resolved against this file's header (once, before the rows).
    func column(_ name: String) -> CSVColumn { CSVColumn(name: name, slot: index[name]) }

    /// The field as written; "" when the (optional) column is absent.
    func raw(_ column: CSVColumn) -> String {
        guard let i = column.resolved ? column.slot : index[column.name], i < fields.count else { return "" }
        return fields[i]
    }

    func fail(_ column: CSVColumn, _ reason: String) -> ImportError {
        ImportError(file: file, row: number, column: column.name, value: raw(column), reason: reason)
    }

    /// Required, non-empty text.
    func text(_ column: CSVColumn) throws -> String {
        let v = raw(column)
        guard !v.isEmpty else { throw fail(column, "is empty; a value is required") }
        return v
    }

    /// Optional free text ("" allowed).
    func optionalText(_ column: CSVColumn) -> String { raw(column) }

    /// A code: non-empty, no surrounding spaces.
    func code(_ column: CSVColumn) throws -> String {
        let v = try text(column)
        // Fast path: printable ASCII at both ends cannot be whitespace (5 codes per loan row).
        let utf8 = v.utf8
        if let a = utf8.first, let b = utf8.last, (33...126).contains(a), (33...126).contains(b) { return v }
        guard v.first?.isWhitespace != true, v.last?.isWhitespace != true else {
            throw fail(column, "has leading or trailing spaces; codes must not")
        }
        return v
    }

    func optionalCode(_ column: CSVColumn) throws -> String? {
        raw(column).isEmpty ? nil : try code(column)
    }

    /// Yuan with at most two decimals, ≥ 0, as fen.
    func money(_ column: CSVColumn) throws -> Int64 {
        let v = raw(column)
        guard !v.isEmpty else { throw fail(column, "is empty; an amount in yuan is required") }
        if let fen = CSVRow.plainHundredths(v) { return fen }
        guard let m = Money(yuanText: v) else { throw fail(column, "is not an amount in yuan (at most two decimals)") }
        // "-0" too: the grammar has no sign.
        guard m.fen >= 0, !v.contains("-") else { throw fail(column, "is negative; amounts must be zero or more") }
        return m.fen
    }

    func optionalMoney(_ column: CSVColumn) throws -> Int64? {
        raw(column).isEmpty ? nil : try money(column)
    }

    /// Percent with at most two decimals, ≥ 0, as basis points.
    func percent(_ column: CSVColumn) throws -> Int64 {
        let v = raw(column)
        if let bp = CSVRow.plainHundredths(v) { return bp }
        guard let bp = BasisPoints(percentText: v) else {
            throw fail(column, "is not a percentage (at most two decimals, e.g. 1.75)")
        }
        guard bp.value >= 0, !v.contains("-") else { throw fail(column, "is negative; rates and shares must be zero or more") }
        return bp.value
    }

    /// `YYYY-MM-DD`, a real calendar date.
    func date(_ column: CSVColumn) throws -> String {
        let v = raw(column)
        guard CSVRow.isDate(v) else { throw fail(column, "is not a date (YYYY-MM-DD)") }
        return v
    }

    func optionalDate(_ column: CSVColumn) throws -> String? {
        raw(column).isEmpty ? nil : try date(column)
    }

    func period(_ column: CSVColumn) throws -> String {
        let v = raw(column)
        guard let p = Period(v), p.key == v else { throw fail(column, "is not a period (YYYY-MM)") }
        return v
    }

    /// `0` or `1`.
    func flag(_ column: CSVColumn) throws -> Bool {
        switch raw(column) {
        case "0": return false
        case "1": return true
        default: throw fail(column, "is not a flag (0 or 1)")
        }
    }

    /// A whole number: optional `-`, digits.
    func integer(_ column: CSVColumn) throws -> Int64 {
        let v = raw(column)
        let digits = v.hasPrefix("-") ? v.dropFirst() : Substring(v)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int64(v) else {
            throw fail(column, "is not a whole number")
        }
        return n
    }

    func optionalInteger(_ column: CSVColumn) throws -> Int64? {
        raw(column).isEmpty ? nil : try integer(column)
    }

    /// An optional whole number within `range`.
    func optionalInteger(_ column: CSVColumn, within range: ClosedRange<Int64>) throws -> Int64? {
        guard let n = try optionalInteger(column) else { return nil }
        guard range.contains(n) else { throw fail(column, "is not between \(range.lowerBound) and \(range.upperBound)") }
        return n
    }

    /// One of a fixed list of words.
    func oneOf(_ column: CSVColumn, _ allowed: [String]) throws -> String {
        let v = raw(column)
        guard allowed.contains(v) else { throw fail(column, "is not one of: " + allowed.joined(separator: ", ")) }
        return v
    }

    /// Checks `later` is after `earlier` (or equal when `orEqual`); both already validated dates.
    func requireOrder(_ earlierColumn: CSVColumn, _ laterColumn: CSVColumn, orEqual: Bool) throws {
        let a = raw(earlierColumn), b = raw(laterColumn)
        guard orEqual ? b >= a : b > a else {
            throw fail(laterColumn, "is \(orEqual ? "before" : "not after") \(earlierColumn.name) (\(a))")
        }
    }

    /// Fast path for the common spelling `123`, `123.4`, `123.45` (what Money(yuanText:) would
    /// read the same way), in hundredths; nil for anything else, which then takes the full parser.
    /// Money parsing was ~10% of import time.
    static func plainHundredths(_ s: String) -> Int64? {
        var whole: Int64 = 0, fraction: Int64 = 0
        var wholeDigits = 0, fractionDigits = 0, seenDot = false
        for b in s.utf8 {
            if b == 46 {  // "."
                if seenDot { return nil }
                seenDot = true
            } else if b >= 48 && b <= 57 {
                // Give up past the limits before the digit is added: twenty 9s overflow Int64.
                if seenDot {
                    fractionDigits += 1
                    if fractionDigits > 2 { return nil }
                    fraction = fraction * 10 + Int64(b - 48)
                } else {
                    wholeDigits += 1
                    if wholeDigits > 15 { return nil }
                    whole = whole * 10 + Int64(b - 48)
                }
            } else {
                return nil
            }
        }
        guard (1...15).contains(wholeDigits), seenDot ? (1...2).contains(fractionDigits) : fractionDigits == 0 else {
            return nil
        }
        return whole * 100 + (fractionDigits == 1 ? fraction * 10 : fraction)
    }

    static func isDate(_ s: String) -> Bool {
        // Byte checks and arithmetic only: two dates per loan row, so no arrays or strings here.
        var u = s.utf8.makeIterator()
        var y = 0, m = 0, d = 0, count = 0
        while let b = u.next() {
            count += 1
            switch count {
            case 5, 8: guard b == 45 else { return false }
            case 1...10:
                guard b >= 48 && b <= 57 else { return false }
                let v = Int(b - 48)
                if count <= 4 { y = y * 10 + v } else if count <= 7 { m = m * 10 + v } else { d = d * 10 + v }
            default: return false
            }
        }
        guard count == 10, y >= 1900, (1...12).contains(m), d >= 1 else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let last = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31
        return d <= last
    }
}
