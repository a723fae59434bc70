import KejinCore

/// How detail lists look: column titles, alignment and priority per field, and each value
/// formatted in the user's language.
enum DetailCells {
    static func title(_ f: DetailField) -> Str {
        switch f {
        case .bank: return .fieldBank
        case .chain: return .fieldChain
        case .enterprise: return .fieldEnterprise
        case .loan: return .fieldLoan
        case .draw: return .fieldDraw
        case .guarantee: return .fieldGuarantee
        case .payout: return .fieldPayout
        case .city: return .fieldCity
        case .code: return .fieldCode
        case .product: return .fieldProduct
        case .purpose: return .fieldPurpose
        case .tags: return .fieldTags
        case .guarantor: return .fieldGuarantor
        case .pool: return .fieldPool
        case .startDate: return .fieldStartDate
        case .maturityDate: return .fieldMaturityDate
        case .endDate: return .fieldEndDate
        case .drawDate: return .fieldDrawDate
        case .repaidDate: return .fieldRepaidDate
        case .date: return .fieldDate
        case .balance: return .fieldBalance
        case .borrowers: return .fieldBorrowers
        case .loans: return .fieldLoans
        case .yoy: return .fieldYoY
        case .techBalance: return .fieldTechBalance
        case .techBorrowers: return .fieldTechBorrowers
        case .techYoY: return .fieldTechYoY
        case .shareOfChain: return .fieldShareOfChain
        case .shareOfOwnLoans: return .fieldShareOfOwnLoans
        case .shareOfMarket: return .fieldShareOfMarket
        case .trend: return .fieldTrend
        case .fourLoans: return .fieldFourLoans
        case .ipPledge: return .fieldIPPledge
        case .rate: return .fieldRate
        case .amount: return .fieldAmount
        case .rollovers: return .fieldRollovers
        case .outstanding: return .fieldOutstanding
        case .ledgerBalance: return .fieldLedgerBalance
        case .ledgerLoans: return .fieldLedgerLoans
        case .relendingDrawn: return .fieldRelendingDrawn
        case .fee: return .fieldFee
        case .bankShare: return .fieldBankShare
        case .firstFirms: return .fieldFirstFirms
        case .firstBalance: return .fieldFirstBalance
        case .firstShare: return .fieldFirstShare
        case .creditFirms: return .fieldCreditFirms
        case .creditBalance: return .fieldCreditBalance
        case .creditShare: return .fieldCreditShare
        case .renewalFirms: return .fieldRenewalFirms
        case .renewalBalance: return .fieldRenewalBalance
        case .renewalShare: return .fieldRenewalShare
        case .revolvingFirms: return .fieldRevolvingFirms
        case .revolvingBalance: return .fieldRevolvingBalance
        case .revolvingShare: return .fieldRevolvingShare
        case .techNPL: return .fieldTechNPL
        case .policyExecution: return .fieldPolicyExecution
        case .productInnovation: return .fieldProductInnovation
        case .serviceNetwork: return .fieldServiceNetwork
        case .riskControl: return .fieldRiskControl
        case .collaboration: return .fieldCollaboration
        }
    }

    /// The list's title above the table.
    static func title(_ r: DrillRequest) -> Str {
        switch r {
        case .banks: return .levelBanks
        case .fourLoans: return .levelFourLoans
        case .chainBanks: return .levelChainBanks
        case .enterprises: return .levelEnterprises
        case .enterpriseLoans: return .levelLoans
        case .toolDraws: return .levelDraws
        case .drawLoans: return .levelLedgerLoans
        case .guarantorGuarantees: return .levelGuarantees
        case .guaranteeLoans: return .levelGuaranteedLoans
        case .poolPayouts: return .levelPayouts
        }
    }

    /// Which columns stay when the table is narrow: the headline measures first, then the
    /// list's own order (earlier columns before later ones).
    static func priority(_ f: DetailField, index: Int) -> Int {
        switch f {
        case .balance, .techBalance: return 95
        case .yoy, .outstanding: return 90
        case .borrowers, .amount: return 85
        default: return max(10, 80 - 3 * index)
        }
    }

    static func column(_ f: DetailField, index: Int, sample: DetailValue?, context c: RenderContext) -> TableColumn {
        let right: Bool
        switch sample {
        case .money, .count, .percent, .growth, .score, .unavailable: right = true
        default: right = false
        }
        switch f {
        case .trend: return TableColumn(c.t(title(f)), minWidth: 13, maxWidth: 13, priority: 88)
        case .tags, .product: return TableColumn(c.t(title(f)), minWidth: 6, maxWidth: 24, priority: priority(f, index: index))
        case .enterprise, .bank, .guarantor, .pool: return TableColumn(c.t(title(f)), minWidth: 8, maxWidth: 30, priority: priority(f, index: index))
        default: return TableColumn(c.t(title(f)), right ? .right : .left, priority: priority(f, index: index))
        }
    }

    static func cell(_ v: DetailValue, _ f: DetailField, context c: RenderContext) -> TableCell {
        switch v {
        case .text(let s): return .text(s.isEmpty ? "-" : s, s.isEmpty ? .label : .normal)
        case .name(let n): return .text(c.name(n))
        case .money(let m):
            guard let m else { return .text("-", .label) }
            return .text(c.money(m), f == .balance || f == .techBalance ? .value : .normal)
        case .count(let n): return n.map { .text(c.count($0)) } ?? .text("-", .label)
        case .percent(let b): return .text(b.map(Format.percent) ?? "-", b == nil ? .label : .normal)
        case .growth(let g): return c.changeCell(g)
        case .date(let d): return .text(d ?? "-", d == nil ? .label : .normal)
        case .flag(let b): return .text(b ? c.t(.yes) : "", .value)
        case .flags(let fl): return .text(flags(fl, c), .value)
        case .tags(let tags):
            let valid = tags.filter(\.validAtPeriodEnd).map { c.t(tagName($0.tag, short: true)) }
            return .text(valid.isEmpty ? "-" : valid.joined(separator: " "), valid.isEmpty ? .label : .normal)
        case .word(let w): return .text(c.t(word(w)))
        case .trend(let t): return .sparkline(t.map(\.fen))
        case .score(let s): return .text(s.map(String.init) ?? "-")
        case .unavailable: return .text(c.ascii ? "-" : "—", .label)
        }
    }

    /// "首信··" / "FC..": one mark per four-loan flag, a dot where it is not set.
    static func flags(_ f: LoanFlags, _ c: RenderContext) -> String {
        let dot = c.language == .zh && !c.ascii ? "·" : "."
        return [(f.firstLoan, Str.flagFirst), (f.creditLoan, .flagCredit), (f.renewal, .flagRenewal), (f.revolving, .flagRevolving)]
            .map { $0.0 ? c.t($0.1) : dot }.joined()
    }

    static func tagName(_ tag: String, short: Bool) -> Str {
        switch tag {
        case "high_tech": return short ? .tagHighTechShort : .tagHighTech
        case "tech_sme": return short ? .tagTechSMEShort : .tagTechSME
        case "innovative_sme": return short ? .tagInnovativeSMEShort : .tagInnovativeSME
        case "srdi": return short ? .tagSRDIShort : .tagSRDI
        case "little_giant": return short ? .tagLittleGiantShort : .tagLittleGiant
        default: return short ? .tagWhitelistShort : .tagWhitelist
        }
    }

    static func word(_ w: String) -> Str {
        switch w {
        case "tech_innovation": return .purposeInnovation
        case "tech_transformation": return .purposeTransformation
        default: return .purposeGeneral
        }
    }
}
