import Foundation
import GRDB
import KejinCore
@testable import KejinStore
import Testing

/// A region's re-lending figures come from the month's draws read once for the whole store and
/// split by the drawing banks' regions (MonthReads.swift). Here they are checked against the
/// filtered queries the figures used before — the region's draws, ledger and ineligible ledger
/// per tool and bank, each with the region's bank filter — written out again in the test, for
/// every region of the demo (its province, city and ten counties) and every month.
@Suite struct RegionCoverageTests {
    /// Per tool and bank: drawn, ledger balance, ineligible balance, ineligible loans; per tool:
    /// drawn, ledger balance, ledger loans — of the draws of the banks in `regions`.
    private struct Reference: Equatable {
        var banks: [String: [Int64]] = [:]
        var tools: [String: [Int64]] = [:]
    }

    private static func reference(_ db: Database, _ period: Period, regions: Set<String>) throws -> Reference {
        let outstanding = """
            d.draw_date <= :e AND d.maturity_date > :e AND (d.repaid_date IS NULL OR d.repaid_date > :e)
            AND d.bank IN (SELECT code FROM institutions i WHERE coalesce(i.region, '') IN (SELECT value FROM json_each(:regions)))
            """
        let args: StatementArguments = ["e": period.endDate, "p": period.key, "regions": RegionSummary.json(regions)]
        var result = Reference()
        for row in try Row.fetchAll(db, sql: """
            SELECT d.tool, d.bank, sum(d.amount) FROM relending_draws d WHERE \(outstanding) GROUP BY d.tool, d.bank
            """, arguments: args) {
            result.banks["\(row[0] as String)/\(row[1] as String)", default: [0, 0, 0, 0]][0] = row[2]
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT d.tool, d.bank, sum(s.balance) FROM relending_draws d
            JOIN draw_summary s ON s.period = :p AND s.draw = d.code WHERE \(outstanding) GROUP BY d.tool, d.bank
            """, arguments: args) {
            result.banks["\(row[0] as String)/\(row[1] as String)", default: [0, 0, 0, 0]][1] = row[2]
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT d.tool, d.bank, sum(s.balance), sum(s.loans) FROM relending_draws d
            JOIN draw_ineligible_summary s ON s.period = :p AND s.draw = d.code WHERE \(outstanding) GROUP BY d.tool, d.bank
            """, arguments: args) {
            result.banks["\(row[0] as String)/\(row[1] as String)", default: [0, 0, 0, 0]][2] = row[2]
            result.banks["\(row[0] as String)/\(row[1] as String)", default: [0, 0, 0, 0]][3] = row[3]
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT d.tool, sum(d.amount) FROM relending_draws d WHERE \(outstanding) GROUP BY d.tool
            """, arguments: args) {
            result.tools[row[0], default: [0, 0, 0]][0] = row[1]
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT d.tool, sum(s.balance), sum(s.loans) FROM relending_draws d
            JOIN draw_summary s ON s.period = :p AND s.draw = d.code WHERE \(outstanding) GROUP BY d.tool
            """, arguments: args) {
            result.tools[row[0], default: [0, 0, 0]][1] = row[1]
            result.tools[row[0], default: [0, 0, 0]][2] = row[2]
        }
        return result
    }

    /// The same numbers from a region's figures.
    private static func shown(_ f: Figures) -> Reference {
        var result = Reference()
        for t in f.relendingTools {
            for b in t.bankCoverage {
                let c = b.coverage
                // eligible = ledger − ineligible balance; the ineligible balance is not kept apart.
                result.banks[b.id] = [c.drawn.fen, c.eligibleLedger.fen, 0, Int64(c.ineligibleLoans)]
            }
            if t.drawn > .zero { result.tools[t.code] = [t.drawn.fen, t.ledgerLoanBalance.fen, Int64(t.ledgerLoans)] }
        }
        return result
    }

    @Test func everyDemoRegionsCoverageEqualsItsFilteredQueries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kejin-regioncoverage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("kejin.sqlite").path)
        _ = try store.importDemo()
        let tree = try store.regionTree()
        #expect(tree.regions.count == 12)
        var banksSeen: Set<String> = [], ineligibleSeen = false
        for period in try store.availablePeriods() {
            for region in tree.regions {
                let expected = try store.dbQueue.read { db in
                    var r = try Self.reference(db, period, regions: tree.subtree(region.code))
                    // As shown: eligible = ledger − ineligible, ineligible loans counted.
                    for (key, v) in r.banks { r.banks[key] = [v[0], v[1] - v[2], 0, v[3]] }
                    return r
                }
                let f = try store.figures(for: period, region: region.code)
                #expect(Self.shown(f) == expected, "\(region.code) at \(period.key)")
                banksSeen.formUnion(expected.banks.keys)
                if expected.banks.values.contains(where: { $0[3] > 0 }) { ineligibleSeen = true }
            }
        }
        // Not vacuous: the demo's drawing banks (city branches, 汉阴农商, 旬阳农商) in their
        // regions, and the staged ineligible ledger loans.
        #expect(banksSeen.count >= 5 && ineligibleSeen)
        #expect(try store.figures(for: Period("2025-05")!, region: "610921").relendingTools.contains { $0.drawn > .zero })
    }

    /// The months' shared reads are kept per store version: an import empties them, and the
    /// figures follow it.
    @Test func theMonthsReadsFollowAnImport() throws {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try RelendingCoverageTests.files.map { try f.write($0.0, $0.1) })
        let may = Period("2025-05")!
        let before = try store.figures(for: may)
        #expect(before.relendingTools.first { $0.code == "AG" }?.drawn == .yuan(1_500_000))
        _ = try store.importFiles([try f.write("relending_draws-more.csv", """
            code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used
            DA3,AG,B2,2025-02-01,2025-12-31,250000,0

            """)])
        let (after, scan) = try store.summaryAndFullScan(for: may)
        #expect(after.relendingTools.first { $0.code == "AG" }?.drawn == .yuan(1_750_000))
        #expect(after == scan)
    }
}
