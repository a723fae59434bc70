#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The Programme screen's queries (ProgrammeQuery) read alike on PostgreSQL and SQLite: the
/// demo copied into a throwaway database, every period's programme figures compared.
@Suite(.serialized) struct PortedProgrammeTests {
    @Test func programmeReadsAlikeOnBothEngines() throws {
        let demo = try DemoOnBothEngines("programme")
        defer { demo.close() }
        let periods = try demo.both("periods") { try PeriodSummary.periods($0) }
        let book = try demo.both("new loans") { try NewLoanBook.read($0).groups.map { "\($0)" } }
        #expect(!book.isEmpty)
        for period in periods {
            let p = try demo.both("programme \(period.key)") {
                try ProgrammeQuery(session: $0, period: period, book: NewLoanBook.read($0)).figures()
            }
            // The demo's whitelist runs 2024-01-01 … 2025-12-31.
            #expect((p.whitelist.listed > 0) == (period >= PolicyEffect.firstMonth))
        }
        // The demo's new loans to tech-tagged firms since 2024 grow month by month.
        let last = try demo.sqlite.read { try ProgrammeQuery(session: $0, period: periods.last!, book: NewLoanBook.read($0)).figures() }
        #expect(last.policyEffect.total.amount > .zero)
    }
}
#endif
