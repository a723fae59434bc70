import KejinCore
@testable import KejinDashboard

/// A hand-built Ankang-like month (May 2025): the article's published figures (tech loans
/// 45.81亿 +14.45%, tea chain 2334 borrowers 2.8亿, 财信 41 firms 3.27亿, the 1050万 pool) and
/// plausible synthetic figures around them, chosen so that every alert rule has a case.
enum Fixture {
    static let period = Period(year: 2025, month: 5)
    /// Thirteen months of data, 2024-05 … 2025-05.
    static let periods = (0...12).map { Period(year: 2024, month: 5).advanced(by: $0) }

    /// Money from 万元 with two decimals: wan(4901_50) = 4901.50万元.
    static func wan(_ hundredths: Int64) -> Money { Money(fen: hundredths * 10_000) }
    /// Money from 亿元 with two decimals: yi(45_81) = 45.81亿元.
    static func yi(_ hundredths: Int64) -> Money { Money(fen: hundredths * 100_000_000) }

    /// A measure whose year-ago balance gives `growth` (bp) year on year.
    static func measure(_ balance: Money, _ borrowers: Int, growth: Int64) -> LoanMeasure {
        let yearAgo = (balance.fen * 10_000 * 2 / (10_000 + growth) + 1) / 2
        return LoanMeasure(balance: balance, borrowers: borrowers, balanceYearAgo: Money(fen: yearAgo))
    }

    /// Thirteen month-ends from the year-ago balance to today's, with a small deterministic wobble.
    static func trend(_ m: LoanMeasure, seed: Int) -> [Money] {
        let start = m.balanceYearAgo!.fen, end = m.balance.fen
        return (0...12).map { i in
            let straight = start + (end - start) * Int64(i) / 12
            let wobble = i == 12 || i == 0 ? 0 : Int64((i * 7 + seed) % 5 - 2) * end / 300
            return Money(fen: straight + wobble)
        }
    }

    static func chain(_ code: String, _ zh: String, _ en: String, bank: (String, String)?, _ loans: LoanMeasure,
                      tech: LoanMeasure, relending: Money, guarantees: Money, seed: Int) -> ChainFigures {
        var c = ChainFigures(code: code, name: Names(zh: zh, en: en), leadBank: bank.map { Names(zh: $0.0, en: $0.1) },
                             loans: loans, techLoans: tech, trend: trend(loans, seed: seed),
                             relendingFunded: relending, guaranteeBalance: guarantees)
        // NPL (五级分类): 1.29–2.01% of the chain's loans, 0.87–1.43% of its tech loans, in whole 万元.
        c.npl = Money(fen: loans.balance.fen * Int64(120 + 9 * seed) / 10_000 / 1_000_000 * 1_000_000)
        c.techNPL = Money(fen: tech.balance.fen * Int64(80 + 7 * seed) / 10_000 / 1_000_000 * 1_000_000)
        return c
    }

    static let abc = ("农业银行安康分行", "ABC Ankang")
    static let arcb = ("安康农商银行", "Ankang Rural Commercial Bank")

