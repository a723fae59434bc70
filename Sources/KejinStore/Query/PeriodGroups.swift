import KejinCore

/// The period recompute, summed here: every loan's and firm's facts are read once, then each
/// period's balances in one plain scan of its rows, grouped in memory.
///
/// Why: SQLite groups by sorting. The recompute's grouped statements (the per-(bank, firm)
/// groups, the products' per-(bank, product, firm) sums, then the bank, chain and region rows
/// over those groups, the programme's balance seeks per listed firm's loan) cost ~5 s a month
/// at 1M loans, two thirds of a month's balances import; now ~1 s, and a bulk balances import
/// reads the facts beside its rows (`readAside`). PostgreSQL too: its hash aggregates were
/// faster than SQLite's sorts, but a new month at 200k loans still spent 2.2 s of its 3.8 s of
/// server time in them; read and summed here, ~0.9 s (the facts 0.33 s of it).
/// The rows written are the SQL's — `BankSummary.rowsSQL`, `ProductSummary.rowsSQL`,
/// `EnterpriseSummary.rowsSQL` … define them, and `kejin store check` compares the kept rows
/// with those definitions. `read` and `sums` give up (nil: the SQL runs) where a value is not
/// what the schema stores or loan ids are sparse; a sum past Int64 is the seam's overflow
/// error, as SQLite's `sum` raises it.
struct PeriodGroups: Sendable {
    /// Per loan id (INTEGER PRIMARY KEY, dense from 1): its (bank, firm) group and its (bank,
    /// product, firm) group (-1: no such loan), and a bit per PeriodSummary.Column it is in.
    /// A loan's groups are found once here, so a period's scan only adds into arrays.
    private var groupOfLoan: [Int32], productGroupOfLoan: [Int32], columns: [UInt16]
    /// Per loan id: its start date as yyyymmdd (the programme's whitelist counts loans started by
    /// the period end).
    private var startDay: [Int32]
    /// Per (bank, firm) group: its bank and firm. Per (bank, product, firm) group: its (bank,
    /// product) row of product_summary, whose borrowers are its groups with a positive balance.
    private var groupBank: [Int32] = [], groupFirm: [Int32] = []
    private var productRowOf: [Int32] = []
    private var productRows: [(bank: Int32, product: Int32)] = []
    private var banks: [String] = [], firms: [String] = [], products: [String] = []
    private var firmIndex: [String: Int32] = [:]
    /// By firm index: in `enterprises` (a loan of an unknown firm counts in no chain's, bank's or
    /// region's row, as the SQL's inner join), its chain (-1: none) and region (coalesced to '').
    private var known: [Bool] = [], chainOf: [Int32] = [], regionOf: [Int32] = []
    private var chains: [String] = [], regions: [String] = []
    /// The (bank, firm) groups of known firms in enterprise_summary's key order (chain, bank,
    /// firm): its rows go in as appends, not at random places in the period's range (97,500
    /// rows a month at 1M loans, with the period's old rows deleted first: 0.15–0.19 s of CPU
    /// in `sqlite3` sorted, 0.23–0.26 s shuffled).
    private var enterpriseOrder: [Int32] = []

    private static let columnCount = PeriodSummary.Column.allCases.count

    /// Each loan's column bits, computed by the columns' own SQL conditions (`loans l`).
    static let bitsSQL = PeriodSummary.Column.allCases
        .map { "(CASE WHEN \($0.condition) THEN \(1 << $0.rawValue) ELSE 0 END)" }.joined(separator: " + ")

    private init(loans: Int) {
        groupOfLoan = Array(repeating: -1, count: loans + 1)
        productGroupOfLoan = Array(repeating: -1, count: loans + 1)
        columns = Array(repeating: 0, count: loans + 1)
        startDay = Array(repeating: 0, count: loans + 1)
    }

    /// A date `YYYY-MM-DD` as yyyymmdd, ordered as SQL orders the text; nil for any other text.
    static func day(_ text: String) -> Int32? {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        var n: Int32 = 0
        for i in [0, 1, 2, 3, 5, 6, 8, 9] {
            guard (0x30...0x39).contains(u[i]) else { return nil }
            n = n * 10 + Int32(u[i] - 0x30)
        }
        return n
    }

