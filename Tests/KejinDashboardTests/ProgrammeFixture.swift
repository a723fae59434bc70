import KejinCore
@testable import KejinDashboard

/// The Programme screen's figures for the goldens: made-up values of the demo's order.
extension Fixture {
    static let programme: ProgrammeFigures = {
        let months = (0..<17).map { i in
            PolicyEffect.Month(period: Period(year: 2024, month: 1).advanced(by: i),
                               new: LoanTally(amount: yi(Int64(300 + 25 * i)), loans: 40 + i))
        }
        let total = months.reduce(LoanTally.zero) { $0 + $1.new }
        let effect = PolicyEffect(months: months, byKind: [
            .highTech: LoanTally(amount: yi(30_12), loans: 310), .techSME: LoanTally(amount: yi(52_40), loans: 620),
            .srdi: LoanTally(amount: yi(9_87), loans: 95),
        ], total: total)
        // Three cuts (2024-02, 2024-09, 2025-05) and a draw most months.
        let cuts: [Int: Money] = [1: yi(30_12), 8: yi(28_40), 16: yi(31_71)]
        let fundMonths = (0..<17).map { i in
            LowCostFunds.Month(period: Period(year: 2024, month: 1).advanced(by: i), rrrCuts: cuts[i] ?? .zero,
                               tools: i % 3 == 2 ? .zero : wan(Int64(3_000_00 + 1_000_00 * (i % 4))))
        }
        let toolTotal = fundMonths.reduce(Money.zero) { $0 + $1.tools }
        let funds = LowCostFunds(months: fundMonths, rrrCuts: yi(90_23), releases: 27, cuts: 3, tools: [
            .init(code: "RL-AGRI", name: Names(zh: "支农再贷款", en: "Agriculture re-lending"), amount: wan(26_000_00), draws: 6),
            .init(code: "RL-REDISC", name: Names(zh: "再贴现", en: "Rediscount"), amount: toolTotal - wan(29_000_00), draws: 6),
            .init(code: "RL-TECH", name: Names(zh: "科技创新和技术改造再贷款", en: "Sci-tech innovation and technical transformation re-lending"),
                  amount: wan(3_000_00), draws: 4),
        ])
        let whitelist = WhitelistCoverage(listed: 645, withBalance: 412, balance: yi(18_36),
                                          firstLoans: LoanTally(amount: wan(8_650_00), loans: 37), withoutCredit: 96)
        func rate(_ bp: Int64, _ amount: Money, _ loans: Int) -> WeightedRate {
            WeightedRate(rate: BasisPoints(bp), tally: LoanTally(amount: amount, loans: loans))
        }
        let cost = FinancingCost(
            month: rate(385, yi(2_10), 31), yearToDate: rate(392, yi(11_45), 160),
            byChain: [
                .init(code: "MAT", name: Names(zh: "新型材料", en: "New materials"), month: rate(371, wan(6_200_00), 8),
                      yearToDate: rate(380, yi(3_10), 41)),
                .init(code: "TEA", name: Names(zh: "茶叶", en: "Tea"), month: nil, yearToDate: rate(435, wan(9_870_00), 66)),
            ],
            byBank: [
                .init(code: "ICBC", name: Names(zh: "中国工商银行安康分行", en: "ICBC Ankang"), month: rate(365, wan(9_000_00), 9),
                      yearToDate: rate(372, yi(4_02), 50)),
                .init(code: "AKRCB", name: Names(zh: "安康农商银行", en: "Ankang RCB"), month: rate(420, wan(3_300_00), 12),
                      yearToDate: rate(431, yi(2_15), 71)),
            ],
            spreads: [
                .init(bank: "AKRCB", name: Names(zh: "安康农商银行", en: "Ankang RCB"), loans: 118, balance: yi(1_90),
                      spread: BasisPoints(231), widest: BasisPoints(300)),
            ])
        // Default rule 13's scale: D < 300 ≤ C < 375 ≤ B < 450 ≤ A.
        let scale = EvaluationScale(rules: AlertEngine.defaultRules)
        let evaluation = BankEvaluation(evaluated: Period(year: 2024, month: 12), previous: Period(year: 2023, month: 12),
                                        banks: BankEvaluation.ranked([
            (code: "ICBC", name: Names(zh: "中国工商银行安康分行", en: "ICBC Ankang"), scores: [90, 85, 80, 92, 88], previousTotal: 420),
            (code: "AKRCB", name: Names(zh: "安康农商银行", en: "Ankang RCB"), scores: [70, 55, 75, 60, 65], previousTotal: 330),
            (code: "XYRCB", name: Names(zh: "旬阳农商银行", en: "Xunyang RCB"), scores: [55, 50, 60, 62, 58], previousTotal: nil),
        ], scale: scale), scale: scale)
        var figures = ProgrammeFigures(period: period, policyEffect: effect, lowCostFunds: funds, whitelist: whitelist, cost: cost,
                                       evaluation: evaluation)
        figures.cooperation = cooperation
        figures.stations = stations
        figures.guidanceFunds = [guidanceFund]
        figures.subsidy = subsidy
        figures.pipeline = pipeline
        figures.products = products
        return figures
    }()

