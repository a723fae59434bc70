import CSV
import Foundation
import KejinCore

/// One period's figures as CSV for spreadsheets (`kejin report --format csv`): UTF-8 with a
/// byte-order mark and CRLF line ends, so Excel in a Chinese locale opens it as UTF-8; one
/// section per table (a title row, a header row, the rows, a blank row). Amounts are yuan with
/// two decimals written from the exact fen, rates percent with two decimals, leverage a
/// multiple with two decimals; an empty field means no figure. The columns are listed in the
/// README ("Exports for spreadsheets"); headers follow `--lang`.
public enum CSVReport {
    public static func render(_ figures: Figures, alerts: [Alert], language: Language) throws -> Data {
        let stream = OutputStream.toMemory()
        stream.open()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        let state = DashboardState(period: figures.period, language: language, ascii: true)
        let c = RenderContext(input: FrameInput(figures: figures, alerts: alerts, periods: [figures.period],
                                                status: StatusInfo()), state: state)
        try writer.write(row: [Str.appTitle.text(language), Str.period.text(language), figures.period.key]
                         + (figures.lastChange.map { [Str.updatedAt.text(language), $0] } ?? [])
                         + (figures.region.map { [Str.region.text(language), $0.code, $0.name.text(language)] } ?? []))
        try section(writer, Labels.city.text(language), cityColumns, cityRows(figures.city, language), language)
        if !figures.childRegions.isEmpty {
            try section(writer, Str.regionsTitle.text(language), regionColumns, figures.childRegions, language)
        }
        try section(writer, Str.chainsTitle.text(language), chainColumns, figures.chains, language)
        // The chains' "of which", when loaded (`kejin report` loads them).
        let categories = figures.chains.flatMap { ch in (ch.categories ?? []).map { (chain: ch, measure: $0) } }
        if figures.chains.contains(where: { $0.categories != nil }) {
            try section(writer, Str.categoriesTitle.text(language), categoryColumns, categories, language)
        }
        // Non-performing loans (五级分类) of the city, each chain and each bank.
        let npl = NPLReport.rows(figures, language)
        if !npl.isEmpty { try section(writer, NPLReport.title.text(language), NPLReport.csvColumns, npl, language) }
        try section(writer, Str.relendingTitle.text(language), toolColumns, figures.relendingTools, language)
        try section(writer, Str.guarantorsTitle.text(language), guarantorColumns, figures.guarantors, language)
        try section(writer, Labels.pools.text(language), poolColumns, figures.pools, language)
        try section(writer, Str.alertsTitle.text(language), alertColumns(c), alerts, language)
        // The programme (whole store only), one section per table.
        for (title, header, rows) in figures.programme.map({ ProgrammeReport.csvSections($0, language) }) ?? [] {
            try writer.write(row: [""])
            try writer.write(row: [title.text(language)])
            try writer.write(row: header.map { $0.text(language) })
            for row in rows { try writer.write(row: row) }
        }
        writer.stream.close()
        guard let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { throw CSVError.cannotWriteStream }
        return Data([0xEF, 0xBB, 0xBF]) + body + Data("\r\n".utf8)
    }

    /// One CSV column: its header in both languages and the field of a row.
    struct Column<Row> {
        let header: Names
        let field: (Row) -> String
        init(_ zh: String, _ en: String, _ field: @escaping (Row) -> String) {
            header = Names(zh: zh, en: en); self.field = field
        }
    }

    private static func section<Row>(_ w: CSVWriter, _ title: String, _ columns: [Column<Row>], _ rows: [Row],
                                     _ l: Language) throws {
        try w.write(row: [""])
        try w.write(row: [title])
        try w.write(row: columns.map { $0.header.text(l) })
        for row in rows { try w.write(row: columns.map { $0.field(row) }) }
    }

    // MARK: Fields

    static func yuan(_ m: Money) -> String { m.yuanText }
    static func yuan(_ m: Money?) -> String { m?.yuanText ?? "" }
    static func percent(_ r: BasisPoints?) -> String { r?.percentText ?? "" }
    /// 32000 bp → "3.20" (times), rounded like the screens' "3.20×".
    static func times(_ r: BasisPoints?) -> String { r.map { String(Format.leverage($0, ascii: true).dropLast()) } ?? "" }

    enum Labels {
        static let city = Names(zh: "科技金融总量", en: "City totals")
        static let pools = Names(zh: "风险补偿资金池", en: "Risk-compensation pools")
        static let allLoans = Names(zh: "各项贷款", en: "All loans")
    }

