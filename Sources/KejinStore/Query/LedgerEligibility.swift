import GRDB
import KejinCore

/// Which re-lending ledger loans (loans with a `relending_draw`) the tool may refinance.
///
/// A tool's terms are dated rows of `relending_caps` (relending_caps.csv): the cap on drawn ÷
/// eligible ledger from `effective_from`, and the qualification (enterprise tags, any one of
/// them) its ledger loans need. A ledger loan is **eligible** when, on its start date, its
/// enterprise held one of the tags the tool's terms in force on that date require (the tool's
/// first row also governs loans older than it; terms without tags, or a tool without terms,
/// require none). Eligibility depends on loans, tags, draws and terms, never on balances, so
/// the importer keeps the ineligible ledger loans in `ledger_ineligible` (a few rows) whenever
/// one of those is written, with their balances per period and draw (`draw_ineligible_summary`,
/// DrawSummary.swift), so a period's coverage reads a row per draw (RelendingCoverage.swift).
///
/// One loan funds one draw: `loans.relending_draw` holds a single code, so a loan cannot be
/// split across two draws or counted twice; a bank that refinances a loan again links it to
/// the new draw (a re-lending rollover keeps its draw code).
enum LedgerEligibility {
    /// Enterprise tags. The tech qualifications make a loan a tech loan (PeriodSummary.isTech);
    /// the others only qualify it for a re-lending tool (涉农 `agri`, 小微 `small_micro`).
    static let techTags = ["high_tech", "tech_sme", "innovative_sme", "srdi", "little_giant", "whitelist", "candidate"]
    static let otherTags = ["agri", "small_micro"]
    /// Every tag enterprise_tags.csv takes: these, and the enterprise categories, which make no
    /// tech loan either (EnterpriseCategory: a chain's "of which").
    static var allTags: [String] { techTags + otherTags + EnterpriseCategory.allCases.map(\.rawValue) }
    /// `'high_tech', …` for `tag IN (…)`.
    static var techTagList: String { techTags.map { "'\($0)'" }.joined(separator: ", ") }

