import GRDB
import KejinCore

/// The Reporting screen's drill-down: the import log entries behind one reporter's delivery
/// for a period (every import that delivered it, newest first): time, who, file, rows, what a
/// `--replace` added, changed and removed, and the file's checksum.
struct DeliveryLogQuery {
    let base: DetailQuery

    func entries(_ reporter: String) throws -> DetailRows {
        let rows = try base.session.fetch("""
            SELECT l.id, l.file, l.imported_at, l.imported_by, d.rows, d.added, d.changed, d.removed, l.checksum
            FROM delivery_log d JOIN import_log l ON l.id = d.import_id
            WHERE d.institution = ?1 AND d.period = ?2 ORDER BY l.id DESC, d.entity
            """, reporter, base.period.key).map { row -> DetailRow in
            let file: String = try row.get(1)
            return DetailRow(code: "\(try row.get(0, as: Int64.self))", name: Names(zh: file, en: file), values: [
                .count(try row.get(0)), .date(try row.get(2)), .text(try row.get(3, as: String?.self) ?? ""), .count(try row.get(4)),
                .count(try row.get(5)), .count(try row.get(6)), .count(try row.get(7)), .text(try row.get(8)),
            ], next: nil)
        }
        return DetailRows(request: .deliveries(reporter: reporter), period: base.period, nameField: .file,
                          fields: [.importID, .importedAt, .importedBy, .rows, .added, .changed, .removed, .checksum], rows: rows)
    }
}
