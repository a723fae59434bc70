/// Keeps the summaries through a small import of loans, enterprises or enterprise tags — a
/// bank correcting a few loans, a firm moving chain or gaining a tag — by delta, where the
/// import recomputed every month in which an affected loan has a balance (1M loans × 24
/// months: three loans corrected took 74 s on a slow day, a minute in which no other import
/// could commit).
///
/// Exact by the balance delta's own arithmetic (BalanceChanges, SummaryDelta.swift): every
/// balance summary counts a loan by its own row, its firm's row and tags, and its balances.
/// So before any file is written, the affected loans — the existing loans the loans files
/// name, every loan of the firms the enterprises and tags files name — have their balance
/// rows set aside and deleted, and the delta of that removal is applied: the summaries then
/// hold the store without those loans. After the files are written the rows go back and the
/// delta of their return is applied, which counts them under the loans' and firms' new rows.
/// What exists without a balance — a listed firm's loans in the whitelist, a tagged firm's
/// category rows — is recomputed for the firms involved, month by month.
///
/// What it cannot see coming falls back to the recompute (PeriodSummary.refresh): more rows
/// than the balance delta's limit (`start` returns nil), or a loan or firm written that the
/// scan of the files did not name (`finish` returns false, with the balances back).
final class ReferenceDelta {
    private let session: any StoreSession
    /// The firms the enterprises and tags files name.
    private let firms: Set<String>
    /// The largest loan id before the import: a loan written with a larger one is new.
    private let lastLoanBefore: Int64

    static let movedLoans = "moved_loans"
    static let movedFirms = "moved_firms"
    static let movedBalances = "moved_balances"

    private init(_ s: any StoreSession, firms: Set<String>, lastLoanBefore: Int64) {
        session = s
        self.firms = firms
        self.lastLoanBefore = lastLoanBefore
    }

    /// Takes the affected loans out of the summaries, or returns nil (and changes nothing) when
    /// this import is for the recompute. `loans`: the loan codes the loans files name; `firms`:
    /// the firm codes the enterprises and tags files name. `beforeRemoving` runs just before
    /// the summaries change (the import's record of what settled periods showed).
    static func start(_ s: any StoreSession, loans: Set<String>, firms: Set<String>,
                      beforeRemoving: () throws -> Void) throws -> ReferenceDelta? {
        let changes = try BalanceChanges(s)
        guard try changes.covers() else { return nil }
        try BalanceChanges.createTemp(s, "CREATE TEMP TABLE IF NOT EXISTS \(movedLoans)(id BIGINT PRIMARY KEY) WITHOUT ROWID")
        try BalanceChanges.createTemp(s, "CREATE TEMP TABLE IF NOT EXISTS \(movedFirms)(code TEXT PRIMARY KEY) WITHOUT ROWID")
        try s.execute("CREATE TEMP TABLE IF NOT EXISTS \(movedBalances) AS SELECT * FROM loan_balances WHERE false")
        for table in [movedLoans, movedFirms, movedBalances] { try s.execute("DELETE FROM \(table)") }
        let byCode = try s.prepare("INSERT INTO \(movedLoans)(id) SELECT id FROM loans WHERE code = ?1 ON CONFLICT DO NOTHING")
        for code in loans {
            byCode.bind(1, .text(code))
            try byCode.execute()
        }
        let byFirm = try s.prepare("INSERT INTO \(movedLoans)(id) SELECT id FROM loans WHERE enterprise = ?1 ON CONFLICT DO NOTHING")
        let firm = try s.prepare("INSERT INTO \(movedFirms)(code) VALUES (?1) ON CONFLICT DO NOTHING")
        for code in firms {
            for statement in [byFirm, firm] {
                statement.bind(1, .text(code))
                try statement.execute()
            }
        }
        // Their firms as they are now: a loan moved to another firm leaves this one's rows.
        try recordFirms(s, of: "SELECT id FROM \(movedLoans)")
        // The balance rows: the key is (period, loan), so a seek per period and loan.
        let periods = try FullScanBaseline.periods(s).map(\.key)
        for period in periods {
            try s.execute("""
                INSERT INTO \(movedBalances) SELECT b.* FROM \(movedLoans) m
                CROSS JOIN loan_balances b ON b.period = ?1 AND b.loan_id = m.id
                """, period)
        }
        let rows = try s.fetchOne("SELECT count(*) FROM \(movedBalances)", as: Int.self) ?? 0
        guard rows <= changes.limit else { return nil }
        let lastLoan = try s.fetchOne("SELECT coalesce(max(id), 0) FROM loans", as: Int64.self) ?? 0
        try beforeRemoving()
        try changes.willChange(staged: movedBalances)
        for period in periods {
            try s.execute("DELETE FROM loan_balances WHERE period = ?1 AND loan_id IN (SELECT id FROM \(movedLoans))", period)
        }
        try changes.apply(periods: try movedPeriods(s))
        return ReferenceDelta(s, firms: firms, lastLoanBefore: lastLoan)
    }

    /// After the files are written: the affected loans' ledger eligibility and balances back in
    /// the summaries under their new rows, and the involved firms' rows without balances
    /// recomputed. `written`: the loans the import wrote; `enterprises`: the firms whose row or
    /// tags it wrote. False when it wrote one `start` did not foresee: the balances are back,
    /// the caller recomputes (the summaries and the eligibility).
    func finish(written: Set<Int64>, enterprises: Set<String>) throws -> Bool {
        let s = session
        let moved = Set(try s.fetchColumn("SELECT id FROM \(Self.movedLoans)", as: Int64.self))
        let foreseen = written.allSatisfy { $0 > lastLoanBefore || moved.contains($0) } && enterprises.isSubset(of: firms)
        let touched = "SELECT id FROM \(Self.movedLoans) UNION ALL SELECT id FROM loans WHERE id > \(lastLoanBefore)"
        // A tag written may change the moved loans' tech flag, and the new loans' (as the recompute does).
        try s.execute("UPDATE loans SET is_tech = \(PeriodSummary.isTech) WHERE id IN (\(touched))")
        // Which of them the re-lending tools may refinance, while their balances are out.
        if foreseen { try LedgerEligibility.refresh(s, loansIn: touched) }
        let changes = try BalanceChanges(s)
        try changes.willChange(staged: Self.movedBalances)
        try s.execute("INSERT INTO loan_balances SELECT * FROM \(Self.movedBalances)")
        try changes.apply(periods: try Self.movedPeriods(s))
        if foreseen {
            // The moved loans' firms now, and the new loans' (a whitelisted firm counts its
            // loans from their start, balance or not).
            try Self.recordFirms(s, of: touched)
            for period in try PeriodSummary.periods(s).map(\.key) {
                try ProgrammeSummary.recompute(s, period: period, firmsIn: Self.movedFirms)
            }
        }
        for table in [Self.movedLoans, Self.movedFirms, Self.movedBalances] { try s.execute("DELETE FROM \(table)") }
        return foreseen
    }

    /// Adds the firms of the loans whose ids `ids` selects to `moved_firms`.
    private static func recordFirms(_ s: any StoreSession, of ids: String) throws {
        try s.execute("""
            INSERT INTO \(movedFirms)(code) SELECT DISTINCT l.enterprise FROM (\(ids)) AS m
            CROSS JOIN loans l ON l.id = m.id WHERE true ON CONFLICT DO NOTHING
            """)
    }

    private static func movedPeriods(_ s: any StoreSession) throws -> Set<String> {
        Set(try s.fetchColumn("SELECT DISTINCT period FROM \(movedBalances)", as: String.self))
    }
}
