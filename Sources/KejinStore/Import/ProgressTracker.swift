import Foundation

/// Turns the importer's position (file, rows, lines) into `ImportProgress` reports. Without a
/// callback every method returns at once, so the import pays nothing for it.
struct ProgressTracker {
    private let report: (@Sendable (ImportProgress) -> Void)?
    private let bytesTotal: Int
    private var file = ""
    private var fileBytes = 0, fileLines = 0
    /// Bytes of the files finished before this one; rows of those files.
    private var bytesBefore = 0, rowsBefore = 0
    private var rows = 0

    init(report: (@Sendable (ImportProgress) -> Void)?, urls: [URL]) {
        self.report = report
        // Sizes up front, for the percent over all files; only when someone is listening.
        bytesTotal = report == nil ? 0 : urls.reduce(0) { total, url in
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
            return total + (size ?? 0)
        }
    }

    mutating func startFile(_ name: String, bytes: Int, lines: Int) {
        guard report != nil else { return }
        bytesBefore += fileBytes
        rowsBefore = rows
        file = name; fileBytes = bytes; fileLines = max(lines, 1)
        send(.rows, bytesBefore)
    }

    /// `count` data rows of the current file written; `line` its last row number (header = 1).
    mutating func rows(_ count: Int, line: Int) {
        guard report != nil else { return }
        rows = rowsBefore + count
        send(.rows, bytesBefore + Int(Double(fileBytes) * min(1, Double(line) / Double(fileLines))))
    }

    func summary() {
        guard report != nil else { return }
        send(.summary, max(bytesTotal, bytesBefore + fileBytes))
    }

    private func send(_ stage: ImportProgress.Stage, _ done: Int) {
        report?(ImportProgress(stage: stage, file: file, rows: rows, bytesDone: done,
                               bytesTotal: max(bytesTotal, bytesBefore + fileBytes)))
    }
}
