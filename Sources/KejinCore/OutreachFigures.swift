/// The programme's outreach (issue 12, items 7 and 8): bank–guarantor cooperation (五大矩阵 (五))
/// and the 四贷 service stations (六项保障 (四)), as the store counts them at a period's end from
/// guarantor_cooperation.csv, service_stations.csv, station_institutions.csv and
/// station_demands.csv (KejinStore's OutreachQuery). Money in fen.

/// How a bank cooperates with a guarantor (guarantor_cooperation.csv's `mode`).
public enum CooperationMode: String, CaseIterable, Sendable {
    /// Exploring an efficient bank–guarantor cooperation model (深入探索银担合作高效模式).
    case cooperation
    /// Business online with the guarantor (业务线上化转型合作; the article's are with 财信).
    case online
    /// Guarantee on loan approval (见贷即保).
    case guaranteeOnApproval = "guarantee_on_approval"
}

/// Bank–guarantor cooperation in force at the period end: per mode, the institutions (banks)
/// with a row of it, each counted once however many guarantors; per guarantor too.
public struct GuarantorCooperation: Sendable, Equatable {
    /// The banks with a mode with one guarantor.
    public struct Guarantor: Sendable, Equatable {
        public var code: String
        public var name: Names
        public var institutions: Int
        public init(code: String, name: Names, institutions: Int) { self.code = code; self.name = name; self.institutions = institutions }
    }
    public struct Mode: Sendable, Equatable {
        public var mode: CooperationMode
        /// Distinct banks with the mode (with any guarantor).
        public var institutions: Int
        /// Per guarantor, most banks first (ties by code).
        public var byGuarantor: [Guarantor]
        public init(mode: CooperationMode, institutions: Int, byGuarantor: [Guarantor]) {
            self.mode = mode; self.institutions = institutions; self.byGuarantor = byGuarantor
        }
    }
    /// One bank and the modes it has (with any guarantor), for the report's list.
    public struct Institution: Sendable, Equatable {
        public var code: String
        public var name: Names
        public var modes: Set<CooperationMode>
        /// The guarantors it cooperates with in any mode, by code.
        public var guarantors: [String]
        public init(code: String, name: Names, modes: Set<CooperationMode>, guarantors: [String]) {
            self.code = code; self.name = name; self.modes = modes; self.guarantors = guarantors
        }
    }
    /// Every mode, in `CooperationMode` order (zero where none).
    public var modes: [Mode]
    /// Banks with any mode, by code.
    public var institutions: [Institution]

    public init(modes: [Mode], institutions: [Institution]) { self.modes = modes; self.institutions = institutions }

    public static let empty = GuarantorCooperation(
        modes: CooperationMode.allCases.map { Mode(mode: $0, institutions: 0, byGuarantor: []) }, institutions: [])

    public func count(_ mode: CooperationMode) -> Int { modes.first { $0.mode == mode }?.institutions ?? 0 }
    /// Whether any row is in force (else the screen says none are loaded).
    public var isEmpty: Bool { institutions.isEmpty }
}

/// Demands counted and their amount: registered and matched at the amount asked; loans at the
/// loan's contract amount.
public typealias DemandTally = LoanTally

/// The 四贷 promotion stations (四贷促进金融服务站) open at the period end, the institutions
/// stationed there, and the financing demands they handled up to the period end (cumulative):
/// registered (需求登记) → matched with a bank (融资匹配) → loans made (放款).
public struct ServiceStations: Sendable, Equatable {
    public struct Funnel: Sendable, Equatable {
        /// Demands registered up to the period end, at the amounts asked.
        public var registered: DemandTally
        /// Of them, matched with a bank by the period end, at the amounts asked.
        public var matched: DemandTally
        /// Of them, with a loan started by the period end, at the loans' amounts.
        public var loans: DemandTally
        public init(registered: DemandTally, matched: DemandTally, loans: DemandTally) {
            self.registered = registered; self.matched = matched; self.loans = loans
        }
        public static let zero = Funnel(registered: .zero, matched: .zero, loans: .zero)
        public static func + (a: Funnel, b: Funnel) -> Funnel {
            Funnel(registered: a.registered + b.registered, matched: a.matched + b.matched, loans: a.loans + b.loans)
        }
        /// Loans made as a share of demands registered (by count).
        public var conversion: BasisPoints? { BasisPoints.ratio(Int64(loans.loans), Int64(registered.loans)) }
    }
    public struct Station: Sendable, Equatable {
        public var code: String
        public var name: Names
        /// `city` or `county`.
        public var level: String
        /// Institutions stationed at the period end.
        public var institutions: Int
        public var funnel: Funnel
        public init(code: String, name: Names, level: String, institutions: Int, funnel: Funnel) {
            self.code = code; self.name = name; self.level = level; self.institutions = institutions; self.funnel = funnel
        }
    }
    /// Open stations, the city's first, then by code.
    public var stations: [Station]
    /// Distinct institutions stationed at any open station at the period end.
    public var institutions: Int
    /// Every station's funnel added up.
    public var total: Funnel

    public init(stations: [Station], institutions: Int, total: Funnel) {
        self.stations = stations; self.institutions = institutions; self.total = total
    }

    public static let empty = ServiceStations(stations: [], institutions: 0, total: .zero)
    public var isEmpty: Bool { stations.isEmpty }
}
