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
        if funds.count > fullFunds { return compact(funds, width: width, context: c) }
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

    /// Funds shown three lines each; more (a province: a fund per city) fold into `compact`.
    static let fullFunds = 2
    /// The funds a compact block lists by name, the most pressing first.
    static let compactFunds = 3

    /// A province's funds in at most five lines, so 五大矩阵 keeps room for the cooperation and
    /// the rates: "科创引导基金 10只  上限 100.00亿元  占用 1.11亿元 1.11%", then the tripped funds
    /// and the most used, one line each ("市3…  占用 1.74% ▮▮  代偿 0.00% 未触发"), then "另有 7 只基金".
    static func compact(_ funds: [GuidanceFund], width: Int, context c: RenderContext) -> [[P.Segment]] {
        let caption = ProgrammeScreen.caption
        let ceiling = funds.reduce(Money.zero) { $0 + $1.ceiling }, inUse = funds.reduce(Money.zero) { $0 + $1.inUse }
        var head: [P.Segment] = [P.value(c.t(.fundTitle), .title), P.plain(" " + Format.count(funds.count, unit: .fundsUnit, c.language)),
                                 P.gap(2), caption(c.t(.fundCeiling)), P.value(c.amount(ceiling)), P.gap(2),
                                 caption(c.t(.fundInUse)), P.plain(c.amount(inUse))]
        if let share = BasisPoints.ratio(inUse.fen, ceiling.fen) { head.append(P.plain(" " + Format.percent(share))) }
        let shown = funds.sorted { a, b in
            a.tripped != b.tripped ? a.tripped : (a.usage?.value ?? 0) != (b.usage?.value ?? 0) ? (a.usage?.value ?? 0) > (b.usage?.value ?? 0)
                : a.code < b.code
        }.prefix(compactFunds)
        let names = shown.map { c.name($0.name) }
        let nw = min(names.map { DisplayWidth.of($0) }.max()!, max(8, width / 3))
        var lines = [head]
        for (f, name) in zip(shown, names) {
            let cut = DisplayWidth.of(name) > nw ? DisplayWidth.truncate(name, to: nw - 1) + c.glyphs.ellipsis : name
            var line: [P.Segment] = [P.label(cut, width: nw), P.gap(2), caption(c.t(.fundInUse)),
                                     P.plain(DisplayWidth.pad(f.usage.map(Format.percent) ?? "-", to: 7, alignRight: true))]
            let tail: [P.Segment] = [P.gap(2), caption(c.t(.fundCompensated)), P.plain(f.lossRate.map(Format.percent) ?? "-"), P.gap(2),
                                     f.tripped ? P.value(c.t(.fundTripped), .critical) : P.plain(c.t(.fundNotTripped))]
            let room = width - DisplayWidth.of((line + tail).map(\.text).joined()) - 1
            if let share = f.usage, room >= 5 { line += [P.plain(" "), (Gauge.bar(share, width: min(room, 12), glyphs: c.glyphs), CellStyle(.gauge))] }
            lines.append(line + tail)
        }
        if funds.count > shown.count {
            lines.append([P.label(c.t(.fundsMore).replacingOccurrences(of: "{n}", with: String(funds.count - shown.count)),
                                  width: width)])
        }
        return lines
    }
}
