import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// The Programme screen's kept sums (programme_whitelist, programme_spread, schema v17) give
/// the figures the per-firm and per-loan reads gave, on the bundled demo for every period: as
/// imported, after a balance import kept by delta (an existing period and a new one), after a
/// tag that puts a firm on the whitelist, and after a tool rate change. The expected figures
/// come from `OldWay`, written here in Swift over the raw rows (no SQL of the store's).
@Suite struct ProgrammeSummaryTests {
    /// The whitelist coverage and ledger spreads of every stored period, worked out from the
    /// store's raw tables as ProgrammeQuery did before the summaries (one read).
    struct OldWay {
        struct Loan { var id: Int64, code: String, bank: String, enterprise: String, start: String, amount: Int64, rate: Int64, first: Bool, draw: String? }
        var loans: [Loan] = []
        var balances: [String: [Int64: Int64]] = [:]          // period → loan id → balance
        var whitelist: [(enterprise: String, from: String, to: String)] = []
        var drawTool: [String: String] = [:]
        var rates: [String: [(from: String, rate: Int64)]] = [:]
        var periods: [Period] = []

        init(_ store: Store) throws {
            try store.readSession { s in
                for r in try s.fetch("SELECT id, code, bank, enterprise, start_date, amount, rate, first_loan, relending_draw FROM loans") {
                    loans.append(Loan(id: try r.get(0), code: try r.get(1), bank: try r.get(2), enterprise: try r.get(3), start: try r.get(4),
                                      amount: try r.get(5), rate: try r.get(6), first: try r.get(7, as: Int64.self) == 1, draw: try r.get(8)))
                }
                for r in try s.fetch("SELECT period, loan_id, balance FROM loan_balances") {
                    balances[try r.get(0), default: [:]][try r.get(1)] = try r.get(2)
                }
                for r in try s.fetch("SELECT enterprise, valid_from, valid_to FROM enterprise_tags WHERE tag = 'whitelist'") {
                    whitelist.append((try r.get(0), try r.get(1), try r.get(2)))
                }
                for r in try s.fetch("SELECT code, tool FROM relending_draws") { drawTool[try r.get(0)] = try r.get(1) }
                for r in try s.fetch("SELECT tool, effective_from, rate FROM relending_rates") {
                    rates[try r.get(0), default: []].append((try r.get(1), try r.get(2)))
                }
            }
            periods = balances.keys.sorted().compactMap(Period.init)
        }

        func whitelist(_ p: Period) -> WhitelistCoverage {
            let end = p.endDate, yearStart = "\(p.year)-01-01"
            let listed = Set(whitelist.filter { $0.from <= end && $0.to >= end }.map(\.enterprise))
            var c = WhitelistCoverage(listed: listed.count, withBalance: 0, balance: .zero, firstLoans: .zero, withoutCredit: 0)
            let byFirm = Dictionary(grouping: loans.filter { listed.contains($0.enterprise) && $0.start <= end }, by: \.enterprise)
            for firm in listed {
                let mine = byFirm[firm] ?? []
                if mine.isEmpty { c.withoutCredit += 1 }
                let balance = mine.reduce(Int64(0)) { $0 + max(0, balances[p.key]?[$1.id] ?? 0) }
                if balance > 0 { c.withBalance += 1; c.balance += Money(fen: balance) }
                for l in mine where l.first && l.start >= yearStart {
                    c.firstLoans = c.firstLoans + LoanTally(amount: Money(fen: l.amount), loans: 1)
                }
            }
            return c
        }

