import Foundation
import KejinCore

/// The programme's figures (ProgrammeFigures) in `kejin report`: the Programme screen's four
/// panels as text, a JSON object (fen, basis points), and CSV sections.
public enum ProgrammeReport {
    /// The panels one under another (the pillars, each with its further panels), as the
    /// screen draws them (ASCII), `width` cells wide.
    static func text(_ p: ProgrammeFigures, context c: RenderContext, width: Int, namesWhole: Bool = false) -> String {
        ProgrammeScreen.Panel.allCases.map { panel in
            // The products' table (product, bank and chain names) keeps its names whole at the
            // report's own width: 16 cells more unless the user gave a width (`--width`).
            let width = panel == .products && namesWhole ? width + 16 : width
            let (lines, table) = ProgrammeScreen.content(panel, p, width: width - 4, namesWhole: namesWhole, context: c)
            let height = lines.count + (table.map { $0.rows.count + 1 } ?? 0) + 2
            var grid = CellGrid(width: width, height: height)
            ProgrammeScreen.panel(panel, p, Rect(x: 0, y: 0, width: width, height: height), into: &grid, focused: false,
                                  namesWhole: namesWhole, context: c)
            return grid.text
        }.joined(separator: "\n")
    }

    typealias Amount = JSONReport.Amount

    struct Tally: Encodable {
        let amount: Amount, loans: Int
        init(_ t: LoanTally, _ l: Language) { amount = Amount(t.amount, l); loans = t.loans }
    }
    struct Rate: Encodable {
        let rateBp: Int64, amount: Amount, loans: Int
        init?(_ r: WeightedRate?, _ l: Language) {
            guard let r else { return nil }
            rateBp = r.rate.value; amount = Amount(r.tally.amount, l); loans = r.tally.loans
        }
    }
    struct RateGroup: Encodable {
        let code, name: String
        let month, yearToDate: Rate?
    }
    struct Spread: Encodable {
        let bank, name: String
        let loans: Int
        let balance: Amount
        let spreadBp, widestBp: Int64
    }
    struct Score: Encodable {
        let bank, name: String
        let rank, total: Int
        let scores: [Int]
        let previousTotal: Int?
        /// Total minus the previous total (nil: not evaluated then).
        let trend: Int?
        /// A–D on the rules' scale (nil: no rule on `bank_evaluation`); D needs remediation.
        let grade: String?
        let needsRemediation: Bool
    }
    struct Scale: Encodable {
        let criticalBelow, warnBelow, aFrom: Int
    }
    struct Document: Encodable {
        struct Policy: Encodable {
            let since: String
            let total: Tally
            let byKind: [String: Tally]
            /// Per month: new loans that month and the cumulative amount at its end.
            let months: [Month]
            struct Month: Encodable { let period: String; let new: Tally; let cumulative: Amount }
        }
        /// Low-cost funds since 2024 by channel: RRR cuts' releases, each re-lending or
        /// rediscount tool's draws; per month what came and the cumulative total at its end.
        struct LowCost: Encodable {
            struct Cuts: Encodable { let amount: Amount; let cuts, releases: Int }
            struct Tool: Encodable { let tool, name: String; let amount: Amount; let draws: Int }
            struct Month: Encodable { let period: String; let rrrCuts, tools, cumulative: Amount }
            let since: String
            let total: Amount
            let rrrCuts: Cuts
            let tools: [Tool]
            let months: [Month]
        }
        struct Whitelist: Encodable {
            let listed, withBalance, withoutCredit: Int
            let balance: Amount
            let firstLoans: Tally
            let coverageBp: Int64?
        }
        struct Cost: Encodable {
            let month, yearToDate: Rate?
            let byChain, byBank: [RateGroup]
            let ledgerSpreadByBank: [Spread]
        }
        struct Evaluation: Encodable {
            let evaluated, previous: String?
            /// The grade lines from the alert rule on `bank_evaluation` (EvaluationScale).
            let scale: Scale?
            let banks: [Score]
        }
        let policyEffect: Policy
        let lowCostFunds: LowCost
        let whitelist: Whitelist
        /// The year's pushes to banks by stage and the matchmaking meetings, up to the period end (三维协同 (二)).
        let pipeline: PipelineReport.Document
        let financingCost: Cost
        let bankEvaluation: Evaluation
        /// The guidance funds and the loans they back at the period end (五大矩阵 (三)).
        let guidanceFunds: [FundReport.Fund]
        /// The banks' products, their balance, borrowers and growth at the period end (五大矩阵 (四)).
        let products: [ProductReport.Product]
        /// Bank–guarantor cooperation at the period end (五大矩阵 (五)).
        let guarantorCooperation: OutreachReport.Cooperation
        /// The 四贷 service stations at the period end, their demands up to it (六项保障 (四)).
        let serviceStations: OutreachReport.Stations
        /// The interest subsidy's budgets, allocations and claims up to the period end (六项保障 (五)).
        let interestSubsidy: SubsidyReport.Document

