import Foundation
import KejinCore

/// What an enterprise list shows of a firm besides its sums: its names, its chain and its
/// tags. All reference data: it changes only with the reference version, never with the month.
struct EnterpriseCard: Equatable, Sendable {
    /// nil: no such row in enterprises (the list shows the code instead).
    var names: Names?
    var chain: String?
    /// In the list's order (valid_from, then tag), each with its dates; whether it is valid is
    /// the period's to say (`tags(at:)`).
    var tags: [EnterpriseTag]

    /// The tags as a list of the period ending `end` shows them: valid when the end date lies
    /// within their dates. Compared as bytes, as SQLite compares TEXT (and PostgreSQL in the
    /// `C` locale the README asks for).
    func tags(at end: String) -> [EnterpriseTag] {
        tags.map { t in
            var tag = t
            tag.validAtPeriodEnd = !Self.before(end, t.validFrom) && !Self.before(t.validTo, end)
            return tag
        }
    }

    private static func before(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// `cards` in the order of `codes` (a code `read` found nothing for: a card without names).
    static func ordered(_ codes: [String], _ cards: [String: EnterpriseCard]) -> [EnterpriseCard] {
        codes.map { cards[$0] ?? EnterpriseCard(names: nil, chain: nil, tags: []) }
    }

    /// The cards of `codes` (each code once), read in chunks (SQLite limits bound variables).
    /// A code with no enterprises row gets a card without names.
    static func read(_ session: any StoreSession, _ codes: [String]) throws -> [String: EnterpriseCard] {
        var cards: [String: EnterpriseCard] = [:]
        cards.reserveCapacity(codes.count)
        var start = 0
        while start < codes.count {
            let chunk = Array(codes[start..<min(codes.count, start + 500)])
            start += chunk.count
            for code in chunk { cards[code] = EnterpriseCard(names: nil, chain: nil, tags: []) }
            let marks = PeriodSummary.marks(1, chunk.count), arguments = chunk.map(SQLValue.text)
            try session.cursor("SELECT code, name_zh, name_en, chain FROM enterprises WHERE code IN (\(marks))", arguments) { row in
                let code: String = try row.get(0)
                cards[code]?.names = Names(zh: try row.get(1), en: try row.get(2))
                cards[code]?.chain = try row.get(3)
                return true
            }
            try session.cursor("""
                SELECT enterprise, tag, certificate, valid_from, valid_to FROM enterprise_tags
                WHERE enterprise IN (\(marks)) ORDER BY enterprise, valid_from, tag
                """, arguments) { row in
                cards[try row.get(0)]?.tags.append(EnterpriseTag(tag: try row.get(1), certificate: try row.get(2),
                                                                 validFrom: try row.get(3), validTo: try row.get(4),
                                                                 validAtPeriodEnd: false))
                return true
            }
        }
        return cards
    }
}

/// The cards of the enterprises the lists showed lately, for one reference version (a book of
/// `ReferenceBooks`, shared by a viewer's connections). A month's move on a list reads the
/// month's sums and only the cards of firms new to it: at 1M loans a chain's 2,500 firms'
/// names and tags were four fifths of its list. At most `capacity` cards, the least recently
/// listed dropped first (~10,000 cards, a few MiB); a list longer than that (every enterprise)
/// is read whole each time and keeps none.
final class EnterpriseCards: @unchecked Sendable {
    let capacity: Int
    private let lock = NSLock()
    private var kept: [String: (card: EnterpriseCard, listed: Int)] = [:]
    /// Lists served: the stamp of the latest.
    private var lists = 0
    /// Cards read from the store (tests check a month's move reads none).
    private(set) var cardsRead = 0

    init(capacity: Int = 10_000) { self.capacity = capacity }

    /// The cards of `codes`, in their order: kept ones, and the others read by `read` (outside
    /// the lock, so one thread's read never holds up another's list).
    func cards(_ codes: [String], read: ([String]) throws -> [String: EnterpriseCard]) throws -> [EnterpriseCard] {
        guard codes.count <= capacity else {
            lock.withLock { cardsRead += codes.count }
            return EnterpriseCard.ordered(codes, try read(codes))
        }
        var found: [EnterpriseCard?] = []
        found.reserveCapacity(codes.count)
        var missing: [String] = []
        let stamp = lock.withLock { () -> Int in
            lists += 1
            for code in codes {
                if let i = kept.index(forKey: code) {
                    kept.values[i].listed = lists
                    found.append(kept.values[i].card)
                } else {
                    found.append(nil)
                    missing.append(code)
                }
            }
            return lists
        }
        guard !missing.isEmpty else { return found.map { $0! } }
        let new = try read(missing)
        lock.withLock {
            cardsRead += missing.count
            for (code, card) in new { kept[code] = (card, stamp) }
            if kept.count > capacity { dropLeastRecent(keeping: codes.count) }
        }
        let read = EnterpriseCard.ordered(missing, new)
        var next = 0
        return found.map { card in
            if let card { return card }
            defer { next += 1 }
            return read[next]
        }
    }

    /// Down to three quarters of `capacity` (so a few lists more fit before the next sort), and
    /// never below the `count` cards of the list just served (they carry the latest stamps).
    private func dropLeastRecent(keeping count: Int) {
        let keep = max(capacity * 3 / 4, count)
        let byAge = kept.sorted { $0.value.listed < $1.value.listed }
        for (code, _) in byAge.prefix(kept.count - keep) { kept[code] = nil }
    }

    var count: Int { lock.withLock { kept.count } }
}