    static let chains: [ChainFigures] = [
        chain("selenium", "富硒食品", "Selenium-rich food", bank: abc, measure(yi(6_32), 412, growth: 4_200),
              tech: measure(yi(2_10), 96, growth: 1_800), relending: yi(85), guarantees: yi(96), seed: 1),
        chain("materials", "新型材料", "New materials", bank: ("建设银行安康分行", "CCB Ankang"), measure(yi(9_75), 88, growth: 1_120),
              tech: measure(yi(6_40), 51, growth: 1_350), relending: yi(1_20), guarantees: yi(64), seed: 2),
        chain("tea", "茶叶", "Tea", bank: arcb, measure(yi(2_80), 2334, growth: 910),
              tech: measure(wan(6200_00), 63, growth: -320), relending: wan(4901_50), guarantees: wan(2370_69), seed: 3),
        chain("konjac", "魔芋", "Konjac", bank: ("邮储银行安康分行", "PSBC Ankang"), measure(yi(1_35), 236, growth: 640),
              tech: measure(wan(1800_00), 14, growth: 400), relending: wan(2600_00), guarantees: wan(900_00), seed: 4),
        chain("hogs", "生猪", "Hogs", bank: ("中国银行安康分行", "BOC Ankang"), measure(yi(1_92), 318, growth: 250),
              tech: measure(wan(2500_00), 9, growth: 1_200), relending: wan(3100_00), guarantees: wan(1500_00), seed: 5),
        chain("fishery", "渔业", "Fishery", bank: ("工商银行安康分行", "ICBC Ankang"), measure(wan(5800_00), 97, growth: 510),
              tech: measure(wan(900_00), 6, growth: 1_500), relending: wan(800_00), guarantees: wan(300_00), seed: 6),
        chain("biomed", "生物医药", "Biomedicine", bank: ("长安银行安康分行", "Chang'an Bank Ankang"), measure(yi(4_26), 64, growth: 1_680),
              tech: measure(yi(3_15), 38, growth: 1_990), relending: yi(62), guarantees: yi(55), seed: 7),
        chain("plush", "毛绒玩具", "Plush toys", bank: ("交通银行安康分行", "BoCom Ankang"), measure(yi(2_64), 356, growth: 2_430),
              tech: measure(wan(4600_00), 27, growth: 3_010), relending: wan(5200_00), guarantees: wan(3300_00), seed: 8),
        chain("carbon", "碳基材料", "Carbon materials", bank: ("汉阴农商银行", "Hanyin Rural Commercial Bank"),
              measure(yi(2_05), 21, growth: 5_800), tech: measure(yi(1_62), 12, growth: 6_120),
              relending: wan(1700_00), guarantees: wan(1500_00), seed: 9),
    ]

    /// The tea chain's "of which" (seed-figures.md): 9 provincial key clients, 42 new-type agricultural entities.
    static let teaCategories = [CategoryMeasure(category: .keySmallMicro, firms: 9, balance: wan(4901_50)),
                                CategoryMeasure(category: .newAgriEntity, firms: 42, balance: wan(2370_69))]

    static let city = CityFigures(
        techLoans: measure(yi(45_81), 1_286, growth: 1_445),
        techInnovationLoans: measure(yi(5_25), 186, growth: 2_130),
        techTransformationLoans: measure(wan(3380_00), 42, growth: 860),
        ipPledgeLoans: measure(wan(6516_00), 57, growth: 3_520),
        allLoans: measure(yi(1_826_40), 38_512, growth: 980))

    static func tool(_ code: String, _ zh: String, _ en: String, rate: Int64, quota: Money, drawn: Money,
                     ledger: Money, loans: Int, due: (Money, Money, Money), exhausted: Int,
                     cap: Int64 = 10_000) -> RelendingToolFigures {
        var t = RelendingToolFigures(code: code, name: Names(zh: zh, en: en), rate: BasisPoints(rate), quota: quota, drawn: drawn,
                                     ledgerLoanBalance: ledger, ledgerLoans: loans, due30: due.0, due60: due.1, due90: due.2,
                                     rolloverExhaustedDue30: exhausted)
        // One drawing bank, every ledger loan eligible.
        let coverage = LedgerCoverage(drawn: drawn, eligibleLedger: ledger, ineligibleLoans: 0, cap: BasisPoints(cap))
        t.bankCoverage = [BankLedgerCoverage(tool: code, bank: "AKRCB", bankName: Names(zh: "安康农商银行", en: "Ankang RCB"),
                                             coverage: coverage)]
        t.coverage = coverage
        return t
    }

