import Foundation
import NIOSSH

/// One usable line of the authorized_keys file: the key, kejin's options for it, its comment.
public struct AuthorizedKey: Sendable, Equatable {
    public var key: NIOSSHPublicKey
    /// May acknowledge alerts (`operator`); everyone else only watches.
    public var isOperator = false
    /// `lang=en|zh`, `theme=NAME`: the dashboard's options for this key.
    public var language: String?
    public var theme: String?
    /// `region=CODE`: the viewer sees only that region and the regions within it (its
    /// dashboard, report and alerts get `--region-root CODE`).
    public var region: String?
    public var comment: String
    public var fingerprint: String { key.fingerprint }

    /// Who this key is in the audit log and in acknowledgements: its comment, else its fingerprint.
    public var identity: String { comment.isEmpty ? fingerprint : comment }
}

/// OpenSSH's authorized_keys format: `[options] keytype base64 [comment]`, `#` comments and blank
/// lines. Only Ed25519 and ECDSA keys are accepted; lines with other key types (RSA, DSA,
/// certificates) are reported and skipped. kejin's own options are `operator`, `lang=`, `theme=`, `region=`;
/// OpenSSH's that kejin always obeys anyway (`restrict`, `no-port-forwarding`, …) are accepted;
/// any other (`from=`, `expiry-time=`, `command=`, `no-pty`, …) skips the line: a restriction
/// kejin would not enforce must not silently let the key in.
public enum AuthorizedKeys {
    /// OpenSSH options whose restriction kejin serve always applies (it forwards nothing, runs no rc).
    static let alwaysObeyed: Set<String> = [
        "restrict", "no-port-forwarding", "no-agent-forwarding", "no-x11-forwarding", "no-user-rc",
    ]

    public static let acceptedTypes: Set<String> = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    ]

    public struct Parsed: Sendable {
        public var keys: [AuthorizedKey] = []
        /// "line N: why" for each line that was skipped.
        public var problems: [String] = []
    }

    /// Reads the file now (it is read at every authentication, so edits apply without a restart).
    public static func load(path: String) throws -> Parsed {
        parse(try String(contentsOfFile: path, encoding: .utf8))
    }

    public static func parse(_ text: String) -> Parsed {
        var result = Parsed()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            switch parseLine(line) {
            case .success(let key): result.keys.append(key)
            case .failure(let problem): result.problems.append("line \(index + 1): \(problem.reason)")
            }
        }
        return result
    }

    struct Problem: Error { var reason: String }

    static func parseLine(_ line: String) -> Result<AuthorizedKey, Problem> {
        var fields = splitFields(line)
        // The key type comes first unless options do; options never look like a key type.
        var options: [String] = []
        if let first = fields.first, !looksLikeKeyType(first) {
            options = splitOptions(first)
            fields.removeFirst()
        }
        guard fields.count >= 2 else { return .failure(Problem(reason: "expected a key type and a base64 key")) }
        let type = fields[0]
        guard acceptedTypes.contains(type) else {
            return .failure(Problem(reason: "key type \(type) is not accepted (use Ed25519 or ECDSA)"))
        }
        let key: NIOSSHPublicKey
        do {
            key = try NIOSSHPublicKey(openSSHPublicKey: "\(type) \(fields[1])")
        } catch {
            return .failure(Problem(reason: "unreadable \(type) key: \(error)"))
        }
        var entry = AuthorizedKey(key: key, comment: fields.dropFirst(2).joined(separator: " "))
        for option in options {
            let (name, value) = splitOption(option)
            switch name.lowercased() {
            case "operator": entry.isOperator = true
            case "lang":
                guard value == "en" || value == "zh" else { return .failure(Problem(reason: "lang=\(value ?? "") must be en or zh")) }
                entry.language = value
            case "theme":
                guard let value, !value.isEmpty else { return .failure(Problem(reason: "theme= needs a name")) }
                entry.theme = value
            case "region":
                guard let value, ExecWhitelist.isPlainValue(value) else {
                    return .failure(Problem(reason: "region= needs a region code (letters, digits, dashes)"))
                }
                entry.region = value
            case let other where alwaysObeyed.contains(other): break
            default:
                return .failure(Problem(reason: "option \(name) is not supported by kejin serve (it would not be enforced)"))
            }
        }
        return .success(entry)
    }

    static func looksLikeKeyType(_ field: String) -> Bool {
        field.hasPrefix("ssh-") || field.hasPrefix("ecdsa-") || field.hasPrefix("sk-")
    }

    /// Splits on blanks outside double quotes (option values such as `command="a b"` may hold blanks).
    static func splitFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() }
            if (ch == " " || ch == "\t") && !quoted {
                if !current.isEmpty { fields.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { fields.append(current) }
        return fields
    }

    /// `a,b="x,y",c` → `a`, `b="x,y"`, `c`.
    static func splitOptions(_ field: String) -> [String] {
        var options: [String] = [], current = "", quoted = false
        for ch in field {
            if ch == "\"" { quoted.toggle() }
            if ch == "," && !quoted { options.append(current); current = "" } else { current.append(ch) }
        }
        options.append(current)
        return options.filter { !$0.isEmpty }
    }

    static func splitOption(_ option: String) -> (String, String?) {
        guard let eq = option.firstIndex(of: "=") else { return (option, nil) }
        var value = String(option[option.index(after: eq)...])
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        return (String(option[..<eq]), value)
    }
}
