import Foundation
import KejinStore
import Testing

/// `kejin import --watch DIR` through the built binary: files appearing one by one, a file
/// written slowly, a bad file among good ones, a restart; the store must equal importing the
/// good files by hand, with nothing imported twice.
@Suite(.serialized) struct InboxEndToEndTests {
    static let files: [String: String] = [
        "institutions.csv": "code,kind,name_zh,name_en\nB1,bank,测试银行,Test Bank\n",
        "chains.csv": "code,name_zh,name_en,lead_bank\nC1,测试链,Test chain,B1\n",
        "enterprises.csv": "code,name_zh,name_en,chain\n" + (1...5).map { "E\($0),企业\($0),Firm \($0),C1\n" }.joined(),
        "loans.csv": "code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge\n"
            + (1...5).map { "L\($0),B1,E\($0),general,2025-01-10,2026-01-10,\($0)000000.00,3.45,0,1,0,0,0\n" }.joined(),
        "loan_balances-2025-05.csv": "loan,period,balance_yuan\n" + (1...5).map { "L\($0),2025-05,\($0)00000.25\n" }.joined(),
        "loan_balances-2025-06.csv": "loan,period,balance_yuan\n" + (1...5).map { "L\($0),2025-06,\($0)10000.50\n" }.joined(),
    ]
    static let bad = ("loan_balances-2025-07.csv", "loan,period,balance_yuan\nL1,2025-07,1000.00\nL2,2025-07,\"12,3x\"\n")

    /// A running `kejin import --watch`, its output in a file, started in the background by a
    /// shell (`run` gives it default signal dispositions).
    final class Watcher {
        let pid: pid_t
        let log: String
        init(_ inbox: URL, store: String) throws {
            log = inbox.deletingLastPathComponent().appendingPathComponent("watch-\(UUID().uuidString).log").path
            let command = [kejinBinary, "import", "--watch", inbox.path, "--store", store, "--poll", "0.2", "--settle", "0.6"]
                .map(TmuxSession.quote).joined(separator: " ")
            let out = try run("/bin/sh", ["-c", "\(command) > \(TmuxSession.quote(log)) 2>&1 & echo $!"])
            pid = try #require(pid_t(out.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        /// SIGTERM, then waits up to 5 s for the process to end; true when it said it stopped.
        func stop() throws -> Bool {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while processIsRunning(pid) {
                if Date() > deadline { kill(pid, SIGKILL); throw E2EError("the inbox did not stop on SIGTERM:\n\(output)") }
                usleep(10_000)
            }
            return output.hasSuffix(" stopped\n")
        }
        deinit { if processIsRunning(pid) { kill(pid, SIGKILL) } }
    }

    func drop(_ name: String, _ text: String? = nil, into inbox: URL) throws {
        try (text ?? Self.files[name]!).write(to: inbox.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func waitFor(_ paths: [URL], _ watcher: Watcher, timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !paths.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) {
            if Date() > deadline { throw E2EError("never appeared: \(paths.map(\.path)); log:\n\(watcher.output)") }
            usleep(50_000)
        }
    }

    func names(_ dir: URL) throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) }

    /// The latest period's JSON report, without when and by which import the data arrived.
    func report(_ store: String) throws -> String {
        try run(kejinBinary, ["report", "--store", store, "--format", "json"])
            // When, and in which import, a file arrived differs from the one hand import.
            .split(separator: "\n").filter { line in
                !["\"lastChange\"", "\"deliveredAt\"", "\"importID\""].contains(where: line.contains)
            }
            .joined(separator: "\n")
    }

    func importLog(_ store: String) throws -> [String] {
        try Store(path: store, readOnly: true).importLog().map { "\($0.file) \($0.checksum) \($0.rows)" }.sorted()
    }

    /// The same good files imported by hand, in one `kejin import`.
    func byHand(_ dir: URL) throws -> String {
        let hand = dir.appendingPathComponent("hand"), store = dir.appendingPathComponent("hand.sqlite").path
        try FileManager.default.createDirectory(at: hand, withIntermediateDirectories: true)
        for name in Self.files.keys { try drop(name, into: hand) }
        try run(kejinBinary, ["import", "--store", store] + Self.files.keys.map { hand.appendingPathComponent($0).path })
        return store
    }

