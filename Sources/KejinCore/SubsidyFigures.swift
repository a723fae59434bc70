/// The fiscal interest subsidy (财政贴息, 六项保障 (五); issue 12, item 4) at a period's end, as the
/// store counts it from subsidy_budgets.csv, subsidy_allocations.csv and subsidy_claims.csv
/// (KejinStore's SubsidyQuery). Money in fen. Everything is cumulative up to the period end:
/// the budgets funded, each bank's allocation, its claims and what was paid on them; what is
/// left is the budgets less what was paid (disbursed).
public struct InterestSubsidyFigures: Sendable, Equatable {
    public struct Budget: Sendable, Equatable {
        public var code: String
        public var name: Names
        /// `city` or `county`.
        public var level: String
        public var amount: Money
        public init(code: String, name: Names, level: String, amount: Money) {
            self.code = code; self.name = name; self.level = level; self.amount = amount
        }
    }
    public struct Bank: Sendable, Equatable {
        public var code: String
        public var name: Names
        public var allocated: Money
        /// Claims made (count, amount claimed) and the distinct loans they are on.
        public var claims: LoanTally
        public var loans: Int
        /// Paid on those claims.
        public var paid: Money
        public init(code: String, name: Names, allocated: Money, claims: LoanTally, loans: Int, paid: Money) {
            self.code = code; self.name = name; self.allocated = allocated; self.claims = claims; self.loans = loans; self.paid = paid
        }
        /// Claimed ÷ allocated (the alert rules' `subsidy_claim_use`); claims with nothing
        /// allocated read as `noAllocation` (100×), as re-lending coverage reads a draw with no
        /// eligible ledger: any claim is then too much.
        public var claimUse: BasisPoints? {
            allocated.fen > 0 ? BasisPoints.ratio(claims.amount.fen, allocated.fen)
                : claims.amount.fen > 0 ? Self.noAllocation : nil
        }
        public static let noAllocation = BasisPoints(1_000_000)
    }
    /// Funded by the period end: the city's first, then by code.
    public var budgets: [Budget]
    /// Banks with an allocation or a claim, by code.
    public var banks: [Bank]

    public init(budgets: [Budget], banks: [Bank]) { self.budgets = budgets; self.banks = banks }

    public static let empty = InterestSubsidyFigures(budgets: [], banks: [])
    public var isEmpty: Bool { budgets.isEmpty && banks.isEmpty }

    public var budget: Money { budgets.reduce(.zero) { $0 + $1.amount } }
    public var allocated: Money { banks.reduce(.zero) { $0 + $1.allocated } }
    public var claimed: Money { banks.reduce(.zero) { $0 + $1.claims.amount } }
    /// Disbursed: paid on claims.
    public var paid: Money { banks.reduce(.zero) { $0 + $1.paid } }
    /// The budgets less what was paid.
    public var left: Money { budget - paid }
    /// Paid ÷ budgets.
    public var paidShare: BasisPoints? { BasisPoints.ratio(paid.fen, budget.fen) }
}
