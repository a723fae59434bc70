import KejinCore

/// The drill-down lists' columns: one `Column` value per `DetailField` the store can send
/// (title, layout, cell, sort key, filter text). A list's table is its rows' name column, then
/// these in the store's order (`DetailList.columns`). The switch has no `default:`, so a new
/// field does not compile until its column is declared here.
enum DetailColumns {
    typealias C = Column<DetailValue>

    /// The column showing `field`, the `index`-th of its list's fields. Columns without a
    /// headline priority give way from the right (`Layout.drillPriority`).
    static func column(_ field: DetailField, at index: Int) -> C {
        let p = Layout.drillPriority(at: index)
        switch field {
        // Names of the row itself; as values, the name of a related entity (a loan's bank).
        case .bank: return C(.fieldBank, widths: Layout.drillName, priority: p)
        case .chain: return C(.fieldChain, priority: p)
        case .enterprise: return C(.fieldEnterprise, widths: Layout.drillName, priority: p)
        case .loan: return C(.fieldLoan, priority: p)
        case .draw: return C(.fieldDraw, priority: p)
        case .guarantee: return C(.fieldGuarantee, priority: p)
        case .payout: return C(.fieldPayout, priority: p)
        case .city: return C(.fieldCity, priority: p)
        // Descriptive columns.
        case .code: return C(.fieldCode, priority: p)
        case .product: return C(.fieldProduct, widths: Layout.drillText, priority: p)
        case .purpose: return C(.fieldPurpose, priority: p)
        case .tags: return C(.fieldTags, widths: Layout.drillText, priority: p)
        case .guarantor: return C(.fieldGuarantor, widths: Layout.drillName, priority: p)
        case .pool: return C(.fieldPool, widths: Layout.drillName, priority: p)
        case .startDate: return C(.fieldStartDate, priority: p)
        case .maturityDate: return C(.fieldMaturityDate, priority: p)
        case .endDate: return C(.fieldEndDate, priority: p)
        case .drawDate: return C(.fieldDrawDate, priority: p)
        case .repaidDate: return C(.fieldRepaidDate, priority: p)
        case .date: return C(.fieldDate, priority: p)
        // Loan measures: the headline ones stay longest on a narrow screen.
        case .balance: return C(.fieldBalance, .right, priority: 95, role: .value)
        case .borrowers: return C(.fieldBorrowers, .right, priority: 85)
        case .loans: return C(.fieldLoans, .right, priority: p)
        case .yoy: return C(.fieldYoY, .right, priority: 90)
        case .techBalance: return C(.fieldTechBalance, .right, priority: 95, role: .value)
        case .techBorrowers: return C(.fieldTechBorrowers, .right, priority: p)
        case .techYoY: return C(.fieldTechYoY, .right, priority: p)
        case .shareOfChain: return C(.fieldShareOfChain, .right, priority: p)
        case .shareOfOwnLoans: return C(.fieldShareOfOwnLoans, .right, priority: p)
        case .shareOfMarket: return C(.fieldShareOfMarket, .right, priority: p)
        case .trend: return C(.fieldTrend, widths: Layout.trendWidth...Layout.trendWidth, priority: 88)
        case .fourLoans: return C(.fieldFourLoans, priority: p)
        case .ipPledge: return C(.fieldIPPledge, priority: p)
        case .rate: return C(.fieldRate, .right, priority: p)
        case .amount: return C(.fieldAmount, .right, priority: 85)
        // Re-lending and guarantees.
        case .rollovers: return C(.fieldRollovers, .right, priority: p)
        case .outstanding: return C(.fieldOutstanding, .right, priority: 90)
        case .ledgerBalance: return C(.fieldLedgerBalance, .right, priority: p)
        case .ledgerLoans: return C(.fieldLedgerLoans, .right, priority: p)
        case .relendingDrawn: return C(.fieldRelendingDrawn, .right, priority: p)
        case .fee: return C(.fieldFee, .right, priority: p)
        case .bankShare: return C(.fieldBankShare, .right, priority: p)
        case .ineligible: return C(.fieldIneligible, priority: 92)
        // The four loans.
        case .firstFirms: return C(.fieldFirstFirms, .right, priority: p)
        case .firstBalance: return C(.fieldFirstBalance, .right, priority: p)
        case .firstShare: return C(.fieldFirstShare, .right, priority: p)
        case .creditFirms: return C(.fieldCreditFirms, .right, priority: p)
        case .creditBalance: return C(.fieldCreditBalance, .right, priority: p)
        case .creditShare: return C(.fieldCreditShare, .right, priority: p)
        case .renewalFirms: return C(.fieldRenewalFirms, .right, priority: p)
        case .renewalBalance: return C(.fieldRenewalBalance, .right, priority: p)
        case .renewalShare: return C(.fieldRenewalShare, .right, priority: p)
        case .revolvingFirms: return C(.fieldRevolvingFirms, .right, priority: p)
        case .revolvingBalance: return C(.fieldRevolvingBalance, .right, priority: p)
        case .revolvingShare: return C(.fieldRevolvingShare, .right, priority: p)
        case .techNPL: return C(.fieldTechNPL, .right, priority: p)
        case .npl: return C(.fieldNPL, .right, priority: p)
        // The five-dimension bank evaluation.
        case .policyExecution: return C(.fieldPolicyExecution, .right, priority: p)
        case .productInnovation: return C(.fieldProductInnovation, .right, priority: p)
        case .serviceNetwork: return C(.fieldServiceNetwork, .right, priority: p)
        case .riskControl: return C(.fieldRiskControl, .right, priority: p)
        case .collaboration: return C(.fieldCollaboration, .right, priority: p)
        // Its rank, total, grade and change: the grade (with its remediation mark) stays longest.
        case .evaluationRank: return C(.colRank, .right, priority: 89)
        case .evaluationTotal: return C(.colTotalScore, .right, priority: 91)
        case .evaluationGrade: return C(.colGrade, priority: 93)
        case .evaluationChange: return C(.colScoreChange, .right, priority: 88)
        // The import log behind a delivery.
        case .file: return C(.fieldFile, widths: Layout.drillText, priority: p)
        case .importID: return C(.fieldImportID, .right, priority: p)
        case .importedAt: return C(.fieldImportedAt, priority: 90)
        case .importedBy: return C(.fieldImportedBy, priority: p)
        case .rows: return C(.fieldRows, .right, priority: 85)
        case .added: return C(.fieldAdded, .right, priority: p)
        case .changed: return C(.fieldChanged, .right, priority: p)
        case .removed: return C(.fieldRemoved, .right, priority: p)
        case .checksum: return C(.fieldChecksum, priority: p)
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
        case .deliveries: return .levelDeliveries
        case .inRegion(_, let list): return title(list)
        }
    }

