import KejinCore

/// Every re-lending draw with its tool, bank and the bank's region, read once per store
/// version (`VersionedReads`), like the guarantee book: a month's draws per tool and bank
/// (MonthReads.swift) keep the outstanding ones here and add their ledgers from one range read
/// of their sums per tool and bank (`draw_group_summary`, v30; before it, two range reads of
/// `draw_summary` and `draw_ineligible_summary`), instead of joining four tables for each of
/// 1,000 draws (~2 ms a month at 1M loans).
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
    /// Tool and bank (`groupKey`) → the position in `groups`.
    var groupNumbers: [String: Int] = [:]

    static func groupKey(tool: String, bank: String) -> String { "\(tool)\u{1F}\(bank)" }

    static func read(_ session: any StoreSession) throws -> DrawBook {
        var book = DrawBook()
        let day = GuaranteeBook.day
        try session.cursor("""
            SELECT d.code, d.tool, d.bank, CASE WHEN i.code IS NULL THEN NULL ELSE coalesce(i.region, '') END,
              d.amount, d.rollovers_used, d.draw_date, d.maturity_date, d.repaid_date
            FROM relending_draws d LEFT JOIN institutions i ON i.code = d.bank
            """, []) { r in
            let tool: String = try r.get(1), bank: String = try r.get(2)
            let key = groupKey(tool: tool, bank: bank)
            let group = book.groupNumbers[key] ?? book.groups.count
            if group == book.groups.count {
                book.groupNumbers[key] = group
                book.groups.append(Group(tool: tool, bank: bank, bankRegion: try r.text(3)))
            }
            book.positions[try r.get(0)] = book.draws.count
            book.draws.append(Draw(group: group, amount: try r.integer(4), rollovers: try r.integer(5), drawn: day(try r.get(6)),
                                   maturity: day(try r.get(7)), repaid: try r.text(8).map(day)))
            return true
        }
        return book
    }

    /// The month's ledger sums per tool and bank, or (before v30) the rows of each draw ledger
    /// (`groups` reads them; MonthReads sends them ahead).
    static func ledgerReads(_ session: any StoreSession, _ period: Period) throws -> [Prefetch] {
        try DrawSummary.Groups.isMaintained(session) ? [sumsRead(period)] : rowReads(period)
    }

    /// The month's ledger sums per tool and bank (v30).
    private static func sumsRead(_ period: Period) -> Prefetch {
        let groups = DrawSummary.Groups.self
        return Prefetch("SELECT tool, bank, \(groups.values.joined(separator: ", ")) FROM \(groups.table) WHERE period = ?1", [.text(period.key)])
    }

    /// The month's rows of each draw ledger, in `DrawSummary.Ledger.allCases`' order.
    private static func rowReads(_ period: Period) -> [Prefetch] {
        DrawSummary.Ledger.allCases.map { Prefetch($0.monthRowsSQL, [.text(period.key)]) }
    }

    /// The draws outstanding at `period`'s end summed per tool and bank, with their ledgers;
    /// nil when the store keeps no draw ledgers (before v14).
    func groups(_ session: any StoreSession, _ period: Period) throws -> [MonthReads.DrawGroup]? {
        guard try DrawSummary.exists(session), try DrawSummary.Ledger.ineligible.exists(session) else { return nil }
        let e = GuaranteeBook.day(period.endDate)
        // The due dates as SQLite's date(e, '+30 days') counts days (as the Re-lending figures always have).
        let due = [30, 60, 90].map { GuaranteeBook.day(FiguresQuery.day(period.endDate, plus: $0)) }
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
        if try DrawSummary.Groups.isMaintained(session) {
            let read = Self.sumsRead(period)
            try session.cursor(read) { r in
                guard let g = groupNumbers[Self.groupKey(tool: try r.get(0), bank: try r.get(1))] else { return true }
                sums[g].ledger = try GuaranteeBook.add(sums[g].ledger, try r.integer(2))
                sums[g].ledgerLoans += Int(try r.integer(3))
                sums[g].ineligible = try GuaranteeBook.add(sums[g].ineligible, try r.integer(4))
                sums[g].ineligibleLoans += Int(try r.integer(5))
                return true
            }
            return sums.indices.filter { held[$0] }.map { sums[$0] }
        }
        for (ledger, read) in zip(DrawSummary.Ledger.allCases, Self.rowReads(period)) {
            try session.cursor(read) { r in
                guard let i = positions[try r.get(0)], outstanding[i] else { return true }
                let g = draws[i].group, balance = try r.integer(1), loans = Int(try r.integer(2))
                if ledger == .funded {
                    sums[g].ledger = try GuaranteeBook.add(sums[g].ledger, balance)
                    sums[g].ledgerLoans += loans
                } else {
                    sums[g].ineligible = try GuaranteeBook.add(sums[g].ineligible, balance)
                    sums[g].ineligibleLoans += loans
                }
                return true
            }
        }
        return sums.indices.filter { held[$0] }.map { sums[$0] }
    }
}