    /// Reads the facts (once per recompute however many periods); nil when the SQL should run
    /// instead.
    static func read(_ s: any StoreSession) throws -> PeriodGroups? {
        guard let maxID = try s.fetchValue("SELECT max(id) FROM loans")?.integer,
              let count = try s.fetchValue("SELECT count(*) FROM loans")?.integer,
              maxID >= 1, maxID <= 4 * count + 100_000 else { return nil }
        var facts = PeriodGroups(loans: Int(maxID))
        var bankIndex: [String: Int32] = [:], firmIndex: [String: Int32] = [:], productIndex: [String: Int32] = [:]
        func intern(_ name: String, _ index: inout [String: Int32], _ names: inout [String]) -> Int32 {
            if let i = index[name] { return i }
            let i = Int32(names.count)
            index[name] = i
            names.append(name)
            return i
        }
        // A firm's groups, and a group's product groups, as lists threaded through arrays (a
        // firm borrows from a few banks, with a few products): a walk of one or two entries
        // where a hash look-up per loan cost more.
        var firstGroupOfFirm: [Int32] = [], nextGroup: [Int32] = []
        var firstProductGroup: [Int32] = [], nextProductGroup: [Int32] = [], productOfGroup: [Int32] = []
        var productRowIndex: [Int64: Int32] = [:]
        var plain = true
        try s.prepare("SELECT l.id, l.bank, l.enterprise, l.product, \(bitsSQL), l.start_date FROM loans l").cursor { r in
            guard case .integer(let id) = r[0], id >= 1, id <= maxID, case .text(let bank) = r[1], case .text(let firm) = r[2],
                  case .text(let product) = r[3], case .integer(let bits) = r[4], case .text(let start) = r[5],
                  let day = day(start) else { plain = false; return false }
            facts.startDay[Int(id)] = day
            let b = intern(bank, &bankIndex, &facts.banks), f = intern(firm, &firmIndex, &facts.firms)
            let p = intern(product, &productIndex, &facts.products)
            if Int(f) == firstGroupOfFirm.count { firstGroupOfFirm.append(-1) }
            var g = firstGroupOfFirm[Int(f)]
            while g >= 0 && facts.groupBank[Int(g)] != b { g = nextGroup[Int(g)] }
            if g < 0 {
                g = Int32(facts.groupBank.count)
                facts.groupBank.append(b)
                facts.groupFirm.append(f)
                nextGroup.append(firstGroupOfFirm[Int(f)])
                firstGroupOfFirm[Int(f)] = g
                firstProductGroup.append(-1)
            }
            facts.groupOfLoan[Int(id)] = g
            var pg = firstProductGroup[Int(g)]
            while pg >= 0 && productOfGroup[Int(pg)] != p { pg = nextProductGroup[Int(pg)] }
            if pg < 0 {
                pg = Int32(productOfGroup.count)
                productOfGroup.append(p)
                nextProductGroup.append(firstProductGroup[Int(g)])
                firstProductGroup[Int(g)] = pg
                let row = Int64(b) << 32 | Int64(p)
                if productRowIndex[row] == nil {
                    productRowIndex[row] = Int32(facts.productRows.count)
                    facts.productRows.append((b, p))
                }
                facts.productRowOf.append(productRowIndex[row]!)
            }
            facts.productGroupOfLoan[Int(id)] = pg
            facts.columns[Int(id)] = UInt16(truncatingIfNeeded: bits)
            return true
        }
        guard plain else { return nil }
        facts.firmIndex = firmIndex
        facts.known = Array(repeating: false, count: facts.firms.count)
        facts.chainOf = Array(repeating: -1, count: facts.firms.count)
        facts.regionOf = Array(repeating: 0, count: facts.firms.count)
        var chainIndex: [String: Int32] = [:], regionIndex: [String: Int32] = [:]
        try s.prepare("SELECT code, chain, \(RegionSummary.key) FROM enterprises e").cursor { r in
            guard case .text(let code) = r[0], case .text(let region) = r[2] else { plain = false; return false }
            guard let f = firmIndex[code] else { return true }  // a firm without loans
            facts.known[Int(f)] = true
            facts.regionOf[Int(f)] = intern(region, &regionIndex, &facts.regions)
            switch r[1] {
            case .null: break
            case .text(let chain): facts.chainOf[Int(f)] = intern(chain, &chainIndex, &facts.chains)
            default: plain = false
            }
            return plain
        }
        guard plain else { return nil }
        facts.enterpriseOrder = facts.groupsInEnterpriseOrder()
        return facts
    }

