import KejinCore

/// Codes already in the store or earlier in this import, loaded lazily per table so reference
/// checks cost a dictionary lookup, not a query per row.
final class References {
    enum Table: String {
        case chains, enterprises, guarantees
        case tools = "relending_tools", draws = "relending_draws", pools = "risk_pools"
        case stations = "service_stations", funds = "guidance_funds", budgets = "subsidy_budgets"
    }

    private let session: any StoreSession
    private var codes: [Table: Set<String>] = [:]
    private var institutionKinds: [String: String]?
    /// Loan code → id and bank (the bank reports the loan's balances).
    private var loans: [String: (id: Int64, bank: String)]?
    /// Look loans up one by one (a small balance import: a correction, a bank's late month)
    /// instead of loading every loan, which costs a 1M-loan store about a second.
    var looksUpLoansOneByOne = false
    private var byCode: (any PreparedStatement)?
    /// Loans looked up one by one, or together (`lookUpLoans`): nil, no such code.
    private var lookedUp: [String: (id: Int64, bank: String)?] = [:]

    init(session: any StoreSession) { self.session = session }

    func contains(_ table: Table, _ code: String) throws -> Bool {
        if codes[table] == nil {
            codes[table] = Set(try session.fetchColumn("SELECT code FROM \(table.rawValue)", [], as: String.self))
        }
        return codes[table]!.contains(code)
    }

    func add(_ table: Table, _ code: String) throws {
        _ = try contains(table, code)
        codes[table]!.insert(code)
    }

    /// `bank` or `guarantor`, nil for an unknown code.
    func institutionKind(_ code: String) throws -> String? {
        if institutionKinds == nil {
            institutionKinds = Dictionary(uniqueKeysWithValues:
                try session.fetch("SELECT code, kind FROM institutions").map { (try $0.get(0, as: String.self), try $0.get(1, as: String.self)) })
        }
        return institutionKinds![code]
    }

    func setInstitution(_ code: String, kind: String) throws {
        _ = try institutionKind(code)
        institutionKinds![code] = kind
    }

    /// Tag validity spans (valid_from, valid_to) per enterprise.
    private var tagSpans: [String: [(from: String, to: String)]]?

    /// Whether the enterprise held a tag valid on `date` (a validated YYYY-MM-DD, so string
    /// order is date order): loans.is_tech as PeriodSummary.isTech defines it.
    func isTech(enterprise: String, on date: String) throws -> Bool {
        if tagSpans == nil {
            var spans: [String: [(from: String, to: String)]] = [:]
            for row in try session.fetch("SELECT enterprise, valid_from, valid_to FROM enterprise_tags WHERE tag IN (\(LedgerEligibility.techTagList))") {
                spans[try row.get(0), default: []].append((try row.get(1), try row.get(2)))
            }
            tagSpans = spans
        }
        return tagSpans![enterprise]?.contains { $0.from <= date && $0.to >= date } ?? false
    }

    func loanID(_ code: String) throws -> Int64? { try loan(code)?.id }

    func loan(_ code: String) throws -> (id: Int64, bank: String)? {
        if loans == nil, looksUpLoansOneByOne {
            if let known = lookedUp[code] { return known }
            let statement = try byCode ?? session.prepare("SELECT id, bank FROM loans WHERE code = ?1")
            byCode = statement
            statement.bind(1, .text(code))
            var found: (id: Int64, bank: String)?
            try statement.cursor { row in found = (try row.get(0), try row.get(1)); return false }
            lookedUp[code] = .some(found)
            return found
        }
        return try allLoans()[code]
    }

    /// Looks a small file's loans up together, before its rows are staged (a bulk load's
    /// session runs nothing else while it streams): the codes go into a temporary table and
    /// one join reads them (PostgreSQL, 2,000 codes: one round trip for the join, not 2,000).
    func lookUpLoans(_ codes: Set<String>) throws {
        guard loans == nil, looksUpLoansOneByOne else { return }
        let wanted = codes.filter { lookedUp[$0] == nil }
        guard !wanted.isEmpty else { return }
        try session.execute("CREATE TEMP TABLE IF NOT EXISTS kejin_loan_codes(code TEXT NOT NULL)")
        try session.execute("DELETE FROM kejin_loan_codes")
        try session.load(into: "kejin_loan_codes", columns: ["code"]) { append in
            for code in wanted { try append([.text(code)]) }
        }
        for code in wanted { lookedUp[code] = .some(nil) }
        try session.cursor("SELECT l.code, l.id, l.bank FROM kejin_loan_codes c JOIN loans l ON l.code = c.code", []) { row in
            lookedUp[try row.get(0, as: String.self)] = (try row.get(1), try row.get(2))
            return true
        }
    }

