import KejinCore

// The two big files, loans and loan_balances (a million rows each at a province's scale).
// Each row is checked as every file's is, then either upserted on its own with the prepared
// statement (SQLite: at its targets) or, on an engine that prefers bulk loads (PostgreSQL,
// where a statement is a round trip), appended to a staging table and merged with one upsert
// at the end of the file (BulkLoad.swift). The checks, and so the messages, are the same.
extension RowWriters {
    static let loanColumns = ["code", "bank", "enterprise", "product", "purpose", "start_date", "maturity_date", "amount",
                              "rate", "first_loan", "credit_loan", "renewal", "revolving", "ip_pledge", "guarantee",
                              "relending_draw"]

    /// The loans file's columns, resolved once against its header.
    struct LoanColumns {
        let code, bank, enterprise, product, purpose, start, due, amount, rate: CSVColumn
        let first, credit, renewal, revolving, ip, guarantee, draw: CSVColumn

        init(_ header: CSVRow) {
            let c = header.column
            code = c("code"); bank = c("bank"); enterprise = c("enterprise"); product = c("product")
            purpose = c("purpose"); start = c("start_date"); due = c("maturity_date"); amount = c("amount_yuan")
            rate = c("rate_pct"); first = c("first_loan"); credit = c("credit_loan"); renewal = c("renewal")
            revolving = c("revolving"); ip = c("ip_pledge"); guarantee = c("guarantee"); draw = c("relending_draw")
        }
    }

    /// Checks a loans row and binds its values to `s`: `loanColumns` as ?1 … ?16, is_tech as ?17
    /// (computed with the row, so the refresh after the file finds nothing to change). Returns
    /// the loan's code and bank.
    func checkLoan<S: ValueSink>(_ r: CSVRow, _ c: LoanColumns, into s: S) throws -> (code: String, bank: String) {
        // Checked in the order they always were, so a row with several bad fields names the same one.
        let codeValue = try r.code(c.code)
        let bankValue = try institution(r, c.bank, kind: "bank")
        let enterpriseValue = try reference(r, c.enterprise, .enterprises, "enterprise")
        s.bind(1, .text(codeValue))
        s.bind(2, .text(bankValue))
        s.bind(3, .text(enterpriseValue))
        s.bind(5, .text(try r.oneOf(c.purpose, Self.purposes)))
        let startValue = try r.date(c.start)
        s.bind(6, .text(startValue))
        s.bind(7, .text(try r.date(c.due)))
        try r.requireOrder(c.start, c.due, orEqual: true)
        s.bind(4, .text(try product(r, c.product, bank: bankValue)))
        s.bind(8, .integer(try r.money(c.amount)))
        s.bind(9, .integer(try r.percent(c.rate)))
        s.bind(10, try r.flag(c.first).sqlValue)
        s.bind(11, try r.flag(c.credit).sqlValue)
        s.bind(12, try r.flag(c.renewal).sqlValue)
        s.bind(13, try r.flag(c.revolving).sqlValue)
        s.bind(14, try r.flag(c.ip).sqlValue)
        s.bind(15, try optionalReference(r, c.guarantee, .guarantees, "guarantee").sqlValue)
        s.bind(16, try optionalReference(r, c.draw, .draws, "re-lending draw").sqlValue)
        s.bind(17, try refs.isTech(enterprise: enterpriseValue, on: startValue).sqlValue)
        return (codeValue, bankValue)
    }

    /// A loan's product: empty (none), or the code of one of its own bank's products
    /// (products.csv, this run's or the store's). Free text on a store before v24.
    func product(_ r: CSVRow, _ column: CSVColumn, bank: String) throws -> String {
        let code = r.optionalText(column)
        guard !code.isEmpty, let banks = try refs.productBanks(code) else { return code }
        if banks.contains(bank) { return code }
        if let other = banks.min() { throw r.fail(column, "is a product of \(other), not of the loan's bank \(bank)") }
        throw r.fail(column, "is not a product code of products.csv")
    }

