import KejinCore

/// Per entity: validate one CSV row and upsert it by its natural key with a prepared statement
/// of the store's engine (StoreSession.prepare: one SQL text for SQLite and PostgreSQL).
final class RowWriters {
    typealias Write = (CSVRow) throws -> Void

    let session: any StoreSession
    let refs: References
    /// Rows the upserts inserted or changed (an upsert leaves an equal row alone): the dry run's counts.
    var changedRows = 0
    /// Periods whose loan balances this import wrote.
    var touchedPeriods: Set<String> = []
    /// Loans written, and enterprises whose chain or tags were written: their loans' summary
    /// rows must be recomputed.
    var touchedLoans: Set<Int64> = []
    private(set) var touchedEnterprises: Set<String> = []
    /// Rows per reporter, period and entity in the file being read (see Deliveries.swift);
    /// the importer takes them after each file.
    var deliveries: [Deliveries.Key: Int] {
        get { flushDelivered(); return counted }
        set { flushDelivered(); counted = newValue }
    }
    private var counted: [Deliveries.Key: Int] = [:]
    /// Balance rows per bank of `countingPeriod` not yet in `counted`: a million-row ledger
    /// counts into a small dictionary keyed by bank instead of hashing a whole key per row.
    private var countingPeriod = ""
    private var perBank: [String: Int] = [:]

    func delivered(period: String, bank: String) {
        if period != countingPeriod { flushDelivered(); countingPeriod = period }
        perBank[bank, default: 0] += 1
    }

    private func flushDelivered() {
        for (bank, n) in perBank {
            counted[Deliveries.Key(period: countingPeriod, institution: bank, entity: .loanBalances), default: 0] += n
        }
        perBank.removeAll(keepingCapacity: true)
    }
    /// Set for `--replace`: balances go through it so absent ones can be removed.
    var replacement: Replacement?
    /// Set for `--replace`: guarantees and draws go through it (per reporter's book).
    var books: BookReplacement?
    /// Per period: its balance rows exactly as a bulk load streamed them (a month not stored
    /// before, in one file, no loan twice), so the summaries' recompute sums them without
    /// reading the month back (PostgreSQL, 200k loans: ~0.5 s a month). Another bulk file of
    /// the period removes it (an import's files go all in bulk or all row by row: `bulkWriter`).
    var streamedBalances: [String: [PeriodGroups.LoanBalance]] = [:]
    /// Set when the summaries may be kept by delta: every balance write records the old one.
    var balanceChanges: BalanceChanges?
    /// Set when new_loan_summary is kept (v26): every loan, firm or tag write records the
    /// contributions it may change (NewLoanChanges.swift).
    var newLoanChanges: NewLoanChanges?

    /// Big loans and balances files through a staging table and one merge (BulkLoad.swift):
    /// as the engine prefers, unless a test asks for one path on both.
    let bulkLoads: Bool

    init(session: any StoreSession, refs: References, bulkLoads: Bool? = nil) {
        self.session = session
        self.refs = refs
        self.bulkLoads = bulkLoads ?? session.prefersBulkLoad
    }

    static let tags = LedgerEligibility.allTags
    static let purposes = ["tech_innovation", "tech_transformation", "general"]

    /// `INSERT … ON CONFLICT(key) DO UPDATE SET` every non-key column, only where one differs:
    /// a re-imported equal row is not rewritten, so the engine's change count tells changed rows
    /// from unchanged ones (the dry run's report). Target columns are qualified and compared
    /// with `IS DISTINCT FROM`, so PostgreSQL reads the same text.
    /// `derived`: columns written after `columns` and updated with the row, but not compared
    /// (loans' is_tech: computed with the row; a stored flag is exact, the refresh keeping it so
    /// whenever tags or chains are written, so an equal row keeps its own).
    func upsert(_ table: String, _ columns: [String], key: [String], derived: [String] = []) throws -> Upsert {
        Upsert(statement: try session.prepare(Self.upsertSQL(table, columns, key: key, derived: derived)), writers: self)
    }

    /// The same upsert, telling the integer key (`rowID`) of each row it writes (loans' ids).
    func keyedUpsert(_ table: String, _ columns: [String], key: [String], derived: [String] = [],
                     rowID: String) throws -> KeyedUpsert {
        KeyedUpsert(statement: try session.prepareUpsert(Self.upsertSQL(table, columns, key: key, derived: derived), rowID: rowID),
                    writers: self)
    }

