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

    /// `sql` with `?N` as `$N`, outside string literals, quoted names and comments. A bare
    /// `?` is refused: arguments are numbered on every engine, so one SQL text serves both.
    static func numberedPlaceholders(_ sql: String) throws -> String {
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
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