    @Test func filesOneByOneSlowlyWrittenAndABadOne() throws {
        let dir = try temporaryDirectory(), inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let store = dir.appendingPathComponent("inbox.sqlite").path
        let watcher = try Watcher(inbox, store: store)
        let done = inbox.appendingPathComponent("done"), failed = inbox.appendingPathComponent("failed")

        // References first, then loans, each as its own file set.
        for name in ["institutions.csv", "chains.csv", "enterprises.csv"] { try drop(name, into: inbox) }
        try waitFor([done.appendingPathComponent("enterprises.csv")], watcher)
        try drop("loans.csv", into: inbox)
        try waitFor([done.appendingPathComponent("loans.csv")], watcher)

        // A ledger written a piece at a time, pausing (shorter than --settle) even inside a row.
        let slow = inbox.appendingPathComponent("loan_balances-2025-05.csv")
        let handle = try #require(FileManager.default.createFile(atPath: slow.path, contents: nil) ? FileHandle(forWritingAtPath: slow.path) : nil)
        let text = Array(Self.files[slow.lastPathComponent]!.utf8)
        for chunk in stride(from: 0, to: text.count, by: 9) {
            handle.write(Data(text[chunk..<min(chunk + 9, text.count)]))
            usleep(250_000)
            #expect(!FileManager.default.fileExists(atPath: done.appendingPathComponent(slow.lastPathComponent).path),
                    "picked up while still being written")
        }
        try handle.close()
        try waitFor([done.appendingPathComponent(slow.lastPathComponent)], watcher)

        // A bad ledger beside a good one, in the same scan: the good one is imported.
        try drop(Self.bad.0, Self.bad.1, into: inbox)
        try drop("loan_balances-2025-06.csv", into: inbox)
        try waitFor([done.appendingPathComponent("loan_balances-2025-06.csv"),
                     failed.appendingPathComponent(Self.bad.0 + ".error.txt")], watcher)
        #expect(try watcher.stop(), "stopped cleanly on SIGTERM")

        #expect(try names(done) == Set(Self.files.keys))
        #expect(try names(failed) == [Self.bad.0, Self.bad.0 + ".error.txt"])
        #expect(try names(inbox) == ["done", "failed"])
        let error = try String(contentsOf: failed.appendingPathComponent(Self.bad.0 + ".error.txt"), encoding: .utf8)
        #expect(error.contains("loan_balances-2025-07.csv: row 3, column balance_yuan: \"12,3x\""), "\(error)")

        let hand = try byHand(dir)
        #expect(try report(store) == report(hand))
        #expect(try importLog(store) == importLog(hand), "each good file imported once, whole")
    }

    @Test func aRestartImportsNothingTwice() throws {
        let dir = try temporaryDirectory(), inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let store = dir.appendingPathComponent("inbox.sqlite").path
        let done = inbox.appendingPathComponent("done")

        var watcher = try Watcher(inbox, store: store)
        for name in ["institutions.csv", "chains.csv", "enterprises.csv", "loans.csv"] { try drop(name, into: inbox) }
        try waitFor(["institutions.csv", "chains.csv", "enterprises.csv", "loans.csv"].map { done.appendingPathComponent($0) }, watcher)
        // Stopped while a file sits in the inbox, not yet complete.
        try drop("loan_balances-2025-05.csv", into: inbox)
        #expect(try watcher.stop())

        // As if kejin had stopped after an import's commit and before moving the file: the file
        // is in the import log and still in the inbox.
        try drop("loan_balances-2025-06.csv", into: inbox)
        try run(kejinBinary, ["import", "--store", store, inbox.appendingPathComponent("loan_balances-2025-06.csv").path])

        watcher = try Watcher(inbox, store: store)
        try waitFor(["loan_balances-2025-05.csv", "loan_balances-2025-06.csv"].map { done.appendingPathComponent($0) }, watcher)
        #expect(try watcher.stop())
        #expect(watcher.output.contains("loan_balances-2025-06.csv: already imported"), "\(watcher.output)")
        #expect(try names(done) == Set(Self.files.keys))

        let hand = try byHand(dir)
        #expect(try report(store) == report(hand))
        #expect(try importLog(store) == importLog(hand), "nothing imported twice")
    }

    @Test func watchTakesAFolderAndNoFiles() throws {
        let dir = try temporaryDirectory()
        let missing = try AlertsCommandTests().kejin(["import", "--watch", dir.appendingPathComponent("nope").path])
        #expect(missing.status != 0 && missing.err.contains("no such folder"), "\(missing.err)")
        let both = try AlertsCommandTests().kejin(["import", "--watch", dir.path, "x.csv"])
        #expect(both.status != 0 && both.err.contains("takes no file arguments"), "\(both.err)")
    }
}
