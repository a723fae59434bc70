/// The kinds of CSV file, in the order an import applies them (references point backwards).
/// Column lists are the contract documented in CSVFormat.md.
enum Entity: String, CaseIterable, Sendable {
    case regions, institutions, reporters, chains, enterprises
    case enterpriseTags = "enterprise_tags"
    case relendingTools = "relending_tools"
    case relendingRates = "relending_rates"
    case relendingQuotas = "relending_quotas"
    case relendingCaps = "relending_caps"
    case relendingDraws = "relending_draws"
    case rrrReleases = "rrr_releases"
    case riskPools = "risk_pools"
    case guarantees, products, loans
    case loanBalances = "loan_balances"
    case poolPayouts = "pool_payouts"
    case alertRules = "alert_rules"
    case bankScores = "bank_scores"
    case guarantorCooperation = "guarantor_cooperation"
    case serviceStations = "service_stations"
    case stationInstitutions = "station_institutions"
    case stationDemands = "station_demands"
    case guidanceFunds = "guidance_funds"
    case fundLoans = "fund_loans"
    case subsidyBudgets = "subsidy_budgets"
    case subsidyAllocations = "subsidy_allocations"
    case subsidyClaims = "subsidy_claims"
    case whitelistPushes = "whitelist_pushes"
    case matchmakingMeetings = "matchmaking_meetings"

    /// `<entity>.csv` or `<entity>-<anything>.csv`.
    init?(fileName: String) {
        guard fileName.hasSuffix(".csv") else { return nil }
        let stem = fileName.dropLast(4)
        let entity = stem.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first ?? stem
        self.init(rawValue: String(entity))
    }

    /// Columns that must be in the header.
    var required: [String] {
        switch self {
        case .regions: return ["code", "name_zh", "name_en", "level"]
        case .institutions: return ["code", "kind", "name_zh", "name_en"]
        case .reporters: return ["institution", "from_period"]
        case .chains, .enterprises, .relendingTools: return ["code", "name_zh", "name_en"]
        case .enterpriseTags: return ["enterprise", "tag", "valid_from", "valid_to"]
        case .relendingRates: return ["tool", "effective_from", "rate_pct"]
        case .relendingQuotas: return ["tool", "effective_from", "quota_yuan"]
        case .relendingCaps: return ["tool", "effective_from", "cap_pct"]
        case .relendingDraws:
            return ["code", "tool", "bank", "draw_date", "maturity_date", "amount_yuan", "rollovers_used"]
        case .rrrReleases: return RRRReleases.required
        case .riskPools: return ["code", "name_zh", "name_en", "capital_yuan", "risk_share_pct", "breaker_pct"]
        case .guarantees:
            return ["code", "guarantor", "enterprise", "bank", "start_date", "end_date", "amount_yuan",
                    "fee_pct", "bank_share_pct"]
        case .loans:
            return ["code", "bank", "enterprise", "purpose", "start_date", "maturity_date", "amount_yuan",
                    "rate_pct", "first_loan", "credit_loan", "renewal", "revolving", "ip_pledge"]
        case .loanBalances: return ["loan", "period", "balance_yuan"]
        case .poolPayouts: return ["code", "pool", "date", "amount_yuan"]
        case .alertRules: return ["id", "measure", "enabled"]
        case .bankScores: return ["bank", "period"] + RowWriters.scoreColumns
        case .guarantorCooperation, .serviceStations, .stationInstitutions, .stationDemands, .guidanceFunds, .fundLoans,
             .subsidyBudgets, .subsidyAllocations, .subsidyClaims, .whitelistPushes, .matchmakingMeetings, .products:
            return declaration!.required
        }
    }

    /// Columns that may be left out of the header or left empty.
    var optional: [String] {
        switch self {
        case .regions: return ["parent"]
        case .institutions: return ["net_assets_yuan", "region"]
        case .reporters: return ["entity", "to_period"]
        case .chains: return ["lead_bank"]
        case .enterprises: return ["chain", "region"]
        case .enterpriseTags: return ["certificate"]
        case .relendingDraws: return ["repaid_date", "period"]
        case .relendingCaps: return ["qualification"]
        case .rrrReleases: return RRRReleases.optional
        case .guarantees: return ["pool", "released_date", "period"]
        case .loans: return ["product", "guarantee", "relending_draw"]
        case .poolPayouts: return ["guarantee"]
        case .alertRules: return ["scope", "warn_below", "critical_below", "warn_above", "critical_above", "hysteresis", "region"]
        case .loanBalances: return ["classification"]
        case .relendingTools, .relendingRates, .relendingQuotas, .riskPools, .bankScores: return []
        case .guarantorCooperation, .serviceStations, .stationInstitutions, .stationDemands, .guidanceFunds, .fundLoans,
             .subsidyBudgets, .subsidyAllocations, .subsidyClaims, .whitelistPushes, .matchmakingMeetings, .products:
            return declaration!.optional
        }
    }

    /// The entity's declaration, for those declared once (DeclaredEntity).
    var declaration: DeclaredEntity? {
        switch self {
        case .guarantorCooperation: return Outreach.cooperation
        case .serviceStations: return Outreach.stations
        case .stationInstitutions: return Outreach.stationed
        case .stationDemands: return Outreach.demands
        case .guidanceFunds: return GuidanceFunds.funds
        case .fundLoans: return GuidanceFunds.loans
        case .subsidyBudgets: return InterestSubsidy.budgets
        case .subsidyAllocations: return InterestSubsidy.allocations
        case .subsidyClaims: return InterestSubsidy.claims
        case .whitelistPushes: return WhitelistPipeline.pushes
        case .matchmakingMeetings: return WhitelistPipeline.meetings
        case .products: return Products.catalogue
        default: return nil
        }
    }

    var fileHint: String { "\(rawValue).csv or \(rawValue)-….csv" }
}
