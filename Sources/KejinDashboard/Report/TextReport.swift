import KejinCore

/// One period's figures as plain text for stdout (scripts, e-mail): the same tables the
/// screens draw, with ASCII borders.
public enum TextReport {
    /// `width`: fit every table to that many cells (columns dropped, names cut with "~", as on
    /// screen); nil: every column and every name whole, however wide (a file or a pipe).
    public static func render(_ figures: Figures, alerts: [Alert], language: Language, width: Int? = nil) -> String {
        let state = DashboardState(period: figures.period, language: language, ascii: true)
        let input = FrameInput(figures: figures, alerts: alerts, periods: [figures.period], status: StatusInfo())
        let c = RenderContext(input: input, state: state)
        var out: [String] = []
        out.append("\(c.t(.appTitle))  \(c.t(.period)) \(figures.period.key)"
                   + (figures.region.map { _ in "  \(c.t(.region)) \(RegionsScreen.path(figures, context: c))" } ?? "")
                   + (figures.lastChange.map { "  \(c.t(.updatedAt)) \($0)" } ?? ""))
        if let r = figures.reporting { out.append(ReportingText.line(r, language)) }
        // Figures changed after the month had been shown complete, with their cause.
        if !figures.revisions.isEmpty {
            out.append(c.t(.revisionsTitle))
            out += figures.revisions.map { "  " + RevisionReport.line($0, language) }
        }
        out.append("")
        let city = figures.city
        for (label, measure) in [(Str.tileTechLoans, city.techLoans), (.tileTechInnovation, city.techInnovationLoans),
                                 (.tileTechTransformation, city.techTransformationLoans), (.tileIPPledge, city.ipPledgeLoans)] {
            let growth = measure.growth.map { "  \(c.t(.yoy)) \(Format.change($0))" } ?? ""
            out.append(DisplayWidth.pad(c.t(label), to: 24) + DisplayWidth.pad(c.amount(measure.balance), to: 14, alignRight: true)
                       + "  " + Format.count(measure.borrowers, unit: .borrowersUnit, language) + growth)
        }
        // Each section: its title, table and rows, what it says when empty, and what follows
        // under its table (the chains' "of which" per enterprise category and the NPL — the
        // chains' table has the tech NPL column —, each tool's first loan).
        typealias Section = (title: Str, table: Table, rows: Int, empty: Str, after: () -> [String])
        var sections: [Section] = [
            (.chainsTitle, ChainTable.table.columns(width ?? 0).table(figures.chains, context: c), figures.chains.count, .noRows, {
                let npl = NPLReport.text(figures, context: c, width: width)
                return categoryLines(figures.chains, context: c).map { fit($0, width: width, context: c) } + (npl.isEmpty ? [] : [""] + npl)
            }),
            (.relendingTitle, RelendingScreen.table.columns(width ?? 0).table(figures.relendingTools, context: c),
             figures.relendingTools.count, .noRows, { firstLoanLines(figures.relendingTools, context: c).map { fit($0, width: width, context: c) } }),
            (.guarantorsTitle, GuaranteesScreen.table.columns(width ?? 0).table(figures.guarantors, context: c),
             figures.guarantors.count, .noRows, { [] }),
            (.alertsTitle, AlertList.table(alerts, context: c, withHeader: true), alerts.count, .noAlerts, { [] }),
        ]
        // The regions within the one reported, ranked as on the Regions view.
        if !figures.childRegions.isEmpty {
            sections.insert((.regionsTitle, RegionsScreen.table.columns(width ?? 0).table(figures.childRegions, context: c),
                             figures.childRegions.count, .noRows, { [] }), at: 0)
        }
        for section in sections {
            out.append("")
            out.append(c.t(section.title))
            out.append(section.rows == 0 ? c.t(section.empty) : text(section.table, rows: section.rows, width: width))
            out += section.after()
        }
        let panelWidth = min(width ?? Self.panelWidth, Self.panelWidth)
        for pool in figures.pools {
            var grid = CellGrid(width: panelWidth, height: 12)
            let panel = GuaranteesScreen.pool(pool, context: c, width: panelWidth)
            panel.draw(into: &grid, Rect(x: 0, y: 0, width: panelWidth, height: panel.height), glyphs: c.glyphs)
            out.append("")
            out.append(grid.text.split(separator: "\n", omittingEmptySubsequences: false).prefix(panel.height).joined(separator: "\n"))
        }
        // The programme, after the guarantees' pools (whole store only): the Programme screen's four panels.
        if let programme = figures.programme {
            out.append("")
            out.append(c.t(.reportProgrammeTitle))
            out.append(ProgrammeReport.text(programme, context: c, width: min(width ?? Self.programmeWidth, Self.programmeWidth),
                                                namesWhole: width == nil))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// "茶叶  其中 省级小微企业重点客户  4901.50万  9户": a line per chain and enterprise category.
    static func categoryLines(_ chains: [ChainFigures], context c: RenderContext) -> [String] {
        chains.flatMap { ch in
            (ch.categories ?? []).map { m in
                "  \(c.name(ch.name))  \(c.t(.ofWhich)) \(c.t(m.category.label(short: false)))  "
                    + "\(c.amount(m.balance))  \(Format.count(m.firms, unit: .borrowersUnit, c.language))"
            }
        }
    }

    /// "科技创新和技术改造再贷款  首笔 500.00万 2025-01-10 中国工商银行安康分行 -> 安康汉水电子科技有限公司 (L005294)":
    /// the figures first, so a line cut to a width keeps them.
    static func firstLoanLines(_ tools: [RelendingToolFigures], context c: RenderContext) -> [String] {
        tools.compactMap { t in
            t.firstLoan.map { f in
                "  \(c.name(t.name))  \(c.t(.firstLedgerLoan)) \(c.amount(f.amount)) \(f.startDate) \(c.name(f.bank)) "
                    + "\(c.glyphs.rightArrow) \(c.name(f.enterprise)) (\(f.loan))"
            }
        }
    }

    /// A line cut to `width` with "~" (nil: whole), as the tables cut names.
    static func fit(_ line: String, width: Int?, context c: RenderContext) -> String {
        guard let width, DisplayWidth.of(line) > width else { return line }
        return DisplayWidth.truncate(line, to: width - 1) + c.glyphs.ellipsis
    }

    /// A table as text: fitted to `width`, or (nil) with every column and name whole.
    static func text(_ table: Table, rows: Int, width: Int?) -> String {
        var t = table
        if width == nil {
            // Nothing cut: text columns lose their cap (graphics keep theirs).
            t.columns = t.columns.map { column in
                var column = column
                if !column.fills { column.maxWidth = nil }
                return column
            }
        }
        let tableWidth = width ?? t.naturalWidth
        var grid = CellGrid(width: tableWidth, height: rows + 1)
        t.draw(into: &grid, Rect(x: 0, y: 0, width: tableWidth, height: rows + 1))
        return grid.text
    }

    /// Width of a pool's panel (its gauge is sized to fit inside).
    static let panelWidth = 72
    /// Width of a programme panel (its tables fit inside).
    static let programmeWidth = 90
}