    // MARK: A value, whatever its column

    /// A value in the user's language; `role` for money (the headline balances stand out).
    static func cell(_ v: DetailValue, role: Role, context c: RenderContext) -> TableCell {
        switch v {
        case .text(let s): return .text(s.isEmpty ? "-" : s, s.isEmpty ? .label : .normal)
        case .name(let n): return .text(c.name(n))
        case .money(let m):
            guard let m else { return .text("-", .label) }
            return .text(c.money(m), role)
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
        case .grade(let g): return gradeCell(g, context: c)
        case .scoreChange(let d): return scoreChangeCell(d, context: c)
        case .unavailable: return .text(c.ascii ? "-" : "—", .label)
        }
    }

    /// What `s` sorts a value by: a flag count, a tag count, a trend's last month.
    static func sortKey(_ v: DetailValue, _ language: Language) -> SortKey {
        switch v {
        case .text(let s), .word(let s): return s.isEmpty ? .missing : .text(s)
        case .name(let n): return .text(n.text(language))
        case .money(let m): return .money(m)
        case .count(let n): return n.map { .number(Int64($0)) } ?? .missing
        case .percent(let b), .growth(let b): return .rate(b)
        case .date(let d): return d.map { .text($0) } ?? .missing
        case .flag(let f): return .number(f ? 1 : 0)
        case .flags(let f): return .number(Int64([f.firstLoan, f.creditLoan, f.renewal, f.revolving].filter { $0 }.count))
        case .tags(let t): return .number(Int64(t.filter(\.validAtPeriodEnd).count))
        case .trend(let t): return .money(t.last)
        case .score(let s), .scoreChange(let s): return s.map { .number(Int64($0)) } ?? .missing
        // A first: high first sorts A first.
        case .grade(let g): return g.map { .number(Int64(EvaluationGrade.allCases.count - EvaluationGrade.allCases.firstIndex(of: $0)!)) } ?? .missing
        case .unavailable: return .missing
        }
    }

