import KejinCore

/// `new_loan_summary`'s rows summed in memory, a loan at a time (NewLoanSummary.swift defines
/// the cuts): SQLite's recompute feeds it every stored loan; an import into a store without
/// loans feeds it each loan as it writes it (NewLoanChanges), so no recompute follows.
///
/// Each loan's chain and kinds come from its firm's row and tech tags, read once at the start
/// (100k firms: a few MB). Loans are summed by (month, bank, chain, kinds held) — a few
/// thousand groups keyed by numbers, not strings — and those into the cuts at the end.
/// "Not plain" (a value that is not what the schema stores, or a sum past Int64): the caller
/// falls back to SQL, whose arithmetic decides.
struct NewLoanSums {
    private struct Firm { var chain = 0, tags: [(kind: Int, from: String, to: String)] = [] }
    private var firms: [String: Firm] = [:]
    private var chains = [""]  // '' is no chain, as coalesce(e.chain, '')
    private var banks: [String] = [], bankNumbers: [String: Int] = [:]

    private struct Sum {
        var loans = 0, amount: Int64 = 0, weighted: Int64 = 0
        /// False when the amount or the weighted sum would pass Int64.
        mutating func add(loans n: Int, _ a: Int64, _ w: Int64) -> Bool {
            let (amount, o1) = amount.addingReportingOverflow(a), (weighted, o2) = weighted.addingReportingOverflow(w)
            (loans, self.amount, self.weighted) = (loans + n, amount, weighted)
            return !o1 && !o2
        }
    }
    /// `month`: substr(start_date, 1, 7) as its bytes (all ASCII) in a number, its length on top.
    private struct Group: Hashable { var month: UInt64, bank: Int, chain: Int, held: Int }
    private var groups: [Group: Sum] = [:]
    /// False once a value or a sum left what the sums can hold exactly.
    private(set) var plain = true

    /// Reads the firms' chains and tech tags (nil: a value not as the schema stores it).
    init?(_ s: any StoreSession) throws {
        let kindOfTag = Dictionary(uniqueKeysWithValues: TechKind.allCases.enumerated().flatMap { i, kind in kind.tags.map { ($0, i) } })
        var chainNumbers = ["": 0]
        var plain = true
        var firms: [String: Firm] = [:], chains = [""]
        try s.prepare("SELECT code, coalesce(chain, '') FROM enterprises").cursor { r in
            guard case .text(let firm) = r[0], case .text(let chain) = r[1] else { plain = false; return false }
            if chainNumbers[chain] == nil { chainNumbers[chain] = chains.count; chains.append(chain) }
            firms[firm] = Firm(chain: chainNumbers[chain]!)
            return true
        }
        let tags = kindOfTag.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
        try s.prepare("SELECT enterprise, tag, valid_from, valid_to FROM enterprise_tags WHERE tag IN (\(tags))").cursor { r in
            guard plain, case .text(let firm) = r[0], case .text(let tag) = r[1], let kind = kindOfTag[tag],
                  case .text(let from) = r[2], case .text(let to) = r[3] else { plain = false; return false }
            firms[firm, default: Firm()].tags.append((kind, from, to))  // a firm with no row: no chain
            return true
        }
        guard plain else { return nil }
        (self.firms, self.chains) = (firms, chains)
    }

    /// Adds one loan; false (and `plain` false from then on) when it cannot be summed exactly.
    @discardableResult
    mutating func add(start: String, bank: String, firm: String, amount: Int64, rate: Int64) -> Bool {
        guard plain else { return false }
        let (weighted, overflow) = amount.multipliedReportingOverflow(by: rate)
        // substr(start_date, 1, 7): seven characters, as seven bytes count them if ASCII.
        var month = UInt64(0), length = UInt64(0)
        for byte in start.utf8.prefix(7) {
            guard byte < 0x80 else { plain = false; return false }
            month = month << 8 | UInt64(byte)
            length += 1
        }
        let info = firms[firm]
        var held = 0  // a bit per kind: a loan counts once per kind however many tags hold
        for tag in info?.tags ?? [] where Self.atMost(tag.from, start) && Self.atMost(start, tag.to) { held |= 1 << tag.kind }
        let bankNumber: Int
        if let n = bankNumbers[bank] { bankNumber = n } else { bankNumber = banks.count; bankNumbers[bank] = bankNumber; banks.append(bank) }
        let group = Group(month: length << 56 | month, bank: bankNumber, chain: info?.chain ?? 0, held: held)
        plain = !overflow && groups[group, default: Sum()].add(loans: 1, amount, weighted)
        return plain
    }

    /// SQLite compares text bytewise (BINARY): so do the dates here.
    private static func atMost(_ a: String, _ b: String) -> Bool { !b.utf8.lexicographicallyPrecedes(a.utf8) }

    /// The table's rows; nil when not plain.
    func rows() -> [NewLoanSummary.Row]? {
        guard plain else { return nil }
        let kinds = TechKind.allCases
        struct Key: Hashable { var month: String, cut: NewLoanSummary.Cut, code: String }
        var sums: [Key: Sum] = [:]
        for (group, sum) in groups {
            let length = Int(group.month >> 56)
            let month = String(decoding: (0..<length).reversed().map { UInt8(truncatingIfNeeded: group.month >> (8 * UInt64($0))) }, as: UTF8.self)
            let keys = [Key(month: month, cut: .bank, code: banks[group.bank]), Key(month: month, cut: .chain, code: chains[group.chain])]
                + (group.held == 0 ? [] : [Key(month: month, cut: .tech, code: "")])
                + kinds.indices.filter { group.held & (1 << $0) != 0 }.map { Key(month: month, cut: .kind, code: kinds[$0].rawValue) }
            for key in keys where !sums[key, default: Sum()].add(loans: sum.loans, sum.amount, sum.weighted) { return nil }
        }
        return sums.map { key, sum in
            NewLoanSummary.Row(month: key.month, cut: key.cut, code: key.code, loans: sum.loans, amount: sum.amount, weighted: sum.weighted)
        }
    }
}