    /// Loans row by row, checked on the reading thread (SplitWriter). RETURNING id: a new or
    /// changed loan's id comes with the row, so it costs no look-up.
    func loansWriter(_ header: CSVRow) throws -> SplitWriter {
        try refs.loadAll(for: .loans)
        let s = try keyedUpsert("loans", Self.loanColumns, key: ["code"], derived: ["is_tech"], rowID: "id")
        let c = LoanColumns(header)
        let (start, enterprise, amount, rate) = (Self.loanColumn("start_date"), Self.loanColumn("enterprise"), Self.loanColumn("amount"), Self.loanColumn("rate"))
        return SplitWriter(check: { r in
            let row = StagedRow(count: Self.loanColumns.count + 1)
            _ = try self.checkLoan(r, c, into: row)
            return row.values
        }, write: { [refs] r, values in
            guard case .text(let code) = values[0], case .text(let bank) = values[1] else { throw StoreSQLError("loans: a checked row without its code and bank") }
            try self.newLoanChanges?.willWriteLoan(code, written: self.touchedLoans.count)
            for (i, value) in values.enumerated() { s.bind(Int32(i + 1), value) }
            let result = try s.run()
            self.books?.noteReferrer("loans", code: code, r)
            let id: Int64
            if case .written(let new?) = result {  // inserted (or changed, where the engine tells)
                id = new
                refs.addLoan(code, id: id, bank: bank)
            } else if let known = try refs.loanID(code) {  // an equal row left alone, or a changed one
                id = known
                if result != .unchanged { refs.addLoan(code, id: id, bank: bank) }
            } else {
                throw StoreSQLError("loans: no id for \(code) after its upsert")
            }
            let first = self.touchedLoans.insert(id).inserted
            if let changes = self.newLoanChanges {
                guard case .text(let startDate) = values[start], case .text(let firm) = values[enterprise],
                      case .integer(let amountFen) = values[amount], case .integer(let ratePoints) = values[rate] else {
                    throw StoreSQLError("loans: a checked row without its start date, enterprise, amount or rate")
                }
                try changes.didWriteLoan(first: first, start: startDate, bank: bank, enterprise: firm, amount: amountFen, rate: ratePoints)
            }
        })
    }

    /// A loans column's place in `loanColumns` (and in a checked row's values).
    static func loanColumn(_ name: String) -> Int { loanColumns.firstIndex(of: name)! }

    /// A balance row checked: its period, its loan, the balance in fen and its grade
    /// (LoanClassification: an empty or absent field is normal). Changes nothing: it may run on
    /// the reading thread (SplitWriter), with every loan loaded.
    typealias CheckedBalance = (period: String, loan: (id: Int64, bank: String), balance: Int64, grade: Int64)

    func balanceChecker(_ header: CSVRow) -> (CSVRow) throws -> CheckedBalance {
        let loanColumn = header.column("loan"), periodColumn = header.column("period"), balanceColumn = header.column("balance_yuan")
        let gradeColumn = header.column("classification")
        // A monthly ledger repeats one period on every row: check it once.
        var lastPeriod = ""
        return { [refs] r in
            let code = try r.code(loanColumn)
            guard let loan = try refs.loan(code) else { throw r.fail(loanColumn, "is not a known loan code") }
            var period = r.raw(periodColumn)
            if period != lastPeriod {
                period = try r.period(periodColumn)
                lastPeriod = period
            }
            let balance = try r.money(balanceColumn)
            guard let grade = LoanClassification(field: r.raw(gradeColumn)) else {
                throw r.fail(gradeColumn, "is not one of: " + LoanClassification.allCases.map(\.word).joined(separator: ", ")
                             + " (or " + LoanClassification.allCases.map(\.zh).joined(separator: ", ") + ")")
            }
            return (period, loan, balance, Int64(grade.rawValue))
        }
    }

    /// loan_balances' columns this store has: the grade from v25 on (an older store, made by
    /// tests of a migration, takes the classification column and keeps no grade).
    func balanceColumns() throws -> [String] {
        ["period", "loan_id", "balance"] + (try NPLSummary.exists(session) ? ["grade"] : [])
    }