    // MARK: Tables

    typealias CityRow = (label: String, measure: LoanMeasure)

    static func cityRows(_ city: CityFigures, _ l: Language) -> [CityRow] {
        [(Str.tileTechLoans.text(l), city.techLoans), (Str.tileTechInnovation.text(l), city.techInnovationLoans),
         (Str.tileTechTransformation.text(l), city.techTransformationLoans), (Str.tileIPPledge.text(l), city.ipPledgeLoans),
         (Labels.allLoans.text(l), city.allLoans)]
    }

    static var cityColumns: [Column<CityRow>] {
        [
            Column("指标", "Measure") { $0.label },
            Column("余额(元)", "Balance (yuan)") { yuan($0.measure.balance) },
            Column("户数", "Borrowers") { "\($0.measure.borrowers)" },
            Column("上年同期余额(元)", "Balance a year ago (yuan)") { yuan($0.measure.balanceYearAgo) },
            Column("同比(%)", "Year on year (%)") { percent($0.measure.growth) },
        ]
    }

    static var chainColumns: [Column<ChainFigures>] {
        [
            Column("代码", "Code") { $0.code },
            Column("产业链", "Chain (Chinese)") { $0.name.zh },
            Column("产业链(英文)", "Chain") { $0.name.en },
            Column("主办行", "Lead bank (Chinese)") { $0.leadBank?.zh ?? "" },
            Column("主办行(英文)", "Lead bank (English)") { $0.leadBank?.en ?? "" },
            Column("余额(元)", "Balance (yuan)") { yuan($0.loans.balance) },
            Column("户数", "Borrowers") { "\($0.loans.borrowers)" },
            Column("同比(%)", "Year on year (%)") { percent($0.loans.growth) },
            Column("科技贷款余额(元)", "Tech loans (yuan)") { yuan($0.techLoans.balance) },
            Column("科技户数", "Tech borrowers") { "\($0.techLoans.borrowers)" },
            Column("科技同比(%)", "Tech year on year (%)") { percent($0.techLoans.growth) },
            Column("再贷款支持(元)", "Re-lending funded (yuan)") { yuan($0.relendingFunded) },
            Column("再贷占比(%)", "Re-lending share (%)") { percent($0.relendingShare) },
            Column("担保余额(元)", "Guarantees in force (yuan)") { yuan($0.guaranteeBalance) },
        ]
    }

    typealias CategoryRow = (chain: ChainFigures, measure: CategoryMeasure)

    static var categoryColumns: [Column<CategoryRow>] {
        [
            Column("产业链代码", "Chain code") { $0.chain.code },
            Column("产业链", "Chain (Chinese)") { $0.chain.name.zh },
            Column("产业链(英文)", "Chain") { $0.chain.name.en },
            Column("类别代码", "Category code") { $0.measure.category.rawValue },
            Column("类别", "Category (Chinese)") { $0.measure.category.label(short: false).text(.zh) },
            Column("类别(英文)", "Category") { $0.measure.category.label(short: false).text(.en) },
            Column("户数", "Firms") { "\($0.measure.firms)" },
            Column("余额(元)", "Balance (yuan)") { yuan($0.measure.balance) },
        ]
    }

    static var toolColumns: [Column<RelendingToolFigures>] {
        [
            Column("代码", "Code") { $0.code },
            Column("工具", "Tool (Chinese)") { $0.name.zh },
            Column("工具(英文)", "Tool") { $0.name.en },
            Column("利率(%)", "Rate (%)") { percent($0.rate) },
            Column("额度(元)", "Quota (yuan)") { yuan($0.quota) },
            Column("已用(元)", "Drawn (yuan)") { yuan($0.drawn) },
            Column("使用率(%)", "Usage (%)") { percent($0.usage) },
            Column("台账贷款余额(元)", "Ledger loans (yuan)") { yuan($0.ledgerLoanBalance) },
            Column("台账贷款笔数", "Ledger loans (count)") { "\($0.ledgerLoans)" },
            Column("30天内到期(元)", "Due within 30 days (yuan)") { yuan($0.due30) },
            Column("60天内到期(元)", "Due within 60 days (yuan)") { yuan($0.due60) },
            Column("90天内到期(元)", "Due within 90 days (yuan)") { yuan($0.due90) },
            Column("30天内到期且展期用尽(笔)", "Due within 30 days, no rollover left") { "\($0.rolloverExhaustedDue30)" },
            Column("合格台账贷款(元)", "Eligible ledger loans (yuan)") { yuan($0.coverage?.eligibleLedger) },
            Column("台账覆盖(%)", "Ledger cover (%)") { percent($0.coverage?.coverage) },
            Column("台账覆盖上限(%)", "Ledger cover cap (%)") { percent($0.coverage?.cap) },
            Column("资格不符台账贷款(笔)", "Ineligible ledger loans") { $0.coverage.map { "\($0.ineligibleLoans)" } ?? "" },
        ]
    }