        init(_ p: ProgrammeFigures, _ l: Language) {
            let e = p.policyEffect
            policyEffect = Policy(
                since: PolicyEffect.since, total: Tally(e.total, l),
                byKind: Dictionary(uniqueKeysWithValues: TechKind.allCases.map { ($0.rawValue, Tally(e.byKind[$0] ?? .zero, l)) }),
                months: zip(e.months, e.cumulative).map { Policy.Month(period: $0.period.key, new: Tally($0.new, l), cumulative: Amount($1, l)) })
            let f = p.lowCostFunds
            lowCostFunds = LowCost(
                since: PolicyEffect.since, total: Amount(f.total, l),
                rrrCuts: LowCost.Cuts(amount: Amount(f.rrrCuts, l), cuts: f.cuts, releases: f.releases),
                tools: f.tools.map { LowCost.Tool(tool: $0.code, name: $0.name.text(l), amount: Amount($0.amount, l), draws: $0.draws) },
                months: zip(f.months, f.cumulative).map {
                    LowCost.Month(period: $0.period.key, rrrCuts: Amount($0.rrrCuts, l), tools: Amount($0.tools, l), cumulative: Amount($1, l))
                })
            let w = p.whitelist
            whitelist = Whitelist(listed: w.listed, withBalance: w.withBalance, withoutCredit: w.withoutCredit,
                                  balance: Amount(w.balance, l), firstLoans: Tally(w.firstLoans, l), coverageBp: w.coverage?.value)
            pipeline = PipelineReport.Document(p, l)
            func groups(_ gs: [FinancingCost.Group]) -> [RateGroup] {
                gs.map { RateGroup(code: $0.code, name: $0.name.text(l), month: Rate($0.month, l), yearToDate: Rate($0.yearToDate, l)) }
            }
            financingCost = Cost(month: Rate(p.cost.month, l), yearToDate: Rate(p.cost.yearToDate, l),
                                 byChain: groups(p.cost.byChain), byBank: groups(p.cost.byBank),
                                 ledgerSpreadByBank: p.cost.spreads.map {
                                     Spread(bank: $0.bank, name: $0.name.text(l), loans: $0.loans, balance: Amount($0.balance, l),
                                            spreadBp: $0.spread.value, widestBp: $0.widest.value)
                                 })
            bankEvaluation = Evaluation(evaluated: p.evaluation.evaluated?.key, previous: p.evaluation.previous?.key,
                                        scale: p.evaluation.scale.map { Scale(criticalBelow: $0.criticalBelow, warnBelow: $0.warnBelow, aFrom: $0.aFrom) },
                                        banks: p.evaluation.banks.map {
                                            Score(bank: $0.code, name: $0.name.text(l), rank: $0.rank, total: $0.total, scores: $0.scores,
                                                  previousTotal: $0.previousTotal, trend: $0.trend, grade: $0.grade?.rawValue,
                                                  needsRemediation: $0.needsRemediation)
                                        })
            guidanceFunds = p.guidanceFunds.map { FundReport.Fund($0, l) }
            products = ProductReport.document(p.products ?? .empty, l)
            guarantorCooperation = OutreachReport.Cooperation(p.cooperation, l)
            serviceStations = OutreachReport.Stations(p.stations, l)
            interestSubsidy = SubsidyReport.Document(p.subsidy, l)
        }
    }

    // MARK: CSV

    typealias Column = CSVReport.Column
    static func percent(_ r: WeightedRate?) -> String { r?.rate.percentText ?? "" }