    /// A loan this import inserted. Only a map already loaded needs it: one loaded later reads
    /// it from the table (so a fresh loans file never builds the map at all).
    func addLoan(_ code: String, id: Int64, bank: String) {
        loans?[code] = (id, bank)
        if lookedUp[code] != nil { lookedUp[code] = .some((id, bank)) }
    }

    private func allLoans() throws -> [String: (id: Int64, bank: String)] {
        if let loans { return loans }
        var all: [String: (id: Int64, bank: String)] = [:]
        all.reserveCapacity(try session.fetchOne("SELECT max(id) FROM loans", as: Int.self) ?? 0)
        // A prepared statement's rows are read column by column from the engine: a million
        // rows through GRDB's `Row` took twice as long.
        // Matched on the values, not `get(_:as:)`: its generic decoding looked its type up per
        // call (a tenth of the load).
        try session.prepare("SELECT code, id, bank FROM loans").cursor { row in
            guard case .text(let code) = row[0], case .integer(let id) = row[1], case .text(let bank) = row[2] else {
                all[try row.get(0, as: String.self)] = (try row.get(1), try row.get(2))
                return true
            }
            all[code] = (id, bank)
            return true
        }
        loans = all
        return all
    }

    /// Reads now every code a loans or balances row is checked against (otherwise read at the
    /// first row that needs it): while a bulk load streams its rows (COPY), its session can run
    /// no other statement.
    func loadAll(for entity: Entity) throws {
        switch entity {
        case .loans:
            _ = try institutionKind("")
            for table in [Table.enterprises, .guarantees, .draws] { _ = try contains(table, "") }
            _ = try isTech(enterprise: "", on: "")
            _ = try productBanks("")
        case .loanBalances:
            _ = try allLoans()
        default:
            break
        }
    }

    // MARK: Products

    /// Product code → the banks that have a product of that code (products.csv, v24); nil on
    /// a store before v24, where a loan's product is free text.
    private var products: [String: Set<String>]??

    func productBanks(_ code: String) throws -> Set<String>? {
        if products == nil {
            if try session.tableExists(Products.catalogue.table) {
                var all: [String: Set<String>] = [:]
                for row in try session.fetch("SELECT code, bank FROM \(Products.catalogue.table)") {
                    all[try row.get(0, as: String.self), default: []].insert(try row.get(1, as: String.self))
                }
                products = .some(all)
            } else {
                products = .some(nil)
            }
        }
        guard let known = products! else { return nil }
        return known[code] ?? []
    }

    /// A product this import wrote.
    func addProduct(_ code: String, bank: String) throws {
        _ = try productBanks(code)
        if products! != nil { products!![code, default: []].insert(bank) }
    }

    // MARK: Regions

    /// code → parent and level, of the store and this import (a few hundred rows).
    private var regions: [String: (parent: String?, level: RegionLevel)]?

    private func allRegions() throws -> [String: (parent: String?, level: RegionLevel)] {
        if let regions { return regions }
        var all: [String: (parent: String?, level: RegionLevel)] = [:]
        for row in try session.fetch("SELECT code, parent, level FROM regions") {
            all[try row.get(0)] = (try row.get(1), RegionLevel(rawValue: try row.get(2)) ?? .county)
        }
        regions = all
        return all
    }

    func containsRegion(_ code: String) throws -> Bool { try allRegions()[code] != nil }

    /// Why `code` cannot be a `level` region under `parent` — the column at fault and the
    /// reason — or nil when it can. Parents come before their children (in the store or
    /// earlier in the file), so checking each row against what is there keeps the tree free of
    /// cycles: a new parent that lies below the region itself is refused.
    func regionProblem(code: String, parent: String?, level: RegionLevel) throws -> (column: String, reason: String)? {
        let all = try allRegions()
        if let parent {
            guard let p = all[parent] else {
                return ("parent", "is not a known region code (a parent must come before its children)")
            }
            var next: String? = parent, steps = 0
            while let c = next, steps <= all.count {
                if c == code { return ("parent", "lies within \(code) itself: the regions would form a cycle") }
                next = all[c]?.parent
                steps += 1
            }
            if p.level >= level {
                return ("level", "is not below the level of its parent \(parent) (\(p.level.rawValue)); the order is province, city, county")
            }
        }
        if let child = all.filter({ $0.value.parent == code && $0.value.level <= level }).keys.min() {
            return ("level", "is not above the level of its child region \(child) (\(all[child]!.level.rawValue))")
        }
        return nil
    }

    func setRegion(_ code: String, parent: String?, level: RegionLevel) throws {
        _ = try allRegions()
        regions![code] = (parent, level)
    }
}
