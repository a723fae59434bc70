import KejinCore

/// The fiscal interest subsidy (issue 12, item 4): 六项保障's third panel (ProgrammeScreen.Panel),
/// the budgets, what was disbursed and what is left, and per bank its allocation and claims.
enum SubsidyPanel {
    typealias P = DetailPanel

    /// "预算 500.00万元  已分配 500.00万元  已申请 …", "已拨付 105.02万元 21.00% ▮▮  剩余 394.98万元", then
    /// one line per budget ("市级  安康市…  300.00万元").
    static func lines(_ s: InterestSubsidyFigures, width: Int, context c: RenderContext) -> [[P.Segment]] {
        guard !s.isEmpty else { return [[ProgrammeScreen.caption(c.t(.subsidyTitle)), P.plain(c.t(.noSubsidy))]] }
        let caption = ProgrammeScreen.caption
        // A caption ends in one space of its own.
        var paid: [P.Segment] = [caption(c.t(.subsidyPaid)), P.value(c.amount(s.paid))]
        if let share = s.paidShare { paid.append(P.plain(" " + Format.percent(share))) }
        let left: [P.Segment] = [P.gap(2), caption(c.t(.subsidyLeft)), P.value(c.amount(s.left))]
        if let share = s.paidShare {
            let room = width - DisplayWidth.of((paid + left).map(\.text).joined()) - 1
            if room >= 5 { paid += [P.plain(" "), (Gauge.bar(share, width: min(room, 20), glyphs: c.glyphs), CellStyle(.gauge))] }
        }
        var lines: [[P.Segment]] = [
            [caption(c.t(.subsidyBudget)), P.value(c.amount(s.budget)), P.gap(2),
             caption(c.t(.subsidyAllocated)), P.plain(c.amount(s.allocated)), P.gap(2),
             caption(c.t(.subsidyClaimed)), P.plain(c.amount(s.claimed))],
            paid + left,
        ]
        // A province's budgets (one per city and county) fold into a line per level.
        if s.budgets.count > listedBudgets {
            let levels = Dictionary(grouping: s.budgets, by: \.level).sorted { $0.key < $1.key }
            let texts = levels.map { c.t($0.key == "city" ? .levelCity : .levelCounty) }
            let lw = texts.map { DisplayWidth.of($0) }.max() ?? 0
            for ((_, budgets), level) in zip(levels, texts) {
                lines.append([P.label(level, width: lw), P.plain(" " + Format.count(budgets.count, unit: .budgetsUnit, c.language)),
                              P.gap(2), P.value(c.amount(budgets.reduce(Money.zero) { $0 + $1.amount }))])
            }
            return lines
        }
        let names = s.budgets.map { c.name($0.name) }
        let nw = names.map { DisplayWidth.of($0) }.max() ?? 0
        let aw = s.budgets.map { DisplayWidth.of(c.amount($0.amount)) }.max() ?? 0
        let levels = s.budgets.map { c.t($0.level == "city" ? .levelCity : .levelCounty) }
        let lw = levels.map { DisplayWidth.of($0) }.max() ?? 0
        for (b, (name, level)) in zip(s.budgets, zip(names, levels)) {
            let room = max(8, width - lw - aw - 3)
            let shown = DisplayWidth.of(name) > room ? DisplayWidth.truncate(name, to: room - 1) + c.glyphs.ellipsis : name
            lines.append([P.label(level, width: lw), P.label(shown, width: min(nw, room)),
                          P.plain(" " + DisplayWidth.pad(c.amount(b.amount), to: aw, alignRight: true))])
        }
        return lines
    }

    /// Budgets listed one per line; more fold into a line per level.
    static let listedBudgets = 3

    /// The banks by claims ÷ allocation, highest first: one past its allocation (rule 14) tops
    /// the list, however many banks a province has.
    static func ordered(_ banks: [InterestSubsidyFigures.Bank]) -> [InterestSubsidyFigures.Bank] {
        banks.enumerated().sorted { a, b in
            let x = a.element.claimUse?.value ?? -1, y = b.element.claimUse?.value ?? -1
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    /// Per bank: allocated, claims (count, amount), paid, claims ÷ allocation (critical above 100%).
    static func table(_ s: InterestSubsidyFigures, context c: RenderContext) -> Table {
        let columns = [TableColumn(c.t(.colBankName), minWidth: 8, priority: 100),
                       TableColumn(c.t(.colAllocated), .right, priority: 95), TableColumn(c.t(.colClaims), .right, priority: 70),
                       TableColumn(c.t(.colClaimed), .right, priority: 94), TableColumn(c.t(.colPaid), .right, priority: 93),
                       TableColumn(c.t(.colClaimUse), .right, priority: 90)]
        let rows: [[TableCell]] = ordered(s.banks).map { b in
            let over = (b.claimUse?.value ?? 0) > 10_000
            return [.text(c.name(b.name)), .text(c.money(b.allocated)), .text(c.count(b.claims.loans)),
                    .text(c.money(b.claims.amount), .value), .text(c.money(b.paid)),
                    .text(b.claimUse.map { Format.percent($0) } ?? "-", over ? .critical : .normal)]
        }
        return Table(columns: columns, rows: rows, glyphs: c.glyphs)
    }
}