    /// Known firms' groups sorted by (chain name, bank, firm), each name ranked once. Only the
    /// speed depends on the order (the rows are the same in any order): Swift's `<` orders
    /// ASCII codes as SQLite does, and other text in some order close to it.
    private func groupsInEnterpriseOrder() -> [Int32] {
        func ranks(_ names: [String]) -> [Int32] {
            var rank = [Int32](repeating: 0, count: names.count)
            for (r, i) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { rank[i] = Int32(r) }
            return rank
        }
        let chainRank = ranks(chains), bankRank = ranks(banks), firmRank = ranks(firms)
        func key(_ g: Int32) -> (Int32, Int32, Int32) {
            let f = Int(groupFirm[Int(g)]), chain = chainOf[f]
            return (chain < 0 ? -1 : chainRank[Int(chain)], bankRank[Int(groupBank[Int(g)])], firmRank[f])
        }
        return groupBank.indices.map(Int32.init).filter { known[Int(groupFirm[Int($0)])] }.sorted { key($0) < key($1) }
    }

    /// `read` on a connection and thread of its own, started now (AsideRead): for an import
    /// that writes no loan, firm or tag. Nil for a store with no second connection.
    static func readAside(_ s: any StoreSession) throws -> AsideRead<PeriodGroups>? {
        try s.readAside { try read($0) }
    }

    /// One period's sums, by group index (a group without balance rows has rows 0).
    struct Sums {
        /// Per (bank, firm) group: balance rows, loans with a positive balance, and a balance
        /// sum per Column (flat: group g's at g × columnCount …).
        var rows: [Int64], lent: [Int64], sums: [Int64]
        /// Per (bank, firm) group: its positive balances, and those of loans started by the
        /// period end (the programme's category and whitelist rows).
        var positive: [Int64], started: [Int64]
        /// Per (bank, product, firm) group: balance rows and balance.
        var productRows: [Int64], productBalance: [Int64]
    }

    /// One balance row: its loan's id and its balance.
    struct LoanBalance: Sendable {
        var loan: Int64, balance: Int64
    }

    /// Sums period `key`'s balances (SQL's `sum`: past Int64 is the seam's overflow error):
    /// `streamed`, when given, are exactly its rows; else they are read.
    func sums(_ s: any StoreSession, period key: String, streamed: [LoanBalance]? = nil) throws -> Sums? {
        let groups = groupBank.count, productGroups = productRowOf.count
        var result = Sums(rows: Array(repeating: 0, count: groups), lent: Array(repeating: 0, count: groups),
                          sums: Array(repeating: 0, count: groups * Self.columnCount),
                          positive: Array(repeating: 0, count: groups), started: Array(repeating: 0, count: groups),
                          productRows: Array(repeating: 0, count: productGroups), productBalance: Array(repeating: 0, count: productGroups))
        guard let end = Period(key).flatMap({ Self.day($0.endDate) }) else { return nil }
        func add(_ id: Int64, _ balance: Int64) throws {
            // No such loan: the SQL's join drops the row.
            guard id >= 1, id < Int64(groupOfLoan.count), case let g = Int(groupOfLoan[Int(id)]), g >= 0 else { return }
            result.rows[g] += 1
            if balance > 0 {
                result.lent[g] += 1
                result.positive[g] = try GuaranteeBook.add(result.positive[g], balance)
                if startDay[Int(id)] <= end { result.started[g] = try GuaranteeBook.add(result.started[g], balance) }
            }
            let bits = columns[Int(id)]
            for c in 0..<Self.columnCount where bits & (1 << c) != 0 {
                result.sums[g * Self.columnCount + c] = try GuaranteeBook.add(result.sums[g * Self.columnCount + c], balance)
            }
            let p = Int(productGroupOfLoan[Int(id)])
            result.productRows[p] += 1
            result.productBalance[p] = try GuaranteeBook.add(result.productBalance[p], balance)
        }
        if let streamed {
            for row in streamed { try add(row.loan, row.balance) }
            return result
        }
        var plain = true
        let statement = try s.prepare("SELECT loan_id, balance FROM loan_balances WHERE period = ?1")
        statement.bind(1, .text(key))
        try statement.cursor { r in
            guard case .integer(let id) = r[0], case .integer(let balance) = r[1] else { plain = false; return false }
            try add(id, balance)
            return true
        }
        return plain ? result : nil
    }

