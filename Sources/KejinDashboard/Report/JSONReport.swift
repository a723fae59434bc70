import Foundation
import KejinCore

/// The figures of one period as JSON for scripts: amounts in fen (exact integers) plus their
/// display text, rates and shares in basis points.
public enum JSONReport {
    public static func render(_ figures: Figures, alerts: [Alert], language: Language) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(figures, alerts: alerts, language: language))
        return String(decoding: data, as: UTF8.self)
    }

    struct Amount: Encodable {
        let fen: Int64
        let text: String
        init(_ money: Money, _ language: Language) { fen = money.fen; text = Format.amount(money, language) }
    }

    struct Measure: Encodable {
        let balance: Amount
        let borrowers: Int
        let balanceYearAgo: Amount?
        let growthBp: Int64?
        init(_ m: LoanMeasure, _ l: Language) {
            balance = Amount(m.balance, l); borrowers = m.borrowers
            balanceYearAgo = m.balanceYearAgo.map { Amount($0, l) }; growthBp = m.growth?.value
        }
    }

    struct Chain: Encodable {
        let code, name: String
        let leadBank: String?
        let loans, techLoans: Measure
        let trend: [Int64]
        let relendingFunded, guaranteeBalance: Amount
        let relendingShareBp: Int64?
        /// "Of which": the chain's loans to each enterprise category (EnterpriseCategory).
        let ofWhich: [Category]
    }

    struct Category: Encodable {
        let category, name: String
        let firms: Int
        let balance: Amount
        init(_ m: CategoryMeasure, _ l: Language) {
            category = m.category.rawValue; name = m.category.label(short: false).text(l); firms = m.firms
            balance = Amount(m.balance, l)
        }
    }

    /// The first loan a re-lending tool refinanced (首笔).
    struct FirstLoan: Encodable {
        let loan, draw, bank, enterprise, startDate: String
        let amount: Amount
        init(_ f: FirstLedgerLoan, _ l: Language) {
            loan = f.loan; draw = f.draw; bank = f.bank.text(l); enterprise = f.enterprise.text(l); startDate = f.startDate
            amount = Amount(f.amount, l)
        }
    }

    struct Tool: Encodable {
        let code, name: String
        let rateBp, usageBp: Int64?
        let quota, drawn, ledgerLoanBalance, due30, due60, due90: Amount
        let ledgerLoans, rolloverExhaustedDue30: Int
        /// Ledger coverage (drawn ÷ eligible ledger loans) against the cap, for the tool and per drawing bank.
        let coverage: Coverage?
        let coverageByBank: [Coverage]
        let firstLoan: FirstLoan?
    }

    struct Coverage: Encodable {
        let bank, bankName: String?
        let drawn, eligibleLedger: Amount
        let ineligibleLoans: Int
        let coverageBp, capBp, capUseBp: Int64?

        init(_ c: LedgerCoverage, bank: BankLedgerCoverage? = nil, _ l: Language) {
            self.bank = bank?.bank; bankName = bank?.bankName.text(l)
            drawn = Amount(c.drawn, l); eligibleLedger = Amount(c.eligibleLedger, l); ineligibleLoans = c.ineligibleLoans
            coverageBp = c.coverage?.value; capBp = c.cap?.value; capUseBp = c.capUse?.value
        }
    }

    struct Guarantor: Encodable {
        let code, name: String
        let firmsInForce: Int
        let balanceInForce: Amount
        let averageFeeRateBp, lowestBankRiskShareBp, leverageBp: Int64?
        let netAssets: Amount?
    }

    struct Pool: Encodable {
        let code, name: String
        let capital, paidOut, remaining, coveredBalance: Amount
        let payouts: Int
        let riskShareBp, breakerBp: Int64
        let lossRateBp: Int64?
    }

    struct AlertItem: Encodable {
        let rule: Int64
        let measure, severity, entityCode, entity: String
        let value, threshold: Int64
        /// Held by the hysteresis band; `effectiveThreshold` is the threshold in force.
        let heldByBand: Bool
        let effectiveThreshold: Int64
        let below: Bool
        /// The region code the alert was evaluated for (nil: the whole store).
        let region: String?
    }

    /// A region: code, name, level (`kejin report --region`, `kejin alerts --region`).
    struct RegionItem: Encodable {
        let code, name, level: String
        init(_ r: Region, _ l: Language) { code = r.code; name = r.name.text(l); level = r.level.rawValue }
    }

    /// A region within the one reported, as the Regions view ranks them.
    struct RegionRow: Encodable {
        let region: RegionItem
        let loans, techLoans: Measure
        let techShareBp, relendingShareBp: Int64?
        let relendingFunded, guaranteeBalance: Amount
        let alerts: Int
    }

    struct Document: Encodable {
        let period: String
        /// The region reported (nil: the whole store) and the regions within it.
        let region: RegionItem?
        let regions: [RegionRow]
        let lastChange: String?
        let techLoans, techInnovationLoans, techTransformationLoans, ipPledgeLoans, allLoans: Measure
        let chains: [Chain]
        let relendingTools: [Tool]
        let guarantors: [Guarantor]
        let pools: [Pool]
        let alerts: [AlertItem]
        /// Who has reported; nil from a source that keeps no record.
        let reporting: ReportingText.Document?
        /// The period's figures revised after it had been shown complete.
        let revisions: [RevisionReport.Item]
        /// The programme's figures (whole store only; nil for a region).
        let programme: ProgrammeReport.Document?
        /// Non-performing loans of the city (or region), each chain and each bank (NPLReport).
        let npl: [NPLReport.Item]

        init(_ f: Figures, alerts: [Alert], language l: Language) {
            period = f.period.key
            region = f.region.map { RegionItem($0, l) }
            regions = f.childRegions.map {
                RegionRow(region: RegionItem($0.region, l), loans: Measure($0.loans, l), techLoans: Measure($0.techLoans, l),
                          techShareBp: $0.techShare?.value, relendingShareBp: $0.relendingShare?.value,
                          relendingFunded: Amount($0.relendingFunded, l), guaranteeBalance: Amount($0.guaranteeBalance, l),
                          alerts: $0.alerts)
            }
            reporting = f.reporting.map { ReportingText.Document($0, l) }
            revisions = RevisionReport.items(f.revisions)
            programme = f.programme.map { ProgrammeReport.Document($0, l) }
            npl = NPLReport.rows(f, l).map { NPLReport.Item($0, l) }
            lastChange = f.lastChange
            techLoans = Measure(f.city.techLoans, l)
            techInnovationLoans = Measure(f.city.techInnovationLoans, l)
            techTransformationLoans = Measure(f.city.techTransformationLoans, l)
            ipPledgeLoans = Measure(f.city.ipPledgeLoans, l)
            allLoans = Measure(f.city.allLoans, l)
            chains = f.chains.map {
                Chain(code: $0.code, name: $0.name.text(l), leadBank: $0.leadBank?.text(l),
                      loans: Measure($0.loans, l), techLoans: Measure($0.techLoans, l),
                      trend: $0.trend.map(\.fen), relendingFunded: Amount($0.relendingFunded, l),
                      guaranteeBalance: Amount($0.guaranteeBalance, l), relendingShareBp: $0.relendingShare?.value,
                      ofWhich: ($0.categories ?? []).map { Category($0, l) })
            }
            relendingTools = f.relendingTools.map {
                Tool(code: $0.code, name: $0.name.text(l), rateBp: $0.rate?.value, usageBp: $0.usage?.value,
                     quota: Amount($0.quota, l), drawn: Amount($0.drawn, l),
                     ledgerLoanBalance: Amount($0.ledgerLoanBalance, l), due30: Amount($0.due30, l),
                     due60: Amount($0.due60, l), due90: Amount($0.due90, l),
                     ledgerLoans: $0.ledgerLoans, rolloverExhaustedDue30: $0.rolloverExhaustedDue30,
                     coverage: $0.coverage.map { Coverage($0, l) },
                     coverageByBank: $0.bankCoverage.map { Coverage($0.coverage, bank: $0, l) },
                     firstLoan: $0.firstLoan.map { FirstLoan($0, l) })
            }
            guarantors = f.guarantors.map {
                Guarantor(code: $0.code, name: $0.name.text(l), firmsInForce: $0.firmsInForce,
                          balanceInForce: Amount($0.balanceInForce, l), averageFeeRateBp: $0.averageFeeRate?.value,
                          lowestBankRiskShareBp: $0.lowestBankRiskShare?.value, leverageBp: $0.leverage?.value,
                          netAssets: $0.netAssets.map { Amount($0, l) })
            }
            pools = f.pools.map {
                Pool(code: $0.code, name: $0.name.text(l), capital: Amount($0.capital, l),
                     paidOut: Amount($0.paidOut, l), remaining: Amount($0.remaining, l),
                     coveredBalance: Amount($0.coveredBalance, l), payouts: $0.payouts,
                     riskShareBp: $0.riskShare.value, breakerBp: $0.breaker.value, lossRateBp: $0.lossRate?.value)
            }
            self.alerts = alerts.map {
                AlertItem(rule: $0.ruleID, measure: $0.measure.rawValue,
                          severity: $0.severity == .critical ? "critical" : "warning",
                          entityCode: $0.entityCode, entity: $0.entity.text(l), value: $0.value,
                          threshold: $0.threshold, heldByBand: $0.heldByBand,
                          effectiveThreshold: $0.effectiveThreshold, below: $0.below, region: f.region?.code)
            }
        }
    }
}