    static let tools: [RelendingToolFigures] = [
        tool("tech", "科技创新和技术改造再贷款", "Sci-tech innovation & upgrade", rate: 150, quota: yi(3_00), drawn: yi(2_46),
             ledger: yi(4_10), loans: 312, due: (yi(20), yi(55), yi(90)), exhausted: 0, cap: 6_000),
        tool("agri", "支农再贷款", "Agriculture re-lending", rate: 150, quota: yi(12_00), drawn: yi(11_64),
             ledger: yi(19_80), loans: 2_146, due: (yi(1_20), yi(2_90), yi(4_10)), exhausted: 2),
        tool("small", "支小再贷款", "Small-business re-lending", rate: 150, quota: yi(8_00), drawn: yi(6_08),
             ledger: yi(10_32), loans: 1_388, due: (yi(45), yi(1_10), yi(1_95)), exhausted: 0),
        tool("rediscount", "再贴现", "Rediscount", rate: 175, quota: yi(5_00), drawn: yi(4_85),
             ledger: yi(4_85), loans: 620, due: (yi(1_60), yi(3_10), yi(4_85)), exhausted: 0),
    ]

    static let guarantors: [GuarantorFigures] = [
        GuarantorFigures(code: "caixin", name: Names(zh: "财信担保", en: "Caixin Guarantee"), firmsInForce: 41,
                         balanceInForce: yi(3_27), averageFeeRate: BasisPoints(80), lowestBankRiskShare: BasisPoints(2_000),
                         netAssets: yi(6_80)),
        GuarantorFigures(code: "hanyin", name: Names(zh: "汉阴县融资担保", en: "Hanyin Financing Guarantee"), firmsInForce: 18,
                         balanceInForce: wan(9200_00), averageFeeRate: BasisPoints(120), lowestBankRiskShare: BasisPoints(2_000),
                         netAssets: yi(1_10)),
        GuarantorFigures(code: "xunyang", name: Names(zh: "旬阳市融资担保", en: "Xunyang Financing Guarantee"), firmsInForce: 27,
                         balanceInForce: yi(1_46), averageFeeRate: BasisPoints(90), lowestBankRiskShare: BasisPoints(1_500),
                         netAssets: wan(1300_00)),
    ]

    static let pools: [RiskPoolFigures] = [
        RiskPoolFigures(code: "ankang", name: Names(zh: "安康市风险补偿资金池", en: "Ankang risk-compensation pool"),
                        capital: wan(1050_00), riskShare: BasisPoints(1_000), breaker: BasisPoints(300),
                        paidOut: wan(86_40), payouts: 4, coveredBalance: yi(4_85)),
        RiskPoolFigures(code: "xunyang-pool", name: Names(zh: "旬阳市科技信贷风险补偿资金池", en: "Xunyang sci-tech credit pool"),
                        capital: wan(300_00), riskShare: BasisPoints(2_000), breaker: BasisPoints(300),
                        paidOut: wan(96_00), payouts: 3, coveredBalance: wan(2900_00)),
    ]

    static let figures: Figures = {
        var f = Figures(period: period, lastChange: "2025-06-10 09:30:00", city: city, chains: chains,
                        relendingTools: tools, guarantors: guarantors, pools: pools,
                        alertRules: AlertEngine.defaultRules)
        f.setCategories([f.chains[2].code: teaCategories])
        // ICBC Ankang's first tech re-lending loan, 500万元 (January 2025).
        f.relendingTools[0].firstLoan = FirstLedgerLoan(
            loan: "L005294", draw: "RD-TECH-01", bank: Names(zh: "工商银行安康分行", en: "ICBC Ankang"),
            enterprise: Names(zh: "安康汉水电子科技有限公司", en: "Ankang Hanshui Electronic Technology"),
            startDate: "2025-01-10", amount: wan(500_00))
        f.programme = programme   // ProgrammeFixture.swift
        return f
    }()

    static let status = StatusInfo(refreshSeconds: 5, themeName: "default", readOnly: true, clock: "09:41:07")

    static func input(_ figures: Figures? = Fixture.figures, status: StatusInfo = Fixture.status) -> FrameInput {
        FrameInput(figures: figures, alerts: figures.map(AlertEngine.alerts(for:)) ?? [], periods: periods, status: status)
    }
}
