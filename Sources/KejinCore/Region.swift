/// Regions (地区): a province, its cities, their districts and counties, kept as data
/// (`regions.csv`). An enterprise or institution may name the region it is in; a loan's region
/// is its enterprise's. A store without regions is one implicit region: the whole store.
///
/// How figures map to a region (a region = itself and everything below it):
/// - loans, borrowers, chains, banks: by the borrowing enterprise's region (exact: an
///   enterprise is in one region, so borrowers add up);
/// - guarantees: by the guaranteed enterprise's region; a guarantor's leverage is a ratio of its
///   whole book to its net assets, so it is shown only for the whole store;
/// - re-lending draws: by the drawing bank branch's region — a county sub-branch of the PBoC
///   manages the re-lending of its county's banks, and a draw is that bank's liability; the
///   ledger loans are those the region's draws fund. Quotas are allotted to the store's city as
///   a whole, so a region shows none (and no usage);
/// - risk pools: a pool shows in a region when it covers a guarantee in force there, with its
///   whole figures (capital, pay-outs and its breaker belong to the pool, not to a slice).
public enum RegionLevel: String, Sendable, CaseIterable, Comparable {
    case province, city, county

    /// Depth: a region's parent has a lower rank.
    public var rank: Int {
        switch self {
        case .province: 0
        case .city: 1
        case .county: 2
        }
    }

    public static func < (a: RegionLevel, b: RegionLevel) -> Bool { a.rank < b.rank }
}

public struct Region: Sendable, Equatable, Identifiable {
    public var id: String { code }
    public var code: String
    public var name: Names
    /// nil for a top-level region.
    public var parent: String?
    public var level: RegionLevel

    public init(code: String, name: Names, parent: String?, level: RegionLevel) {
        self.code = code; self.name = name; self.parent = parent; self.level = level
    }
}

/// Every region of a store (a few hundred at most), with the walks the screens and queries need.
public struct RegionTree: Sendable, Equatable {
    public private(set) var regions: [Region]
    private var byCode: [String: Int]

    public init(_ regions: [Region]) {
        self.regions = regions.sorted { $0.code < $1.code }
        byCode = Dictionary(uniqueKeysWithValues: self.regions.enumerated().map { ($1.code, $0) })
    }

    public static let empty = RegionTree([])
    public var isEmpty: Bool { regions.isEmpty }

    public subscript(code: String) -> Region? { byCode[code].map { regions[$0] } }

    /// The regions directly under `code` (nil: the top-level regions), by code.
    public func children(of code: String?) -> [Region] {
        regions.filter { $0.parent == code || (code == nil && $0.parent.map { byCode[$0] == nil } == true) }
    }

    /// `code` and every region below it.
    public func subtree(_ code: String) -> Set<String> {
        var result: Set<String> = [code], frontier = [code]
        while let next = frontier.popLast() {
            for child in children(of: next) where result.insert(child.code).inserted { frontier.append(child.code) }
        }
        return result
    }

    /// From the top-level region down to `code` (empty for an unknown code).
    public func path(to code: String) -> [Region] {
        var result: [Region] = [], seen: Set<String> = []
        var next: String? = code
        while let c = next, let r = self[c], seen.insert(c).inserted { result.insert(r, at: 0); next = r.parent }
        return result
    }

    /// True when `code` is `ancestor` or lies below it.
    public func contains(_ ancestor: String, _ code: String) -> Bool {
        path(to: code).contains { $0.code == ancestor }
    }
}

/// One region as the Regions view ranks the children of the current region.
public struct RegionFigures: Sendable, Equatable, Identifiable {
    public var id: String { region.code }
    public var region: Region
    /// All loans to the region's enterprises, and the sci-tech part of them.
    public var loans: LoanMeasure
    public var techLoans: LoanMeasure
    /// Balance of the region's loans funded by re-lending.
    public var relendingFunded: Money
    /// Guarantees in force for the region's enterprises.
    public var guaranteeBalance: Money
    /// Open alerts when the region is selected (filled by the source's `regionRanking`).
    public var alerts: Int

    public init(region: Region, loans: LoanMeasure, techLoans: LoanMeasure, relendingFunded: Money,
                guaranteeBalance: Money, alerts: Int = 0) {
        self.region = region; self.loans = loans; self.techLoans = techLoans
        self.relendingFunded = relendingFunded; self.guaranteeBalance = guaranteeBalance; self.alerts = alerts
    }

    /// Tech loans ÷ all loans.
    public var techShare: BasisPoints? { BasisPoints.ratio(techLoans.balance.fen, loans.balance.fen) }
    /// Re-lending-funded ÷ all loans.
    public var relendingShare: BasisPoints? { BasisPoints.ratio(relendingFunded.fen, loans.balance.fen) }
}

extension FigureSource {
    /// The regions within the one `figures` are for, each with its open alerts counted: the
    /// child's own figures and alerts, evaluated as `evaluatedAlerts` does for a selected
    /// region. One evaluation per child, so only the Regions view and reports ask for it.
    public func rankedChildRegions(_ figures: Figures, periods: [Period], cache: FiguresCache.Lease? = nil) throws -> [RegionFigures] {
        try ranked(childRegions(for: figures.period, region: figures.region?.code), period: figures.period, periods: periods, cache: cache)
    }

    /// `children` (from `childRegions`) with their open alerts counted at `period`.
    public func ranked(_ children: [RegionFigures], period: Period, periods: [Period],
                       cache: FiguresCache.Lease? = nil) throws -> [RegionFigures] {
        try children.map { row in
            var row = row
            row.alerts = try evaluatedAlerts(for: period, periods: periods, region: row.region.code, cache: cache)
                .alerts.filter(\.isOpen).count
            return row
        }
    }
}
