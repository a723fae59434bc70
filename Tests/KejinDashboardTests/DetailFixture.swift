import KejinCore
@testable import KejinDashboard

/// Drill-down rows as a store would answer them for the fixture month: banks, the four loans,
/// the tea chain's banks, 300 tea firms at the Ankang rural commercial bank (enough to scroll
/// and filter), and one firm's loans.
enum DetailFixture {
    static let period = Fixture.period
    static func wan(_ hundredths: Int64) -> Money { Fixture.wan(hundredths) }
    static func yi(_ hundredths: Int64) -> Money { Fixture.yi(hundredths) }

    /// The input with the rows the state asks for, as the run loop would load them.
    static func input(_ base: FrameInput = Fixture.input(), for state: DashboardState) -> FrameInput {
        var input = base
        input.detail = state.detailRequest.map(rows)
        return input
    }

    static func rows(_ request: DrillRequest) -> DetailRows {
        switch request {
        case .banks: return banks
        case .fourLoans: return fourLoans
        case .chainBanks("tea"): return teaBanks
        case .enterprises(chain: "tea", bank: "arcb"): return teaFirms
        case .enterpriseLoans(let code, bank: "arcb"): return loans(of: code)
        case .inRegion(_, let list):
            // The same rows (a fixture has no regions), answered as the region's list.
            var rows = rows(list)
            rows.request = request
            return rows
        default: return DetailRows(request: request, period: period, nameField: .code, fields: [], rows: [])
        }
    }

    static func bank(_ code: String, _ zh: String, _ en: String, tech: Money, growth: Int64?, own: Int64, market: Int64,
                     four: [(Int, Money)], relending: Money, npl: (tech: Int64, all: Int64) = (130, 169)) -> DetailRow {
        var values: [DetailValue] = [.money(tech), .growth(growth.map(BasisPoints.init)), .percent(BasisPoints(own)),
                                     .percent(BasisPoints(market))]
        for (firms, balance) in four { values += [.count(firms), .money(balance)] }
        values += [.money(relending), .percent(BasisPoints(npl.tech)), .percent(BasisPoints(npl.all))]
        return DetailRow(code: code, name: Names(zh: zh, en: en), values: values, next: .enterprises(chain: nil, bank: code))
    }

    static let banks = DetailRows(request: .banks, period: period, nameField: .bank, fields: [
        .techBalance, .yoy, .shareOfOwnLoans, .shareOfMarket, .firstFirms, .firstBalance, .creditFirms, .creditBalance,
        .renewalFirms, .renewalBalance, .revolvingFirms, .revolvingBalance, .relendingDrawn, .techNPL, .npl,
    ], rows: [
        bank("icbc", "工商银行安康分行", "ICBC Ankang", tech: yi(11_95), growth: 531, own: 7_973, market: 2_515,
             four: [(4, wan(5975_00)), (62, yi(8_12)), (24, yi(3_32)), (9, wan(4100_00))], relending: yi(1_20), npl: (130, 169)),
        bank("ccb", "建设银行安康分行", "CCB Ankang", tech: yi(8_81), growth: 5_432, own: 7_974, market: 1_854,
             four: [(3, wan(9513_47)), (27, yi(4_24)), (12, yi(1_92)), (5, wan(2200_00))], relending: wan(8000_00), npl: (119, 145)),
        bank("abc", "农业银行安康分行", "ABC Ankang", tech: yi(7_12), growth: 723, own: 7_072, market: 1_498,
             four: [(4, wan(1344_11)), (21, yi(2_19)), (16, yi(1_68)), (3, wan(900_00))], relending: yi(3_10), npl: (132, 171)),
        bank("arcb", "安康农商银行", "Ankang Rural Commercial Bank", tech: yi(1_55), growth: 2_842, own: 3_566, market: 326,
             four: [(14, wan(2082_33)), (9, wan(1279_99)), (7, wan(1494_00)), (2, wan(120_00))], relending: yi(4_90), npl: (154, 221)),
        bank("xyrcb", "旬阳农商银行", "Xunyang Rural Commercial Bank", tech: wan(4271_17), growth: -1_731, own: 3_696,
             market: 90, four: [(0, .zero), (8, wan(2154_17)), (2, wan(383_00)), (0, .zero)], relending: wan(1500_00),
             npl: (1_082, 641)),
    ])

    static let fourLoans: DetailRows = {
        func values(_ tech: Money, _ firms: Int, _ k: [(Int, Money)]) -> [DetailValue] {
            var v: [DetailValue] = [.money(tech), .count(firms)]
            for (f, b) in k { v += [.count(f), .money(b), .percent(BasisPoints.ratio(b.fen, tech.fen))] }
            return v
        }
        var rows = [DetailRow(code: "", name: Names(zh: "全市", en: "City"),
                              values: values(yi(45_81), 1_286, [(32, yi(2_26)), (183, yi(21_97)), (107, yi(12_12)), (19, yi(1_05))]),
                              next: .banks)]
        for (i, ch) in Fixture.chains.enumerated() {
            let t = ch.techLoans.balance
            let k = [(i + 1, Money(fen: t.fen / 20)), (3 * i, Money(fen: t.fen / 3)), (i, Money(fen: t.fen / 7)), (i / 2, Money(fen: t.fen / 50))]
            rows.append(DetailRow(code: ch.code, name: ch.name, values: values(t, ch.techLoans.borrowers, k),
                                  next: .chainBanks(chain: ch.code)))
        }
        return DetailRows(request: .fourLoans, period: period, nameField: .chain, fields: [
            .techBalance, .techBorrowers, .firstFirms, .firstBalance, .firstShare, .creditFirms, .creditBalance, .creditShare,
            .renewalFirms, .renewalBalance, .renewalShare, .revolvingFirms, .revolvingBalance, .revolvingShare,
        ], rows: rows)
    }()