        /// Per bank: loans, balance, spread (weighted, rounded as the screen shows it), widest.
        func spreads(_ p: Period) -> [String] {
            struct Sums { var loans = 0, balance: Int64 = 0, weighted: Int64 = 0, widest = Int64.min }
            var byBank: [String: Sums] = [:]
            for l in loans {
                guard let draw = l.draw, let tool = drawTool[draw], let toolRates = rates[tool]?.sorted(by: { $0.from < $1.from }),
                      let toolRate = (toolRates.last { $0.from <= l.start } ?? toolRates.first)?.rate,
                      let balance = balances[p.key]?[l.id], balance > 0 else { continue }
                let spread = l.rate - toolRate
                var s = byBank[l.bank, default: Sums()]
                s.loans += 1; s.balance += balance; s.weighted += balance * spread; s.widest = max(s.widest, spread)
                byBank[l.bank] = s
            }
            return byBank.keys.sorted().map { bank in
                let s = byBank[bank]!
                let rate = WeightedRate.of(weighted: s.weighted, amount: s.balance, loans: s.loans)!.rate
                return "\(bank) loans \(s.loans) balance \(s.balance) spread \(rate.value) widest \(s.widest)"
            }
        }
    }

    static func shown(_ spreads: [FinancingCost.LedgerSpread]) -> [String] {
        spreads.sorted { $0.bank < $1.bank }.map { "\($0.bank) loans \($0.loans) balance \($0.balance.fen) spread \($0.spread.value) widest \($0.widest.value)" }
    }

