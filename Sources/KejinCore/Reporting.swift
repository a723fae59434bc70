/// Who has reported for a period (报送情况). Ledgers arrive bank by bank over days: until every
/// expected reporter has delivered (or an operator closes the period) its figures are
/// provisional, so screens mark them and alerts are not evaluated on them.
public enum PeriodStatus: String, Sendable, Equatable, CaseIterable {
    /// Every reporter in the registry for the period has delivered.
    case complete
    /// Some expected reporter has not delivered yet.
    case provisional
    /// An operator closed the period (`kejin period close`) whatever is missing.
    case closed

    /// Complete or closed: figures a supervisor may rely on, alerts evaluated.
    public var isSettled: Bool { self != .provisional }
}

/// One reporting institution's delivery for a period: rows and time of its latest file.
public struct Delivery: Sendable, Equatable {
    public var rows: Int
    /// When the latest file arrived, UTC `YYYY-MM-DD HH:MM:SS`; nil for data that predates the record.
    public var at: String?
    /// The import log entry of that file; nil when it predates the record.
    public var importID: Int64?
    public init(rows: Int, at: String?, importID: Int64?) { self.rows = rows; self.at = at; self.importID = importID }
}

/// A reporter of a period: who, which file, and what it delivered (nil: missing).
public struct ReporterStatus: Sendable, Equatable {
    public var code: String
    public var name: Names
    /// The file it delivers (`ReportedFile` raw value): a bank's ledger, a guarantor's
    /// guarantees, a bank's re-lending draws.
    public var entity: String
    public var delivery: Delivery?
    public init(code: String, name: Names, entity: String = ReportedFile.loanBalances.rawValue, delivery: Delivery?) {
        self.code = code; self.name = name; self.entity = entity; self.delivery = delivery
    }
}

/// The files a reporter delivers per period (the registry's `entity`). Balances name their
/// period on every row; guarantee and draw files in an optional `period` column.
public enum ReportedFile: String, Sendable, CaseIterable {
    /// A bank's monthly ledger of loan balances.
    case loanBalances = "loan_balances"
    /// A guarantor's book of guarantees.
    case guarantees
    /// A bank's re-lending draws (the bank named on each draw).
    case relendingDraws = "relending_draws"
}

/// The reporting status of one period.
public struct PeriodReporting: Sendable, Equatable {
    public var period: Period
    public var status: PeriodStatus
    /// Every expected reporter (from the registry), by code.
    public var reporters: [ReporterStatus]
    /// Who closed the period and when (UTC), when it is closed.
    public var closedBy: String?
    public var closedAt: String?
    /// The day the status was read (UTC, `YYYY-MM-DD`): how late a missing reporter is.
    public var asOf: String?

    public init(period: Period, status: PeriodStatus, reporters: [ReporterStatus], closedBy: String? = nil,
                closedAt: String? = nil, asOf: String? = nil) {
        self.period = period; self.status = status; self.reporters = reporters
        self.closedBy = closedBy; self.closedAt = closedAt; self.asOf = asOf
    }

    /// Days from the period's last day to `asOf` (0 or less while the month runs).
    public var daysSincePeriodEnd: Int? {
        guard let asOf, let end = CivilDay(period.endDate), let today = CivilDay(asOf) else { return nil }
        return today.number - end.number
    }

    public var expectedCount: Int { reporters.count }
    public var deliveredCount: Int { reporters.filter { $0.delivery != nil }.count }
    public var missing: [ReporterStatus] { reporters.filter { $0.delivery == nil } }
    /// The institutions with a missing file, each once (a bank may miss its ledger and its draws).
    public var missingInstitutions: [ReporterStatus] {
        var seen: Set<String> = []
        return missing.filter { seen.insert($0.code).inserted }
    }

    /// The status a registry and its deliveries give, unless closed.
    public static func status(expected: Int, delivered: Int, closed: Bool) -> PeriodStatus {
        closed ? .closed : (delivered >= expected ? .complete : .provisional)
    }
}

/// A calendar day as a day number (days since 1970-01-01), from `YYYY-MM-DD`: the
/// days-from-civil algorithm, so no calendar or time zone is involved.
struct CivilDay {
    let number: Int
    init?(_ text: String) {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let m = parts[1], d = parts[2]
        let y = parts[0] - (m <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146_097 + doe - 719_468
    }
}

/// A headline figure whose revisions are recorded (fen, or a count): the loan measures are
/// `period_summary` columns (city and per chain); re-lending drawn is per tool and city,
/// guarantees in force per chain and city.
public enum RevisedMeasure: String, Sendable, CaseIterable, Codable {
    case balance = "all_balance", borrowers = "all_borrowers", techLoans = "tech_balance"
    case innovation = "innovation_balance", transformation = "transformation_balance", ipPledge = "ip_balance"
    case relendingDrawn = "relending_drawn", guaranteesInForce = "guarantees_in_force"

    public var isCount: Bool { self == .borrowers }
    /// A loan measure, read off `period_summary`; the others come from the dated draws and guarantees.
    public var isLoanMeasure: Bool { self != .relendingDrawn && self != .guaranteesInForce }
}

/// One revised figure of a period that had been shown complete: before, after and the cause.
public struct Revision: Sendable, Equatable {
    public var id: Int64
    public var period: Period
    /// The chain code (the re-lending tool's code for `relendingDrawn`); nil for the city.
    public var chain: String?
    public var chainName: Names?
    public var measure: RevisedMeasure
    public var before: Int64
    public var after: Int64
    public var importID: Int64?
    /// "import 14 loan_balances-2025-06-icbc.csv" or "withdraw ICBC by ops".
    public var cause: String
    /// UTC `YYYY-MM-DD HH:MM:SS`.
    public var at: String

    public init(id: Int64, period: Period, chain: String?, chainName: Names?, measure: RevisedMeasure, before: Int64,
                after: Int64, importID: Int64?, cause: String, at: String) {
        self.id = id; self.period = period; self.chain = chain; self.chainName = chainName; self.measure = measure
        self.before = before; self.after = after; self.importID = importID; self.cause = cause; self.at = at
    }
}
