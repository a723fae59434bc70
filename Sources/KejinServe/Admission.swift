import Foundation
import NIOCore
import NIOSSH

/// One TCP connection: where it came from and, once a signature verified, whose key it is.
/// Touched only on the connection's event loop (its SSH channels and its close callback run
/// there), hence unchecked.
final class Connection: @unchecked Sendable {
    let id: Int
    let remoteAddress: String
    let started = ContinuousClock.now
    var key: AuthorizedKey?
    var bytesSent = 0

    init(id: Int, remoteAddress: String) {
        self.id = id
        self.remoteAddress = remoteAddress
    }
}

/// The server-wide limits, shared by every event loop: sessions in total and per key, and
/// failed authentications per source address in a sliding minute.
final class Admission: @unchecked Sendable {
    private let lock = NSLock()
    private let maxSessions: Int
    private let maxSessionsPerKey: Int
    private let maxFailuresPerMinute: Int
    private var sessions = 0
    private var sessionsPerKey: [String: Int] = [:]
    private var failures: [String: [ContinuousClock.Instant]] = [:]

    init(maxSessions: Int, maxSessionsPerKey: Int, maxFailuresPerMinute: Int) {
        self.maxSessions = maxSessions
        self.maxSessionsPerKey = maxSessionsPerKey
        self.maxFailuresPerMinute = maxFailuresPerMinute
    }

    /// Takes a session slot for `fingerprint`, or says why not.
    func openSession(fingerprint: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        if sessions >= maxSessions { return "the server has its maximum of \(maxSessions) sessions; try again later" }
        if sessionsPerKey[fingerprint, default: 0] >= maxSessionsPerKey {
            return "this key already has its maximum of \(maxSessionsPerKey) sessions open"
        }
        sessions += 1
        sessionsPerKey[fingerprint, default: 0] += 1
        return nil
    }

    func closeSession(fingerprint: String) {
        lock.lock(); defer { lock.unlock() }
        sessions -= 1
        sessionsPerKey[fingerprint, default: 1] -= 1
        if sessionsPerKey[fingerprint] == 0 { sessionsPerKey[fingerprint] = nil }
    }

    func recordFailure(from address: String) {
        lock.lock(); defer { lock.unlock() }
        failures[address, default: []].append(.now)
    }

    /// Nil while `address` may try; else how many seconds until it may try again.
    func blockedSeconds(for address: String) -> Int? {
        lock.lock(); defer { lock.unlock() }
        let now = ContinuousClock.now
        let recent = (failures[address] ?? []).filter { now - $0 < .seconds(60) }
        failures[address] = recent.isEmpty ? nil : recent
        guard recent.count >= maxFailuresPerMinute, let oldest = recent.first else { return nil }
        return max(1, Int((oldest + .seconds(60) - now).components.seconds))
    }
}

/// Public keys only, checked against the authorized_keys file read afresh at every attempt
/// (NIOSSH has verified the signature before it asks). The key that passed becomes the
/// connection's identity.
final class KeyAuthenticator: NIOSSHServerUserAuthenticationDelegate {
    private let connection: Connection
    private let authorizedKeysPath: String
    private let admission: Admission
    private let audit: AuditLog

    init(connection: Connection, authorizedKeysPath: String, admission: Admission, audit: AuditLog) {
        self.connection = connection
        self.authorizedKeysPath = authorizedKeysPath
        self.admission = admission
        self.audit = audit
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .publicKey }

    func requestReceived(request: NIOSSHUserAuthenticationRequest,
                         responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>) {
        // "none" is how every client starts (to learn the methods); it is not an attempt.
        guard case .publicKey(let offered) = request.request else {
            if case .none = request.request {} else { refuse(reason: "method not offered", fingerprint: nil, user: request.username) }
            responsePromise.succeed(.failure)
            return
        }
        let fingerprint = offered.publicKey.fingerprint
        if let wait = admission.blockedSeconds(for: connection.remoteAddress) {
            refuse(reason: "too many failed attempts from this address (try again in \(wait) s)",
                   fingerprint: fingerprint, user: request.username, counts: false)
            responsePromise.succeed(.failure)
            return
        }
        let parsed: AuthorizedKeys.Parsed
        do {
            parsed = try AuthorizedKeys.load(path: authorizedKeysPath)
        } catch {
            refuse(reason: "cannot read \(authorizedKeysPath): \(error)", fingerprint: fingerprint, user: request.username)
            responsePromise.succeed(.failure)
            return
        }
        guard let entry = parsed.keys.first(where: { $0.key == offered.publicKey }) else {
            refuse(reason: "key not in authorized_keys", fingerprint: fingerprint, user: request.username)
            responsePromise.succeed(.failure)
            return
        }
        connection.key = entry
        audit.record("auth_accepted", ["connection": connection.id, "remote": connection.remoteAddress,
                                       "user": request.username, "fingerprint": fingerprint,
                                       "comment": entry.comment, "operator": entry.isOperator])
        responsePromise.succeed(.success)
    }

    private func refuse(reason: String, fingerprint: String?, user: String, counts: Bool = true) {
        if counts { admission.recordFailure(from: connection.remoteAddress) }
        var fields: [String: Any] = ["connection": connection.id, "remote": connection.remoteAddress,
                                     "user": user, "reason": reason]
        if let fingerprint { fields["fingerprint"] = fingerprint }
        audit.record("auth_refused", fields)
    }
}
