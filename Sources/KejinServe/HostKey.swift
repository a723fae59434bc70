import Crypto
import Foundation
import NIOSSH

/// The server's Ed25519 host key. Kept as its 32-byte seed in a file of mode 0600 (created on
/// first start), with the public half beside it in OpenSSH format (`FILE.pub`), so
/// `ssh-keygen -lf FILE.pub` prints the same fingerprint the server prints at start.
public struct HostKey: Sendable {
    public let privateKey: NIOSSHPrivateKey
    public let publicKey: NIOSSHPublicKey
    public let path: String
    public let created: Bool

    public static func loadOrCreate(path: String) throws -> HostKey {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard data.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else {
                throw ServeError("\(path): not a kejin host key (expected the 32-byte Ed25519 seed kejin writes)")
            }
            return HostKey(key: key, path: path, created: false)
        }
        try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o700])
        let key = Curve25519.Signing.PrivateKey()
        // Created 0600 from the start (O_EXCL): never readable by others, not even for a moment.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ServeError("cannot create host key \(path): \(String(cString: strerror(errno)))") }
        let raw = [UInt8](key.rawRepresentation)
        let written = raw.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == raw.count else { throw ServeError("cannot write host key \(path)") }
        let hostKey = HostKey(key: key, path: path, created: true)
        try (String(openSSHPublicKey: hostKey.publicKey) + " kejin-serve\n")
            .write(toFile: path + ".pub", atomically: true, encoding: .utf8)
        return hostKey
    }

    private init(key: Curve25519.Signing.PrivateKey, path: String, created: Bool) {
        privateKey = NIOSSHPrivateKey(ed25519Key: key)
        publicKey = privateKey.publicKey
        self.path = path
        self.created = created
    }
}

public struct ServeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