    /// The article's chain products and a few others (一链一行): one of no chain, one without a
    /// year-ago month, one falling.
    static let products: ProductFigures = {
        func product(_ code: String, _ bank: (String, String, String), _ chain: (String, String, String)?, _ zh: String, _ en: String,
                     _ kind: ProductFigures.Kind, _ balance: Money, _ borrowers: Int, _ yearAgo: Money?) -> ProductFigures.Product {
            ProductFigures.Product(code: code, bank: bank.0, bankName: Names(zh: bank.1, en: bank.2), chain: chain?.0,
                                   chainName: chain.map { Names(zh: $0.1, en: $0.2) }, name: Names(zh: zh, en: en), kind: kind,
                                   launched: "2023-06-15", balance: balance, borrowers: borrowers, balanceYearAgo: yearAgo)
        }
        let abc = ("ABC", "中国农业银行安康分行", "ABC Ankang"), ccb = ("CCB", "中国建设银行安康分行", "CCB Ankang")
        let boc = ("BOC", "中国银行安康分行", "BOC Ankang"), akrcb = ("AKRCB", "安康农商银行", "Ankang RCB")
        let icbc = ("ICBC", "中国工商银行安康分行", "ICBC Ankang"), hyrcb = ("HYRCB", "汉阴农商银行", "Hanyin RCB")
        return ProductFigures(products: [
            product("CYLED", akrcb, ("TEA", "茶叶", "Tea"), "产业链e贷", "Industry Chain e-Loan", .chain, wan(5_451_20), 1080, wan(6_463_00)),
            product("XLD", abc, ("SE", "富硒食品", "Selenium-rich food"), "硒链贷", "Selenium Chain Loan", .chain, yi(1_64), 19, wan(14_376_00)),
            product("YLD", ccb, ("BIO", "生物医药", "Biomedicine"), "医链贷", "Biomedicine Chain Loan", .chain, yi(1_70), 16, yi(1_66)),
            product("MWD", boc, ("TOY", "毛绒玩具", "Plush toys"), "毛玩贷", "Plush Toy Chain Loan", .chain, wan(3_713_33), 12, wan(4_848_00)),
            product("CYJJD", hyrcb, ("CARB", "碳基材料(石墨)", "Carbon-based materials (graphite)"), "产业基金贷", "Industry Fund Loan", .fund,
                    wan(1_700_00), 3, nil),
            product("KJD", icbc, nil, "科技贷", "Tech Loan", .tech, yi(1_37), 16, yi(1_73)),
            product("ZSCQD", ccb, nil, "知识产权质押贷", "IP Pledge Loan", .ipPledge, wan(1_225_00), 2, wan(1_240_00)),
        ])
    }()

    /// 19 / 26 / 17 as the article's, three guarantors.
    static let cooperation: GuarantorCooperation = {
        let caixin = Names(zh: "财信融资担保", en: "Caixin Financing Guarantee")
        let akfg = Names(zh: "安康市融资担保有限责任公司", en: "Ankang Financing Guarantee Co., Ltd.")
        let hyfg = Names(zh: "汉阴县融资担保有限公司", en: "Hanyin County Financing Guarantee Co., Ltd.")
        return GuarantorCooperation(modes: [
            .init(mode: .cooperation, institutions: 19, byGuarantor: [.init(code: "CAIXIN", name: caixin, institutions: 19),
                                                                       .init(code: "AKFG", name: akfg, institutions: 7),
                                                                       .init(code: "HYFG", name: hyfg, institutions: 1)]),
            .init(mode: .online, institutions: 26, byGuarantor: [.init(code: "CAIXIN", name: caixin, institutions: 26)]),
            .init(mode: .guaranteeOnApproval, institutions: 17, byGuarantor: [.init(code: "CAIXIN", name: caixin, institutions: 17)]),
        ], institutions: [
            .init(code: "ICBC", name: Names(zh: "中国工商银行安康分行", en: "ICBC Ankang"), modes: Set(CooperationMode.allCases),
                  guarantors: ["AKFG", "CAIXIN"]),
            .init(code: "ZPRCB", name: Names(zh: "镇坪农商银行", en: "Zhenping RCB"), modes: [.online], guarantors: ["CAIXIN"]),
        ])
    }()

    /// Hanyin's fund: 2000万 at 1:5, 3 firms 1700万 backed and in use, nothing compensated.
    static let guidanceFund = GuidanceFund(
        code: "GF-HY-01", name: Names(zh: "汉阴县科创引导基金", en: "Hanyin Sci-Tech Guidance Fund"),
        bank: Names(zh: "汉阴农商银行", en: "Hanyin Rural Commercial Bank"), capital: .wan(2000), leverage: 5, breaker: BasisPoints(1000),
        backed: LoanTally(amount: .wan(1700), loans: 3), firms: 3, inUse: .wan(1700), compensated: .zero)