    /// Writes period `key`'s rows of product_summary, bank_summary, the region summaries and
    /// enterprise_summary from `sums` (each table's period rows replaced), and returns
    /// period_summary's chain rows (chain nil: the firms of no chain, in the city row only).
    func write(_ s: any StoreSession, period key: String, _ sums: Sums) throws -> [(chain: String?, measures: PeriodSummary.Measures)] {
        for table in [ProductSummary.table, "bank_summary", "region_summary", "region_bank_summary", EnterpriseSummary.table] {
            try s.execute("DELETE FROM \(table) WHERE period = ?1", key)
        }
        // Products: per (bank, product) over its firms; a borrower is a firm whose loans of the
        // product sum to a positive balance.
        var products = [(rows: Int64, balance: Int64, borrowers: Int64)](repeating: (0, 0, 0), count: productRows.count)
        for g in sums.productRows.indices where sums.productRows[g] > 0 {
            let row = Int(productRowOf[g]), old = products[row]
            products[row] = (old.rows + sums.productRows[g], try GuaranteeBook.add(old.balance, sums.productBalance[g]),
                             old.borrowers + (sums.productBalance[g] > 0 ? 1 : 0))
        }
        try s.load(into: ProductSummary.table, columns: ["period", "bank", "product", "balance_rows", "balance", "borrowers"]) { append in
            for (row, v) in products.enumerated() where v.rows > 0 {
                try append([.text(key), .text(banks[Int(productRows[row].bank)]), .text(self.products[Int(productRows[row].product)]),
                            .integer(v.rows), .integer(v.balance), .integer(v.borrowers)])
            }
        }

        // The (bank, firm) groups of known firms: bank rows per (bank, chain), region bank rows
        // per (region, bank, chain), enterprise rows per group with a loan > 0, and per firm
        // its sum over banks for the chain and region rows (a firm has one chain, one region).
        struct BankKey: Hashable { var region: Int32, bank: Int32, chain: Int32 }
        var bankRows: [BankKey: PeriodSummary.Measures] = [:], regionBankRows: [BankKey: PeriodSummary.Measures] = [:]
        var firmRows = [Int64](repeating: 0, count: firms.count), firmSums = [Int64](repeating: 0, count: firms.count * Self.columnCount)
        for g in sums.rows.indices where sums.rows[g] > 0 && known[Int(groupFirm[g])] {
            let f = Int(groupFirm[g]), b = groupBank[g], chain = chainOf[f]
            let groupSums = sums.sums[g * Self.columnCount ..< (g + 1) * Self.columnCount]
            try bankRows[BankKey(region: 0, bank: b, chain: chain), default: .init()].add(rows: sums.rows[g], sums: groupSums)
            try regionBankRows[BankKey(region: regionOf[f], bank: b, chain: chain), default: .init()].add(rows: sums.rows[g], sums: groupSums)
            firmRows[f] += sums.rows[g]
            for c in 0..<Self.columnCount {
                firmSums[f * Self.columnCount + c] = try GuaranteeBook.add(firmSums[f * Self.columnCount + c], groupSums[groupSums.startIndex + c])
            }
        }
        try s.load(into: EnterpriseSummary.table, columns: ["period", "chain", "bank", "enterprise", "balance", "tech_balance", "loans"]) { append in
            for g in enterpriseOrder.lazy.map(Int.init) where sums.rows[g] > 0 && sums.lent[g] > 0 {
                let f = Int(groupFirm[g]), base = g * Self.columnCount
                try append([.text(key), .text(chainName(chainOf[f])), .text(banks[Int(groupBank[g])]), .text(firms[f]),
                            .integer(sums.sums[base + PeriodSummary.Column.all.rawValue]),
                            .integer(sums.sums[base + PeriodSummary.Column.tech.rawValue]), .integer(sums.lent[g])])
            }
        }
        try s.load(into: "bank_summary", columns: ["period", "bank", "chain"] + Self.measureColumns) { append in
            for (k, m) in bankRows { try append(PeriodSummary.arguments([key, banks[Int(k.bank)], chainName(k.chain)], m)) }
        }
        try s.load(into: "region_bank_summary", columns: ["period", "region", "bank", "chain"] + Self.measureColumns) { append in
            for (k, m) in regionBankRows {
                try append(PeriodSummary.arguments([key, regions[Int(k.region)], banks[Int(k.bank)], chainName(k.chain)], m))
            }
        }

        // Chain rows per chain and per (region, chain), over firms; a region's total (chain '')
        // counts its firms of no chain too.
        var chainRows: [Int32: PeriodSummary.Measures] = [:], regionRows: [BankKey: PeriodSummary.Measures] = [:]
        for f in firms.indices where known[f] && firmRows[f] > 0 {
            let firmSum = firmSums[f * Self.columnCount ..< (f + 1) * Self.columnCount]
            try chainRows[chainOf[f], default: .init()].add(rows: firmRows[f], sums: firmSum)
            try regionRows[BankKey(region: regionOf[f], bank: 0, chain: chainOf[f]), default: .init()].add(rows: firmRows[f], sums: firmSum)
            try regionRows[BankKey(region: regionOf[f], bank: 0, chain: -2), default: .init()].add(rows: firmRows[f], sums: firmSum)
        }
        try s.load(into: "region_summary", columns: ["period", "region", "chain"] + Self.measureColumns) { append in
            for (k, m) in regionRows where k.chain != -1 {
                try append(PeriodSummary.arguments([key, regions[Int(k.region)], k.chain == -2 ? "" : chains[Int(k.chain)]], m))
            }
        }
        return chainRows.map { ($0.key < 0 ? nil : chains[Int($0.key)], $0.value) }
    }

