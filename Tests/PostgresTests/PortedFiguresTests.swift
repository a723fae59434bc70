#if PostgreSQL
import Foundation
import KejinCore
@testable import KejinStore
import Testing
import ThrowawayPostgres

/// The figures and the bank, enterprise and region lists read alike on PostgreSQL and SQLite:
/// the demo store copied into a throwaway database, then `FiguresQuery` (Overview, Chains,
/// Re-lending, Guarantees, the alerts' rules), the Regions view and the drill-down lists run
/// on both for every period, in the whole store and in a county (汉阴县, 610921).
@Suite(.serialized) struct PortedFiguresTests {
    @Test func figuresAndListsReadAlikeOnBothEngines() throws {
        let demo = try DemoOnBothEngines("figures")
        defer { demo.close() }
        let (sqlite, postgres) = (demo.sqlite, demo.postgres)
        func both<T: Equatable>(_ what: String, _ read: (any StoreSession) throws -> T) throws -> T { try demo.both(what, read) }

        let periods = try both("periods") { try PeriodSummary.periods($0) }
        #expect(periods.count > 12)
        #expect(try both("alert rules") { try FiguresQuery.alertRules($0) }.count > 10)
        let county = "610921"
        for period in periods {
            for region in [nil, county] {
                let figures = try both("figures \(period.key) in \(region ?? "the whole store")") {
                    try FiguresQuery(session: $0, period: period, region: region).figures()
                }
                #expect(figures.city.allLoans.balance.fen > 0)
            }
        }
        // The tea chain's "of which" (seed-figures.md) and the tech tool's first loan, on both engines.
        let may = try both("figures 2025-05") { try FiguresQuery(session: $0, period: Period("2025-05")!).figures() }
        let categories = try both("categories 2025-05") { try FiguresQuery(session: $0, period: Period("2025-05")!).chainCategories() }
        #expect(categories["TEA"] == [
            CategoryMeasure(category: .keySmallMicro, firms: 9, balance: Money(fen: 4_901_500_000)),
            CategoryMeasure(category: .newAgriEntity, firms: 42, balance: Money(fen: 2_370_690_000)),
        ])
        #expect(may.relendingTools.first { $0.code == "RL-TECH" }?.firstLoan?.amount == Money.wan(500))
        // The same through the reads kept per store version (a viewer's path), on each engine.
        let latest = periods.last!
        let kept = (VersionedReads(), VersionedReads())
        let once = try sqlite.read { try FiguresQuery(session: $0, period: latest, versioned: kept.0, region: county).figures() }
        #expect(try postgres.read { try FiguresQuery(session: $0, period: latest, versioned: kept.1, region: county).figures() } == once)
        // A period move on PostgreSQL: every cursor the figures open was sent ahead (a cursor
        // not sent ahead is three statements: DECLARE, FETCH, CLOSE), and what is kept per
        // version (the chains, guarantors, periods, last import) is neither sent nor read.
        for region in [nil, county] {
            let reads = ReadLog()
            let moved = try postgres.read { try FiguresQuery(session: ReadLogging(session: $0, log: reads), period: latest.previous,
                                                             versioned: kept.1, region: region).figures() }
            #expect(try sqlite.read { try FiguresQuery(session: $0, period: latest.previous, region: region).figures() } == moved)
            #expect(!reads.cursors.isEmpty && reads.cursors.allSatisfy(reads.sent.contains), "\(region ?? "whole store")")
            let keptReads = [FiguresQuery.chainsRead, FiguresQuery.guarantorsRead, Prefetch(PeriodSummary.periodsSQL), FiguresQuery.lastChangeRead]
            #expect(reads.sent.isDisjoint(with: keptReads.map(\.sql)) && reads.fetched.isDisjoint(with: keptReads.map(\.sql)))
        }

        let chains = try both("chains") { try $0.fetchColumn("SELECT code FROM chains ORDER BY code", as: String.self) }
        let banks = try both("banks") { try $0.fetchColumn("SELECT code FROM institutions WHERE kind = 'bank' ORDER BY code", as: String.self) }
        #expect(!chains.isEmpty && !banks.isEmpty)
        for period in periods.suffix(2) {
            for region in [nil, county] {
                let regions = try both("child regions \(period.key) in \(region ?? "the whole store")") {
                    try FiguresQuery(session: $0, period: period, region: region).childRegions()
                }
                #expect(region != nil || !regions.isEmpty)
                var lists: [DrillRequest] = [.banks, .fourLoans]
                for chain in chains { lists += [.chainBanks(chain: chain), .enterprises(chain: chain, bank: nil)] }
                for bank in banks { lists.append(.enterprises(chain: nil, bank: bank)) }
                lists.append(.enterprises(chain: chains[0], bank: banks[0]))
                var rows = 0
                for list in lists {
                    let request = region.map { DrillRequest.inRegion($0, list) } ?? list
                    let read = try both("\(request) \(period.key)") { try DetailQuery(session: $0, period: period).rows(request) }
                    rows += read.rows.count
                    // The same through the firms' cards kept across periods (a viewer's path).
                    func throughCards(_ session: any StoreSession, _ versioned: VersionedReads) throws -> DetailRows {
                        var query = DetailQuery(session: session, period: period)
                        query.versioned = versioned
                        return try query.rows(request)
                    }
                    #expect(try sqlite.read { try throughCards($0, kept.0) } == read, "\(request) \(period.key), SQLite, kept cards")
                    #expect(try postgres.read { try throughCards($0, kept.1) } == read, "\(request) \(period.key), PostgreSQL, kept cards")
                }
                #expect(rows > 100)
            }
        }
    }

    /// What a session was asked to send ahead, fetch and open a cursor on.
    final class ReadLog { var sent: Set<String> = [], fetched: Set<String> = [], cursors: [String] = [] }

    /// A read session that notes its reads and does them as the session it wraps.
    struct ReadLogging: StoreSession {
        let session: any StoreSession
        let log: ReadLog
        func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int { try session.execute(sql, arguments) }
        func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [any SQLRow] {
            log.fetched.insert(sql)
            return try session.fetch(sql, arguments)
        }
        func cursor(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Bool) throws {
            log.cursors.append(sql)
            try session.cursor(sql, arguments, body)
        }
        func prefetch(_ statements: [Prefetch]) throws {
            log.sent.formUnion(statements.map(\.sql))
            try session.prefetch(statements)
        }
        func storeVersion() throws -> StoreVersion { try session.storeVersion() }
        func tableExists(_ name: String) throws -> Bool { try session.tableExists(name) }
        func prepare(_ sql: String) throws -> any PreparedStatement { try session.prepare(sql) }
        func beginLoad(into table: String, columns: [String]) throws -> any BulkAppender { try session.beginLoad(into: table, columns: columns) }
        func beginBulkWrite() throws { try session.beginBulkWrite() }
        var prefersBulkLoad: Bool { session.prefersBulkLoad }
    }
}
#endif
