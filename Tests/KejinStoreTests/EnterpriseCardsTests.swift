import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// The enterprise lists read through the firms' cards a viewer keeps (EnterpriseCards.swift)
/// equal the lists read whole, month after month back and forth (tags turning valid or
/// expired between them), after reference imports, and with cards dropped for room.
@Suite struct EnterpriseCardsTests {
    let data = ScaleData(loans: 3_000, months: 14)
    let f: Fixture
    let store: Store

    init() throws {
        f = try Fixture()
        store = try f.store()
        _ = try store.importFiles(try data.references.map { try f.write($0.0, $0.1) } + [try f.write("loans.csv", data.loanFile)])
        _ = try store.importFiles(try (0..<data.months).map {
            try f.write("loan_balances-\(data.periods[$0].key).csv", data.balanceFile(month: $0))
        })
    }

    static let lists: [DrillRequest] = [.enterprises(chain: "C1", bank: nil), .enterprises(chain: nil, bank: "B2"),
                                        .enterprises(chain: "C3", bank: "B3"), .inRegion("C1", .enterprises(chain: "C4", bank: nil))]

    /// The list read whole (no kept reads), its tags' validity worked out by SQL (`tags(of:)`).
    func fresh(_ request: DrillRequest, _ period: Period) throws -> DetailRows {
        let rows = try store.readSession { try DetailQuery(session: $0, period: period).rows(request) }
        let tags = try store.readSession { try DetailQuery(session: $0, period: period).tags(of: rows.rows.map(\.code)) }
        let column = try #require(rows.fields.firstIndex(of: .tags))
        for row in rows.rows { #expect(row.values[column] == .tags(tags[row.code] ?? []), "\(row.code) \(period.key)") }
        return rows
    }

    @Test func keptCardsGiveTheListsReadWholeMonthAfterMonth() throws {
        // 2023-12 → 2023-03 crosses high_tech's valid_from (2023-06-01): the same cards, other validity.
        let months = [data.periods[11], data.periods[2], data.periods[5], data.periods[6], data.periods.last!]
        for request in Self.lists {
            for period in months {
                #expect(try store.detail(request, period: period) == fresh(request, period), "\(request) \(period.key)")
            }
        }
        let cards = try store.readSession { try store.versioned.enterpriseCards($0) }
        let read = cards.cardsRead
        #expect(read > 0 && cards.count == read)
        // Moving a month on a list read before reads no card again (the firms are the same).
        for period in months { _ = try store.detail(Self.lists[0], period: period) }
        #expect(cards.cardsRead == read)
        // Validity did change between the months compared.
        let valid = { (p: Period) in try fresh(Self.lists[0], p).rows.flatMap { row -> [Bool] in
            guard case .tags(let tags) = row.values.last else { return [] }
            return tags.map(\.validAtPeriodEnd)
        } }
        #expect(try valid(data.periods[2]).filter { $0 }.count < valid(data.periods[11]).filter { $0 }.count)
    }

    /// A name, chain or tag import moves the reference version: the lists show the new cards.
    @Test func referenceImportsReplaceTheCards() throws {
        let p = data.periods.last!
        let request = DrillRequest.enterprises(chain: nil, bank: "B1")
        let before = try store.detail(request, period: p)
        let firm = try #require(before.rows.first).code
        _ = try store.importFiles([
            try f.write("enterprises.csv", "code,name_zh,name_en,chain,region\n\(firm),新名,New name,C9,K11\n", folder: "a"),
            try f.write("enterprise_tags.csv", "enterprise,tag,certificate,valid_from,valid_to\n\(firm),srdi,S1,2000-01-01,2099-12-31\n", folder: "a"),
        ])
        let after = try store.detail(request, period: p)
        #expect(after == (try fresh(request, p)))
        let row = try #require(after.rows.first { $0.code == firm })
        #expect(row.name == Names(zh: "新名", en: "New name"))
        guard case .tags(let tags) = row.values.last else { Issue.record("no tags"); return }
        #expect(tags.contains { $0.tag == "srdi" && $0.validAtPeriodEnd })
    }

    /// Cards past the capacity go least recently listed first, never the list's own; a list
    /// longer than the capacity is read whole and keeps none.
    @Test func cardsBeyondTheCapacityAreDroppedOldestFirst() throws {
        let cards = EnterpriseCards(capacity: 8)
        var reads: [[String]] = []
        func ask(_ codes: [String]) throws -> [String] {
            try cards.cards(codes) { missing in
                reads.append(missing)
                return Dictionary(uniqueKeysWithValues: missing.map { ($0, EnterpriseCard(names: Names(zh: $0, en: $0), chain: nil, tags: [])) })
            }.map { $0.names?.en ?? "-" }
        }
        #expect(try ask(["a", "b", "c"]) == ["a", "b", "c"])
        #expect(try ask(["d", "e", "f"]) == ["d", "e", "f"])
        #expect(try ask(["c", "b", "a"]) == ["c", "b", "a"])  // kept: "a" to "c" listed last
        #expect(reads == [["a", "b", "c"], ["d", "e", "f"]])
        #expect(try ask(["g", "h", "i"]) == ["g", "h", "i"])  // 9 > 8: down to 6, "d" to "f" dropped
        #expect(cards.count == 6)
        #expect(try ask(["a", "g", "b", "h", "c", "i"]) == ["a", "g", "b", "h", "c", "i"])
        #expect(reads.count == 3)
        // Kept and read cards interleaved keep the asked order.
        #expect(try ask(["a", "d", "b", "e"]) == ["a", "d", "b", "e"])
        #expect(reads.last == ["d", "e"])
        let long = (0..<9).map { "x\($0)" }
        #expect(try ask(long) == long)
        #expect(reads.last == long && cards.count == 8)
    }
}
