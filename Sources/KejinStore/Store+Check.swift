import KejinCore

/// One inconsistency found by `Store.check()`, e.g.
/// `summary: period_summary 2025-03 chain TEA: tech_balance 1 stored, 2 recomputed from loan_balances`.
public struct StoreFinding: Equatable, Sendable, CustomStringConvertible {
    public enum Area: String, Sendable {
        case integrity, schema, reference, money, summary
    }
    public let area: Area
    public let message: String
    public var description: String { "\(area.rawValue): \(message)" }
}

/// What `Store.check()` looked at and found.
public struct StoreCheckReport: Sendable {
    public var findings: [StoreFinding] = []
    /// Periods whose summaries were recomputed and compared.
    public var periods = 0
    /// What was checked, e.g. "integrity", and what this engine does not run here.
    public var checked: [String] = []
    public var notRun: [String] = []
    public var isConsistent: Bool { findings.isEmpty }
}

extension Store {
    /// The schema version recorded in the store.
    public func schemaVersion() throws -> Int {
        try readSession(Schema.storedVersion)
    }

    /// Checks the store in one read transaction (a consistent snapshot while imports run):
    /// SQLite's integrity check (SQLite only), the schema version, every code a row refers to,
    /// money columns (whole non-negative fen, each period's ledger total), and every maintained
    /// summary (`loans.is_tech`, `period_summary`, `bank_summary`, `draw_summary`, the region
    /// summaries, `enterprise_summary`, the programme's) against a recomputation from the ledgers by the
    /// importer's and the full-scan baseline's own queries. Reads only; on either engine.
    public func check() throws -> StoreCheckReport {
        let onSQLite = (try? dbQueue) != nil
        return try readSession { session in
            var check = StoreCheck(session: session, onSQLite: onSQLite)
            return try check.run()
        }
    }
}

/// The checks of `Store.check()`, in order; later ones are skipped on a damaged file.
struct StoreCheck {
    let session: any StoreSession
    /// SQLite's own checks (the file's pages, GRDB's migration log) run on SQLite only.
    let onSQLite: Bool
    private var report = StoreCheckReport()
    /// Each month recomputed per region (FullScanBaseline.byRegion), for the region summaries
    /// and, summed over the regions, the city's, the chains' and the banks' rows.
    private var recomputedByRegion: [Period: FullScanBaseline.RegionMeasures] = [:]

    init(session: any StoreSession, onSQLite: Bool) {
        self.session = session
        self.onSQLite = onSQLite
    }

    /// A column holding another table's code (the importer checks them row by row; SQL foreign
    /// keys would slow the bulk import, see Schema.swift).
    struct Reference {
        let table: String, column: String, target: String
        var targetColumn = "code"
        /// institutions.kind the code must have.
        var kind: String?
    }

