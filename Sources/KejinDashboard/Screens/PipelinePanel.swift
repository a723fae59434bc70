import KejinCore

/// The whitelist's pipeline under 三维协同 (issue 12, item 2), below the whitelist's coverage: the
/// year's pushes to banks by the stage they reached (pushed → contacted → approved → lent) with
/// the conversion, the year's matchmaking meetings, and per bank its funnel (the panel's table).
enum PipelinePanel {
    typealias P = DetailPanel

    /// "白名单推送与转化  本年累计 2025-01–05", the funnel
    /// "推送 111个  其中项目 15个" … "放款 40笔  3.20亿元  转化率 36.04% ▮▮▮", then the meetings
    /// "政银企对接会 12场  推进会 2  对接会 10", "参会银行 80家次  企业 400家次  签约 30笔 8.00亿元".
    static func lines(_ pipeline: PipelineFigures, period: Period, width: Int, context c: RenderContext) -> [[P.Segment]] {
        let caption = ProgrammeScreen.caption
        let since = PipelineFigures.since(period)
        let window = since == period ? period.key : since.key + "–" + period.key.suffix(2)
        var lines: [[P.Segment]] = [[P.value(c.t(.pipelineTitle), .title), P.gap(2), caption(c.t(.yearToDate)), P.plain(window)]]
        let f = pipeline.total
        if f.pushed == 0 {
            lines.append([P.plain(c.t(.noPushes))])
        } else {
            let stages: [(Str, Int, Money?)] = [(.stagePushed, f.pushed, nil), (.stageContacted, f.contacted, nil),
                                                (.stageApproved, f.approved.loans, f.approved.amount), (.stageLent, f.loans.loans, f.loans.amount)]
            let lw = stages.map { DisplayWidth.of(c.t($0.0)) }.max()!
            let counts = stages.enumerated().map { i, s in Format.count(s.1, unit: i == 3 ? .loansUnit : .pushesUnit, c.language) }
            let cw = counts.map { DisplayWidth.of($0) }.max()!
            let aw = stages.compactMap { $0.2.map { DisplayWidth.of(c.amount($0)) } }.max()!
            for (i, stage) in stages.enumerated() {
                var line = [P.label(c.t(stage.0), width: lw), P.value(DisplayWidth.pad(counts[i], to: cw, alignRight: true) + "  ")]
                if let amount = stage.2 { line.append(P.plain(DisplayWidth.pad(c.amount(amount), to: aw, alignRight: true))) }
                if i == 0, f.projects > 0 {
                    line += [caption(c.t(.ofWhichProjects)), P.plain(Format.count(f.projects, unit: .pushesUnit, c.language))]
                }
                if i == 3, let share = f.conversion {
                    line += [P.gap(2), caption(c.t(.conversionShare)), P.plain(Format.percent(share))]
                    let room = width - DisplayWidth.of(line.map(\.text).joined()) - 1
                    if room >= 5 { line += [P.plain(" "), (Gauge.bar(share, width: min(room, 20), glyphs: c.glyphs), CellStyle(.gauge))] }
                }
                lines.append(line)
            }
        }
        let m = pipeline.meetings
        guard m.count > 0 else { return lines + [[caption(c.t(.meetingsTitle)), P.plain(c.t(.noMeetings))]] }
        var head: [P.Segment] = [caption(c.t(.meetingsTitle)), P.value(Format.count(m.count, unit: .meetingsUnit, c.language))]
        for (kind, title) in [(PipelineFigures.MeetingKind.policy, Str.meetingPolicy), (.matchmaking, .meetingMatchmaking)] {
            if let n = m.byKind[kind], n > 0 { head += [P.gap(2), caption(c.t(title)), P.plain(Format.count(n, c.language))] }
        }
        let attendance = { (n: Int) in Format.count(n, unit: .attendanceUnit, c.language) }
        return lines + [head, [
            caption(c.t(.meetingBanks)), P.plain(attendance(m.banks)), P.gap(2), caption(c.t(.meetingFirms)), P.plain(attendance(m.firms)),
            P.gap(2), caption(c.t(.meetingSigned)), P.plain(Format.count(m.deals, unit: .dealsUnit, c.language) + " "), P.value(c.amount(m.signed)),
        ]]
    }

    /// Per bank: pushed, contacted, approved, lent (count, amount), conversion.
    static func table(_ pipeline: PipelineFigures, context c: RenderContext) -> Table {
        let columns = [TableColumn(c.t(.colBankName), minWidth: 8, priority: 100),
                       TableColumn(c.t(.stagePushed), .right, priority: 95), TableColumn(c.t(.stageContacted), .right, priority: 70),
                       TableColumn(c.t(.stageApproved), .right, priority: 75), TableColumn(c.t(.colLent), .right, priority: 94),
                       TableColumn(c.t(.colLentAmount), .right, priority: 93), TableColumn(c.t(.conversionShare), .right, priority: 90)]
        let rows: [[TableCell]] = pipeline.banks.map { b in
            let f = b.funnel
            return [.text(c.name(b.name)), .text(c.count(f.pushed)), .text(c.count(f.contacted)), .text(c.count(f.approved.loans)),
                    .text(c.count(f.loans.loans), .value), .text(c.money(f.loans.amount), .value),
                    .text(f.conversion.map { Format.percent($0) } ?? "-")]
        }
        return Table(columns: columns, rows: rows, glyphs: c.glyphs)
    }
}
