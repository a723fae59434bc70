import Foundation
import GRDB
import KejinCore
import Testing
@testable import KejinStore

/// Issue 14: a month arriving bank by bank stays provisional (marked, no alerts, not the
/// default) until its last reporter delivers or an operator closes it.
@Suite struct ReportingTests {
    // The crafted data set (Fixture.crafted): banks B1 and B2 report 2024-06, 2025-05, 2025-06.

    /// One bank's July ledger.
    private func july(_ f: Fixture, _ store: Store, bank: String, rows: String) throws {
        _ = try store.importFiles([try f.write("loan_balances-2025-07-\(bank).csv", "loan,period,balance_yuan\n" + rows, folder: bank)])
    }

    @Test func everyCraftedMonthIsComplete() throws {
        let (_, store) = try Fixture.crafted()
        let periods = try store.availablePeriods()
        #expect(try store.settledPeriods() == periods)
        let june = try #require(try store.reporting(for: Period("2025-06")!))
        #expect(june.status == .complete && june.expectedCount == 2 && june.deliveredCount == 2)
        #expect(june.reporters.map(\.code) == ["B1", "B2"])
        #expect(june.reporters.compactMap(\.delivery?.rows) == [3, 3])  // B1: L1 L2 L5; B2: L3 L4 L6
        let log = try store.importLog()
        #expect(june.reporters.allSatisfy { d in log.contains { $0.id == d.delivery?.importID && $0.file == "loan_balances-2025-06.csv" } })
        // Each bank is expected from its first delivered month (the files bring three months,
        // recorded together), and still reporting.
        #expect(try store.reporters().map { "\($0.code) \($0.from.key) \($0.to?.key ?? "-")" } == ["B1 2024-06 -", "B2 2024-06 -"])
    }

    @Test func aMonthArrivingBankByBankIsProvisionalUntilTheLastBankDelivers() throws {
        let (f, store) = try Fixture.crafted()
        try july(f, store, bank: "b1", rows: "L1,2025-07,650000\n")
        let periods = try store.availablePeriods()
        #expect(periods.last == Period("2025-07"))
        // The default period does not move; the month is reachable, marked, with no alerts.
        #expect(try store.defaultPeriod(in: periods) == Period("2025-06"))
        let (figures, alerts) = try store.evaluatedAlerts(for: Period("2025-07")!, periods: periods)
        #expect(figures.reporting?.status == .provisional)
        #expect(figures.reporting?.missing.map(\.code) == ["B2"])
        #expect(figures.reporting?.deliveredCount == 1 && figures.reporting?.expectedCount == 2)
        // No alert on the incomplete figures; only the late reporter (July ended long before today).
        #expect(!figures.isSettled)
        #expect(alerts.map(\.id) == ["10:B2"] && alerts.first?.measure == .reportingLate)
        #expect(alerts.first?.value == Int64(Self.daysSince(year: 2025, month: 7, day: 31)))
        #expect(try store.check().findings == [])

        try july(f, store, bank: "b2", rows: "L3,2025-07,550000\nL6,2025-07,140000\n")
        #expect(try store.reporting(for: Period("2025-07")!)?.status == .complete)
        #expect(try store.defaultPeriod(in: try store.availablePeriods()) == Period("2025-07"))
        #expect(try store.check().findings == [])
    }

