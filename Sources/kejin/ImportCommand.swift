import ArgumentParser
import Foundation
import KejinStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import CSV files into the store (all files in one transaction).",
        discussion: "The file name names the entity: loans.csv, loan_balances-2025-06.csv, … See the README for headers. Files are read as UTF-8 when they are valid UTF-8, else as GB18030 (Excel's CSV in a Chinese locale)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var newStore: NewStoreOptions
    @Flag(help: "Add the files to a store holding the demo data set (it stays marked as demo).") var intoDemo = false
    @Flag(name: .long, help: "Check every file and report what would change (rows new, changed, periods); write nothing.")
    var dryRun = false
    @Option(name: .long, help: "Read the files as utf-8 or gb18030 (gbk is read as gb18030; default: utf-8 when valid, else gb18030).")
    var encoding: FileEncoding?
    @Flag(name: .long, help: "Resubmission: each bank's balances of each period in the files replace its stored ones, each guarantor's guarantees and each bank's re-lending draws its stored ones (rows left out are removed).")
    var replace = false
    @Flag(name: .long, help: "No progress line on stderr.")
    var quiet = false
    @Argument(help: "CSV files to import.") var files: [String] = []
    @OptionGroup var inbox: InboxOptions

    func run() throws {
        if try inbox.watch(files: files, storePath: storeOptions.path, access: newStore.access, intoDemo: intoDemo) { return }
        let store = try storeOptions.open(access: newStore.access)
        if intoDemo, try store.contents() == .demo {
            printError("kejin: warning: mixing these files into the demo data set in \(store.path); its figures stay marked as demo (演示数据).")
        }
        let progress = ProgressLine.forStderr(quiet: quiet)
        defer { progress?.finish() }
        let options = ImportOptions(encoding: encoding, dryRun: dryRun, progress: progress?.callback, replace: replace,
                                    waiting: Self.waiting(store))
        let summary = try store.importFiles(files.map { URL(fileURLWithPath: $0) }, intoDemo: intoDemo, options: options)
        progress?.finish()
        print(summary.report)
    }
}

extension ImportCommand {
    /// The line an import prints when another holds the store's import lock (PostgreSQL; on
    /// SQLite it waits in the busy timeout): without it a blocked import looks hung.
    static func waiting(_ store: Store) -> @Sendable () -> Void {
        let address = store.path
        return { printError("kejin: another import is running on \(address); waiting for it to finish… (另一个导入正在进行，等待中)") }
    }
}

extension FileEncoding: ExpressibleByArgument {
    /// `utf-8`, `gb18030`, and the spellings people type for them (`utf8`, `gbk`, `gb2312`, any case).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }
}

extension ImportSummary {
    /// One line per file, then the total: what `import` and `demo` print. A dry run counts new
    /// and changed rows, names the periods and says nothing was written.
    var report: String {
        var lines = files.map { f -> String in
            var counts = "\(f.rows) rows"
            if let new = f.new, let changed = f.changed {
                counts += ": \(new) new, \(changed) changed, \(f.rows - new - changed) unchanged"
            }
            return "  \(f.name): \(counts) (\(f.entity), \(f.encoding), checksum \(f.checksum))"
        }
        // --replace: per reporter and period, what its resubmission did.
        lines += replaced.map {
            "  replaced \($0.reporter) " + ($0.period.isEmpty ? $0.entity : $0.period)
                + ": \($0.added) added, \($0.changed) changed, \($0.removed) removed"
        }
        guard dryRun else { return (["imported \(files.count) file(s), \(rows) rows:"] + lines).joined(separator: "\n") }
        let periodLine = "  periods touched: " + (periods.isEmpty ? "none" : periods.joined(separator: ", "))
        return (["dry run: \(files.count) file(s), \(rows) rows checked, all valid:"] + lines + [periodLine,
                 "nothing was written to the store."]).joined(separator: "\n")
    }
}
