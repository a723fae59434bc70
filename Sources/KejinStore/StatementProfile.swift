import Foundation
import GRDB

extension Configuration {
    /// With `KEJIN_SQL_PROFILE` set, each SQLite statement's time and text go to standard
    /// error as it finishes (`kejin-sql <ms> <sql>`), one line each, for finding where an
    /// import's or a screen's time goes: `KEJIN_SQL_PROFILE=1 kejin import … 2>&1 | sort -k2 -n`.
    /// The text is the statement as written, its `?` unbound, so repeats of one statement can
    /// be added up.
    mutating func profileStatementsWhenAsked(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard environment["KEJIN_SQL_PROFILE"] != nil else { return }
        prepareDatabase { db in
            db.trace(options: .profile) { event in
                guard case .profile(let statement, let duration) = event else { return }
                let line = "kejin-sql \(String(format: "%.3f", duration * 1000)) \(statement.sql.split(whereSeparator: \.isNewline).joined(separator: " "))\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }
}