    static let references: [Reference] = [
        Reference(table: "chains", column: "lead_bank", target: "institutions", kind: "bank"),
        Reference(table: "enterprises", column: "chain", target: "chains"),
        Reference(table: "enterprise_tags", column: "enterprise", target: "enterprises"),
        Reference(table: "relending_rates", column: "tool", target: "relending_tools"),
        Reference(table: "relending_quotas", column: "tool", target: "relending_tools"),
        Reference(table: "relending_caps", column: "tool", target: "relending_tools"),
        Reference(table: "relending_draws", column: "tool", target: "relending_tools"),
        Reference(table: "relending_draws", column: "bank", target: "institutions", kind: "bank"),
        Reference(table: "guarantees", column: "guarantor", target: "institutions", kind: "guarantor"),
        Reference(table: "guarantees", column: "enterprise", target: "enterprises"),
        Reference(table: "guarantees", column: "bank", target: "institutions", kind: "bank"),
        Reference(table: "guarantees", column: "pool", target: "risk_pools"),
        Reference(table: "loans", column: "bank", target: "institutions", kind: "bank"),
        Reference(table: "loans", column: "enterprise", target: "enterprises"),
        Reference(table: "loans", column: "guarantee", target: "guarantees"),
        Reference(table: "loans", column: "relending_draw", target: "relending_draws"),
        Reference(table: "loan_balances", column: "loan_id", target: "loans", targetColumn: "id"),
        Reference(table: "pool_payouts", column: "pool", target: "risk_pools"),
        Reference(table: "pool_payouts", column: "guarantee", target: "guarantees"),
        Reference(table: "bank_scores", column: "bank", target: "institutions", kind: "bank"),
        Reference(table: RRRReleases.table, column: "bank", target: "institutions", kind: "bank"),
        Reference(table: Outreach.cooperation.table, column: "bank", target: "institutions", kind: "bank"),
        Reference(table: Outreach.cooperation.table, column: "guarantor", target: "institutions", kind: "guarantor"),
        Reference(table: Outreach.stations.table, column: "region", target: "regions"),
        Reference(table: Outreach.stationed.table, column: "station", target: Outreach.stations.table),
        Reference(table: Outreach.stationed.table, column: "institution", target: "institutions"),
        Reference(table: Outreach.demands.table, column: "station", target: Outreach.stations.table),
        Reference(table: Outreach.demands.table, column: "enterprise", target: "enterprises"),
        Reference(table: Outreach.demands.table, column: "bank", target: "institutions", kind: "bank"),
        Reference(table: Outreach.demands.table, column: "loan", target: "loans"),
        Reference(table: GuidanceFunds.funds.table, column: "bank", target: "institutions", kind: "bank"),
        Reference(table: GuidanceFunds.funds.table, column: "region", target: "regions"),
        Reference(table: GuidanceFunds.loans.table, column: "fund", target: GuidanceFunds.funds.table),
        Reference(table: GuidanceFunds.loans.table, column: "loan", target: "loans"),
        Reference(table: InterestSubsidy.budgets.table, column: "region", target: "regions"),
        Reference(table: InterestSubsidy.allocations.table, column: "budget", target: InterestSubsidy.budgets.table),
        Reference(table: InterestSubsidy.allocations.table, column: "bank", target: "institutions", kind: "bank"),
        Reference(table: InterestSubsidy.claims.table, column: "budget", target: InterestSubsidy.budgets.table),
        Reference(table: InterestSubsidy.claims.table, column: "bank", target: "institutions", kind: "bank"),
        Reference(table: InterestSubsidy.claims.table, column: "loan", target: "loans"),
        Reference(table: WhitelistPipeline.pushes.table, column: "bank", target: "institutions", kind: "bank"),
        Reference(table: WhitelistPipeline.pushes.table, column: "enterprise", target: "enterprises"),
        Reference(table: WhitelistPipeline.pushes.table, column: "loan", target: "loans"),
        Reference(table: WhitelistPipeline.meetings.table, column: "region", target: "regions"),
        Reference(table: Products.catalogue.table, column: "bank", target: "institutions", kind: "bank"),
        Reference(table: Products.catalogue.table, column: "chain", target: "chains"),
        Reference(table: "regions", column: "parent", target: "regions"),
        Reference(table: "enterprises", column: "region", target: "regions"),
        Reference(table: "institutions", column: "region", target: "regions"),
    ]

    /// Amounts in fen (table, column).
    static let moneyColumns = [
        ("institutions", "net_assets"), ("relending_quotas", "quota"), ("relending_draws", "amount"),
        ("risk_pools", "capital"), ("guarantees", "amount"), ("loans", "amount"),
        ("loan_balances", "balance"), ("pool_payouts", "amount"), (RRRReleases.table, "released"),
        (Outreach.demands.table, "amount"), (GuidanceFunds.funds.table, "capital"), (GuidanceFunds.loans.table, "compensated"),
        (InterestSubsidy.budgets.table, "budget"), (InterestSubsidy.allocations.table, "allocated"), (InterestSubsidy.claims.table, "claimed"),
        (InterestSubsidy.claims.table, "paid"), (WhitelistPipeline.pushes.table, "approved"), (WhitelistPipeline.meetings.table, "signed"),
    ]

