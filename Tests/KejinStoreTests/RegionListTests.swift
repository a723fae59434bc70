import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// Drill-down lists in a region (`DrillRequest.inRegion`, DetailQuery.swift): a parent's Banks,
/// chain → banks and Four loans lists are the sums of its children's to the fen (borrowers
/// included), and the whole store's are the demo counties' sums; a county's lists hold only its
/// own enterprises, draws and guarantees, and every level they open stays in the county.
@Suite struct RegionListTests {
    let data = ScaleData(loans: 3_000, months: 13)

    /// The summable values of a list (money and counts), keyed by row code and field.
    static func sums(_ list: DetailRows, _ fields: [DetailField], into result: inout [String: Int64]) {
        for row in list.rows {
            for field in fields {
                let i = list.fields.firstIndex(of: field)!
                switch row.values[i] {
                case .money(let m): result["\(row.code) \(field)", default: 0] += m?.fen ?? 0
                case .count(let n): result["\(row.code) \(field)", default: 0] += Int64(n ?? 0)
                default: Issue.record("\(field) is not summable")
                }
            }
        }
    }
    static let bankFields: [DetailField] = [.techBalance, .firstFirms, .firstBalance, .creditFirms, .creditBalance,
                                            .renewalFirms, .renewalBalance, .revolvingFirms, .revolvingBalance]
    static let chainBankFields: [DetailField] = [.balance, .borrowers, .techBalance]
    static let fourLoanFields: [DetailField] = [.techBalance, .techBorrowers] + bankFields.dropFirst()

    /// `whole`'s loan lists equal the sums of `parts`' lists (each `DrillRequest.within` it).
    static func expectListsAddUp(_ store: Store, _ p: Period, whole: String?, parts: [String], chains: [String]) throws {
        var lists: [(DrillRequest, [DetailField])] = [(.banks, bankFields), (.fourLoans, fourLoanFields)]
        lists += chains.map { (.chainBanks(chain: $0), chainBankFields) }
        for (list, fields) in lists {
            var expected: [String: Int64] = [:], summed: [String: Int64] = [:]
            sums(try store.detail(list.within(whole), period: p), fields, into: &expected)
            for part in parts { sums(try store.detail(list.within(part), period: p), fields, into: &summed) }
            // Rows present in one and not the other count as zero.
            let nonzero = { (d: [String: Int64]) in d.filter { $0.value != 0 } }
            #expect(nonzero(summed) == nonzero(expected), "\(list) \(whole ?? "store") at \(p.key)")
            #expect(expected.values.contains { $0 > 0 }, "\(list): not vacuous")
        }
    }

    @Test func aParentsListsAreTheSumOfItsChildrensToTheFen() throws {
        let (_, store) = try data.importedStore()
        let tree = try store.regionTree()
        let chains = (0..<10).map { "C\($0)" }
        for p in [data.periods[6], data.periods.last!] {
            for parent in ["P", "C1", "C2"] {
                try Self.expectListsAddUp(store, p, whole: parent, parts: tree.children(of: parent).map(\.code), chains: chains)
            }
        }
    }

    /// The demo's ten counties hold every enterprise: their lists add up to the whole store's.
    @Test func theDemoCountiesListsAddUpToTheWholeStores() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let counties = try store.regionTree().children(of: "610900").map(\.code)
        let chains = try store.dbQueue.read { try String.fetchAll($0, sql: "SELECT code FROM chains") }
        let may = Period("2025-05")!
        try Self.expectListsAddUp(store, may, whole: nil, parts: counties, chains: chains)
        // Guarantees by the guaranteed enterprise's region: the counties' lists partition the store's.
        let guarantors = try store.dbQueue.read { try String.fetchAll($0, sql: "SELECT code FROM institutions WHERE kind = 'guarantor'") }
        for g in guarantors {
            let whole = try store.detail(.guarantorGuarantees(guarantor: g), period: may).rows.map(\.code).sorted()
            var parts: [String] = []
            for county in counties {
                let list = try store.detail(.guarantorGuarantees(guarantor: g).within(county), period: may)
                let outside = try store.dbQueue.read { db in
                    try list.rows.filter { row in
                        try String.fetchOne(db, sql: "SELECT e.region FROM guarantees g JOIN enterprises e ON e.code = g.enterprise WHERE g.code = ?",
                                            arguments: [row.code]) != county
                    }
                }
                #expect(outside.isEmpty, "\(g) in \(county)")
                #expect(list.rows.allSatisfy { $0.next == .inRegion(county, .guaranteeLoans(guarantee: $0.code)) })
                parts += list.rows.map(\.code)
            }
            #expect(parts.sorted() == whole)
        }
    }

    /// A county's lists hold its enterprises only, and every level opened from them stays in it.
    @Test func aCountysListsHoldOnlyItsOwnRows() throws {
        let (_, store) = try data.importedStore()
        let p = data.periods.last!
        func region(ofEnterprise code: String) -> String { ScaleData.region(ofEnterprise: Int(code.dropFirst())!) }
        let all = try store.detail(.enterprises(chain: nil, bank: nil), period: p).rows.map(\.code)
        for (index, county) in ScaleData.counties.enumerated() {
            // Bank B b lends to the enterprises e with e % 10 == b: B index lends in the county.
            let bank = "B\(index)"
            for (chain, bank) in [(nil, nil), ("C3", nil), (nil, bank), ("C3", bank)] as [(String?, String?)] {
                let list = try store.detail(.enterprises(chain: chain, bank: bank).within(county), period: p)
                #expect(list.request == .inRegion(county, .enterprises(chain: chain, bank: bank)))
                #expect(!list.rows.isEmpty && list.rows.allSatisfy { region(ofEnterprise: $0.code) == county })
                #expect(list.rows.allSatisfy { $0.next?.region == county })
            }
            // Exactly the county's enterprises among the store's.
            let mine = try store.detail(.enterprises(chain: nil, bank: nil).within(county), period: p).rows.map(\.code)
            #expect(mine.sorted() == all.filter { region(ofEnterprise: $0) == county }.sorted())
            // Another county's enterprise: no loans here, though it has some in the store.
            let other = try #require(all.first { region(ofEnterprise: $0) != county })
            #expect(!(try store.detail(.enterpriseLoans(enterprise: other, bank: nil), period: p)).rows.isEmpty)
            #expect(try store.detail(.enterpriseLoans(enterprise: other, bank: nil).within(county), period: p).rows.isEmpty)
            // Draws by the drawing bank's region (B0…B7 sit in the counties, B b in counties[b % 4]).
            let draws = try store.detail(.toolDraws(tool: "KJZD").within(county), period: p)
            let bankOfDraw = { (code: String) in Int(code.dropFirst())! }
            #expect(!draws.rows.isEmpty && draws.rows.allSatisfy { ScaleData.counties[bankOfDraw($0.code) % 4] == county && bankOfDraw($0.code) < 8 })
            let foreignDraw = "D\((index + 1) % 4)"
            #expect(!(try store.detail(.drawLoans(draw: foreignDraw), period: p)).rows.isEmpty)
            #expect(try store.detail(.drawLoans(draw: foreignDraw).within(county), period: p).rows.isEmpty)
        }
    }
}
