import GRDB
import KejinCore

/// The Reporting screen's drill-down: the import log entries behind one reporter's delivery
/// for a period (every import that delivered it, newest first): time, who, file, rows, what a
/// `--replace` added, changed and removed, and the file's checksum.
struct DeliveryLogQuery {
    let base: DetailQuery

    func entries(_ reporter: String) throws -> DetailRows {
        let rows = try Row.fetchAll(base.db, sql: """
            SELECT l.id, l.file, l.imported_at, l.imported_by, d.rows, d.added, d.changed, d.removed, l.checksum
            FROM delivery_log d JOIN import_log l ON l.id = d.import_id
            WHERE d.institution = ? AND d.period = ? ORDER BY l.id DESC, d.entity
            """, arguments: [reporter, base.period.key]).map { row -> DetailRow in
            let file: String = row[1]
            return DetailRow(code: "\(row[0] as Int64)", name: Names(zh: file, en: file), values: [
                .count(row[0]), .date(row[2]), .text(row[3] ?? ""), .count(row[4]),
                .count(row[5]), .count(row[6]), .count(row[7]), .text(row[8]),
            ], next: nil)
        }
        return DetailRows(request: .deliveries(reporter: reporter), period: base.period, nameField: .file,
                          fields: [.importID, .importedAt, .importedBy, .rows, .added, .changed, .removed, .checksum], rows: rows)
    }
}