    mutating func run() throws -> StoreCheckReport {
        if onSQLite { try integrity() }
        try schema()
        guard report.isConsistent else { return report }  // the rest would read a damaged file
        try references()
        try money()
        try summaries()
        report.checked = (onSQLite ? ["integrity"] : []) + ["schema", "codes", "money", "summaries of \(report.periods) period(s)"]
        // The server's pages are PostgreSQL's to check (data checksums, pg_amcheck), not kejin's.
        if !onSQLite { report.notRun = ["SQLite's integrity_check (pages: the server's data checksums, pg_amcheck)"] }
        return report
    }

    mutating func add(_ area: StoreFinding.Area, _ message: String) {
        report.findings.append(StoreFinding(area: area, message: message))
    }

    /// Adds a finding naming every measure where the stored row differs from the recomputed one.
    private mutating func compare(_ place: String, _ s: PeriodSummary.Measures, _ f: PeriodSummary.Measures) {
        guard s != f else { return }  // (naming every measure of every row was a tenth of a check)
        let measures: [(String, Int64, Int64)] = PeriodSummary.Column.allCases.flatMap { c in
            [("\(c.name)_balance", s.balance[c.rawValue], f.balance[c.rawValue]),
             ("\(c.name)_borrowers", s.borrowers[c.rawValue], f.borrowers[c.rawValue])]
        }
        let differences = ([("balance_rows", s.rows, f.rows)] + measures).filter { $0.1 != $0.2 }.map { "\($0.0) \($0.1) stored, \($0.2) recomputed" }
        if !differences.isEmpty {
            add(.summary, "\(place): " + differences.joined(separator: "; ") + " from loan_balances")
        }
    }

    /// SQLite's page-level check of the file (PostgreSQL checksums its own pages).
    private mutating func integrity() throws {
        let lines = try session.fetchColumn("PRAGMA integrity_check", as: String.self)
        guard lines != ["ok"] else { return }
        for line in lines { add(.integrity, line) }
    }

    private mutating func schema() throws {
        let version = try Schema.storedVersion(session)
        if version != Schema.version {
            add(.schema, "the store has schema version \(version), this kejin expects \(Schema.version)")
        }
        // Every migration records its version (both engines): 1 … version, none missing.
        let recorded = Set(try session.fetchColumn("SELECT version FROM schema", as: Int.self))
        let unrecorded = (1...max(version, 1)).filter { !recorded.contains($0) }
        if version > 0, !unrecorded.isEmpty {
            add(.schema, "schema versions not recorded: " + unrecorded.map(String.init).joined(separator: ", "))
        }
        if onSQLite {  // GRDB's own log of the migrations it ran
            let applied = Set(try session.fetchColumn("SELECT identifier FROM grdb_migrations", as: String.self))
            let missing = Schema.migrator.migrations.filter { !applied.contains($0) }
            if !missing.isEmpty { add(.schema, "migrations not applied: " + missing.joined(separator: ", ")) }
        }
        if let value = try session.fetchOne("SELECT value FROM store_meta WHERE key = 'contents'", as: String.self),
           StoreContents(rawValue: value) == nil {
            add(.schema, "store_meta contents is \"\(value)\", not one of empty, demo, real")
        }
    }

