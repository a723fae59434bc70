import Foundation

/// Everything `kejin serve` is told on its command line (see ServeCommand for the defaults).
public struct ServeConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The store every session watches, as an absolute path.
    public var storePath: String
    public var authorizedKeysPath: String
    public var auditLogPath: String
    public var maxSessions: Int
    public var maxSessionsPerKey: Int
    /// Failed authentications a source address may make per minute before it is turned away.
    public var maxFailuresPerMinute: Int
    /// The dashboard hides its figures after this long without a key (nil: never).
    public var idleLock: Duration?
    /// The server closes a session after this long without input (nil: never).
    public var idleTimeout: Duration?
    /// The kejin binary each session runs (`dashboard`, `report`, `alerts`).
    public var kejinExecutable: String

    public init(host: String, port: Int, storePath: String, authorizedKeysPath: String,
                auditLogPath: String, maxSessions: Int, maxSessionsPerKey: Int, maxFailuresPerMinute: Int,
                idleLock: Duration?, idleTimeout: Duration?, kejinExecutable: String) {
        self.host = host
        self.port = port
        self.storePath = storePath
        self.authorizedKeysPath = authorizedKeysPath
        self.auditLogPath = auditLogPath
        self.maxSessions = maxSessions
        self.maxSessionsPerKey = maxSessionsPerKey
        self.maxFailuresPerMinute = maxFailuresPerMinute
        self.idleLock = idleLock
        self.idleTimeout = idleTimeout
        self.kejinExecutable = kejinExecutable
    }
}

/// `90s`, `10m`, `1h`, `1h30m`, or plain seconds: the form of --idle-lock and --idle-timeout.
public enum DurationText {
    public static func parse(_ text: String) -> Duration? {
        var total = 0.0, number = "", sawUnit = false
        for ch in text.lowercased() {
            if ch.isNumber || ch == "." { number.append(ch); continue }
            guard let value = Double(number) else { return nil }
            switch ch {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        if !number.isEmpty {
            guard let value = Double(number), !sawUnit else { return nil }
            total += value
        }
        guard !text.isEmpty, total > 0 else { return nil }
        return .milliseconds(Int64(total * 1000))
    }

    /// The shortest form `parse` reads back: `90s`, `10m`, `1h`.
    public static func format(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(Double(ms) / 1000)s"
    }
}