    /// Whole days from that date to today, UTC.
    static func daysSince(year: Int, month: Int, day: Int) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        return calendar.dateComponents([.day], from: start, to: calendar.startOfDay(for: Date())).day!
    }

    @Test func theLateReporterRuleIsDataLikeEveryRule() throws {
        let (f, store) = try Fixture.crafted()
        try july(f, store, bank: "b1", rows: "L1,2025-07,650000\n")
        let p = Period("2025-07")!
        func late() throws -> [Alert] { try store.evaluatedAlerts(for: p, periods: try store.availablePeriods()).alerts }
        #expect(try late().map(\.severity) == [.warning])
        // Far beyond the days since July: nothing; a critical threshold passed: critical.
        try store.saveAlertRule(AlertRule(id: 10, measure: .reportingLate, warnAbove: 1_000_000))
        #expect(try late().isEmpty)
        try store.saveAlertRule(AlertRule(id: 10, measure: .reportingLate, warnAbove: 15, criticalAbove: 30))
        #expect(try late().map(\.severity) == [.critical])
        // The month completes: nobody is late, and the figures' own alerts are evaluated again.
        try july(f, store, bank: "b2", rows: "L3,2025-07,550000\nL6,2025-07,140000\n")
        #expect(try !late().contains { $0.measure == .reportingLate })
        #expect(AlertMeasure.reportingLate.defaultHysteresis == 0)
    }

    @Test func closingAndReopeningAreRecordedAndMoveTheDefault() throws {
        let (f, store) = try Fixture.crafted()
        try july(f, store, bank: "b1", rows: "L1,2025-07,650000\n")
        let p = Period("2025-07")!
        try store.setPeriodClosed(p, true, by: "ops", at: "2025-08-20 09:00:00")
        let closed = try #require(try store.reporting(for: p))
        #expect(closed.status == .closed && closed.closedBy == "ops" && closed.closedAt == "2025-08-20 09:00:00")
        #expect(closed.missing.map(\.code) == ["B2"])  // still named
        #expect(try store.defaultPeriod(in: try store.availablePeriods()) == p)
        let (figures, _) = try store.evaluatedAlerts(for: p, periods: try store.availablePeriods())
        #expect(figures.isSettled)

        try store.setPeriodClosed(p, false, by: "ops", at: "2025-08-21 09:00:00")
        #expect(try store.reporting(for: p)?.status == .provisional)
        #expect(try store.defaultPeriod(in: try store.availablePeriods()) == Period("2025-06"))
        let events = try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM period_events WHERE period = '2025-07'") }
        #expect(events == 2)
    }

    @Test func theRegistryDecidesWhoIsExpected() throws {
        let (f, store) = try Fixture.crafted()
        try july(f, store, bank: "b1", rows: "L1,2025-07,650000\n")
        // B2 stops reporting after June: July is complete with B1 alone; June still needs B2.
        try store.setReporter(code: "B2", from: Period("2024-06")!, to: Period("2025-06")!)
        #expect(try store.reporting(for: Period("2025-07")!)?.status == .complete)
        #expect(try store.reporting(for: Period("2025-06")!)?.expectedCount == 2)
        #expect(try store.reporters().map(\.code) == ["B1", "B2"])
        #expect(throws: ReportingError("NOPE is not a known institution code")) { try store.setReporter(code: "NOPE", from: Period("2025-01")!, to: nil) }
    }

    @Test func theRegistryImportsAsACSVEntity() throws {
        let (f, store) = try Fixture.crafted()
        try july(f, store, bank: "b1", rows: "L1,2025-07,650000\n")
        _ = try store.importReporters(try f.write("registry.csv", "institution,from_period,to_period,entity\nB2,2024-06,2025-06,\nB1,2024-06,,loan_balances\n", folder: "reg"))
        #expect(try store.reporting(for: Period("2025-07")!)?.status == .complete)
        #expect(try store.reporters().map { "\($0.code) \($0.from.key) \($0.to?.key ?? "-")" } == ["B1 2024-06 -", "B2 2024-06 2025-06"])
        // Bad rows name file, row, column and change nothing.
        let before = try store.reporters()
        for (text, message) in [("institution,from_period\nB9,2024-06\n", "row 2, column institution: \"B9\" is not a known institution code"),
                                ("institution,from_period,to_period\nB1,2025-06,2025-01\n", "row 2, column to_period"),
                                ("institution,from_period,entity\nB1,2025-06,loans\n", "row 2, column entity")] {
            do {
                _ = try store.importReporters(try f.write("reporters.csv", text, folder: "bad\(message.count)"))
                Issue.record("accepted \(text)")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
        #expect(try store.reporters() == before)
    }

    @Test func aDryRunRecordsNoDelivery() throws {
        let (f, store) = try Fixture.crafted()
        let url = try f.write("loan_balances-2025-07-b1.csv", "loan,period,balance_yuan\nL1,2025-07,1\n", folder: "dry")
        _ = try store.importFiles([url], options: ImportOptions(dryRun: true))
        let deliveries = try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM deliveries WHERE period = '2025-07'") }
        #expect(deliveries == 0)
    }

    /// A store made before v6: the migration records every bank's months as delivered and
    /// registers the banks, so every month it holds stays complete; it gains the late rule.
    @Test func migratingAnOlderStoreKeepsItsMonthsComplete() throws {
        let f = try Fixture()
        let queue = try DatabaseQueue(path: f.storePath)
        try Schema.migrator.migrate(queue, upTo: "v5 store meta")
        let files = try f.writeAll()
        try queue.writeWithoutTransaction { db in
            try db.inTransaction { _ = try Importer(session: SQLiteSession(db: db)).run(files); return .commit }
        }
        try queue.close()
        let store = try f.store()
        #expect(try store.settledPeriods() == store.availablePeriods())
        #expect(try store.reporters().map(\.code) == ["B1", "B2"])
        #expect(try store.reporting(for: Period("2025-06")!)?.reporters.compactMap(\.delivery?.rows) == [3, 3])
        #expect(try store.alertRules().contains { $0.measure == .reportingLate && $0.id == 10 })
        #expect(try store.check().findings == [])
    }

    @Test func theDemoIsCompleteForEveryMonth() throws {
        let f = try Fixture()
        let store = try f.demoStore()
        let periods = try store.availablePeriods()
        let settled = try store.settledPeriods()
        #expect(periods.count == 18 && settled == periods)
        #expect(try store.reporting(for: periods.last!)?.expectedCount == 9)
        // One balances file of 18 months: each bank is expected from its first month in it,
        // so every month expects the banks that lent in it.
        let firstMonths = try store.dbQueue.read { db in
            try [String: String](uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT l.bank, min(b.period) FROM loan_balances b JOIN loans l ON l.id = b.loan_id GROUP BY l.bank
                """).map { ($0[0], $0[1]) })
        }
        let balanceReporters = try store.reporters().filter { $0.entity == "loan_balances" }
        #expect(balanceReporters.map(\.code).sorted() == firstMonths.keys.sorted())
        #expect(balanceReporters.allSatisfy { $0.from.key == firstMonths[$0.code] }, "\(balanceReporters.map { "\($0.code) \($0.from.key)" })")
    }
}
