import Foundation

/// Where a PostgreSQL store's password comes from, by libpq's rules, so a user's existing
/// `~/.pgpass` and `PGPASSWORD` work for kejin as they do for `psql`:
///
/// 1. `PGPASSWORD`, when set and not empty;
/// 2. else the password file, `$PGPASSFILE` or `~/.pgpass`: lines `host:port:database:username:password`,
///    the first line whose four fields match wins; a field `*` matches anything; `\:` and `\\`
///    stand for `:` and `\`; lines starting with `#` are comments. `localhost` matches a TCP
///    host named localhost and the default socket directory. A file that group or others may
///    read is ignored with a warning (as libpq does), as is one that is not a plain file.
public enum PGPassFile {
    /// The password found (nil: none, the server may still accept the connection, e.g. `trust`),
    /// where it came from (for messages: never the password itself), and warnings to print.
    public struct Lookup: Equatable, Sendable {
        public var password: String?
        public var source: String?
        public var warnings: [String] = []
    }

    public static func password(for address: PostgresAddress, environment: [String: String]) -> Lookup {
        if let password = environment["PGPASSWORD"], !password.isEmpty {
            return Lookup(password: password, source: "PGPASSWORD")
        }
        let path = filePath(environment: environment)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return Lookup() }
        guard !isDirectory.boolValue, let attributes = try? fm.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else {
            return Lookup(warnings: ["WARNING: password file \"\(path)\" is not a plain file"])
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        if mode & 0o077 != 0 {
            return Lookup(warnings: ["WARNING: password file \"\(path)\" has group or world access; permissions should be u=rw (0600) or less; kejin ignores it"])
        }
        guard let data = fm.contents(atPath: path) else { return Lookup() }
        let contents = String(decoding: data, as: UTF8.self)
        guard let password = match(contents, host: matchHost(address), port: String(address.port),
                                   database: address.database, user: address.user) else {
            return Lookup()
        }
        return Lookup(password: password, source: path)
    }

    /// `$PGPASSFILE`, else `$HOME/.pgpass`.
    public static func filePath(environment: [String: String]) -> String {
        if let file = environment["PGPASSFILE"], !file.isEmpty { return file }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.pgpass"
    }

    /// The host name a line must match: the default socket directory counts as `localhost`.
    static func matchHost(_ address: PostgresAddress) -> String {
        address.host == PostgresAddress.defaultSocketDirectory ? "localhost" : address.host
    }

    /// The password of the first line matching all four fields, de-escaped; nil when none does.
    static func match(_ contents: String, host: String, port: String, database: String, user: String) -> String? {
        for rawLine in contents.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Array(rawLine.utf8)
            while line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard let first = line.first, first != UInt8(ascii: "#") else { continue }
            var position = 0
            guard matchField(line, &position, host), matchField(line, &position, port),
                  matchField(line, &position, database), matchField(line, &position, user) else { continue }
            return String(decoding: unescapedField(line, from: position), as: UTF8.self)
        }
        return nil
    }

    /// True when the field starting at `position` is `*` or equals `token` (after `\` escapes);
    /// `position` then moves past the field's closing `:`. A field must end with a `:`.
    private static func matchField(_ line: [UInt8], _ position: inout Int, _ token: String) -> Bool {
        let colon = UInt8(ascii: ":"), backslash = UInt8(ascii: "\\")
        if position + 1 < line.count, line[position] == UInt8(ascii: "*"), line[position + 1] == colon {
            position += 2
            return true
        }
        let wanted = Array(token.utf8)
        var i = position, t = 0
        while i < line.count {
            var escaped = false
            if line[i] == backslash, i + 1 < line.count {
                i += 1
                escaped = true
            }
            if line[i] == colon, !escaped {
                guard t == wanted.count else { return false }
                position = i + 1
                return true
            }
            guard t < wanted.count, line[i] == wanted[t] else { return false }
            i += 1
            t += 1
        }
        return false
    }

    /// The rest of the line up to an unescaped `:`, with `\x` read as `x`.
    private static func unescapedField(_ line: [UInt8], from start: Int) -> [UInt8] {
        var out: [UInt8] = []
        var i = start
        while i < line.count, line[i] != UInt8(ascii: ":") {
            if line[i] == UInt8(ascii: "\\"), i + 1 < line.count { i += 1 }
            out.append(line[i])
            i += 1
        }
        return out
    }
}
