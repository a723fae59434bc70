import GRDB

/// What the enterprise lists show, per (period, chain, bank, enterprise): balance, tech balance
/// and loans with a positive balance; a row while the enterprise has such a loan at the bank.
/// Kept beside `period_summary` by the same recompute (from BankSummary's per-(bank,
/// enterprise) groups, no second pass over the balances) and by delta (SummaryDelta.swift).
///
/// Why: a list walked every loan of the chain or bank and its two balances (10–20k loans at
/// 1M: 26–31 ms an open or period move); it now reads a summary row per enterprise and bank
/// for the period and the year-ago one. Chain leads the key so a chain's list (and a chain's
/// list at a bank) is one range; a bank's list is a range per chain (`chain IN` every chain).
/// A loan's row moves with its enterprise's chain, its bank and its tech flag: imports that
/// write loans, enterprises or tags move it out and back by delta when small (ReferenceDelta),
/// else recompute the periods (PeriodSummary.refresh); balances alone are per loan, so their
/// delta is the changed loans alone, exactly as draw_summary's.
enum EnterpriseSummary {
    static let table = "enterprise_summary"

    static func exists(_ session: any StoreSession) throws -> Bool { try session.tableExists(table) }

    /// The migration body (v15): create the table and fill it for the periods stored.
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE \(table)(
                period TEXT NOT NULL, chain TEXT NOT NULL, bank TEXT NOT NULL, enterprise TEXT NOT NULL,
                balance INTEGER NOT NULL, tech_balance INTEGER NOT NULL, loans INTEGER NOT NULL,
                PRIMARY KEY(period, chain, bank, enterprise)) WITHOUT ROWID
            """)
        for p in try PeriodSummary.periods(db) {
            try SQLiteSession(db: db).execute("INSERT INTO \(table) " + rowsSQL, p.key)
        }
    }

    /// One period's rows (period `?1`, chain, bank, enterprise, balance, tech balance, loans)
    /// from loan_balances. (Also `kejin store check`.)
    static let rowsSQL = """
        SELECT ?1, coalesce(e.chain, ''), l.bank, l.enterprise, sum(b.balance),
               sum(CASE WHEN l.is_tech = 1 THEN b.balance ELSE 0 END), count(*)
        FROM loan_balances b JOIN loans l ON l.id = b.loan_id JOIN enterprises e ON e.code = l.enterprise
        WHERE b.period = ?1 AND b.balance > 0
        GROUP BY 2, 3, 4
        """

    /// Rebuilds one period's rows from the recompute's groups (BankSummary.recompute has just
    /// filled summary_groups for this period: m0 all balance, m1 tech, `lent` loans > 0).
    static func recompute(_ s: any StoreSession, period: String) throws {
        try s.execute("DELETE FROM \(table) WHERE period = ?1", period)
        try s.execute("""
            INSERT INTO \(table)(period, chain, bank, enterprise, balance, tech_balance, loans)
            SELECT ?1, coalesce(chain, ''), bank, enterprise, m0, m1, lent FROM summary_groups WHERE lent > 0
            """, period)
    }

    /// The delta of a small import (SummaryDelta) from its affected firms' loans: per row key,
    /// each known firm's loans' positive balance now less before (an unchanged loan adds 0),
    /// and the change in its loans with a positive balance; then the rows that lost their last
    /// such loan go. Summed here, not joined again: the loans come with their firm's chain.
    static func applyDelta(_ s: any StoreSession, period: String, _ affected: AffectedLoans) throws {
        struct Key: Hashable { var chain: String, bank: String, firm: String }
        var delta: [Key: (balance: Int64, tech: Int64, loans: Int64)] = [:]
        let tech: Int64 = 1 << PeriodSummary.Column.tech.rawValue
        for loan in affected.loans where loan.known && loan.after != loan.before {
            let d = max(loan.after ?? 0, 0) - max(loan.before ?? 0, 0)
            let n: Int64 = ((loan.after ?? 0) > 0 ? 1 : 0) - ((loan.before ?? 0) > 0 ? 1 : 0)
            let key = Key(chain: loan.chain ?? "", bank: loan.bank, firm: loan.firm)
            let old = delta[key] ?? (0, 0, 0)
            delta[key] = (try GuaranteeBook.add(old.balance, d), try GuaranteeBook.add(old.tech, loan.columns & tech != 0 ? d : 0), old.loans + n)
        }
        let add = try s.prepare("""
            INSERT INTO \(table)(period, chain, bank, enterprise, balance, tech_balance, loans) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT(period, chain, bank, enterprise) DO UPDATE SET
                balance = \(table).balance + excluded.balance, tech_balance = \(table).tech_balance + excluded.tech_balance,
                loans = \(table).loans + excluded.loans
            """)
        let drop = try s.prepare("DELETE FROM \(table) WHERE period = ?1 AND chain = ?2 AND bank = ?3 AND enterprise = ?4 AND loans = 0")
        for (key, d) in delta where d != (0, 0, 0) {
            let row: [SQLValue] = [.text(period), .text(key.chain), .text(key.bank), .text(key.firm)]
            try add.execute(row + [.integer(d.balance), .integer(d.tech), .integer(d.loans)])
            if d.loans < 0 { try drop.execute(row) }
        }
    }

    /// One period's kept rows beside their recomputation from loan_balances (`kejin store check`).
    static func kept(period: String) -> KeptRows {
        KeptRows(table: table, stored: "SELECT period, chain, bank, enterprise, balance, tech_balance, loans FROM \(table) WHERE period = ?1",
                 fresh: rowsSQL, arguments: [.text(period)], keys: 3, values: ["balance", "tech", "loans"],
                 place: { "chain/bank/enterprise '\($0.map(KeptRows.text).joined(separator: " "))'" })
    }
}
