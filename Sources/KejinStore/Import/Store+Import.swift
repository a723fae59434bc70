import Foundation
import GRDB

extension Store {
    /// Imports CSV files in one transaction; see CSVFormat.md. Throws `ImportError` naming the
    /// first bad row; the store is then unchanged. With `options.dryRun` the whole import runs
    /// (every check, every upsert, the summaries) and is rolled back: the summary then counts
    /// new and changed rows and the periods touched, and nothing is written.
    public func importFiles(_ urls: [URL], options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        guard !readOnly else { throw StoreError.readOnly(path: path) }
        let summary: ImportSummary
        do {
            // IMMEDIATE: take the write lock up front (waiting up to the busy timeout), so a
            // concurrent writer cannot make this transaction fail half-way with SQLITE_BUSY.
            summary = try dbQueue.writeWithoutTransaction { db in
                var result: ImportSummary?
                try db.inTransaction(.immediate) {
                    result = try Importer(db: db, options: options).run(urls)
                    return options.dryRun ? .rollback : .commit
                }
                return result!
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
        if !options.dryRun { ownImports += 1 }
        return summary
    }
}
