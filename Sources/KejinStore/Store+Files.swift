import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who may read the files of a store kejin creates. Private by default: a store holds every
/// enterprise's loans, and on a shared host the umask usually lets every account read new files.
public enum StoreAccess: Equatable, Sendable {
    /// The owner alone: files 0600, folders kejin creates 0700.
    case owner
    /// The owner and the members of a group (a team of viewers on one host): files 0640 owned by
    /// the group, folders kejin creates 2750 (setgid, so files made in them later keep the group).
    case group(String)

    var fileMode: mode_t { self == .owner ? 0o600 : 0o640 }
    var folderMode: mode_t { self == .owner ? 0o700 : 0o2750 }

    /// The group's id; nil for `.owner`.
    func groupID() throws -> gid_t? {
        guard case .group(let name) = self else { return nil }
        guard let entry = getgrnam(name) else { throw StoreError.noSuchGroup(name: name) }
        return entry.pointee.gr_gid
    }
}

/// Creates a store's folder and file with exact modes, whatever the umask. Only what kejin
/// creates is tightened: an existing folder (say ~/.local/share) is left as it is.
enum StoreFiles {
    /// The database and the two files SQLite keeps beside it in WAL mode.
    static let suffixes = ["", "-wal", "-shm"]

    /// Before a writable open: the missing folders, then the database file itself when missing
    /// (empty; SQLite fills it). SQLite creates -wal and -shm with the database file's mode.
    static func prepare(path: String, access: StoreAccess) throws {
        let gid = try access.groupID()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try createFolders(folder, access: access, gid: gid, path: path)
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, access.fileMode)
        if fd < 0 {
            if errno == EEXIST { return }  // an existing store (or another process was first)
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        if let gid, fchown(fd, uid_t.max, gid) != 0 {
            throw StoreError.cannotOpen(path: path, reason: "cannot give the file to the group: \(String(cString: strerror(errno)))")
        }
        guard fchmod(fd, access.fileMode) == 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// After a writable open, for a group: the database, -wal and -shm files get the group and
    /// mode 0640 (SQLite creates -wal and -shm in the creator's own group outside a setgid folder).
    static func shareWithGroup(path: String, access: StoreAccess) throws {
        guard let gid = try access.groupID() else { return }
        for file in suffixes.map({ path + $0 }) {
            var info = stat()
            // Missing, or already shared: nothing to do (a group member who does not own the
            // files could not change them anyway).
            guard stat(file, &info) == 0, info.st_gid != gid || info.st_mode & 0o7777 != access.fileMode else { continue }
            guard chown(file, uid_t.max, gid) == 0, chmod(file, access.fileMode) == 0 else {
                throw StoreError.cannotOpen(path: file, reason: "cannot give the file to the group: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// A clear error when this user may not read the store or reach its folder (a private
    /// store of another account, or a group they are not in); nil otherwise.
    static func permissionDenied(_ path: String) -> StoreError? {
        var info = stat()
        let denied = stat(path, &info) != 0 ? errno == EACCES : access(path, R_OK) != 0 && errno == EACCES
        guard denied else { return nil }
        return .cannotOpen(path: path, reason: "permission denied: the store is private to its owner, or shared with a group you are not in (ls -l shows which; see README, Access)")
    }

    /// mkdir for each missing folder from the top down, then an explicit chmod (mkdir's mode
    /// passes through the umask; the setgid bit does not pass through mkdir at all).
    private static func createFolders(_ folder: String, access: StoreAccess, gid: gid_t?, path: String) throws {
        var missing: [String] = []
        var f = folder
        while !f.isEmpty, f != "/", !FileManager.default.fileExists(atPath: f) {
            missing.append(f)
            f = (f as NSString).deletingLastPathComponent
        }
        for dir in missing.reversed() {
            if mkdir(dir, access.folderMode) != 0 {
                if errno == EEXIST { continue }
                throw StoreError.cannotOpen(path: path, reason: "cannot create folder \(dir): \(String(cString: strerror(errno)))")
            }
            if let gid { _ = chown(dir, uid_t.max, gid) }
            guard chmod(dir, access.folderMode) == 0 else {
                throw StoreError.cannotOpen(path: path, reason: "cannot set the mode of folder \(dir): \(String(cString: strerror(errno)))")
            }
        }
    }
}
