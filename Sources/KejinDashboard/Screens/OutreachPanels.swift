import KejinCore

/// The Programme screen's outreach (issue 12, items 7 and 8): bank–guarantor cooperation under
/// 五大矩阵, and the 四贷 service stations, 六项保障's second panel (ProgrammeScreen.Panel).
enum OutreachPanels {
    typealias P = DetailPanel

    static func modeTitle(_ m: CooperationMode) -> Str {
        switch m {
        case .cooperation: .modeCooperation
        case .online: .modeOnline
        case .guaranteeOnApproval: .modeGuaranteeOnApproval
        }
    }

    /// "12家" / "12 inst.": a count and its unit.
    static func counted(_ n: Int, _ unit: Str, context c: RenderContext) -> String { Format.count(n, unit: unit, c.language) }

    /// The lines a mode's guarantors may take (a province has dozens of guarantors).
    static let linesPerMode = 3

    /// "银担合作", then per mode "业务线上化  26家  财信融资担保 26 · …": the institutions with the
    /// mode (each once), then per guarantor, wrapped under itself where `width` is too narrow.
    static func cooperationLines(_ g: GuarantorCooperation, width: Int, context c: RenderContext) -> [[P.Segment]] {
        guard !g.isEmpty else { return [[ProgrammeScreen.caption(c.t(.cooperationTitle)), P.plain(c.t(.noCooperation))]] }
        let lw = g.modes.map { DisplayWidth.of(c.t(modeTitle($0.mode))) }.max()!
        let counts = g.modes.map { counted($0.institutions, .institutionsUnit, context: c) }
        let cw = counts.map { DisplayWidth.of($0) }.max()!
        let indent = lw + 1 + cw + 2, separator = c.ascii ? " / " : " · "
        var lines: [[P.Segment]] = [[P.value(c.t(.cooperationTitle), .title)]]
        for (m, count) in zip(g.modes, counts) {
            var line = [P.label(c.t(modeTitle(m.mode)), width: lw), P.value(DisplayWidth.pad(count, to: cw, alignRight: true) + "  ")]
            // The guarantors laid out line by line under the indent, then cut to `linesPerMode`
            // lines, the last ending in how many are not listed ("· 等另 12 家").
            var rows: [[String]] = [[]]
            var used = indent
            for guarantor in m.byGuarantor {
                // A name longer than a whole line under the indent is shortened, never its count.
                let count = Format.count(guarantor.institutions, c.language)
                var name = c.name(guarantor.name)
                let room = width - indent - 1 - DisplayWidth.of(count)
                if DisplayWidth.of(name) > room, room > 1 {
                    name = DisplayWidth.truncate(name, to: room - 1) + c.glyphs.ellipsis
                }
                let item = "\(name) \(count)"
                let gap = rows[rows.count - 1].isEmpty ? 0 : DisplayWidth.of(separator)
                if !rows[rows.count - 1].isEmpty, used + gap + DisplayWidth.of(item) > width {
                    rows.append([]); used = indent
                }
                used += (rows[rows.count - 1].isEmpty ? 0 : DisplayWidth.of(separator)) + DisplayWidth.of(item)
                rows[rows.count - 1].append(item)
            }
            if rows.count > linesPerMode {
                rows = Array(rows.prefix(linesPerMode))
                let listed = { rows.reduce(0) { $0 + $1.count } }
                let more = { separator + c.t(.guarantorsMore).replacingOccurrences(of: "{n}", with: String(m.byGuarantor.count - listed())) }
                let rowWidth = { (row: [String]) in indent + DisplayWidth.of(row.joined(separator: separator)) }
                let last = rows.count - 1
                while rows[last].count > 1, rowWidth(rows[last]) + DisplayWidth.of(more()) > width { rows[last].removeLast() }
                if rowWidth(rows[last]) + DisplayWidth.of(more()) > width {
                    // Not even one name beside it: the line says only how many more.
                    rows[last] = []
                    let alone = String(more().dropFirst(separator.count))
                    rows[last] = [alone]
                } else {
                    let tail = more()
                    rows[last][rows[last].count - 1] += tail
                }
            }
            for (i, row) in rows.enumerated() {
                if i > 0 { lines.append(line); line = [P.gap(indent)] }
                line.append(P.plain(row.joined(separator: separator)))
            }
            lines.append(line)
        }
        return lines
    }

    /// "服务站 11个  入驻机构 20家", then the funnel: registered → matched → loans made, counts and
    /// amounts, with the conversion (loans ÷ registered).
    static func stationLines(_ s: ServiceStations, context c: RenderContext) -> [[P.Segment]] {
        guard !s.isEmpty else { return [[ProgrammeScreen.caption(c.t(.stationsTitle)), P.plain(c.t(.noStations))]] }
        let head: [P.Segment] = [ProgrammeScreen.caption(c.t(.stationsOpen)), P.value(counted(s.stations.count, .stationsUnit, context: c)),
                                 P.gap(), ProgrammeScreen.caption(c.t(.stationedInstitutions)),
                                 P.value(counted(s.institutions, .institutionsUnit, context: c))]
        let steps: [(Str, DemandTally)] = [(.demandRegistered, s.total.registered), (.demandMatched, s.total.matched),
                                           (.demandLoans, s.total.loans)]
        let lw = steps.map { DisplayWidth.of(c.t($0.0)) }.max()!
        let counts = steps.enumerated().map { i, step in counted(step.1.loans, i == 2 ? .loansUnit : .demandsUnit, context: c) }
        let cw = counts.map { DisplayWidth.of($0) }.max()!
        let aw = steps.map { DisplayWidth.of(c.amount($0.1.amount)) }.max()!
        var lines = [head]
        for (i, step) in steps.enumerated() {
            var line = [P.label(c.t(step.0), width: lw), P.value(DisplayWidth.pad(counts[i], to: cw, alignRight: true) + "  "),
                        P.plain(DisplayWidth.pad(c.amount(step.1.amount), to: aw, alignRight: true))]
            if i == 2, let share = s.total.conversion {
                line += [P.gap(), ProgrammeScreen.caption(c.t(.conversionShare)), P.plain(Format.percent(share))]
            }
            lines.append(line)
        }
        return lines
    }

    /// Per station: institutions, demands registered, matched and lent (counts, amounts).
    static func stationTable(_ s: ServiceStations, context c: RenderContext) -> Table {
        let columns = [TableColumn(c.t(.colStation), minWidth: 8, priority: 100),
                       TableColumn(c.t(.colInstitutions), .right, priority: 85),
                       TableColumn(c.t(.colRegistered), .right, priority: 90), TableColumn(c.t(.colRegisteredAmount), .right, priority: 70),
                       TableColumn(c.t(.colMatched), .right, priority: 88), TableColumn(c.t(.colMatchedAmount), .right, priority: 60),
                       TableColumn(c.t(.colLent), .right, priority: 95), TableColumn(c.t(.colLentAmount), .right, priority: 94)]
        let rows: [[TableCell]] = s.stations.map { st in
            let f = st.funnel
            return [.text(c.name(st.name)), .text(c.count(st.institutions)),
                    .text(c.count(f.registered.loans)), .text(c.money(f.registered.amount)),
                    .text(c.count(f.matched.loans)), .text(c.money(f.matched.amount)),
                    .text(c.count(f.loans.loans), .value), .text(c.money(f.loans.amount), .value)]
        }
        return Table(columns: columns, rows: rows, glyphs: c.glyphs)
    }
}