    /// Every stored period's programme figures against the old way; the store checks clean.
    /// Returns the old way's read, for the caller's own expectations.
    @discardableResult
    static func expectSame(_ store: Store, _ when: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> OldWay {
        let old = try OldWay(store)
        #expect(old.periods.count > 1, sourceLocation: sourceLocation)
        for p in old.periods {
            let figures = try #require(try store.programme(for: p, region: nil), sourceLocation: sourceLocation)
            #expect(figures.whitelist == old.whitelist(p), "\(when): whitelist \(p.key)", sourceLocation: sourceLocation)
            #expect(shown(figures.cost.spreads) == old.spreads(p), "\(when): spreads \(p.key)", sourceLocation: sourceLocation)
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings == [], "\(when)", sourceLocation: sourceLocation)
        return old
    }

    /// The demo store; with `migrations`, imported by a kejin of those migrations (an older one).
    static func demoStore(migrations: [StoreMigration]? = nil) throws -> (Fixture, Store) {
        let f = try Fixture()
        guard let migrations else { return (f, try f.demoStore()) }
        let store = try Store(path: f.storePath, readOnly: false, busyTimeout: 5, migrations: migrations)
        _ = try store.importDemo()
        return (f, store)
    }

    /// Rows the test's balance files change: loans of listed firms and ledger loans.
    static func balanceEdits(_ old: OldWay) throws -> (existing: String, new: String, listedFirm: String) {
        let last = try #require(old.periods.last)
        let listed = Set(old.whitelist.filter { $0.from <= last.endDate && $0.to >= last.endDate }.map(\.enterprise))
        let balances = old.balances[last.key] ?? [:]
        let listedWithBalance = old.loans.filter { listed.contains($0.enterprise) && (balances[$0.id] ?? 0) > 0 }
        let listedWithout = old.loans.filter { listed.contains($0.enterprise) && $0.start <= last.endDate && balances[$0.id] == nil }
        let ledger = old.loans.filter { $0.draw != nil && (balances[$0.id] ?? 0) > 0 }
        try #require(listedWithBalance.count >= 2 && ledger.count >= 2)
        var rows = ["loan,period,balance_yuan"]
        rows.append("\(listedWithBalance[0].code),\(last.key),0")             // a listed firm's loan paid off
        rows.append("\(listedWithBalance[1].code),\(last.key),1234567.89")    // another's changed
        if let none = listedWithout.first { rows.append("\(none.code),\(last.key),50000") }  // a balance where there was none
        rows.append("\(ledger[0].code),\(last.key),0")                        // a ledger loan paid off
        rows.append("\(ledger[1].code),\(last.key),7654321")                  // a ledger loan changed
        // A month new to the store: every ledger loan and listed-firm loan of the last month, halved.
        let next = last.next
        var new = ["loan,period,balance_yuan"]
        for l in old.loans where (balances[l.id] ?? 0) > 0 && (l.draw != nil || listed.contains(l.enterprise)) {
            new.append("\(l.code),\(next.key),\(balances[l.id]! / 200)")
        }
        return (rows.joined(separator: "\n") + "\n", new.joined(separator: "\n") + "\n", listedWithBalance[0].enterprise)
    }

    @Test func theSumsGiveTheOldFiguresAsImportedAndAfterADelta() throws {
        let (f, store) = try Self.demoStore()
        let old = try Self.expectSame(store, "demo")
        // A period with listed firms and ledger loans, so the comparison is not of zeros.
        let last = try #require(old.periods.last)
        #expect(old.whitelist(last).withBalance > 0 && !old.spreads(last).isEmpty)

        let edits = try Self.balanceEdits(old)
        let rowsBefore = try store.readSession { try $0.fetchOne("SELECT count(*) FROM programme_whitelist", as: Int.self) }
        _ = try store.importFiles([try f.write("loan_balances-edit.csv", edits.existing)], intoDemo: true)
        let after = try Self.expectSame(store, "after a balance delta")
        #expect(after.whitelist(last) != old.whitelist(last), "the edits move the last month's whitelist figures")
        #expect(after.spreads(last) != old.spreads(last), "the edits move the last month's spreads")
        #expect(try store.readSession { try $0.fetchOne("SELECT count(*) FROM programme_whitelist", as: Int.self) } == rowsBefore, "a delta keeps the listed firms' rows")

        _ = try store.importFiles([try f.write("loan_balances-new.csv", edits.new)], intoDemo: true)
        let grown = try Self.expectSame(store, "after a new month by delta")
        #expect(grown.periods.count == old.periods.count + 1)
        #expect(grown.whitelist(last.next).withBalance > 0 && !grown.spreads(last.next).isEmpty)
    }

    /// A balance in a month before its loan's start (no check refuses one) counts in no
    /// whitelist figure of that month, whether kept by delta or recomputed (a bank's whole
    /// month again: SQLite's recompute sums it in Swift, PeriodGroups.swift).
    @Test func aBalanceBeforeItsLoansStartIsNotOnTheWhitelist() throws {
        let (f, store) = try Self.demoStore()
        let old = try Self.expectSame(store, "demo")
        func listed(_ firm: String, _ p: Period) -> Bool {
            old.whitelist.contains { $0.enterprise == firm && $0.from <= p.endDate && $0.to >= p.endDate }
        }
        // A listed firm's loan and a stored month before it starts in which the firm is listed.
        let pick = old.loans.lazy.compactMap { l in old.periods.last { $0.endDate < l.start && listed(l.enterprise, $0) }.map { (l, $0) } }.first
        let (loan, early) = try #require(pick)
        let earlyRow = "\(loan.code),\(early.key),9999999\n"
        _ = try store.importFiles([try f.write("loan_balances-early.csv", "loan,period,balance_yuan\n" + earlyRow)], intoDemo: true)
        let byDelta = try Self.expectSame(store, "an early balance by delta")
        #expect(byDelta.whitelist(early) == old.whitelist(early), "a loan not started yet is not counted")

        let month = (byDelta.balances[early.key] ?? [:]).map { id, balance in
            "\(byDelta.loans.first { $0.id == id }!.code),\(early.key),\(balance / 100).\(String(format: "%02d", balance % 100))"
        }
        _ = try store.importFiles([try f.write("loan_balances-month.csv", "loan,period,balance_yuan\n" + month.joined(separator: "\n") + "\n")],
                                  intoDemo: true)
        let recomputed = try Self.expectSame(store, "the month again, recomputed")
        #expect(recomputed.whitelist(early) == old.whitelist(early))
    }

    /// A whitelist tag for a firm not on the list, with loans and balances: every period it
    /// covers counts it (a tag change recomputes; no balance changed).
    @Test func aTagPuttingAFirmOnTheWhitelistRecomputes() throws {
        let (f, store) = try Self.demoStore()
        let old = try Self.expectSame(store, "demo")
        let last = try #require(old.periods.last)
        let listed = Set(old.whitelist.map(\.enterprise))
        let balances = old.balances[last.key] ?? [:]
        let firm = try #require(old.loans.first { !listed.contains($0.enterprise) && (balances[$0.id] ?? 0) > 0 }).enterprise
        _ = try store.importFiles([try f.write("enterprise_tags-more.csv",
                                               "enterprise,tag,certificate,valid_from,valid_to\n\(firm),whitelist,TEST1,2024-01-01,2026-12-31\n")],
                                  intoDemo: true)
        let after = try Self.expectSame(store, "after a whitelist tag")
        #expect(after.whitelist(last).listed == old.whitelist(last).listed + 1)
        #expect(after.whitelist(last).balance > old.whitelist(last).balance)
    }

    /// A tool rate change moves the spreads of every period (recomputed: no balance changed).
    @Test func aToolRateChangeRecomputesTheSpreads() throws {
        let (f, store) = try Self.demoStore()
        let old = try Self.expectSame(store, "demo")
        let last = try #require(old.periods.last)
        let (tool, rates) = try #require(old.rates.sorted { $0.key < $1.key }.first)
        let first = try #require(rates.min { $0.from < $1.from })
        _ = try store.importFiles([try f.write("relending_rates-change.csv",
                                               "tool,effective_from,rate_pct\n\(tool),\(first.from),0.25\n")], intoDemo: true)
        let after = try Self.expectSame(store, "after a rate change")
        #expect(after.spreads(last) != old.spreads(last))
    }

    /// A store made before v17 (the demo imported at v16) migrates: its tables are filled for
    /// every period, and the figures are the old ones.
    @Test func aV16StoreMigrates() throws {
        let (f, v16) = try Self.demoStore(migrations: [])
        #expect(try v16.schemaVersion() == 16)
        #expect(try v16.readSession { try $0.tableExists(ProgrammeSummary.whitelistTable) } == false)
        let before = try OldWay(v16)
        let figures = try before.periods.map { try v16.programme(for: $0, region: nil) }
        let store = try Store(path: f.storePath)
        #expect(try store.schemaVersion() == Schema.version)
        // Every period with listed firms has its rows (the demo's whitelist starts in 2024).
        #expect(try store.readSession { try $0.fetchOne("SELECT count(DISTINCT period) FROM programme_whitelist", as: Int.self) }
                == before.periods.filter { before.whitelist($0).listed > 0 }.count)
        try Self.expectSame(store, "migrated")
        #expect(try before.periods.map { try store.programme(for: $0, region: nil) } == figures)
    }

    /// `store check` names a kept row that differs from its recompute, in either table.
    @Test func checkFindsADriftedRow() throws {
        let (_, store) = try Self.demoStore()
        let last = try #require(try OldWay(store).periods.last)
        try store.writeSession { s in
            try s.execute("UPDATE programme_whitelist SET balance = balance + 1 WHERE period = ?1 AND enterprise = (SELECT min(enterprise) FROM programme_whitelist WHERE period = ?1)", last.key)
            try s.execute("DELETE FROM programme_spread WHERE period = ?1 AND bank = (SELECT min(bank) FROM programme_spread WHERE period = ?1)", last.key)
        }
        let findings = try store.check().findings.map(\.description)
        #expect(findings.count >= 2)
        #expect(findings.contains { $0.hasPrefix("summary: programme_whitelist \(last.key) enterprise ") && $0.contains("stored") })
        #expect(findings.contains { $0.hasPrefix("summary: programme_spread \(last.key) bank ") && $0.contains("no row stored") })
    }
}