    private mutating func references() throws {
        for r in Self.references {
            let kind = r.kind.map { " AND t.kind = '\($0)'" } ?? ""
            guard let row = try session.fetch("""
                SELECT count(*), min(x.\(r.column)) FROM \(r.table) x
                WHERE x.\(r.column) IS NOT NULL
                  AND NOT EXISTS(SELECT 1 FROM \(r.target) t WHERE t.\(r.targetColumn) = x.\(r.column)\(kind))
                """).first else { continue }
            let count: Int = try row.get(0)
            guard count > 0 else { continue }
            let what = r.kind.map { "a \($0) in \(r.target)" } ?? "in \(r.target)"
            add(.reference, "\(r.table).\(r.column): \(count) row(s) name a code that is not \(what) (first: \(Self.shown(row[1])))")
        }
        // A loan's product is one of its own bank's (v24; two columns, so not a Reference).
        if try session.tableExists(Products.catalogue.table), let row = try session.fetch("""
            SELECT count(*), min(l.product) FROM loans l WHERE l.product <> ''
              AND NOT EXISTS(SELECT 1 FROM \(Products.catalogue.table) p WHERE p.code = l.product AND p.bank = l.bank)
            """).first, try row.get(0, as: Int.self) > 0 {
            add(.reference, "loans.product: \(try row.get(0, as: Int.self)) row(s) name a code that is not a product of the loan's bank in products (first: \(Self.shown(row[1])))")
        }
    }

    /// A code as the findings show it: text quoted, a number bare.
    static func shown(_ value: SQLValue) -> String {
        switch value {
        case .text(let t): return "\"\(t)\""
        case .integer(let i): return "\(i)"
        case .null: return "NULL"
        case .blob(let b): return "\(b.count) bytes"
        }
    }

    private mutating func money() throws {
        for (table, column) in Self.moneyColumns {
            // SQLite columns take any type; PostgreSQL's are bigint, so only the sign can be wrong.
            let notFen = onSQLite ? "typeof(\(column)) != 'integer' OR \(column) < 0" : "\(column) < 0"
            let count = try session.fetchOne("""
                SELECT count(*) FROM \(table) WHERE \(column) IS NOT NULL AND (\(notFen))
                """, as: Int.self) ?? 0
            if count > 0 { add(.money, "\(table).\(column): \(count) row(s) are not a whole, non-negative number of fen") }
        }
        // Each period's ledger total, summed plainly, is the city's balance in the summary.
        let city = try Dictionary(uniqueKeysWithValues: session.fetch("""
            SELECT period, all_balance FROM period_summary WHERE chain = ''
            """).map { (try $0.get(0, as: String.self), try $0.get(1, as: Int64.self)) })
        for row in try session.fetch("SELECT period, sum(balance) FROM loan_balances GROUP BY period") {
            let period: String = try row.get(0), total: Int64 = try row.get(1)
            if let stored = city[period], stored != total {
                add(.money, "period_summary \(period) city: all_balance \(stored) fen, but loan_balances sum to \(total)")
            }
        }
    }

