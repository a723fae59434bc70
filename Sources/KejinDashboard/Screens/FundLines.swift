import KejinCore

/// The guidance funds under 五大矩阵 (issue 12, item 6): per fund its capital, leverage and
/// ceiling, the loans it backs and their use of the ceiling, and its breaker.
enum FundLines {
    typealias P = DetailPanel

    /// "科创引导基金", then per fund
    /// "汉阴县科创引导基金  2000.00万元  1:5  上限 1.00亿元",
    /// "已支持  3户 3笔  1700.00万元  占用 1700.00万元 17.00% ▮▮",
    /// "熔断线  10.00%  代偿 0元 0.00%  未触发".
    static func lines(_ funds: [GuidanceFund], width: Int, context c: RenderContext) -> [[P.Segment]] {
        guard !funds.isEmpty else { return [[ProgrammeScreen.caption(c.t(.fundTitle)), P.plain(c.t(.noFund))]] }
        let caption = ProgrammeScreen.caption
        let lw = [Str.fundBacked, .fundBreaker].map { DisplayWidth.of(c.t($0)) }.max()!
        var lines: [[P.Segment]] = [[P.value(c.t(.fundTitle), .title)]]
        for f in funds {
            // A caption ends in one space of its own.
            lines.append([caption(c.name(f.name)), P.gap(1), P.value(c.amount(f.capital)), P.gap(2), P.plain("1:\(f.leverage)"), P.gap(2),
                          caption(c.t(.fundCeiling)), P.value(c.amount(f.ceiling))])
            var use = [P.label(c.t(.fundBacked), width: lw),
                       P.value(Format.count(f.firms, unit: .borrowersUnit, c.language) + " "
                               + Format.count(f.backed.loans, unit: .loansUnit, c.language)),
                       P.gap(2), P.value(c.amount(f.backed.amount)), P.gap(2), caption(c.t(.fundInUse)), P.plain(c.amount(f.inUse))]
            if let share = f.usage {
                use.append(P.plain(" " + Format.percent(share)))
                let room = width - DisplayWidth.of(use.map(\.text).joined()) - 1
                if room >= 5 { use += [P.plain(" "), (Gauge.bar(share, width: min(room, 20), glyphs: c.glyphs), CellStyle(.gauge))] }
            }
            lines.append(use)
            lines.append([P.label(c.t(.fundBreaker), width: lw), P.plain(Format.percent(f.breaker)), P.gap(2),
                          caption(c.t(.fundCompensated)), P.plain(c.amount(f.compensated) + (f.lossRate.map { " " + Format.percent($0) } ?? "")),
                          P.gap(2), f.tripped ? P.value(c.t(.fundTripped), .critical) : P.plain(c.t(.fundNotTripped))])
        }
        return lines
    }
}
