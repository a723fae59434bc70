/// The whitelist's pipeline (三维协同 (二); issue 12, item 2) in the period's year up to its end
/// (本年累计: January to the period), as the store counts it from whitelist_pushes.csv and
/// matchmaking_meetings.csv (KejinStore's PipelineQuery): the firms and projects pushed to banks
/// that year and the stage each had reached by the period end — pushed → contacted (对接) →
/// approved (审批) → loan (放款) — and the year's meetings. Money in fen.
public struct PipelineFigures: Sendable, Equatable {
    /// The stages of a push, in order.
    public enum Stage: String, CaseIterable, Sendable { case pushed, contacted, approved, loan }
    /// A policy meeting (政策落地推进会) or a government–bank–enterprise matchmaking meeting (政银企对接会).
    public enum MeetingKind: String, CaseIterable, Sendable { case policy, matchmaking }

    /// Pushes by the stage reached: each counts at every stage up to its own (a loan was
    /// contacted and approved), so the counts never grow down the funnel.
    public struct Funnel: Sendable, Equatable {
        public var pushed: Int
        /// Of them, projects pushed without a firm (技术改造 and equipment projects).
        public var projects: Int
        public var contacted: Int
        /// Approved, and the amounts approved.
        public var approved: LoanTally
        /// Lent, at the loans' own amounts (loans.csv).
        public var loans: LoanTally

        public init(pushed: Int, projects: Int, contacted: Int, approved: LoanTally, loans: LoanTally) {
            self.pushed = pushed; self.projects = projects; self.contacted = contacted; self.approved = approved; self.loans = loans
        }
        public static let zero = Funnel(pushed: 0, projects: 0, contacted: 0, approved: .zero, loans: .zero)
        public static func + (a: Funnel, b: Funnel) -> Funnel {
            Funnel(pushed: a.pushed + b.pushed, projects: a.projects + b.projects, contacted: a.contacted + b.contacted,
                   approved: a.approved + b.approved, loans: a.loans + b.loans)
        }

        /// How many reached `stage`.
        public func count(_ stage: Stage) -> Int {
            switch stage {
            case .pushed: pushed
            case .contacted: contacted
            case .approved: approved.loans
            case .loan: loans.loans
            }
        }
        /// The conversion (转化率): lent ÷ pushed.
        public var conversion: BasisPoints? { BasisPoints.ratio(Int64(loans.loans), Int64(pushed)) }
    }

    public struct Bank: Sendable, Equatable {
        public var code: String
        public var name: Names
        public var funnel: Funnel
        public init(code: String, name: Names, funnel: Funnel) { self.code = code; self.name = name; self.funnel = funnel }
    }

    /// The year's meetings up to the period end: banks and firms are attendances (a bank at two
    /// meetings counts twice), deals and amounts what was signed there.
    public struct Meetings: Sendable, Equatable {
        public var byKind: [MeetingKind: Int]
        public var banks: Int
        public var firms: Int
        public var deals: Int
        public var signed: Money
        public init(byKind: [MeetingKind: Int], banks: Int, firms: Int, deals: Int, signed: Money) {
            self.byKind = byKind; self.banks = banks; self.firms = firms; self.deals = deals; self.signed = signed
        }
        public static let empty = Meetings(byKind: [:], banks: 0, firms: 0, deals: 0, signed: .zero)
        public var count: Int { byKind.values.reduce(0, +) }
    }

    /// Every push of the year, and per bank (most pushes first, ties by code).
    public var total: Funnel
    public var banks: [Bank]
    public var meetings: Meetings

    public init(total: Funnel, banks: [Bank], meetings: Meetings) { self.total = total; self.banks = banks; self.meetings = meetings }

    public static let empty = PipelineFigures(total: .zero, banks: [], meetings: .empty)

    /// The first month counted for `period`: January of its year.
    public static func since(_ period: Period) -> Period { Period(year: period.year, month: 1) }
}