    private mutating func summaries() throws {
        if let mismatched = try session.fetch("""
            SELECT count(*), min(code) FROM loans WHERE is_tech IS DISTINCT FROM (\(PeriodSummary.isTech))
            """).first, try mismatched.get(0, as: Int.self) > 0 {
            add(.summary, "loans.is_tech: \(try mismatched.get(0, as: Int.self)) loan(s) disagree with enterprise_tags (first: \(try mismatched.get(1, as: String.self)))")
        }
        let periods = Set(try PeriodSummary.periods(session) + FullScanBaseline.periods(session)).sorted()
        report.periods = periods.count
        let stored = try PeriodSummary.load(session, periods: periods)
        let regions = try RegionSummary.exists(session)
        let fresh = try regions ? cityAndChains(periods) : FullScanBaseline.load(session, periods: periods)
        for p in periods {
            let chains = Set((stored[p.key] ?? [:]).keys).union((fresh[p.key] ?? [:]).keys).sorted()
            for chain in chains {
                let place = "period_summary \(p.key) " + (chain.isEmpty ? "city" : "chain \(chain)")
                switch (stored[p.key]?[chain], fresh[p.key]?[chain]) {
                case (nil, _): add(.summary, "\(place): row missing (loan_balances has this period and chain)")
                case (_, nil): add(.summary, "\(place): row present, but loan_balances has no balance here")
                case let (s?, f?): compare(place, s, f)
                }
            }
        }
        if try BankSummary.exists(session) {
            let bankPeriods = Set(periods).union(try distinctPeriods("bank_summary").compactMap(Period.init)).sorted()
            for p in bankPeriods {
                let fresh = try regions ? byRegion(p).byBank : BankSummary.fresh(session, period: p)
                compareRows(try BankSummary.load(session, period: p), fresh, what: "bank") { bank, chain in
                    "bank_summary \(p.key) bank \(bank) " + (chain.isEmpty ? "no chain" : "chain \(chain)")
                }
            }
        }
        if regions { try regionSummaries(periods) }
        try ledgerIneligible()
        if try EnterpriseSummary.exists(session) { try enterpriseSummary(periods) }
        if try ProgrammeSummary.exists(session) { try programmeSummaries(periods) }
        if try ProductSummary.exists(session) {
            for period in Set(periods.map(\.key)).union(try distinctPeriods(ProductSummary.table)).sorted() {
                try compareKept(ProductSummary.kept(period: period), period, from: "loan_balances")
            }
        }
        if try NPLSummary.exists(session) {
            for period in Set(periods.map(\.key)).union(try distinctPeriods(NPLSummary.table)).sorted() {
                try compareKept(NPLSummary.kept(period: period), period, from: "loan_balances")
            }
            let badGrades = try session.fetchOne("SELECT count(*) FROM loan_balances WHERE grade NOT BETWEEN 1 AND 5", as: Int.self) ?? 0
            if badGrades > 0 { add(.summary, "loan_balances.grade: \(badGrades) row(s) hold no grade of 1 (normal) to 5 (loss)") }
        }
        // Every month of new loans at once (a few thousand rows), from the loans, firms and tags.
        if try NewLoanSummary.exists(session) { try compareKept(NewLoanSummary.kept, "new loans", from: "loans") }
        if try SubsidySummary.exists(session) { try compareKept(SubsidySummary.kept, "claims", from: InterestSubsidy.claims.table) }
        if try GuaranteeSummary.exists(session) { try compareKept(GuaranteeSummary.kept, "guarantees", from: "guarantees") }
        for ledger in DrawSummary.Ledger.allCases where try ledger.exists(session) {
            let drawPeriods = Set(periods.map(\.key)).union(try distinctPeriods(ledger.table)).sorted()
            for period in drawPeriods {
                try compareKept(KeptRows(table: ledger.table, stored: "SELECT period, draw, balance, loans FROM \(ledger.table) WHERE period = ?1",
                                     fresh: ledger.rowsSQL, arguments: [.text(period)], keys: 1, values: ["balance", "loans"],
                                     place: { "draw \(KeptRows.text($0[0]))" }), period, from: "loan_balances")
            }
        }
        if try DrawSummary.Groups.isMaintained(session) {
            for period in try DrawSummary.Groups.periods(session) {
                try compareKept(DrawSummary.Groups.kept(period: period), period, from: "loan_balances")
            }
        }
    }

    /// A month recomputed per region and chain and per region, bank and chain: two scans of its
    /// balances, each month once for the whole check.
    private mutating func byRegion(_ p: Period) throws -> FullScanBaseline.RegionMeasures {
        if let kept = recomputedByRegion[p] { return kept }
        let fresh = try FullScanBaseline.byRegion(session, period: p)
        recomputedByRegion[p] = fresh
        return fresh
    }

    /// period → chain ('' = city) → measures, the regions' rows summed: a firm is in one region
    /// (or none: region ''), so no borrower counts twice — FullScanBaseline.load's figures
    /// without a scan of their own.
    private mutating func cityAndChains(_ periods: [Period]) throws -> [String: [String: PeriodSummary.Measures]] {
        var result: [String: [String: PeriodSummary.Measures]] = [:]
        for p in periods {
            for byChain in try byRegion(p).chains.values {
                for (chain, measures) in byChain { try result[p.key, default: [:]][chain, default: PeriodSummary.Measures()].sum(measures) }
            }
        }
        return result
    }