    /// The regions within the one reported (`--region`), as the Regions view ranks them.
    static var regionColumns: [Column<RegionFigures>] {
        [
            Column("代码", "Code") { $0.region.code },
            Column("地区", "Region (Chinese)") { $0.region.name.zh },
            Column("地区(英文)", "Region") { $0.region.name.en },
            Column("级别", "Level") { $0.region.level.rawValue },
            Column("贷款余额(元)", "Loans (yuan)") { yuan($0.loans.balance) },
            Column("户数", "Borrowers") { "\($0.loans.borrowers)" },
            Column("同比(%)", "Year on year (%)") { percent($0.loans.growth) },
            Column("科技贷款(元)", "Tech loans (yuan)") { yuan($0.techLoans.balance) },
            Column("科技占比(%)", "Tech share (%)") { percent($0.techShare) },
            Column("再贷占比(%)", "Re-lending share (%)") { percent($0.relendingShare) },
            Column("在保余额(元)", "Guarantees in force (yuan)") { yuan($0.guaranteeBalance) },
            Column("预警数", "Open alerts") { "\($0.alerts)" },
        ]
    }

    static var guarantorColumns: [Column<GuarantorFigures>] {
        [
            Column("代码", "Code") { $0.code },
            Column("担保机构", "Guarantor (Chinese)") { $0.name.zh },
            Column("担保机构(英文)", "Guarantor") { $0.name.en },
            Column("在保户数", "Firms in force") { "\($0.firmsInForce)" },
            Column("在保余额(元)", "Balance in force (yuan)") { yuan($0.balanceInForce) },
            Column("平均费率(%)", "Average fee (%)") { percent($0.averageFeeRate) },
            Column("最低银行分险比例(%)", "Lowest bank risk share (%)") { percent($0.lowestBankRiskShare) },
            Column("放大倍数", "Leverage (times)") { times($0.leverage) },
            Column("净资产(元)", "Net assets (yuan)") { yuan($0.netAssets) },
        ]
    }

    static var poolColumns: [Column<RiskPoolFigures>] {
        [
            Column("代码", "Code") { $0.code },
            Column("资金池", "Pool (Chinese)") { $0.name.zh },
            Column("资金池(英文)", "Pool") { $0.name.en },
            Column("资金规模(元)", "Capital (yuan)") { yuan($0.capital) },
            Column("已代偿(元)", "Paid out (yuan)") { yuan($0.paidOut) },
            Column("剩余(元)", "Remaining (yuan)") { yuan($0.remaining) },
            Column("覆盖余额(元)", "Covered balance (yuan)") { yuan($0.coveredBalance) },
            Column("代偿笔数", "Pay-outs") { "\($0.payouts)" },
            Column("分担比例(%)", "Risk share (%)") { percent($0.riskShare) },
            Column("熔断线(%)", "Breaker (%)") { percent($0.breaker) },
            Column("损失率(%)", "Loss rate (%)") { percent($0.lossRate) },
        ]
    }

    /// Alerts: value and threshold as the screens write them, in the measure's own unit
    /// ("37.50%", "10.02x", "1笔").
    static func alertColumns(_ c: RenderContext) -> [Column<Alert>] {
        [
            Column("规则", "Rule") { "\($0.ruleID)" },
            Column("级别", "Severity") { c.t($0.severity == .critical ? .critical : .warning) },
            Column("对象代码", "Entity code") { $0.entityCode },
            Column("对象", "Entity") { $0.entity.text(c.language) },
            Column("指标", "Measure") { c.t(AlertList.measureLabel($0.measure)) },
            Column("数值", "Value") { AlertList.value($0.value, $0.measure, c) },
            Column("方向", "Direction") { c.t($0.below ? .below : .above) },
            Column("生效阈值", "Threshold in force") { AlertList.value($0.effectiveThreshold, $0.measure, c) },
            Column("回差保持", "Held by band") { $0.heldByBand ? c.t(.yes) : "" },
            Column("已确认", "Acknowledged") { $0.acknowledgement.map { "\($0.by) \($0.at)" } ?? "" },
        ]
    }
}