    /// What `/` searches in a value: texts and names (both languages); not numbers or dates.
    static func filterText(_ v: DetailValue) -> [String] {
        switch v {
        case .text(let s): return [s]
        case .name(let n): return n.both
        case .money, .count, .percent, .growth, .date, .flag, .flags, .tags, .word, .trend, .score, .grade, .scoreChange,
             .unavailable: return []
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
        case "candidate": return short ? .tagCandidateShort : .tagCandidate
        case "agri": return short ? .tagAgriShort : .tagAgri
        case "small_micro": return short ? .tagSmallMicroShort : .tagSmallMicro
        case "key_small_micro": return EnterpriseCategory.keySmallMicro.label(short: short)
        case "new_agri_entity": return EnterpriseCategory.newAgriEntity.label(short: short)
        default: return short ? .tagWhitelistShort : .tagWhitelist
        }
    }

    /// A loan purpose from the data; any word but the two tech ones is a general purpose.
    static func word(_ w: String) -> Str {
        switch w {
        case "tech_innovation": return .purposeInnovation
        case "tech_transformation": return .purposeTransformation
        default: return .purposeGeneral
        }
    }
}

extension Column where Row == DetailValue {
    /// A drill-down column: cell, sort key and filter text follow the value's kind.
    init(_ title: Str, _ alignment: TableColumn.Alignment = .left, widths: ClosedRange<Int>? = nil, priority: Int,
         role: Role = .normal) {
        self.init(title, alignment, minWidth: widths?.lowerBound, maxWidth: widths?.upperBound, priority: priority,
                  cell: { v, c in DetailColumns.cell(v, role: role, context: c) }, sort: DetailColumns.sortKey,
                  filter: DetailColumns.filterText)
    }
}

extension EnterpriseCategory {
    /// The category's name (EnterpriseCategory.swift), short in a drill-down's tag column.
    func label(short: Bool) -> Str {
        switch self {
        case .keySmallMicro: return short ? .categoryKeySmallMicroShort : .categoryKeySmallMicro
        case .newAgriEntity: return short ? .categoryNewAgriShort : .categoryNewAgri
        }
    }
}

extension DetailColumns {
    /// "D 需整改" in the critical role (the theme's), C in the warning role, A and B plain.
    static func gradeCell(_ g: EvaluationGrade?, context c: RenderContext) -> TableCell {
        guard let g else { return .text("-", .label) }
        switch g {
        case .d: return .text(g.rawValue + " " + c.t(.remediationMark), .critical, bold: true)
        case .c: return .text(g.rawValue, .warning)
        case .a, .b: return .text(g.rawValue, .value)
        }
    }

    /// "▲12" up, "▼5" down ("+12", "-5" in ASCII), "0" unchanged, "-" when not evaluated before.
    static func scoreChangeCell(_ d: Int?, context c: RenderContext) -> TableCell {
        guard let d else { return .text("-", .label) }
        if d == 0 { return .text("0") }
        let mark = c.ascii ? (d > 0 ? "+" : "-") : (d > 0 ? "▲" : "▼")
        return .text(mark + "\(abs(d))", d > 0 ? .up : .down)
    }
}
