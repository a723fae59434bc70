import Synchronization

/// PostgreSQL's `COPY … FROM STDIN` text format, and `?N` placeholders as `$N`: the two
/// spellings the PostgreSQL backend needs, kept free of NIO so every build tests them.
enum PostgresSpelling {
    /// One row of COPY text: tab-separated, `\N` for NULL, backslash escapes for tab, newline,
    /// carriage return and backslash; a blob as bytea hex (`\\x…`, its backslash escaped).
    static func appendCopyRow(_ values: [SQLValue], to out: inout [UInt8]) {
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(0x09) }
            switch value {
            case .null:
                out.append(contentsOf: [0x5C, 0x4E])  // \N
            case .integer(let v):
                out.append(contentsOf: String(v).utf8)
            case .text(let s):
                for byte in s.utf8 {
                    switch byte {
                    case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                    case 0x09: out.append(contentsOf: [0x5C, 0x74])
                    case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                    case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                    default: out.append(byte)
                    }
                }
            case .blob(let bytes):
                out.append(contentsOf: [0x5C, 0x5C, 0x78])  // \\x
                let hex = Array("0123456789abcdef".utf8)
                for b in bytes { out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0x0F)]) }
            }
        }
        out.append(0x0A)
    }

    /// `sql` as PostgreSQL reads it, rewritten outside string literals, quoted names and
    /// comments: `?N` as `$N` (a bare `?` is refused: arguments are numbered on every engine,
    /// so one SQL text serves both), and `CROSS JOIN` as `JOIN`. The store writes `CROSS JOIN
    /// t ON …` where SQLite must keep the join order it names (SQLite's own hint); PostgreSQL
    /// takes no `ON` after `CROSS JOIN` and plans the order itself.
    static func postgresQuery(_ sql: String) throws -> String {
        if let known = translations.withLock({ $0[sql] }) { return known }
        let translated = try translate(sql)
        translations.withLock {
            if $0.count >= 2_000 { $0.removeAll() }  // a bound, not expected to be reached
            $0[sql] = translated
        }
        return translated
    }

    /// The translations made so far: the store runs a few hundred SQL texts over and over (a
    /// prepared upsert once per row), and each translation walks the text.
    private static let translations = Mutex<[String: String]>([:])

    private static func translate(_ sql: String) throws -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count)
        var chars = Array(sql.unicodeScalars)[...]
        while let c = chars.popFirst() {
            switch c {
            case "'", "\"":
                out.unicodeScalars.append(c)
                while let d = chars.popFirst() {  // a doubled quote is an escaped one: reopens at once
                    out.unicodeScalars.append(d)
                    if d == c { break }
                }
            case "-" where chars.first == "-":
                out.unicodeScalars.append(c)
                while let d = chars.popFirst() {
                    out.unicodeScalars.append(d)
                    if d == "\n" { break }
                }
            case "?":
                let digits = chars.prefix { ("0"..."9").contains($0) }
                guard !digits.isEmpty else {
                    throw StoreSQLError("a bare ? in SQL (number every placeholder: ?1, ?2 …): \(sql)")
                }
                chars = chars.dropFirst(digits.count)
                out += "$" + String(String.UnicodeScalarView(digits))
            case "C" where !(out.unicodeScalars.last.map(isWordPart) ?? false), "c" where !(out.unicodeScalars.last.map(isWordPart) ?? false):
                // CROSS, spaces, JOIN, then not a word character: the hint. (Matched by hand: a
                // regex literal is parsed each time it is evaluated, which cost most of an import.)
                if let length = crossJoinLength(after: chars) {
                    chars = chars.dropFirst(length)
                    out += "JOIN"
                } else {
                    out.unicodeScalars.append(c)
                }
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// After a `C`: the length of `ROSS JOIN` (any spaces between, any case) when `chars`
    /// starts with it and no word character follows, else nil.
    private static func crossJoinLength(after chars: ArraySlice<Unicode.Scalar>) -> Int? {
        func word(_ w: String, at i: Int) -> Int? {
            var i = i
            for expected in w.unicodeScalars {  // ASCII capitals: either case matches
                guard i < chars.endIndex, chars[i].value == expected.value || chars[i].value == expected.value + 32 else { return nil }
                i += 1
            }
            return i
        }
        guard var i = word("ROSS", at: chars.startIndex) else { return nil }
        let spaces = i
        while i < chars.endIndex, chars[i].properties.isWhitespace { i += 1 }
        guard i > spaces, let end = word("JOIN", at: i) else { return nil }
        if end < chars.endIndex, isWordPart(chars[end]) { return nil }
        return end - chars.startIndex
    }

    private static func isWordPart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c)
    }

    /// A table or index of an SQLite store (its `sqlite_master.sql`) as PostgreSQL DDL. kejin's
    /// DDL keeps to a small vocabulary, so three rewrites suffice: `INTEGER` is 64-bit
    /// (`bigint`; PostgreSQL's `integer` would overflow at 21 million yuan in fen), a rowid key
    /// (`INTEGER PRIMARY KEY`) numbers itself (an identity that also takes explicit ids), and
    /// `WITHOUT ROWID` has no meaning there.
    static func postgresDDL(fromSQLite sql: String) -> String {
        sql.replacing(#/(?i)\bINTEGER\s+PRIMARY\s+KEY\b/#, with: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
            .replacing(#/(?i)\bINTEGER\b/#, with: "BIGINT")
            .replacing(#/(?i)\)\s*WITHOUT\s+ROWID/#, with: ")")
    }
}

