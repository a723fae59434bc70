import GRDB
import KejinCore

/// Every re-lending draw with its tool, bank and the bank's region, read once per store
/// version (`VersionedReads`), like the guarantee book: a month's draws per tool and bank
/// (MonthReads.swift) keep the outstanding ones here and add their ledgers from two range
/// reads of `draw_summary` and `draw_ineligible_summary`, instead of joining four tables for
/// each of 1,000 draws (~2 ms a month at 1M loans).
struct DrawBook {
    struct Draw {
        /// The draw's (tool, bank) in `groups`.
        var group: Int
        var amount: Int64, rollovers: Int64
        /// The dates as YYYYMMDD numbers (GuaranteeBook.day).
        var drawn: Int, maturity: Int, repaid: Int?

        /// Outstanding on the day `e` (FiguresQuery.outstanding).
        func outstanding(_ e: Int) -> Bool { drawn <= e && maturity > e && (repaid.map { $0 > e } ?? true) }
    }

    /// A tool at a bank, with the bank's region ('' for an institution without one; nil when
    /// the bank is not in `institutions`).
    struct Group { var tool: String, bank: String, bankRegion: String? }

    var draws: [Draw] = []
    var groups: [Group] = []
    /// Draw code → its position in `draws`.
    var positions: [String: Int] = [:]

    static func read(_ db: Database) throws -> DrawBook {
        var book = DrawBook()
        var groupNumbers: [String: Int] = [:]
        let day = GuaranteeBook.day
        let rows = try Row.fetchCursor(db, sql: """
            SELECT d.code, d.tool, d.bank, CASE WHEN i.code IS NULL THEN NULL ELSE coalesce(i.region, '') END,
              d.amount, d.rollovers_used, d.draw_date, d.maturity_date, d.repaid_date
            FROM relending_draws d LEFT JOIN institutions i ON i.code = d.bank
            """)
        while let r = try rows.next() {
            let tool: String = r[1], bank: String = r[2]
            let key = "\(tool)\u{1F}\(bank)"
            let group = groupNumbers[key] ?? book.groups.count
            if group == book.groups.count {
                groupNumbers[key] = group
                book.groups.append(Group(tool: tool, bank: bank, bankRegion: r[3]))
            }
            book.positions[r[0]] = book.draws.count
            book.draws.append(Draw(group: group, amount: r[4], rollovers: r[5], drawn: day(r[6]), maturity: day(r[7]),
                                   repaid: (r[8] as String?).map(day)))
        }
        return book
    }

    /// The draws outstanding at `period`'s end summed per tool and bank, with their ledgers;
    /// nil when the store keeps no draw ledgers (before v14).
    func groups(_ db: Database, _ period: Period) throws -> [MonthReads.DrawGroup]? {
        guard try DrawSummary.exists(db), try DrawSummary.Ledger.ineligible.exists(db) else { return nil }
        let e = GuaranteeBook.day(period.endDate)
        // The due dates as SQLite counts days (as the Re-lending figures always have).
        let dueRow = try Row.fetchOne(db, sql: "SELECT date(?1, '+30 days'), date(?1, '+60 days'), date(?1, '+90 days')",
                                      arguments: [period.endDate])
        let due = (0..<3).map { i in GuaranteeBook.day(dueRow?[i] ?? "") }
        var sums = groups.map { MonthReads.DrawGroup(tool: $0.tool, bank: $0.bank, bankRegion: $0.bankRegion) }
        var held = Array(repeating: false, count: groups.count), outstanding = Array(repeating: false, count: draws.count)
        for (i, d) in draws.enumerated() where d.outstanding(e) {
            outstanding[i] = true
            held[d.group] = true
            var s = sums[d.group]
            s.drawn = try GuaranteeBook.add(s.drawn, d.amount)
            if d.maturity <= due[0] { s.due30 = try GuaranteeBook.add(s.due30, d.amount) }
            if d.maturity <= due[1] { s.due60 = try GuaranteeBook.add(s.due60, d.amount) }
            if d.maturity <= due[2] { s.due90 = try GuaranteeBook.add(s.due90, d.amount) }
            if d.maturity <= due[0], d.rollovers == 2 { s.exhausted += 1 }
            sums[d.group] = s
        }
        for ledger in DrawSummary.Ledger.allCases {
            let rows = try Row.fetchCursor(db, sql: "SELECT draw, balance, loans FROM \(ledger.table) WHERE period = ?",
                                           arguments: [period.key])
            while let r = try rows.next() {
                guard let i = positions[r[0]], outstanding[i] else { continue }
                let g = draws[i].group, balance: Int64 = r[1], loans: Int = r[2]
                if ledger == .funded {
                    sums[g].ledger = try GuaranteeBook.add(sums[g].ledger, balance)
                    sums[g].ledgerLoans += loans
                } else {
                    sums[g].ineligible = try GuaranteeBook.add(sums[g].ineligible, balance)
                    sums[g].ineligibleLoans += loans
                }
            }
        }
        return sums.indices.filter { held[$0] }.map { sums[$0] }
    }
}