    /// Per firm, over all its loans at every bank: the positive balance, and that of its loans
    /// started by the period end (known firm or not, as the programme's rows join the loans).
    func firmBalances(_ sums: Sums) throws -> FirmBalances {
        var result = FirmBalances(index: firmIndex, positive: Array(repeating: 0, count: firms.count),
                                  started: Array(repeating: 0, count: firms.count))
        for g in sums.rows.indices where sums.rows[g] > 0 {
            let f = Int(groupFirm[g])
            result.positive[f] = try GuaranteeBook.add(result.positive[f], sums.positive[g])
            result.started[f] = try GuaranteeBook.add(result.started[f], sums.started[g])
        }
        return result
    }

    /// A chain's name in the bank and enterprise rows: '' for none.
    private func chainName(_ chain: Int32) -> String { chain < 0 ? "" : chains[Int(chain)] }

    private static let measureColumns = PeriodSummary.columnNames.components(separatedBy: ", ")
}

extension PeriodSummary.Measures {
    /// Adds one group of a single firm (or a firm's sums): its balance rows, its balance per
    /// Column, and a borrower where that balance is positive (as the SQL's `CASE WHEN m > 0`).
    mutating func add(rows n: Int64, sums: ArraySlice<Int64>) throws {
        rows += n
        for (c, sum) in zip(balance.indices, sums) {
            balance[c] = try GuaranteeBook.add(balance[c], sum)
            if sum > 0 { borrowers[c] += 1 }
        }
    }
}

/// One period's positive balance per firm (PeriodGroups.firmBalances): what the programme's
/// category and whitelist rows sum from the firm's loans.
struct FirmBalances {
    let index: [String: Int32]
    var positive: [Int64], started: [Int64]

    /// The positive balance of all of `firm`'s loans (0: no loan, or none with a balance).
    func positive(_ firm: String) -> Int64 { index[firm].map { positive[Int($0)] } ?? 0 }
    /// The same over its loans started by the period end.
    func started(_ firm: String) -> Int64 { index[firm].map { started[Int($0)] } ?? 0 }
}