    /// The migration body (schema v13).
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE relending_caps(
                tool TEXT NOT NULL, effective_from TEXT NOT NULL, cap INTEGER NOT NULL, qualification TEXT NOT NULL,
                PRIMARY KEY(tool, effective_from));
            CREATE TABLE ledger_ineligible(loan_id INTEGER PRIMARY KEY, draw TEXT NOT NULL);
            CREATE INDEX ledger_ineligible_draw ON ledger_ineligible(draw);
            """)
        try refresh(SQLiteSession(db: db))
    }

    static func exists(_ db: Database) throws -> Bool { try db.tableExists("ledger_ineligible") }
    static func exists(_ session: any StoreSession) throws -> Bool { try session.tableExists("ledger_ineligible") }

    /// Rebuilds `ledger_ineligible` from the ledger loans (one pass over the partial index of
    /// funded loans: 10k at 1M loans).
    static func refresh(_ s: any StoreSession) throws {
        guard try s.tableExists("ledger_ineligible") else { return }
        let listed = "SELECT loan_id, draw FROM ledger_ineligible ORDER BY loan_id"
        let before = try s.fetch(listed).map(\.values)
        try s.execute("DELETE FROM ledger_ineligible")
        try s.execute("INSERT INTO ledger_ineligible(loan_id, draw) " + ineligibleSQL)
        // Their balances per period and draw (v14): the import's summary refresh has kept them
        // for the list as it was, so every period is recomputed only when the list changed.
        let ledger = DrawSummary.Ledger.ineligible
        if try s.tableExists(ledger.table), try s.fetch(listed).map(\.values) != before {
            for p in try PeriodSummary.periods(s).map(\.key) {
                try ledger.recompute(s, period: p)
                try DrawSummary.Groups.refresh(s, period: p)
            }
        }
    }

    /// The terms (`qualification`) of draw `d`'s tool in force on loan `l`'s start date, else
    /// the tool's first terms.
    private static let qualification = """
        coalesce(
          (SELECT c.qualification FROM relending_caps c WHERE c.tool = d.tool AND c.effective_from <= l.start_date
           ORDER BY c.effective_from DESC LIMIT 1),
          (SELECT c.qualification FROM relending_caps c WHERE c.tool = d.tool ORDER BY c.effective_from LIMIT 1),
          '')
        """

    /// (loan id, draw) of every ineligible ledger loan, by loan id. (Also `kejin store check`.)
    static let ineligibleSQL = ineligible(where: "true")

    /// `ineligibleSQL` of the loans `l` that match `filter`.
    private static func ineligible(where filter: String) -> String { """
        SELECT l.id, l.relending_draw
        FROM loans l
        JOIN relending_draws d ON d.code = l.relending_draw
        WHERE l.relending_draw IS NOT NULL AND \(filter) AND \(qualification) <> ''
          AND NOT EXISTS(
            SELECT 1 FROM enterprise_tags t
            WHERE t.enterprise = l.enterprise AND t.valid_from <= l.start_date AND t.valid_to >= l.start_date
              AND ' ' || \(qualification) || ' ' LIKE '% ' || t.tag || ' %')
        ORDER BY l.id
        """
    }

    /// The list's rows of the loans whose ids `ids` selects, recomputed from their rows and
    /// their firms' tags: for an import that changed no draw, term or tool, only those loans'
    /// eligibility can move, and their balances are out of the summaries meanwhile
    /// (ReferenceDelta), so no ledger moves with the list (10k ledger loans at 1M: ~0.3 s).
    static func refresh(_ s: any StoreSession, loansIn ids: String) throws {
        guard try exists(s) else { return }
        try s.execute("DELETE FROM ledger_ineligible WHERE loan_id IN (\(ids))")
        try s.execute("INSERT INTO ledger_ineligible(loan_id, draw) " + ineligible(where: "l.id IN (\(ids))"))
    }

    /// The ineligible ledger loans of one draw (ids); nil in a store before schema v13.
    static func ineligibleLoans(_ s: any StoreSession, draw: String) throws -> Set<Int64>? {
        guard try s.tableExists("ledger_ineligible") else { return nil }
        return Set(try s.fetchColumn("SELECT loan_id FROM ledger_ineligible WHERE draw = ?1", draw, as: Int64.self))
    }

    /// Whether an import of these entities can change eligibility.
    static func affected(by entities: Set<Entity>, loansOrEnterprises: Bool) -> Bool {
        loansOrEnterprises || !entities.isDisjoint(with: [.enterpriseTags, .relendingDraws, .relendingCaps, .relendingTools, .loans])
    }
}

extension StoreCheck {
    /// `ledger_ineligible` against a recomputation from loans, tags, draws and terms.
    mutating func ledgerIneligible() throws {
        guard try LedgerEligibility.exists(session) else { return }
        func pairs(_ sql: String) throws -> [Int64: String] {
            try Dictionary(uniqueKeysWithValues: session.fetch(sql).map { (try $0.get(0, as: Int64.self), try $0.get(1, as: String.self)) })
        }
        let stored = try pairs("SELECT loan_id, draw FROM ledger_ineligible")
        let fresh = try pairs(LedgerEligibility.ineligibleSQL)
        for id in Set(stored.keys).union(fresh.keys).sorted() where stored[id] != fresh[id] {
            let code = try session.fetchOne("SELECT code FROM loans WHERE id = ?1", id, as: String.self) ?? "id \(id)"
            add(.summary, "ledger_ineligible loan \(code): " + (stored[id] == nil
                ? "missing, but its enterprise lacked the qualification of draw \(fresh[id]!)'s tool at its start date"
                : "listed under draw \(stored[id]!), but " + (fresh[id].map { "recomputed under draw \($0)" } ?? "it is eligible")))
        }
    }
}
