import Foundation
import Testing

/// Data safety through the built binary: private files whatever the umask, `--group`, the demo
/// kept apart from real data (and marked on screen), `kejin store backup | restore | check`.
@Suite(.serialized) struct StoreSafetyEndToEndTests {
    static let oneBank = "code,kind,name_zh,name_en\nB-REAL,bank,真实银行,Real Bank\n"

    func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    func group(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.groupOwnerAccountID] as? NSNumber)?.intValue ?? -1
    }

    /// `kejin ARGS` under /bin/sh with the given umask.
    func kejin(umask: String, _ arguments: [String]) throws {
        try run("/bin/sh", ["-c", "umask \(umask) && exec \"$0\" \"$@\"", kejinBinary] + arguments)
    }

    @Test(arguments: ["000", "022"])
    func aNewStoreIsPrivateWhateverTheUmask(umask: String) throws {
        let dir = try temporaryDirectory()
        let parentMode = try mode(dir.path)
        let csv = dir.appendingPathComponent("institutions.csv")
        try Self.oneBank.write(to: csv, atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("new/kejin/kejin.sqlite").path
        try kejin(umask: umask, ["import", "--store", store, csv.path])
        for suffix in ["", "-wal", "-shm"] {
            #expect(try mode(store + suffix) == 0o600, "kejin.sqlite\(suffix) under umask \(umask)")
        }
        #expect(try mode(dir.appendingPathComponent("new/kejin").path) == 0o700)
        #expect(try mode(dir.appendingPathComponent("new").path) == 0o700)
        #expect(try mode(dir.path) == parentMode, "an existing folder is left as it is")
        // A backup is private too.
        let backup = dir.appendingPathComponent("backup.sqlite").path
        try kejin(umask: umask, ["store", "backup", "--store", store, backup])
        #expect(try mode(backup) == 0o600)
    }

    @Test func groupMakesTheStoreReadableByItsGroup() throws {
        let dir = try temporaryDirectory()
        let gid = Int(getegid())
        let name = String(cString: getgrgid(getegid())!.pointee.gr_name)
        let store = dir.appendingPathComponent("team/kejin.sqlite").path
        try kejin(umask: "000", ["demo", "--store", store, "--group", name])
        for suffix in ["", "-wal", "-shm"] {
            #expect(try mode(store + suffix) == 0o640, "kejin.sqlite\(suffix)")
            #expect(try group(store + suffix) == gid)
        }
        #expect(try mode(dir.appendingPathComponent("team").path) == 0o2750)
        let unknown = try AlertsCommandTests().kejin(["demo", "--store", dir.appendingPathComponent("x.sqlite").path,
                                                      "--group", "no-such-group-kejin"])
        #expect(unknown.status != 0)
        #expect(unknown.err.contains("no group named no-such-group-kejin"))
    }

    /// As another account (needs root for setpriv): a member of the store's group can view and
    /// check it read-only; anyone else is told it is a permission problem.
    @Test(.enabled(if: getuid() == 0 && getgrnam("nogroup") != nil
                   && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aGroupMemberCanViewAndOthersAreTold() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("team/kejin.sqlite").path
        try run(kejinBinary, ["demo", "--store", store, "--group", "nogroup"])
        let gid = Int(getgrnam("nogroup")!.pointee.gr_gid)
        func asNobody(group: Int, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            try AlertsCommandTests().kejin(["--reuid=nobody", "--regid=\(group)", "--clear-groups", kejinBinary] + arguments,
                                           executable: "/usr/bin/setpriv")
        }
        let member = try asNobody(group: gid, ["report", "--store", store, "--period", "2025-03"])
        #expect(member.status == 0, "\(member.err)")
        #expect(member.out.contains("45.81亿元"))
        #expect(try asNobody(group: gid, ["store", "check", "--store", store]).status == 0)
        let other = try asNobody(group: gid - 1, ["report", "--store", store])
        #expect(other.status != 0)
        #expect(other.err.contains("permission denied"), "\(other.err)")
    }

    @Test func theDemoStaysApartFromRealData() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("institutions.csv")
        try Self.oneBank.write(to: csv, atomically: true, encoding: .utf8)
        let real = dir.appendingPathComponent("real.sqlite").path
        try run(kejinBinary, ["import", "--store", real, csv.path])
        let refused = try AlertsCommandTests().kejin(["demo", "--store", real])
        #expect(refused.status != 0)
        #expect(refused.err.contains("kejin demo --store PATH"), "\(refused.err)")

        let demo = dir.appendingPathComponent("demo.sqlite").path
        try DemoStore.copy(to: demo)
        let mixing = try AlertsCommandTests().kejin(["import", "--store", demo, csv.path])
        #expect(mixing.status != 0)
        #expect(mixing.err.contains("--into-demo"), "\(mixing.err)")
        let added = try AlertsCommandTests().kejin(["import", "--into-demo", "--store", demo, csv.path])
        #expect(added.status == 0)
        #expect(added.err.contains("warning"))
    }

    @Test func theDemoIsMarkedOnTheStatusLine() throws {
        let dir = try temporaryDirectory()
        let demo = dir.appendingPathComponent("demo.sqlite").path
        try DemoStore.copy(to: demo)
        let tmux = try TmuxSession(command: "\(kejinBinary) --store \(TmuxSession.quote(demo))", width: 80, height: 24,
                                   environment: ["LANG": "C.UTF-8"])
        // Waits for a complete frame: the status line is painted after the header.
        func statusLineMarked(after what: String) throws {
            try tmux.waitUntil("the status line never said 演示数据 with \(what) on screen") {
                $0.contains(what) && $0.split(separator: "\n").last?.contains("演示数据") == true
            }
        }
        try statusLineMarked(after: "2025-05")
        try tmux.send("3")
        try statusLineMarked(after: "再贷款工具")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)

        let csv = dir.appendingPathComponent("institutions.csv")
        try Self.oneBank.write(to: csv, atomically: true, encoding: .utf8)
        let real = dir.appendingPathComponent("real.sqlite").path
        try run(kejinBinary, ["import", "--store", real, csv.path])
        let viewer = try TmuxSession(command: "\(kejinBinary) --store \(TmuxSession.quote(real)) --lang en", width: 80, height: 24,
                                     environment: ["LANG": "C.UTF-8"])
        let empty = try viewer.waitFor("q quit")
        #expect(!empty.contains("DEMO") && !empty.contains("2334"), "a real store got the demo:\n\(empty)")
        try viewer.send("q")
        #expect(try viewer.waitForExit() == 0)
    }

    @Test func backupRestoreAndCheckRoundTrip() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("kejin.sqlite").path
        try DemoStore.copy(to: store)
        let checked = try AlertsCommandTests().kejin(["store", "check", "--store", store])
        #expect(checked.status == 0)
        #expect(checked.out.contains("consistent") && checked.out.contains("18 period(s)"), "\(checked.out)")

        let backup = dir.appendingPathComponent("kejin-backup.sqlite").path
        let backedUp = try AlertsCommandTests().kejin(["store", "backup", "--store", store, backup])
        #expect(backedUp.status == 0, "\(backedUp.err)")
        #expect(backedUp.out.contains("MiB/s"))
        #expect(try AlertsCommandTests().kejin(["store", "backup", "--store", store, backup]).status != 0, "overwrote a backup")

        let restored = dir.appendingPathComponent("restored/kejin.sqlite").path
        let restore = try AlertsCommandTests().kejin(["store", "restore", "--store", restored, backup])
        #expect(restore.status == 0, "\(restore.err)")
        #expect(try AlertsCommandTests().kejin(["store", "restore", "--store", store, backup]).status != 0,
                "restored over a store")
        let original = try run(kejinBinary, ["report", "--store", store, "--period", "2025-03", "--format", "json"])
        let copy = try run(kejinBinary, ["report", "--store", restored, "--period", "2025-03", "--format", "json"])
        #expect(original == copy)
    }
}