    /// (title, header, rows) of each CSV section.
    static func csvSections(_ p: ProgrammeFigures, _ l: Language) -> [(Names, [Names], [[String]])] {
        let e = p.policyEffect, w = p.whitelist
        let kinds: [(TechKind, Str)] = [(.highTech, .kindHighTech), (.techSME, .kindTechSME), (.srdi, .kindSRDI)]
        let rateHeader = [Str.costMonth.names, Names(zh: "本月发放(元)", en: "Month new (¥)"), Str.costYearToDate.names,
                          Names(zh: "本年发放(元)", en: "YTD new (¥)")]
        func rateRow(_ code: String, _ name: Names, _ m: WeightedRate?, _ y: WeightedRate?) -> [String] {
            [code, name.text(l), percent(m), CSVReport.yuan(m?.tally.amount), percent(y), CSVReport.yuan(y?.tally.amount)]
        }
        let code = Names(zh: "代码", en: "Code")
        return [
            (Str.policyEffectTitle.names, [Names(zh: "月份", en: "Month"), Names(zh: "新发放(元)", en: "New (¥)"),
                                           Names(zh: "笔数", en: "Loans"), Str.cumulative.names],
             zip(e.months, e.cumulative).map { [$0.period.key, $0.new.amount.yuanText, "\($0.new.loans)", $1.yuanText] }
             + kinds.map { [$0.1.text(l), (e.byKind[$0.0] ?? .zero).amount.yuanText, "\((e.byKind[$0.0] ?? .zero).loans)", ""] }),
            (Str.lowCostTitle.names, [Names(zh: "月份", en: "Month"), Names(zh: "降准释放(元)", en: "RRR cuts (¥)"),
                                      Names(zh: "再贷款再贴现(元)", en: "Re-lending, rediscount (¥)"), Str.cumulative.names],
             zip(p.lowCostFunds.months, p.lowCostFunds.cumulative).map { [$0.period.key, $0.rrrCuts.yuanText, $0.tools.yuanText, $1.yuanText] }
             + p.lowCostFunds.tools.map { [$0.name.text(l), "", $0.amount.yuanText, ""] }),
            (Str.whitelistTitle.names, [Str.whitelistListed.names, Str.whitelistWithBalance.names, Names(zh: "余额(元)", en: "Balance (¥)"),
                                        Names(zh: "覆盖率(%)", en: "Coverage (%)"), Str.whitelistFirstLoans.names,
                                        Names(zh: "首贷金额(元)", en: "First loans (¥)"), Str.whitelistWithoutCredit.names],
             [["\(w.listed)", "\(w.withBalance)", w.balance.yuanText, w.coverage?.percentText ?? "", "\(w.firstLoans.loans)",
               w.firstLoans.amount.yuanText, "\(w.withoutCredit)"]]),
        ] + PipelineReport.csvSections(p, l) + [
            (Str.costByChainTitle.names, [code, Str.colChainName.names] + rateHeader,
             [rateRow("", Names(zh: "合计", en: "All"), p.cost.month, p.cost.yearToDate)]
             + p.cost.byChain.map { rateRow($0.code, $0.name, $0.month, $0.yearToDate) }),
            (Str.costByBankTitle.names, [code, Str.colBankName.names] + rateHeader,
             p.cost.byBank.map { rateRow($0.code, $0.name, $0.month, $0.yearToDate) }),
            (Str.spreadTitle.names, [code, Str.colBankName.names, Str.colSpreadLoans.names, Names(zh: "台账余额(元)", en: "Ledger (¥)"),
                                         Names(zh: "平均利差(%)", en: "Average spread (%)"), Names(zh: "最大利差(%)", en: "Widest (%)")],
             p.cost.spreads.map { [$0.bank, $0.name.text(l), "\($0.loans)", $0.balance.yuanText, $0.spread.percentText, $0.widest.percentText] }),
            (Str.evaluationTitle.names, [Str.colRank.names, code, Str.colBankName.names, Str.colTotalScore.names,
                                         Str.colGrade.names, Str.colScoreChange.names, Str.remediationMark.names],
             p.evaluation.banks.map { ["\($0.rank)", $0.code, $0.name.text(l), "\($0.total)", $0.grade?.rawValue ?? "",
                                       $0.trend.map { "\($0)" } ?? "", $0.needsRemediation ? "1" : "0"] }),
        ] + FundReport.csvSections(p, l) + ProductReport.csvSections(p, l) + OutreachReport.csvSections(p, l) + SubsidyReport.csvSections(p, l)
    }
}