    /// Balances row by row: through the summaries' delta and `--replace` when they are set.
    /// Without the delta (which looks each loan up with a statement) the rows are checked on
    /// the reading thread (SplitWriter), every loan loaded first.
    func balancesWriter(_ header: CSVRow) throws -> SplitWriter {
        let columns = try balanceColumns()
        let s = try upsert("loan_balances", columns, key: ["period", "loan_id"])
        let check = balanceChecker(header)
        if balanceChanges == nil { try refs.loadAll(for: .loanBalances) }
        var lastPeriod = ""
        return SplitWriter(inline: balanceChanges != nil, check: { r in
            let b = try check(r)
            // The upsert's values, then the loan's bank.
            // One array, not three joined (975k rows: the joins cost ~0.2 s of the CSV thread).
            return columns.count > 3
                ? [.text(b.period), .integer(b.loan.id), .integer(b.balance), .integer(b.grade), .text(b.loan.bank)]
                : [.text(b.period), .integer(b.loan.id), .integer(b.balance), .text(b.loan.bank)]
        }, write: { r, values in
            guard case .text(let period) = values[0], case .integer(let loan) = values[1], case .text(let bank) = values[values.count - 1] else {
                throw StoreSQLError("loan_balances: a checked row without its period, loan and bank")
            }
            if period != lastPeriod { self.touchedPeriods.insert(period); lastPeriod = period }
            try self.balanceChanges?.willChange(period: period, loan: loan)
            for i in 0..<columns.count { s.bind(Int32(i + 1), values[i]) }
            if let replacement = self.replacement {
                let key = Deliveries.Key(period: period, institution: bank, entity: .loanBalances)
                try replacement.write(key, loan: loan) { try s.execute() > 0 }
            } else {
                try s.execute()
            }
            self.delivered(period: period, bank: bank)
        })
    }

    /// A file's rows, each handed to a writer (the importer reads them).
    typealias Rows = (Write) throws -> Void

    /// A loans or balances file in bulk, when the engine prefers it and no row needs a write of
    /// its own (a `--replace` resubmission compares row by row). A small balances file, whose
    /// summaries are kept by delta, is staged too (`smallBalancesWriter`). Nil: row by row (`writer`).
    func bulkWriter(for entity: Entity, header: CSVRow) throws -> ((Rows) throws -> Void)? {
        guard bulkLoads, replacement == nil, books == nil else { return nil }
        if entity == .loans || entity == .loanBalances && balanceChanges == nil { try refs.loadAll(for: entity) }
        switch entity {
        case .loans:
            let c = LoanColumns(header)
            let row = StagedRow(count: Self.loanColumns.count + 1)
            let load = BulkLoad(session: session, table: "loans", columns: Self.loanColumns, key: ["code"],
                                derived: ["is_tech"], inFileOrder: true)
            return { rows in
                var codes = Set<String>()
                self.changedRows += try load.run(rows) { r in
                    let (code, _) = try self.checkLoan(r, c, into: row)
                    if !codes.insert(code).inserted { load.repeatsKeys = true }
                    return row.values
                } merging: { staging in
                    try self.newLoanChanges?.willMergeLoans(staging: staging)
                } merged: { staging in
                    // Every loan of the file, changed or not, as row by row: its id for the
                    // summaries, and for the balances files after it.
                    try self.session.cursor("SELECT l.id, l.code, l.bank FROM \(staging) s JOIN loans l ON l.code = s.code", []) { l in
                        let id: Int64 = try l.get(0)
                        self.touchedLoans.insert(id)
                        self.refs.addLoan(try l.get(1), id: id, bank: try l.get(2))
                        return true
                    }
                }
            }
        case .loanBalances where balanceChanges == nil:
            let check = balanceChecker(header)
            let columns = try balanceColumns()
            let load = BulkLoad(session: session, table: "loan_balances", columns: columns, key: ["period", "loan_id"])
            // No stored balance of a month (a key seek). Not `EXISTS`: PostgreSQL, not knowing
            // the month, expected ~1/25 of the table in it and scanned the table for the first
            // row (200k loans × 25 months: 0.6–1.2 s); the ordered LIMIT makes the seek the plan.
            let isNew = { (period: SQLValue) in
                try self.session.fetchValue("SELECT count(*) FROM (SELECT loan_id FROM loan_balances WHERE period = ?1 ORDER BY loan_id LIMIT 1) AS one",
                                            [period]) == .integer(0)
            }
            return { rows in
                var loans: [String: Set<Int64>] = [:]
                // The rows as streamed, for the summaries (`streamedBalances`), up to a limit.
                var streamed: [String: [PeriodGroups.LoanBalance]] = [:], streamedRows = 0
                // A month not stored yet goes straight into loan_balances while its rows come
                // (PostgreSQL: no staging table to fill and copy from).
                var first: SQLValue = .null, straight = false
                let direct = BulkLoad.Direct(start: { values in
                    first = values[0]
                    straight = try isNew(first)
                    return straight
                }, fits: { values in values[0] == first && !load.repeatsKeys })
                self.changedRows += try load.run(rows, values: { r in
                    let b = try check(r)
                    self.touchedPeriods.insert(b.period)
                    if !loans[b.period, default: []].insert(b.loan.id).inserted { load.repeatsKeys = true }
                    if streamedRows < Self.streamedLimit {
                        streamed[b.period, default: []].append(PeriodGroups.LoanBalance(loan: b.loan.id, balance: b.balance))
                        streamedRows += 1
                    } else {
                        streamed = [:]
                    }
                    self.delivered(period: b.period, bank: b.loan.bank)
                    let values: [SQLValue] = [.text(b.period), .integer(b.loan.id), .integer(b.balance)]
                    return columns.count > 3 ? values + [.integer(b.grade)] : values
                }, direct: direct, allNew: {
                    // The month that went straight in is stored now, but only a key twice in the
                    // file can meet one of its rows.
                    try !(straight && load.repeatsKeys) && loans.keys.allSatisfy { month in
                        try straight && first == .text(month) || isNew(.text(month))
                    }
                })
                // A month with no stored row (nor an earlier file's), stored by a plain INSERT of
                // rows with no key twice: what was streamed is exactly its rows. A later file of
                // the month is not all new: it removes them.
                let whole = load.insertedAllNew && !load.repeatsKeys && streamedRows < Self.streamedLimit
                for period in loans.keys { self.streamedBalances[period] = whole ? streamed[period] : nil }
            }
        case .loanBalances:
            return try smallBalancesWriter(header)
        default:
            return nil
        }
    }

