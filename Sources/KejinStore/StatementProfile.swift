import Foundation
import GRDB
#if PostgreSQL
import PostgresNIO
#endif

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
                FileHandle.standardError.write(Data(StatementProfile.line(ms: duration * 1000, statement.sql).utf8))
            }
        }
    }
}

/// `KEJIN_SQL_PROFILE` on PostgreSQL: each statement's line (`kejin-sql <ms> <sql>`, as SQLite's)
/// when its answer arrives, the time from its sending — so a statement sent ahead
/// (`prefetch`, a read's BEGIN) counts the ones before it on its connection too.
final class StatementProfile: Sendable {
    static let shared: StatementProfile? = ProcessInfo.processInfo.environment["KEJIN_SQL_PROFILE"] == nil ? nil : StatementProfile()

    /// `connection`: which one ran it (PostgreSQL: `c` and postgres-nio's connection id).
    static func line(ms: Double, connection: String? = nil, _ sql: String) -> String {
        let text = sql.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "kejin-sql \(String(format: "%.3f", ms)) \(connection.map { $0 + " " } ?? "")\(text)\n"
    }

    #if PostgreSQL
    func time<T>(_ answer: EventLoopFuture<T>, on connection: PostgresConnection, _ sql: String) {
        let start = DispatchTime.now().uptimeNanoseconds
        let id = "c\(connection.id)"
        answer.whenComplete { _ in
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            FileHandle.standardError.write(Data(Self.line(ms: ms, connection: id, sql).utf8))
        }
    }
    #endif
}
