import KejinCore

/// Non-performing loans (不良, 五级分类) in `kejin report`: the city's (or region's), each
/// chain's and each bank's NPL beside its loans and tech loans, the two ratios and the gap
/// alert rule 16 compares (`tech_npl_gap`). Text, JSON and CSV share these rows.
enum NPLReport {
    /// One entity's row: `kind` is `city`, `chain` or `bank`.
    struct Row {
        let kind: String, code: String, name: Names
        let measure: NPLMeasure
    }

    /// The rows, city first; none on a store without classifications.
    static func rows(_ f: Figures, _ l: Language) -> [Row] {
        guard let city = f.city.nplMeasure else { return [] }
        let cityName = f.region?.name ?? CSVReport.Labels.city
        return [Row(kind: "city", code: f.region?.code ?? "", name: cityName, measure: city)]
            + f.chains.compactMap { ch in ch.nplMeasure.map { Row(kind: "chain", code: ch.code, name: ch.name, measure: $0) } }
            + (f.banksNPL ?? []).map { Row(kind: "bank", code: $0.code, name: $0.name, measure: $0.measure) }
    }

    static let title = Names(zh: "不良贷款(五级分类)", en: "Non-performing loans (five-grade classification)")

    // MARK: Text

    /// "中国工商银行安康分行  不良率 1.20%  科技不良率 0.95%  差 -0.25%": the banks after the chains
    /// (whose table shows the tech NPL column), the city first.
    static func text(_ f: Figures, context c: RenderContext, width: Int?) -> [String] {
        let rows = rows(f, c.language).filter { $0.kind != "chain" }
        guard !rows.isEmpty else { return [] }
        let nameWidth = min(rows.map { DisplayWidth.of(c.name($0.name)) }.max() ?? 0, 28)
        return [c.name(title)] + rows.map { r in
            let m = r.measure
            let line = "  " + DisplayWidth.pad(DisplayWidth.truncate(c.name(r.name), to: nameWidth), to: nameWidth)
                + "  " + c.t(.nplLoans) + " " + DisplayWidth.pad(c.amount(m.npl), to: 10, alignRight: true)
                + "  " + c.t(.nplRatio) + " " + DisplayWidth.pad(m.ratio.map(Format.percent) ?? "-", to: 7, alignRight: true)
                + "  " + c.t(.techNPLRatio) + " " + DisplayWidth.pad(m.techRatio.map(Format.percent) ?? "-", to: 7, alignRight: true)
                + "  " + c.t(.measureTechNPLGap) + " " + (m.techGap.map { Format.change($0) } ?? "-")
            return TextReport.fit(line, width: width, context: c)
        }
    }

    // MARK: JSON

    struct Item: Encodable {
        let kind, code, name: String
        let balance, npl, techBalance, techNPL: JSONReport.Amount
        let nplRatioBp, techNPLRatioBp, techGapBp: Int64?
        init(_ r: Row, _ l: Language) {
            kind = r.kind; code = r.code; name = r.name.text(l)
            balance = .init(r.measure.balance, l); npl = .init(r.measure.npl, l)
            techBalance = .init(r.measure.techBalance, l); techNPL = .init(r.measure.techNPL, l)
            nplRatioBp = r.measure.ratio?.value; techNPLRatioBp = r.measure.techRatio?.value; techGapBp = r.measure.techGap?.value
        }
    }

    // MARK: CSV

    static var csvColumns: [CSVReport.Column<Row>] {
        typealias C = CSVReport.Column<Row>
        return [
            C("类别", "Kind") { $0.kind },
            C("代码", "Code") { $0.code },
            C("名称", "Name (Chinese)") { $0.name.zh },
            C("名称(英文)", "Name") { $0.name.en },
            C("贷款余额(元)", "Loans (yuan)") { CSVReport.yuan($0.measure.balance) },
            C("不良贷款(元)", "NPL (yuan)") { CSVReport.yuan($0.measure.npl) },
            C("不良率(%)", "NPL ratio (%)") { CSVReport.percent($0.measure.ratio) },
            C("科技贷款(元)", "Tech loans (yuan)") { CSVReport.yuan($0.measure.techBalance) },
            C("科技不良贷款(元)", "Tech NPL (yuan)") { CSVReport.yuan($0.measure.techNPL) },
            C("科技不良率(%)", "Tech NPL ratio (%)") { CSVReport.percent($0.measure.techRatio) },
            C("科技不良率差(百分点)", "Tech NPL gap (points)") { CSVReport.percent($0.measure.techGap) },
        ]
    }
}