    static let teaBanks = DetailRows(request: .chainBanks(chain: "tea"), period: period, nameField: .bank,
                                     fields: [.balance, .borrowers, .yoy, .techBalance, .shareOfChain], rows: [
        DetailRow(code: "arcb", name: Names(zh: "安康农商银行", en: "Ankang Rural Commercial Bank"),
                  values: [.money(yi(1_62)), .count(1_480), .growth(BasisPoints(1_120)), .money(wan(3100_00)),
                           .percent(BasisPoints(5_786))], next: .enterprises(chain: "tea", bank: "arcb")),
        DetailRow(code: "psbc", name: Names(zh: "邮储银行安康分行", en: "PSBC Ankang"),
                  values: [.money(wan(6400_00)), .count(512), .growth(BasisPoints(640)), .money(wan(1800_00)),
                           .percent(BasisPoints(2_286))], next: .enterprises(chain: "tea", bank: "psbc")),
        DetailRow(code: "abc", name: Names(zh: "农业银行安康分行", en: "ABC Ankang"),
                  values: [.money(wan(5400_00)), .count(342), .growth(nil), .money(wan(1300_00)),
                           .percent(BasisPoints(1_928))], next: .enterprises(chain: "tea", bank: "abc")),
    ])

    static let places = [("安康", "Ankang"), ("紫阳", "Ziyang"), ("平利", "Pingli"), ("汉阴", "Hanyin"), ("岚皋", "Langao")]
    static let brands = [("茗香", "Mingxiang"), ("云雾", "Yunwu"), ("秦巴", "Qinba"), ("汉水", "Hanshui"), ("富硒", "Fuxi")]

    static func firmCode(_ i: Int) -> String { "E-TEA-" + String(1000 + i).dropFirst() }

    /// 300 firms, balances falling with i; every third holds a tag valid at the period end.
    static let teaFirms: DetailRows = {
        let rows = (0..<300).map { i -> DetailRow in
            let place = places[i % 5], brand = brands[(i / 5) % 5]
            let name = Names(zh: "\(place.0)\(brand.0)茶业\(i / 25 + 1)号有限公司", en: "\(place.1) \(brand.1) Tea No.\(i / 25 + 1)")
            let tags: [EnterpriseTag] = i % 3 == 0
                ? [EnterpriseTag(tag: "tech_sme", certificate: "KJ2024\(i)", validFrom: "2024-01-01", validTo: "2026-12-31", validAtPeriodEnd: true)]
                : []
            return DetailRow(code: firmCode(i), name: name, values: [
                .text(firmCode(i)), .money(wan(Int64(3000_00 - i * 9_00))), .growth(BasisPoints(Int64(1_200 - i * 7))),
                .count(1 + i % 3), .money(i % 3 == 0 ? wan(Int64(3000_00 - i * 9_00)) : .zero), .tags(tags),
            ], next: .enterpriseLoans(enterprise: firmCode(i), bank: "arcb"))
        }
        return DetailRows(request: .enterprises(chain: "tea", bank: "arcb"), period: period, nameField: .enterprise,
                          fields: [.code, .balance, .yoy, .loans, .techBalance, .tags], rows: rows)
    }()

    static func loans(of firm: String) -> DetailRows {
        let trend = (0...12).map { wan(Int64(800_00 + $0 * 20_00)) }
        let rows = (1...3).map { n in
            DetailRow(code: "L-\(firm)-\(n)", name: Names(zh: "L-\(firm)-\(n)", en: "L-\(firm)-\(n)"), values: [
                .name(Names(zh: "安康农商银行", en: "Ankang RCB")), .money(trend.last!), .trend(trend), .text("茶e贷"),
                .word(n == 1 ? "tech_innovation" : "general"),
                .flags(LoanFlags(firstLoan: n == 1, creditLoan: true, renewal: n == 3, revolving: false)), .flag(n == 2),
                .text(n == 1 ? "G-CAIXIN-0001" : ""), .text(n == 1 ? "RD-AGRI-01" : ""), .money(wan(1000_00)),
                .percent(BasisPoints(345)), .date("2024-0\(n)-15"), .date("2026-0\(n)-14"),
            ], next: nil)
        }
        let tags = [EnterpriseTag(tag: "tech_sme", certificate: "KJ20240", validFrom: "2024-01-01", validTo: "2026-12-31", validAtPeriodEnd: true),
                    EnterpriseTag(tag: "high_tech", certificate: "GR202161000123", validFrom: "2021-12-01", validTo: "2024-11-30", validAtPeriodEnd: false)]
        return DetailRows(request: .enterpriseLoans(enterprise: firm, bank: "arcb"), period: period, nameField: .loan,
                          fields: [.bank, .balance, .trend, .product, .purpose, .fourLoans, .ipPledge, .guarantee, .draw,
                                   .amount, .rate, .startDate, .maturityDate], rows: rows, tags: tags)
    }
}
