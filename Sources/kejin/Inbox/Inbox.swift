import Foundation
import KejinStore

/// `kejin import --watch DIR`: an inbox folder that imports itself.
///
/// Every `poll` seconds it lists DIR's `*.csv` files (hidden files and other names are left
/// alone, so a sender writing `.loans.csv` or `loans.csv.part` and renaming it when done is
/// never seen half-way). A file counts as complete once its size and modification time have
/// stayed the same for `settle` seconds. The complete files of one scan are one file set,
/// imported in one transaction (the importer orders them by entity, references first):
/// - imported: each moves to `DIR/done/`;
/// - a file in error: it moves to `DIR/failed/` with `NAME.error.txt` beside it (file, row,
///   column, value, as `kejin import` prints), and the rest of the set is imported again
///   without it; an error naming no file of the set (a demo store refusing real files …)
///   fails the whole set; a store busy past its timeout leaves the set for the next scan;
/// - already imported (the import log holds this name with these exact bytes, e.g. kejin
///   stopped after the commit and before the move): moved to `done/`, not imported again.
/// SIGTERM and SIGINT stop it between two imports, never inside one.
struct Inbox {
    let folder: URL
    let store: Store
    let intoDemo: Bool
    let poll: Double
    let settle: Double

    var done: URL { folder.appendingPathComponent("done") }
    var failed: URL { folder.appendingPathComponent("failed") }

    /// Watches until SIGTERM or SIGINT. `stop` must be created before the store was opened.
    func run(until stop: StopSignals) throws {
        for dir in [done, failed] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        say("watching \(folder.path) every \(poll) s (complete after \(settle) s unchanged); store \(store.path)")
        var tracker = StabilityTracker(settle: settle)
        repeat {
            let complete = tracker.complete(try InboxScan.csvFiles(in: folder), now: Date())
            if !complete.isEmpty { try importSet(complete) }
        } while !stop.wait(seconds: poll)
        say("stopped")
    }

    /// Imports one file set; see the type's comment.
    func importSet(_ files: [URL]) throws {
        var pending = try files.filter { url in
            // Unreadable (gone already): left to the import, whose error names it.
            guard (try? store.hasImported(url)) == true else { return true }
            try move(url, to: done)
            say("\(url.lastPathComponent): already imported (same name and checksum in the import log); moved to done/")
            return false
        }
        while !pending.isEmpty {
            do {
                let summary = try store.importFiles(pending, intoDemo: intoDemo)
                for url in pending { try move(url, to: done) }
                say(summary.report)
                return
            } catch let error as ImportError {
                guard let bad = pending.firstIndex(where: { $0.lastPathComponent == error.file }) else {
                    return try fail(pending, error)
                }
                try fail([pending.remove(at: bad)], error)
            } catch StoreError.busy(let path) {
                say("\(path): the store is busy; trying again at the next scan")
                return
            } catch {
                return try fail(pending, error)
            }
        }
    }

    private func fail(_ urls: [URL], _ error: any Error) throws {
        for url in urls {
            guard FileManager.default.fileExists(atPath: url.path) else {
                say("\(url.lastPathComponent): gone from the inbox before it could be imported: \(error)")
                continue
            }
            let moved = try move(url, to: failed)
            let text = "\(error)\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: moved.path + ".error.txt"))
            say("\(url.lastPathComponent): failed, moved to failed/\(moved.lastPathComponent): \(error)")
        }
    }

    /// Moves `url` into `dir`, adding `.1`, `.2` … when the name is taken there.
    @discardableResult
    private func move(_ url: URL, to dir: URL) throws -> URL {
        var target = dir.appendingPathComponent(url.lastPathComponent)
        var n = 0
        while FileManager.default.fileExists(atPath: target.path) {
            n += 1
            target = dir.appendingPathComponent("\(url.lastPathComponent).\(n)")
        }
        try FileManager.default.moveItem(at: url, to: target)
        return target
    }

    private func say(_ line: String) {
        // Unbuffered, so a pipe or the journal sees each line as it happens.
        FileHandle.standardOutput.write(Data("\(Self.timestamp()) \(line)\n".utf8))
    }

    private static func timestamp() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: Date())
    }
}

/// Which files have stopped changing: a file is complete once its size and modification time
/// were the same at every scan for `settle` seconds.
struct StabilityTracker {
    let settle: Double
    private var seen: [String: (size: Int, modified: Date, since: Date)] = [:]

    init(settle: Double) { self.settle = settle }

    mutating func complete(_ files: [URL], now: Date) -> [URL] {
        var next: [String: (size: Int, modified: Date, since: Date)] = [:]
        var result: [URL] = []
        for url in files {
            guard let a = try? FileManager.default.attributesOfItem(atPath: url.path),
                  let size = (a[.size] as? NSNumber)?.intValue, let modified = a[.modificationDate] as? Date else { continue }
            var entry = (size: size, modified: modified, since: now)
            if let old = seen[url.path], old.size == size, old.modified == modified { entry.since = old.since }
            next[url.path] = entry
            if now.timeIntervalSince(entry.since) >= settle { result.append(url) }
        }
        seen = next
        return result
    }
}

enum InboxScan {
    /// The regular, non-hidden `*.csv` files directly in `folder`, by name.
    static func csvFiles(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
            .filter { url in
                let name = url.lastPathComponent
                return name.hasSuffix(".csv") && !name.hasPrefix(".")
                    && (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
