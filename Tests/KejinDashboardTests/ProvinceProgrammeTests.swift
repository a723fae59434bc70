import KejinCore
import Testing
@testable import KejinDashboard

/// The Programme screen with a province's programme (a guidance fund per city, twenty
/// guarantors, a subsidy budget per city and county): every panel keeps its tables in view at
/// 80×24, the lists fold with a count of what is not listed, the pressing rows come first.
@Suite struct ProvinceProgrammeTests {
    static let cities = 10
    static let pushedBanks = 30

    static let input: FrameInput = {
        var p = Fixture.programme
        p.guidanceFunds = (0..<cities).map { (i: Int) -> GuidanceFund in
            // Fund 7 has compensated past its breaker; fund 3 is the most used.
            let amount: Money = .wan(Int64(1000 + 100 * i))
            let inUse: Money = i == 3 ? .wan(9000) : amount
            let compensated: Money = i == 7 ? .wan(250) : .zero
            return GuidanceFund(code: "GF-\(i)", name: Names(zh: "市\(i)科创引导基金", en: "City \(i) guidance fund"),
                                bank: Names(zh: "银行\(i)", en: "Bank \(i)"), capital: .wan(2000), leverage: 5, breaker: BasisPoints(1000),
                                backed: LoanTally(amount: amount, loans: 2), firms: 2, inUse: inUse, compensated: compensated)
        }
        let guarantors = (0..<20).map { g in
            GuarantorCooperation.Guarantor(code: "G\(g)", name: Names(zh: "担保公司\(g)", en: "Guarantor \(g)"), institutions: 20 - g)
        }
        p.cooperation = GuarantorCooperation(modes: CooperationMode.allCases.map { .init(mode: $0, institutions: 150, byGuarantor: guarantors) },
                                             institutions: Fixture.programme.cooperation.institutions)
        let budgets = (0..<12).map { i in
            InterestSubsidyFigures.Budget(code: "SB-\(i)", name: Names(zh: "贴息\(i)", en: "Subsidy \(i)"),
                                          level: i < cities ? "city" : "county", amount: .wan(500))
        }
        p.subsidy = InterestSubsidyFigures(budgets: budgets, banks: Fixture.programme.subsidy.banks)
        // Thirty banks pushed to: more than 三维协同's table shows at 80×24.
        let bank = Fixture.programme.pipeline.banks[0]
        p.pipeline.banks = (0..<pushedBanks).map { i in
            var b = bank
            b.code = "PB\(i)"; b.name = Names(zh: "推送银行\(i)", en: "Pushed bank \(i)")
            return b
        }
        var input = Fixture.input()
        input.figures?.programme = p
        return input
    }()

    static func panel(_ panel: ProgrammeScreen.Panel, _ language: Language) -> String {
        GoldenRenderTests.render(.programme, language, width: 80, height: 24, selected: panel.rawValue, input: input)
    }

    @Test(arguments: Language.allCases)
    func theMatrixKeepsTheRatesInViewAndListsTheFundsThatNeedAPerson(_ language: Language) {
        let text = Self.panel(.matrix, language)
        // Ten funds fold to a head, the tripped one and the most used first, and a count of the rest.
        #expect(text.contains(Str.fundTitle.text(language) + " " + Format.count(10, unit: .fundsUnit, language)), "\(text)")
        let lines = text.split(separator: "\n")
        let tripped = lines.firstIndex { $0.contains(language == .zh ? "市7科创引导基金" : "City 7 guidance fund") }
        let mostUsed = lines.firstIndex { $0.contains(language == .zh ? "市3科创引导基金" : "City 3 guidance fund") }
        #expect(tripped != nil && mostUsed != nil && tripped! < mostUsed!, "\(text)")
        #expect(text.contains(language == .zh ? "另有 7 只基金" : "7 more funds"), "\(text)")
        // Twenty guarantors per mode fold to two lines with how many more.
        #expect(text.contains(language == .zh ? "等另" : "more"), "\(text)")
        // What follows is still on screen: the third mode and the rates table's header.
        #expect(text.contains(Str.modeGuaranteeOnApproval.text(language)), "\(text)")
        #expect(text.contains(Str.colSpreadWidest.text(language)), "\(text)")
    }