    /// 111 pushes as the article's (40 lent by three banks), 12 meetings: 2 policy, 10 matchmaking.
    static let pipeline = PipelineFigures(
        total: .init(pushed: 111, projects: 14, contacted: 83, approved: LoanTally(amount: .yuan(467_800_000), loans: 58),
                     loans: LoanTally(amount: .yuan(304_600_000), loans: 40)),
        banks: [.init(code: "ICBC", name: Names(zh: "中国工商银行安康分行", en: "ICBC Ankang"),
                      funnel: .init(pushed: 50, projects: 6, contacted: 40, approved: LoanTally(amount: .yuan(200_000_000), loans: 28),
                                    loans: LoanTally(amount: .yuan(150_000_000), loans: 20))),
                .init(code: "AKRCB", name: Names(zh: "安康农商银行", en: "Ankang RCB"),
                      funnel: .init(pushed: 40, projects: 5, contacted: 28, approved: LoanTally(amount: .yuan(180_000_000), loans: 20),
                                    loans: LoanTally(amount: .yuan(104_600_000), loans: 14))),
                .init(code: "XYRCB", name: Names(zh: "旬阳农商银行", en: "Xunyang RCB"),
                      funnel: .init(pushed: 21, projects: 3, contacted: 15, approved: LoanTally(amount: .yuan(87_800_000), loans: 10),
                                    loans: LoanTally(amount: .yuan(50_000_000), loans: 6)))],
        meetings: .init(byKind: [.policy: 2, .matchmaking: 10], banks: 84, firms: 423, deals: 72, signed: .yuan(945_000_000)))

    /// The city's 300万 and a county's 200万; 旬阳农商 claims past its allocation (critical).
    static let subsidy = InterestSubsidyFigures(
        budgets: [.init(code: "SUB-CITY", name: Names(zh: "安康市科技型中小企业贴息资金", en: "Ankang tech-SME interest subsidy"), level: "city", amount: .wan(300)),
                  .init(code: "SUB-HY", name: Names(zh: "汉阴县科技型中小企业贴息资金", en: "Hanyin tech-SME interest subsidy"), level: "county", amount: .wan(200))],
        banks: [.init(code: "AKRCB", name: Names(zh: "安康农商银行", en: "Ankang RCB"), allocated: .wan(200),
                      claims: LoanTally(amount: .yuan(573_500), loans: 16), loans: 16, paid: .yuan(543_500)),
                .init(code: "HYRCB", name: Names(zh: "汉阴农商银行", en: "Hanyin RCB"), allocated: .wan(200),
                      claims: LoanTally(amount: .yuan(383_000), loans: 1), loans: 1, paid: .yuan(383_000)),
                .init(code: "XYRCB", name: Names(zh: "旬阳农商银行", en: "Xunyang RCB"), allocated: .wan(100),
                      claims: LoanTally(amount: .yuan(1_023_700), loans: 5), loans: 4, paid: .yuan(123_700))])

    /// Eleven stations: the city's and ten counties', 20 institutions.
    static let stations: ServiceStations = {
        let counties: [(String, String, String)] = [
            ("610902", "汉滨区", "Hanbin"), ("610921", "汉阴县", "Hanyin"), ("610922", "石泉县", "Shiquan"), ("610923", "宁陕县", "Ningshan"),
            ("610924", "紫阳县", "Ziyang"), ("610925", "岚皋县", "Langao"), ("610926", "平利县", "Pingli"), ("610927", "镇坪县", "Zhenping"),
            ("610929", "白河县", "Baihe"), ("610981", "旬阳市", "Xunyang")]
        func funnel(_ i: Int) -> ServiceStations.Funnel {
            ServiceStations.Funnel(registered: LoanTally(amount: wan(Int64(3_000_00 + 700_00 * i)), loans: 12 + 2 * i),
                                   matched: LoanTally(amount: wan(Int64(2_000_00 + 500_00 * i)), loans: 8 + i),
                                   loans: LoanTally(amount: wan(Int64(1_200_00 + 310_50 * i)), loans: 5 + i))
        }
        let list = [ServiceStations.Station(code: "ST-610900", name: Names(zh: "安康市四贷促进金融服务站", en: "Ankang City station"),
                                            level: "city", institutions: 9, funnel: funnel(10))]
            + counties.enumerated().map { i, c in
                ServiceStations.Station(code: "ST-" + c.0, name: Names(zh: c.1 + "四贷促进金融服务站", en: c.2 + " station"), level: "county",
                                        institutions: 2 + i % 2, funnel: funnel(i))
            }
        return ServiceStations(stations: list, institutions: 20, total: list.reduce(.zero) { $0 + $1.funnel })
    }()
}
