import ArgumentParser
import Foundation
import KejinStore

/// `kejin import --watch DIR [--poll S] [--settle S]`: see `Inbox`.
struct InboxOptions: ParsableArguments {
    @Option(name: .customLong("watch"), help: ArgumentHelp(
        "Watch DIR: import each complete CSV file that appears in it, then move it to DIR/done/ or DIR/failed/ (with NAME.error.txt). Runs until SIGTERM or Ctrl-C.",
        valueName: "DIR"))
    var folder: String?
    @Option(help: ArgumentHelp("With --watch: seconds between two scans of DIR.", valueName: "SECONDS"))
    var poll: Double = 1
    @Option(help: ArgumentHelp("With --watch: seconds a file's size and time must stay unchanged before it is imported.",
                               valueName: "SECONDS"))
    var settle: Double = 2

    func validate() throws {
        guard poll > 0, poll <= 3600 else { throw ValidationError("--poll \(poll): between 0 and 3600 seconds") }
        guard settle >= 0, settle <= 3600 else { throw ValidationError("--settle \(settle): between 0 and 3600 seconds") }
    }

    /// With --watch, runs the inbox on `folder` until SIGTERM/SIGINT and returns true; without,
    /// returns false (a plain import of `files`, the command's file arguments, follows).
    func watch(files: [String], storePath: String, access: StoreAccess, intoDemo: Bool) throws -> Bool {
        guard let folder else {
            if files.isEmpty { throw CLIError("kejin import: name the CSV files to import, or --watch DIR (see kejin import --help)") }
            return false
        }
        guard files.isEmpty else { throw CLIError("--watch \(folder) takes no file arguments (drop the files into \(folder))") }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError("--watch \(folder): no such folder")
        }
        let stop = StopSignals()  // before the store opens any thread
        let store = try Store(path: storePath, access: access)
        try Inbox(folder: URL(fileURLWithPath: folder), store: store, intoDemo: intoDemo, poll: poll, settle: settle)
            .run(until: stop)
        return true
    }
}