    /// The periods `table` holds rows for.
    private func distinctPeriods(_ table: String) throws -> [String] {
        try session.fetchColumn("SELECT DISTINCT period FROM \(table)", as: String.self)
    }

    /// Stored summary rows (key → chain → measures) against the recomputed ones: a finding per
    /// missing, extra or differing row, named by `place(key, chain)`.
    private mutating func compareRows(_ stored: [String: [String: PeriodSummary.Measures]],
                                      _ fresh: [String: [String: PeriodSummary.Measures]], what: String,
                                      place: (String, String) -> String) {
        for key in Set(stored.keys).union(fresh.keys).sorted() {
            for chain in Set((stored[key] ?? [:]).keys).union((fresh[key] ?? [:]).keys).sorted() {
                let at = place(key, chain)
                switch (stored[key]?[chain], fresh[key]?[chain]) {
                case (nil, _): add(.summary, "\(at): row missing (loan_balances has this \(what) and chain)")
                case (_, nil): add(.summary, "\(at): row present, but loan_balances has no balance here")
                case let (s?, f?): compare(at, s, f)
                }
            }
        }
    }

    /// enterprise_summary against its rows recomputed from loan_balances (EnterpriseSummary.swift).
    private mutating func enterpriseSummary(_ periods: [Period]) throws {
        for period in Set(periods.map(\.key)).union(try distinctPeriods(EnterpriseSummary.table)).sorted() {
            try compareKept(EnterpriseSummary.kept(period: period), period, from: "loan_balances")
        }
    }

    /// programme_whitelist, programme_spread, category_summary and its totals against their rows recomputed
    /// from the ledgers (ProgrammeSummary.swift, CategorySummary.swift): the periods with
    /// balances, and any other period holding rows.
    private mutating func programmeSummaries(_ periods: [Period]) throws {
        let kept = try distinctPeriods(ProgrammeSummary.whitelistTable) + distinctPeriods(ProgrammeSummary.spreadTable)
            + (CategorySummary.exists(session) ? distinctPeriods(CategorySummary.table) : [])
            + (CategorySummary.Totals.exists(session) ? distinctPeriods(CategorySummary.Totals.table) : [])
        for period in Set(periods.map(\.key)).union(kept).sorted().compactMap(Period.init) {
            for table in try ProgrammeSummary.kept(session, period: period) { try compareKept(table, period.key, from: "the ledgers") }
        }
    }

    /// A finding per row where a kept table and its recomputation differ (KeptRows.swift).
    private mutating func compareKept(_ table: KeptRows, _ period: String, from source: String) throws {
        for d in try table.differences(session) {
            add(.summary, "\(table.table) \(period) \(d.place): \(table.shown(d.stored)) stored, \(table.shown(d.fresh)) recomputed from \(source)")
        }
    }

    /// region_summary and region_bank_summary against a plain aggregation (RegionSummary.swift).
    private mutating func regionSummaries(_ periods: [Period]) throws {
        let stored = Set(try (distinctPeriods("region_summary") + distinctPeriods("region_bank_summary")).compactMap(Period.init))
        for p in stored.union(periods).sorted() {
            let fresh = try byRegion(p)
            compareRows(try RegionSummary.stored(session, period: p), fresh.chains, what: "region") { region, chain in
                "region_summary \(p.key) region '\(region)' " + (chain.isEmpty ? "total" : "chain \(chain)")
            }
            compareRows(try RegionSummary.storedBanks(session, period: p), fresh.banks, what: "region and bank") { key, chain in
                "region_bank_summary \(p.key) region '\(key)' " + (chain.isEmpty ? "no chain" : "chain \(chain)")
            }
        }
    }
}
