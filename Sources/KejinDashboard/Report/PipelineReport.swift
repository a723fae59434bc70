import KejinCore

/// The whitelist's pushes and the matchmaking meetings in `kejin report` (issue 12, item 2): a
/// JSON object inside `programme` (fen, basis points) and two CSV sections. The text report
/// prints the screen's panel (ProgrammeReport.text, 三维协同).
enum PipelineReport {
    typealias Amount = JSONReport.Amount
    typealias Tally = ProgrammeReport.Tally

    struct Funnel: Encodable {
        let pushed, projects, contacted: Int
        let approved, lent: Tally
        /// Lent ÷ pushed.
        let conversionBp: Int64?
        init(_ f: PipelineFigures.Funnel, _ l: Language) {
            pushed = f.pushed; projects = f.projects; contacted = f.contacted
            approved = Tally(f.approved, l); lent = Tally(f.loans, l); conversionBp = f.conversion?.value
        }
    }
    struct Bank: Encodable { let bank, name: String; let funnel: Funnel }
    struct Meetings: Encodable {
        let meetings: Int
        let byKind: [String: Int]
        let banks, firms, deals: Int
        let signed: Amount
    }
    struct Document: Encodable {
        /// The year's first month: the pushes and meetings from it to the period end.
        let since: String
        let pushes: Funnel
        let byBank: [Bank]
        let meetings: Meetings

        init(_ p: ProgrammeFigures, _ l: Language) {
            let f = p.pipeline, m = f.meetings
            since = PipelineFigures.since(p.period).key
            pushes = Funnel(f.total, l)
            byBank = f.banks.map { Bank(bank: $0.code, name: $0.name.text(l), funnel: Funnel($0.funnel, l)) }
            meetings = Meetings(meetings: m.count, byKind: Dictionary(uniqueKeysWithValues: PipelineFigures.MeetingKind.allCases.map { ($0.rawValue, m.byKind[$0] ?? 0) }),
                                banks: m.banks, firms: m.firms, deals: m.deals, signed: Amount(m.signed, l))
        }
    }

    /// (title, header, rows): the funnel in all, then one row per bank; the meetings per kind and in all.
    static func csvSections(_ p: ProgrammeFigures, _ l: Language) -> [(Names, [Names], [[String]])] {
        let f = p.pipeline, m = f.meetings
        let all = Names(zh: "合计", en: "All").text(l)
        func row(_ code: String, _ name: String, _ f: PipelineFigures.Funnel) -> [String] {
            [code, name, "\(f.pushed)", "\(f.projects)", "\(f.contacted)", "\(f.approved.loans)", f.approved.amount.yuanText,
             "\(f.loans.loans)", f.loans.amount.yuanText, f.conversion?.percentText ?? ""]
        }
        let kinds: [(PipelineFigures.MeetingKind, Str)] = [(.policy, .meetingPolicy), (.matchmaking, .meetingMatchmaking)]
        return [
            (Str.pipelineTitle.names, [Names(zh: "代码", en: "Code"), Str.colBankName.names, Str.stagePushed.names, Str.ofWhichProjects.names,
                                       Str.stageContacted.names, Str.stageApproved.names, Names(zh: "审批金额(元)", en: "Approved (¥)"),
                                       Str.stageLent.names, Names(zh: "放款金额(元)", en: "Lent (¥)"), Names(zh: "转化率(%)", en: "Conversion (%)")],
             [row("", all, f.total)] + f.banks.map { row($0.code, $0.name.text(l), $0.funnel) }),
            (Str.meetingsTitle.names, [Names(zh: "类别", en: "Kind"), Names(zh: "场次", en: "Meetings"), Names(zh: "参会银行(家次)", en: "Banks attending"),
                                       Names(zh: "参会企业(家次)", en: "Firms attending"), Names(zh: "签约笔数", en: "Deals"), Names(zh: "签约金额(元)", en: "Signed (¥)")],
             kinds.map { [$0.1.text(l), "\(m.byKind[$0.0] ?? 0)", "", "", "", ""] }
             + [[all, "\(m.count)", "\(m.banks)", "\(m.firms)", "\(m.deals)", m.signed.yuanText]]),
        ]
    }
}
