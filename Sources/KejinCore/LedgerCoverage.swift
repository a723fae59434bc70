/// How far a re-lending tool's drawn balance is backed by the eligible ledger loans (台账) it
/// refinances, at one bank or for the whole tool, at a period end. The policy: 支农/支小/再贴现
/// are "loans first, then borrow" (drawn ≤ 100% of the eligible ledger), the tech tool
/// refinances at most 60%; the cap is data (relending_caps.csv) with effective dates.
public struct LedgerCoverage: Sendable, Equatable {
    /// Outstanding draws at the period end.
    public var drawn: Money
    /// Balance of the ledger loans the outstanding draws fund whose enterprise held the tool's
    /// qualification at the loan's start date.
    public var eligibleLedger: Money
    /// Ledger loans with a positive balance funded by outstanding draws whose enterprise did not.
    public var ineligibleLoans: Int
    /// The cap in force at the period end; nil when the tool has none.
    public var cap: BasisPoints?

    public init(drawn: Money, eligibleLedger: Money, ineligibleLoans: Int, cap: BasisPoints?) {
        self.drawn = drawn; self.eligibleLedger = eligibleLedger
        self.ineligibleLoans = ineligibleLoans; self.cap = cap
    }

    /// Drawn ÷ eligible ledger (台账覆盖); nil without eligible ledger loans.
    public var coverage: BasisPoints? { BasisPoints.ratio(drawn.fen, eligibleLedger.fen) }

    /// Drawn ÷ (cap × eligible ledger): 100.00% is at the cap. Exact (cross-multiplied, not
    /// coverage ÷ cap after rounding). Something drawn against no eligible ledger at all reads
    /// `noEligibleLedger`; nothing drawn, or no cap: nil.
    public var capUse: BasisPoints? {
        guard let cap, cap.value > 0, drawn.fen > 0 else { return nil }
        guard eligibleLedger.fen > 0 else { return Self.noEligibleLedger }
        let (numerator, o1) = drawn.fen.multipliedReportingOverflow(by: 10_000)
        let (denominator, o2) = eligibleLedger.fen.multipliedReportingOverflow(by: cap.value)
        if o1 || o2 { return coverage.flatMap { BasisPoints.ratio($0.value, cap.value) } }
        return BasisPoints.ratio(numerator, denominator)
    }

    /// The cap use of a draw with no eligible ledger loan at all: 10000.00%, far past any cap
    /// and still readable in an alert list.
    public static let noEligibleLedger = BasisPoints(1_000_000)

    /// The sum of several (a tool's banks); the cap is the tool's.
    public static func total(_ parts: [LedgerCoverage], cap: BasisPoints?) -> LedgerCoverage {
        LedgerCoverage(drawn: Money(fen: parts.reduce(0) { $0 + $1.drawn.fen }),
                       eligibleLedger: Money(fen: parts.reduce(0) { $0 + $1.eligibleLedger.fen }),
                       ineligibleLoans: parts.reduce(0) { $0 + $1.ineligibleLoans }, cap: cap)
    }
}

/// A tool's ledger coverage at one bank: the entity of the cap and eligibility alerts, coded
/// `TOOL/BANK` (an alert's id is `rule:entity`, so no colon).
public struct BankLedgerCoverage: Sendable, Equatable, Identifiable {
    public var id: String { "\(tool)/\(bank)" }
    public var tool: String
    public var bank: String
    public var bankName: Names
    public var coverage: LedgerCoverage

    public init(tool: String, bank: String, bankName: Names, coverage: LedgerCoverage) {
        self.tool = tool; self.bank = bank; self.bankName = bankName; self.coverage = coverage
    }
}
