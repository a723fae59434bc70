/// Drill-down: from a figure to the rows behind it. A `DrillRequest` names one list (a level);
/// a `FigureSource` answers it with `DetailRows` for a period. Lists are typed values, not SQL
/// rows: the dashboard formats, filters and sorts them without knowing where they came from.
public enum DrillRequest: Hashable, Sendable {
    /// One row per bank: tech loans, growth, shares, the four loans, re-lending drawn, scores.
    case banks
    /// The four loans (首贷, 信用贷, 无还本续贷, 随借随还): the city, then one row per chain.
    case fourLoans
    /// Banks lending to a chain's enterprises.
    case chainBanks(chain: String)
    /// Enterprises with loans, of a chain and/or at a bank (nil: any).
    case enterprises(chain: String?, bank: String?)
    /// An enterprise's loans, at one bank or all (nil).
    case enterpriseLoans(enterprise: String, bank: String?)
    /// A re-lending tool's draws made up to the period end.
    case toolDraws(tool: String)
    /// The ledger loans (台账) a re-lending draw funds.
    case drawLoans(draw: String)
    /// A guarantor's guarantees in force at the period end.
    case guarantorGuarantees(guarantor: String)
    /// The loans a guarantee secures.
    case guaranteeLoans(guarantee: String)
    /// A risk pool's pay-outs up to the period end.
    case poolPayouts(pool: String)
    /// The import log entries behind a reporter's delivery for the period (Reporting screen).
    case deliveries(reporter: String)
    /// A list restricted to a region and everything below it (rows mapped to regions as
    /// Region.swift says): a list of its own, so no cache mixes it with the whole store's, and
    /// the rows it answers open their next levels within the same region. Made by `within(_:)`.
    indirect case inRegion(String, DrillRequest)
}

extension DrillRequest {
    /// This list within `region` (nil: the whole store).
    public func within(_ region: String?) -> DrillRequest { region.map { .inRegion($0, level) } ?? level }
    /// The list without its region.
    public var level: DrillRequest {
        if case .inRegion(_, let inner) = self { return inner.level }
        return self
    }
    /// The region the list is restricted to; nil for the whole store.
    public var region: String? {
        if case .inRegion(let code, _) = self { return code }
        return nil
    }
}

/// What a column of a detail list shows. The dashboard maps each to a label in both languages.
public enum DetailField: String, Sendable, CaseIterable {
    // Names of the row itself (the first column).
    case bank, chain, enterprise, loan, draw, guarantee, payout, city
    // Descriptive columns.
    case code, product, purpose, tags, guarantor, pool, startDate, maturityDate, endDate, drawDate, repaidDate, date
    // Loan measures.
    case balance, borrowers, loans, yoy, techBalance, techBorrowers, techYoY, shareOfChain, shareOfOwnLoans
    case shareOfMarket, trend, fourLoans, ipPledge, rate, amount
    // Re-lending and guarantees.
    case rollovers, outstanding, ledgerBalance, ledgerLoans, relendingDrawn, fee, bankShare
    /// A ledger loan whose enterprise lacked the tool's qualification at its start date (a flag).
    case ineligible
    // The four loans: firms, balance, share of tech loans.
    case firstFirms, firstBalance, firstShare, creditFirms, creditBalance, creditShare
    case renewalFirms, renewalBalance, renewalShare, revolvingFirms, revolvingBalance, revolvingShare
    /// Non-performing loans (不良, LoanClassification) ÷ balance: of tech loans, of all loans
    /// (`.unavailable` on a store without classifications).
    case techNPL, npl
    // The five-dimension bank evaluation, scores 0–100; its rank, total (0–500), grade (A–D on the
    // rules' scale, D: remediation) and change on the evaluation before.
    case policyExecution, productInnovation, serviceNetwork, riskControl, collaboration
    case evaluationRank, evaluationTotal, evaluationGrade, evaluationChange
    // The import log behind a delivery: the file, the import's id, time and OS user, its rows and
    // what a replacement added, changed and removed, the file's checksum.
    case file, importID, importedAt, importedBy, rows, added, changed, removed, checksum
}

/// The four-loan and pledge flags of a loan.
public struct LoanFlags: Hashable, Sendable {
    public var firstLoan: Bool
    public var creditLoan: Bool
    public var renewal: Bool
    public var revolving: Bool
    public init(firstLoan: Bool, creditLoan: Bool, renewal: Bool, revolving: Bool) {
        self.firstLoan = firstLoan; self.creditLoan = creditLoan; self.renewal = renewal; self.revolving = revolving
    }
}

/// A sci-tech tag (资质) an enterprise holds, with its validity.
public struct EnterpriseTag: Hashable, Sendable {
    /// The CSV word: `high_tech`, `tech_sme`, `innovative_sme`, `srdi`, `little_giant`, `whitelist`.
    public var tag: String
    public var certificate: String
    public var validFrom: String
    public var validTo: String
    /// Valid on the period's end date.
    public var validAtPeriodEnd: Bool
    public init(tag: String, certificate: String, validFrom: String, validTo: String, validAtPeriodEnd: Bool) {
        self.tag = tag; self.certificate = certificate; self.validFrom = validFrom; self.validTo = validTo
        self.validAtPeriodEnd = validAtPeriodEnd
    }
}

/// One cell of a detail list, typed so the dashboard formats it in the user's language.
public enum DetailValue: Hashable, Sendable {
    case text(String)
    case name(Names)
    case money(Money?)
    case count(Int?)
    /// A share or rate in basis points.
    case percent(BasisPoints?)
    /// Growth year on year, nil without a year-ago figure.
    case growth(BasisPoints?)
    /// `YYYY-MM-DD`.
    case date(String?)
    case flag(Bool)
    case flags(LoanFlags)
    case tags([EnterpriseTag])
    /// An enumerated word from the data (a loan purpose, say), translated by the dashboard.
    case word(String)
    /// Month-end balances, oldest first.
    case trend([Money])
    case score(Int?)
    /// A bank's evaluation grade (nil: none, or no grade scale in the rules).
    case grade(EvaluationGrade?)
    /// A change in points on the evaluation before (nil: not evaluated then).
    case scoreChange(Int?)
    /// The store has no data for this measure: shown as "—".
    case unavailable
}

/// One row of a detail list.
public struct DetailRow: Hashable, Sendable {
    /// The entity's code (searched by the filter).
    public var code: String
    /// What the first column shows (searched by the filter in both languages).
    public var name: Names
    /// One value per `DetailRows.fields`.
    public var values: [DetailValue]
    /// The list Enter opens from this row; nil at the deepest level.
    public var next: DrillRequest?
    public init(code: String, name: Names, values: [DetailValue], next: DrillRequest?) {
        self.code = code; self.name = name; self.values = values; self.next = next
    }
}

/// The answer to a `DrillRequest` for one period.
public struct DetailRows: Hashable, Sendable {
    public var request: DrillRequest
    public var period: Period
    /// What the first column (each row's name) is.
    public var nameField: DetailField
    public var fields: [DetailField]
    public var rows: [DetailRow]
    /// The enterprise's tags with validity, for an enterprise's loans; empty otherwise.
    public var tags: [EnterpriseTag]

    public init(request: DrillRequest, period: Period, nameField: DetailField, fields: [DetailField],
                rows: [DetailRow], tags: [EnterpriseTag] = []) {
        self.request = request; self.period = period; self.nameField = nameField; self.fields = fields
        self.rows = rows; self.tags = tags
    }
}
