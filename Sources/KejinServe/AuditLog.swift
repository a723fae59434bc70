import Foundation

/// The audit trail: one JSON object per line, appended, flushed at once. `reopen()` (on SIGHUP)
/// lets logrotate move the file away and have a fresh one created at the same path.
public final class AuditLog: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var fd: Int32 = -1

    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try reopen()
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Closes and opens the path again (after a rotation, a new file).
    public func reopen() throws {
        let new = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard new >= 0 else { throw ServeError("cannot open audit log \(path): \(String(cString: strerror(errno)))") }
        lock.lock()
        let old = fd
        fd = new
        lock.unlock()
        if old >= 0 { close(old) }
    }

    /// Appends `{"time": …, "event": event, …fields}` as one line.
    public func record(_ event: String, _ fields: [String: Any] = [:]) {
        var object = fields
        object["time"] = Self.timestamp()
        object["event"] = event
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        data.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        // One write of a whole line with O_APPEND: lines never interleave.
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