    /// A small balances file in bulk, its summaries kept by delta (`balanceChanges`): the rows
    /// are read first (small by definition: Importer), their loans looked up with one join,
    /// the rows staged, their old balances recorded with one statement, then one upsert
    /// (PostgreSQL, a bank's 2,000 rows: a dozen statements for the rows, not three per row).
    func smallBalancesWriter(_ header: CSVRow) throws -> (Rows) throws -> Void {
        let check = balanceChecker(header)
        let loanColumn = header.column("loan")
        let load = BulkLoad(session: session, table: "loan_balances", columns: try balanceColumns(),
                            key: ["period", "loan_id"], updatesStatistics: false)
        let grades = load.columns.count > 3
        return { rows in
            var read: [CSVRow] = []
            // A row the reader refuses comes after the rows before it are checked, as row by row.
            var unreadable: (any Error)?
            do { try rows { read.append($0) } } catch { unreadable = error }
            try self.refs.lookUpLoans(Set(read.map { $0.raw(loanColumn) }))
            var loans: [String: Set<Int64>] = [:]
            self.changedRows += try load.run({ write in
                for r in read { try write(r) }
                if let unreadable { throw unreadable }
            }) { r in
                let b = try check(r)
                self.touchedPeriods.insert(b.period)
                if !loans[b.period, default: []].insert(b.loan.id).inserted { load.repeatsKeys = true }
                self.delivered(period: b.period, bank: b.loan.bank)
                let values: [SQLValue] = [.text(b.period), .integer(b.loan.id), .integer(b.balance)]
                return grades ? values + [.integer(b.grade)] : values
            } merging: { staging in
                try self.balanceChanges?.willChange(staged: staging)
            }
            for period in loans.keys { self.streamedBalances[period] = nil }
        }
    }

    /// Balance rows kept as streamed (16 bytes each): a month at 1M loans is 16 MB; a file of
    /// many months past this sums them from the store instead.
    static let streamedLimit = 2_000_000
}