    @Test(arguments: Language.allCases)
    func theSubsidyFoldsItsBudgetsAndPutsTheBankPastItsAllocationFirst(_ language: Language) {
        let text = Self.panel(.subsidy, language)
        #expect(text.contains(language == .zh ? "市级  10项" : "10 budgets"), "\(text)")
        #expect(!text.contains(language == .zh ? "贴息11" : "Subsidy 11"), "\(text)")
        // 旬阳农商 claims 102.37% of its allocation (rule 14): the table's first row.
        let rows = text.split(separator: "\n").filter { $0.contains("RCB") || $0.contains("农商银行") }
        #expect(rows.first?.contains(language == .zh ? "旬阳农商银行" : "Xunyang RCB") == true, "\(text)")
    }

    /// A table longer than its panel counts the rows it cannot show on the bottom border.
    @Test(arguments: Language.allCases)
    func aTableLongerThanItsPanelCountsTheRowsNotShown(_ language: Language) throws {
        let text = Self.panel(.coordination, language)
        let shown = text.split(separator: "\n").filter { $0.contains(language == .zh ? "推送银行" : "Pushed bank") }.count
        let footer = try #require(text.split(separator: "\n").last { $0.contains(Str.moreAlerts.text(language)) }, "\(text)")
        let hidden = try #require(Int(footer.split(separator: " ").compactMap { Int($0) }.last.map(String.init) ?? ""), "\(footer)")
        #expect(shown > 0 && hidden > 0 && shown + hidden == Self.pushedBanks, "\(text)")
    }

    /// One long product name (the demo's 科技创新和技术改造再贷款专项贷) is cut, not the banks'
    /// names: at 80×24 they stay whole beside it.
    @Test(arguments: Language.allCases)
    func aLongProductNameLeavesTheBanksNamesWhole(_ language: Language) throws {
        var input = Fixture.input()
        var products = Fixture.products
        products.products[0].name = Names(zh: "科技创新和技术改造再贷款专项贷", en: "Tech Innovation and Transformation Re-lending Special Loan")
        products.products[0].bankName = Names(zh: "中国建设银行安康分行", en: "China Construction Bank Ankang")
        input.figures?.programme?.products = products
        let text = GoldenRenderTests.render(.programme, language, width: 80, height: 24, selected: ProgrammeScreen.Panel.products.rawValue,
                                            input: input)
        let row = try #require(text.split(separator: "\n").first { $0.contains(language == .zh ? "科技创新" : "Tech Innovation") }, "\(text)")
        #expect(row.contains(language == .zh ? "中国建设银行安康分行" : "China Constructi"), "\(text)")
        #expect(text.contains(language == .zh ? "中国农业银行安康分行" : "ABC Ankang"), "\(text)")
    }

    /// A province's products: the panel makes only the rows it can show, and counts the rest.
    @Test(arguments: Language.allCases)
    func aProvincesProductsAreCountedNotAllMade(_ language: Language) throws {
        var input = Fixture.input()
        var products = Fixture.products
        let product = products.products[0]
        products.products = (0..<2_400).map { i in
            var p = product
            p.code = "P\(i)"; p.name = Names(zh: "产品\(i)", en: "Product \(i)")
            return p
        }
        input.figures?.programme?.products = products
        let text = GoldenRenderTests.render(.programme, language, width: 80, height: 24, selected: ProgrammeScreen.Panel.products.rawValue,
                                            input: input)
        let shown = text.split(separator: "\n").filter { $0.contains(language == .zh ? "安康农商银行" : "Ankang RCB") }.count
        let footer = try #require(text.split(separator: "\n").last { $0.contains(Str.moreAlerts.text(language)) }, "\(text)")
        let hidden = try #require(footer.split(separator: " ").compactMap { Int($0.filter(\.isNumber)) }.last, "\(footer)")
        #expect(shown > 10 && shown + hidden == 2_400, "\(text)")
    }
}
