import Crypto
import Foundation
import NIOSSH

extension NIOSSHPublicKey {
    /// OpenSSH's fingerprint, `SHA256:` and the unpadded base64 of the SHA-256 of the key's wire
    /// blob, exactly as `ssh-keygen -lf` and `ssh -v` print it, so users can compare.
    public var fingerprint: String {
        let line = String(openSSHPublicKey: self)
        let blob = line.split(separator: " ").dropFirst().first.flatMap { Data(base64Encoded: String($0)) } ?? Data()
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }
}
