import KejinCore

/// Issue 12, item 11: a chain's "of which" per enterprise category, and each re-lending tool's
/// first ledger loan (EnterpriseCategory.swift).
extension Store {
    /// Each chain's "of which" at the period (chain code → categories) for a region and
    /// everything below it (nil: the whole store). Not part of `figures(for:)`: at 1M loans it
    /// costs ~350 ms, and only the Chains and Programme screens and the report show it.
    public func chainCategories(for period: Period, region: String?) throws -> [String: [CategoryMeasure]] {
        try readSession { s in
            let query = FiguresQuery(session: s, period: period, versioned: versioned, region: region)
            return try query.resolvingRegion(versioned.tree(s)).chainCategories()
        }
    }
}

extension FiguresQuery {
    /// Part of v19: the category query's tags by tag (enterprise_tags' key leads with the
    /// enterprise, so picking one tag read every row, every period move).
    static let tagIndexDDL = "CREATE INDEX IF NOT EXISTS enterprise_tags_tag ON enterprise_tags(tag, valid_from, valid_to, enterprise)"

    /// Per chain code: its loans to each enterprise category at the period end. An enterprise
    /// counts in a month when a tag of the category spans any day of it; its balance is that
    /// of every loan it has at the period end, once whatever the number of its tag rows.
    ///
    /// From the period's kept totals per chain, category and region (CategorySummary.Totals,
    /// v29: one range of tens of rows); a store before v29 sums its row per firm (v21), and a
    /// period without kept rows (or a store before v21) computes the firms' rows on the spot,
    /// a seek per loan of each listed firm.
    func chainCategories() throws -> [String: [CategoryMeasure]] {
        let present = try self.present(period.key)
        var arguments: [SQLValue] = [.text(period.key)]
        let rows: String
        if try present && CategorySummary.Totals.exists(session) {
            rows = "SELECT chain, tag, region, firms, balance FROM \(CategorySummary.Totals.table) WHERE period = ?1"
        } else if try present && CategorySummary.exists(session) {
            rows = "SELECT chain, tag, region, 1 AS firms, balance FROM \(CategorySummary.table) WHERE period = ?1"
        } else {
            arguments = CategorySummary.arguments(period)
            rows = "SELECT chain, tag, region, 1 AS firms, balance FROM (\(CategorySummary.rowsSQL)) AS firm"
        }
        var regionFilter = ""
        if let region {
            let codes = (regionScope ?? [region]).sorted()
            regionFilter = "AND r.region IN (\(PeriodSummary.marks(arguments.count + 1, codes.count)))"
            arguments += codes.map(SQLValue.text)
        }
        var result: [String: [CategoryMeasure]] = [:]
        for row in try session.fetch("""
            SELECT r.chain, r.tag, sum(r.firms), sum(r.balance) FROM (\(rows)) r
            WHERE r.balance > 0 \(regionFilter)
            GROUP BY r.chain, r.tag
            """, arguments) {
            guard let category = EnterpriseCategory(rawValue: try row.get(1)) else { continue }
            result[try row.get(0), default: []].append(
                CategoryMeasure(category: category, firms: Int(try row.get(2, as: Int64.self)), balance: Money(fen: try row.get(3))))
        }
        return result.mapValues { $0.sorted { $0.category < $1.category } }
    }

    /// Per tool code: the first loan it refinanced (FirstLedgerLoan), if its first draw was made
    /// by the period end. Read once per reference version (`VersionedReads.firstLoans`).
    func firstLedgerLoans() throws -> [String: FirstLedgerLoan] {
        try (versioned?.firstLoans(session) ?? FirstLoanBook.read(session)).made(by: end)
    }
}

/// Each re-lending tool's first ledger loan and its draw's day, of all time. A tool's earliest
/// draw by a period end is its earliest draw, if that was made by then: so one read serves
/// every period (draws and loans are reference data), and `made(by:)` cuts it.
struct FirstLoanBook: Sendable {
    var byTool: [String: (day: String, loan: FirstLedgerLoan)]

    /// Each tool's draws by day (v27): a tool's first draw day and that day's draws are seeks.
    static let indexDDL = "CREATE INDEX relending_draws_tool_day ON relending_draws(tool, draw_date, code)"

    static func read(_ session: any StoreSession) throws -> FirstLoanBook {
        var byTool: [String: (day: String, loan: FirstLedgerLoan)] = [:]
        // Each tool's first draw day (a seek per tool in relending_draws_tool_day, v27: the pass
        // over every draw read their pages, ~7 ms of a first frame at 1M loans); of that day's
        // draws, the earliest code's earliest loan (loans_relending_draw), picked before any name
        // is joined: joining the names of every loan of those draws (2,596 at 1M loans) cost 43 ms.
        for row in try session.fetch("""
            WITH f AS (
              SELECT t.code AS tool, (SELECT min(d.draw_date) FROM relending_draws d WHERE d.tool = t.code) AS day
              FROM relending_tools t),
            firsts AS (
              SELECT f.tool, f.day,
                     (SELECT l.id FROM relending_draws d JOIN loans l ON l.relending_draw = d.code
                      WHERE d.tool = f.tool AND d.draw_date = f.day
                      ORDER BY d.code, l.start_date, l.code LIMIT 1) AS loan
              FROM f WHERE f.day IS NOT NULL)
            SELECT l.code, l.relending_draw, firsts.tool, i.name_zh, i.name_en, e.name_zh, e.name_en, l.start_date, l.amount, firsts.day
            FROM firsts
            JOIN loans l ON l.id = firsts.loan
            JOIN institutions i ON i.code = l.bank
            JOIN enterprises e ON e.code = l.enterprise
            ORDER BY firsts.tool
            """) {
            let tool: String = try row.get(2)
            guard byTool[tool] == nil else { continue }
            byTool[tool] = (try row.get(9), FirstLedgerLoan(
                loan: try row.get(0), draw: try row.get(1), bank: Names(zh: try row.get(3), en: try row.get(4)),
                enterprise: Names(zh: try row.get(5), en: try row.get(6)), startDate: try row.get(7),
                amount: Money(fen: try row.get(8))))
        }
        return FirstLoanBook(byTool: byTool)
    }

    /// The tools whose first draw was made by `end` (YYYY-MM-DD), with their first loan.
    func made(by end: String) -> [String: FirstLedgerLoan] {
        byTool.compactMapValues { $0.day <= end ? $0.loan : nil }
    }
}