    private static func upsertSQL(_ table: String, _ columns: [String], key: [String], derived: [String]) -> String {
        let marks = (1...(columns.count + derived.count)).map { "?\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table)(\((columns + derived).joined(separator: ", "))) VALUES (\(marks)) "
            + onConflict(table, columns, key: key, derived: derived)
    }

    /// The upsert's `ON CONFLICT` clause, for one row (above) and for a staging table's rows
    /// merged at once (BulkLoad.swift).
    static func onConflict(_ table: String, _ columns: [String], key: [String], derived: [String] = []) -> String {
        let values = columns.filter { !key.contains($0) }
        let updates = (values + derived).map { "\($0) = excluded.\($0)" }
        let differs = values.map { "\(table).\($0) IS DISTINCT FROM excluded.\($0)" }
        return "ON CONFLICT(\(key.joined(separator: ", "))) "
            + (updates.isEmpty ? "DO NOTHING"
               : "DO UPDATE SET " + updates.joined(separator: ", ") + " WHERE " + differs.joined(separator: " OR "))
    }

    /// An upsert that counts the rows it changes (`changedRows`).
    struct Upsert: ValueSink {
        let statement: any PreparedStatement
        unowned let writers: RowWriters

        func bind(_ index: Int32, _ value: SQLValue) { statement.bind(index, value) }

        /// Runs with the values bound; returns the rows changed (0: an equal row was left alone).
        @discardableResult
        func execute() throws -> Int {
            let n = try statement.execute()
            writers.changedRows += n
            return n
        }

        @discardableResult
        func execute(_ values: [SQLValue]) throws -> Int {
            for (i, value) in values.enumerated() { statement.bind(Int32(i + 1), value) }
            return try execute()
        }

        @discardableResult
        func execute(_ values: any SQLArgument...) throws -> Int { try execute(values.map(\.sqlValue)) }
    }

    /// A `keyedUpsert`, counting the rows it changes (`changedRows`).
    struct KeyedUpsert: ValueSink {
        let statement: any PreparedUpsert
        unowned let writers: RowWriters

        func bind(_ index: Int32, _ value: SQLValue) { statement.bind(index, value) }

        /// Runs with the values bound.
        func run() throws -> UpsertResult {
            let result = try statement.run()
            if result != .unchanged { writers.changedRows += 1 }
            return result
        }
    }

    func reference(_ row: CSVRow, _ column: CSVColumn, _ table: References.Table, _ what: String) throws -> String {
        let code = try row.code(column)
        guard try refs.contains(table, code) else { throw row.fail(column, "is not a known \(what) code") }
        return code
    }

    func optionalReference(_ row: CSVRow, _ column: CSVColumn, _ table: References.Table, _ what: String) throws -> String? {
        row.raw(column).isEmpty ? nil : try reference(row, column, table, what)
    }

    func institution(_ row: CSVRow, _ column: CSVColumn, kind: String) throws -> String {
        let code = try row.code(column)
        switch try refs.institutionKind(code) {
        case nil: throw row.fail(column, "is not a known institution code")
        case kind?: return code
        case let other?: throw row.fail(column, "is a \(other), not a \(kind)")
        }
    }

    /// The store has regions (v9); a store migrated part-way (tests) ignores them.
    private lazy var hasRegions = (try? session.tableExists("regions")) ?? false
    /// The same for alert rules' regions (v11, the migration that added the column).
    private lazy var hasRuleRegions = ((try? session.fetchOne("SELECT max(version) FROM schema", as: Int64.self)) ?? 0) >= 11

    /// The optional `region` column: a known region code, or nil when empty.
    private func region(_ row: CSVRow) throws -> String? {
        guard let code = try row.optionalCode("region") else { return nil }
        guard try refs.containsRegion(code) else { throw row.fail("region", "is not a known region code") }
        return code
    }

    /// A writer in two halves. `check` turns a row into its values and changes nothing, so the
    /// importer runs it on the thread that reads the file (RowStream), ahead of the writes: a
    /// big file's checks then cost the writing thread nothing (1M loans: ~1.3 s of ~8). `write`
    /// writes them on the importing thread, in file order. `inline`: the check needs the
    /// session (a small balance file looks each loan up with a statement), so both halves run
    /// on the importing thread.
    struct SplitWriter {
        var inline = false
        let check: (CSVRow) throws -> [SQLValue]
        let write: (CSVRow, [SQLValue]) throws -> Void
        /// Both halves, one after the other, on the importing thread.
        var joined: Write { { r in try write(r, try check(r)) } }
    }

    /// The big files' writers, in halves (SplitWriter); nil for the other entities (`writer`).
    func splitWriter(for entity: Entity, header: CSVRow) throws -> SplitWriter? {
        switch entity {
        case .loans: return try loansWriter(header)
        case .loanBalances: return try balancesWriter(header)
        default: return nil
        }
    }

    /// `header`: a row of the file (its header index), to resolve the big files' columns once.
    func writer(for entity: Entity, header: CSVRow) throws -> Write {
        switch entity {
        case .regions:
            guard hasRegions else { return { _ in } }
            let s = try upsert("regions", ["code", "name_zh", "name_en", "parent", "level"], key: ["code"])
            return { [refs] r in
                let code = try r.code("code")
                let level = RegionLevel(rawValue: try r.oneOf("level", RegionLevel.allCases.map(\.rawValue)))!
                let parent = try r.optionalCode("parent")
                if let problem = try refs.regionProblem(code: code, parent: parent, level: level) {
                    throw r.fail(r.column(problem.column), problem.reason)
                }
                try s.execute(code, try r.text("name_zh"), try r.text("name_en"), parent, level.rawValue)
                try refs.setRegion(code, parent: parent, level: level)
            }
        case .institutions:
            let regions = hasRegions
            let s = try upsert("institutions", ["code", "kind", "name_zh", "name_en", "net_assets"] + (regions ? ["region"] : []), key: ["code"])
            return { [refs] r in
                let code = try r.code("code"), kind = try r.oneOf("kind", ["bank", "guarantor"])
                var args: [any SQLArgument] = [code, kind, try r.text("name_zh"), try r.text("name_en"),
                                                try r.optionalMoney("net_assets_yuan")]
                if regions { args.append(try self.region(r)) }
                try s.execute(args.map(\.sqlValue))
                try refs.setInstitution(code, kind: kind)
            }
        case .reporters:
            // The registry of who must deliver which files for which periods (Reporting/Deliveries.swift).
            let s = try upsert("reporters", ["institution", "entity", "from_period", "to_period"], key: ["institution", "entity"])
            return { r in
                let code = try r.code("institution")
                guard try self.refs.institutionKind(code) != nil else { throw r.fail("institution", "is not a known institution code") }
                let entity = r.raw("entity").isEmpty ? Entity.loanBalances.rawValue : try r.oneOf("entity", ReportedFile.allCases.map(\.rawValue))
                let from = try r.period("from_period")
                let to = r.raw("to_period").isEmpty ? nil : try r.period("to_period")
                if let to, to < from { throw r.fail("to_period", "is before from_period \(from)") }
                try s.execute(code, entity, from, to)
            }
        case .chains:
            let s = try upsert("chains", ["code", "name_zh", "name_en", "lead_bank"], key: ["code"])
            return { [refs] r in
                let code = try r.code("code")
                let lead = r.raw("lead_bank").isEmpty ? nil : try self.institution(r, "lead_bank", kind: "bank")
                try s.execute(code, try r.text("name_zh"), try r.text("name_en"), lead)
                try refs.add(.chains, code)
            }
        case .enterprises:
            // A change of region, like one of chain, recomputes the enterprise's summary rows.
            let regions = hasRegions
            let s = try upsert("enterprises", ["code", "name_zh", "name_en", "chain"] + (regions ? ["region"] : []), key: ["code"])
            return { [refs] r in
                let code = try r.code("code")
                var args: [any SQLArgument] = [code, try r.text("name_zh"), try r.text("name_en"),
                                                try self.optionalReference(r, "chain", .chains, "chain")]
                if regions { args.append(try self.region(r)) }
                try self.newLoanChanges?.willWriteEnterprise(code)
                try s.execute(args.map(\.sqlValue))
                try refs.add(.enterprises, code)
                self.touchedEnterprises.insert(code)
            }
        case .enterpriseTags:
            let s = try upsert("enterprise_tags", ["enterprise", "tag", "certificate", "valid_from", "valid_to"],
                               key: ["enterprise", "tag", "valid_from"])
            return { r in
                let enterprise = try self.reference(r, "enterprise", .enterprises, "enterprise")
                let tag = try r.oneOf("tag", Self.tags)
                let from = try r.date("valid_from"), to = try r.date("valid_to")
                try r.requireOrder("valid_from", "valid_to", orEqual: true)
                try self.newLoanChanges?.willWriteEnterprise(enterprise)
                try s.execute(enterprise, tag, r.optionalText("certificate"), from, to)
                self.touchedEnterprises.insert(enterprise)
            }
        case .relendingTools:
            let s = try upsert("relending_tools", ["code", "name_zh", "name_en"], key: ["code"])
            return { [refs] r in
                let code = try r.code("code")
                try s.execute(code, try r.text("name_zh"), try r.text("name_en"))
                try refs.add(.tools, code)
            }
        case .relendingRates:
            let s = try upsert("relending_rates", ["tool", "effective_from", "rate"], key: ["tool", "effective_from"])
            return { r in
                try s.execute(try self.reference(r, "tool", .tools, "re-lending tool"),
                              try r.date("effective_from"), try r.percent("rate_pct"))
            }
        case .relendingQuotas:
            let s = try upsert("relending_quotas", ["tool", "effective_from", "quota"], key: ["tool", "effective_from"])
            return { r in
                try s.execute(try self.reference(r, "tool", .tools, "re-lending tool"),
                              try r.date("effective_from"), try r.money("quota_yuan"))
            }
        case .relendingCaps:
            let s = try upsert("relending_caps", ["tool", "effective_from", "cap", "qualification"], key: ["tool", "effective_from"])
            return { r in
                let cap = try r.percent("cap_pct")
                guard cap > 0, cap <= 10_000 else { throw r.fail("cap_pct", "is not a cap above 0% and at most 100%") }
                // Tags separated by spaces, any one of which qualifies; empty: no qualification required.
                let tags = r.optionalText("qualification").split(separator: " ").map(String.init)
                if let unknown = tags.first(where: { !Self.tags.contains($0) }) {
                    throw r.fail("qualification", "names the tag \"\(unknown)\", not one of: " + Self.tags.joined(separator: ", "))
                }
                try s.execute(try self.reference(r, "tool", .tools, "re-lending tool"),
                              try r.date("effective_from"), cap, tags.joined(separator: " "))
            }
        case .relendingDraws:
            let s = try upsert("relending_draws", ["code", "tool", "bank", "draw_date", "maturity_date", "amount",
                                                   "rollovers_used", "repaid_date"], key: ["code"])
            return { [refs] r in
                let code = try r.code("code")
                let tool = try self.reference(r, "tool", .tools, "re-lending tool")
                let bank = try self.institution(r, "bank", kind: "bank")
                let drawn = try r.date("draw_date"), due = try r.date("maturity_date")
                try r.requireOrder("draw_date", "maturity_date", orEqual: false)
                let amount = try r.money("amount_yuan")
                let rollovers = try r.integer("rollovers_used")
                guard (0...2).contains(rollovers) else { throw r.fail("rollovers_used", "is not 0, 1 or 2") }
                let args: [any SQLArgument] = [code, tool, bank, drawn, due, amount, rollovers, try r.optionalDate("repaid_date")]
                try self.dated(r, code: code, reporter: bank, entity: .relendingDraws) { try s.execute(args.map(\.sqlValue)) }
                try refs.add(.draws, code)
            }
        case .rrrReleases: return try RRRReleases.writer(self)
        case .riskPools:
            let s = try upsert("risk_pools", ["code", "name_zh", "name_en", "capital", "risk_share", "breaker"], key: ["code"])
            return { [refs] r in
                let code = try r.code("code")
                try s.execute(code, try r.text("name_zh"), try r.text("name_en"), try r.money("capital_yuan"),
                              try r.percent("risk_share_pct"), try r.percent("breaker_pct"))
                try refs.add(.pools, code)
            }
        case .guarantees:
            let s = try upsert("guarantees", ["code", "guarantor", "enterprise", "bank", "start_date", "end_date", "amount",
                                              "fee", "bank_share", "pool", "released_date"], key: ["code"])
            return { [refs] r in
                let code = try r.code("code")
                let guarantor = try self.institution(r, "guarantor", kind: "guarantor")
                let enterprise = try self.reference(r, "enterprise", .enterprises, "enterprise")
                let bank = try self.institution(r, "bank", kind: "bank")
                let start = try r.date("start_date"), end = try r.date("end_date")
                try r.requireOrder("start_date", "end_date", orEqual: false)
                let args: [any SQLArgument] = [code, guarantor, enterprise, bank, start, end, try r.money("amount_yuan"),
                                               try r.percent("fee_pct"), try r.percent("bank_share_pct"),
                                               try self.optionalReference(r, "pool", .pools, "risk pool"),
                                               try r.optionalDate("released_date")]
                try self.dated(r, code: code, reporter: guarantor, entity: .guarantees) { try s.execute(args.map(\.sqlValue)) }
                try refs.add(.guarantees, code)
            }
        case .loans, .loanBalances: return try splitWriter(for: entity, header: header)!.joined
        case .poolPayouts:
            let s = try upsert("pool_payouts", ["code", "pool", "date", "guarantee", "amount"], key: ["code"])
            return { r in
                let code = try r.code("code")
                try s.execute(code, try self.reference(r, "pool", .pools, "risk pool"),
                              try r.date("date"),
                              try self.optionalReference(r, "guarantee", .guarantees, "guarantee"),
                              try r.money("amount_yuan"))
                self.books?.noteReferrer("pool_payouts", code: code, r)
            }
        case .alertRules:
            let regions = hasRuleRegions
            let s = try upsert("alert_rules", ["id", "measure", "scope", "warn_below", "critical_below", "warn_above",
                                               "critical_above", "enabled", "hysteresis"] + (regions ? ["region"] : []), key: ["id"])
            return { r in
                let measure = try r.oneOf("measure", AlertMeasure.allCases.map(\.rawValue))
                // No hysteresis given: the measure's default, written out so the table shows it.
                let hysteresis = try r.optionalInteger("hysteresis", within: 0...Self.ruleLimit)
                    ?? AlertMeasure(rawValue: measure)!.defaultHysteresis
                let limits = -Self.ruleLimit...Self.ruleLimit
                var values: [any SQLArgument] = [
                    try r.integer("id"), measure, try r.optionalCode("scope"),
                    try r.optionalInteger("warn_below", within: limits), try r.optionalInteger("critical_below", within: limits),
                    try r.optionalInteger("warn_above", within: limits), try r.optionalInteger("critical_above", within: limits),
                    try r.flag("enabled"), hysteresis]
                if regions { values.append(try self.region(r)) }
                try s.execute(values.map(\.sqlValue))
            }
        case .bankScores:
            let s = try upsert("bank_scores", ["bank", "period"] + Self.scoreColumns, key: ["bank", "period"])
            return { r in
                var values: [any SQLArgument] = [try self.institution(r, "bank", kind: "bank"), try r.period("period")]
                for column in Self.scoreColumns {
                    let score = try r.integer(CSVColumn(column))
                    guard (0...100).contains(score) else { throw r.fail(CSVColumn(column), "is not a score from 0 to 100") }
                    values.append(score)
                }
                try s.execute(values.map(\.sqlValue))
            }
        case .serviceStations:
            return try Outreach.stations.writer(self) { [refs] v in try refs.add(.stations, v.text("code")!) }
        case .guidanceFunds:
            return try GuidanceFunds.funds.writer(self) { [refs] v in try refs.add(.funds, v.text("code")!) }
        case .subsidyBudgets:
            return try InterestSubsidy.budgets.writer(self) { [refs] v in try refs.add(.budgets, v.text("code")!) }
        case .products:
            return try Products.catalogue.writer(self) { [refs] v in try refs.addProduct(v.text("code")!, bank: v.text("bank")!) }
        case .guarantorCooperation, .stationInstitutions, .stationDemands, .fundLoans, .subsidyAllocations, .subsidyClaims,
             .whitelistPushes, .matchmakingMeetings:
            return try entity.declaration!.writer(self)
        }
    }

    /// A guarantee or draw row: written through the replacement of its reporter's book under
    /// `--replace`; with a `period` (the reporting month) it is a delivery by its reporter.
    private func dated(_ r: CSVRow, code: String, reporter: String, entity: ReportedFile, _ execute: () throws -> Int) throws {
        let period = r.raw("period").isEmpty ? nil : try r.period("period")
        if let books {
            try books.write(.init(entity: entity, reporter: reporter), code: code, file: r.file) { try execute() > 0 }
        } else {
            _ = try execute()
        }
        if let period, let kind = Entity(rawValue: entity.rawValue) {
            deliveries[Deliveries.Key(period: period, institution: reporter, entity: kind), default: 0] += 1
        }
    }

    /// Thresholds and hysteresis stay within ±10^15 (far beyond any figure in basis points), so
    /// a threshold moved by its hysteresis cannot overflow Int64 in the alert engine.
    static let ruleLimit: Int64 = 1_000_000_000_000_000

    /// The five-dimension bank evaluation, integer scores 0–100.
    static let scoreColumns = ["policy_execution", "product_innovation", "service_network", "risk_control", "collaboration"]
}
