import KejinCore
import Testing
@testable import KejinDashboard

@Suite struct FormatTests {
    @Test func chineseMoneyUsesYiFromOneYiAndWanBelow() {
        #expect(Format.money(Fixture.yi(45_81), .zh) == "45.81亿")
        #expect(Format.money(Fixture.wan(6516_00), .zh) == "6516.00万")
        #expect(Format.money(Fixture.wan(4901_50), .zh) == "4901.50万")
        #expect(Format.money(Money.yi(1), .zh) == "1.00亿")
        #expect(Format.money(Money.wan(9_999), .zh) == "9999.00万")
        #expect(Format.money(Money.yuan(500), .zh) == "0.05万")
    }

    @Test func exactlyZeroIsWrittenZeroEverywhere() {
        // One convention (a Chinese finance table's "0"): tables and standalone amounts, both languages.
        #expect(Format.money(.zero, .zh) == "0")
        #expect(Format.money(.zero, .en) == "0")
        #expect(Format.amount(.zero, .zh) == "0元")
        #expect(Format.amount(.zero, .en) == "¥0")
        // An amount that only rounds to zero is not zero: it keeps its unit.
        #expect(Format.money(Money.yuan(49), .zh) == "0.00万")
    }

    @Test func roundingIsHalfUpInIntegers() {
        // 2370.69万 = 23,706,900 yuan; 0.005万 = 50 yuan rounds up, 49.99 yuan rounds down.
        #expect(Format.money(Money(yuanText: "23706950")!, .zh) == "2370.70万")
        #expect(Format.money(Money(yuanText: "23706949.99")!, .zh) == "2370.69万")
        // 0.005亿 = 500,000 yuan.
        #expect(Format.money(Money(yuanText: "4581500000")!, .zh) == "45.82亿")
        #expect(Format.money(Money(yuanText: "4581499999.99")!, .zh) == "45.81亿")
    }

    @Test func theUnitIsChosenAfterRounding() {
        // 9999.995万 rounds to 10000.00万, which is written 1.00亿.
        #expect(Format.money(Money(yuanText: "99999950")!, .zh) == "1.00亿")
        #expect(Format.money(Money(yuanText: "99999949.99")!, .zh) == "9999.99万")
        #expect(Format.money(Money(yuanText: "999995000")!, .en) == "1.00bn")
    }

    @Test func negativeAmountsCarryAMinusUnlessTheyRoundToZero() {
        #expect(Format.money(-Fixture.yi(3_27), .zh) == "-3.27亿")
        #expect(Format.money(-Money(yuanText: "23706950")!, .zh) == "-2370.70万")
        #expect(Format.money(-Money.yuan(49), .zh) == "0.00万")
        #expect(Format.amount(-Fixture.yi(45_81), .en) == "-¥4.58bn")
    }

    @Test func standaloneAmountsCarryTheirUnit() {
        #expect(Format.amount(Fixture.yi(45_81), .zh) == "45.81亿元")
        #expect(Format.amount(Fixture.wan(3380_00), .zh) == "3380.00万元")
        #expect(Format.amount(Fixture.yi(45_81), .en) == "¥4.58bn")
        #expect(Format.amount(Fixture.wan(6516_00), .en) == "¥65.16m")
        #expect(Format.amount(Fixture.wan(3380_00), .en) == "¥33.80m")
        #expect(Format.amount(Fixture.yi(2_80), .en) == "¥280.00m")
        #expect(Format.money(Fixture.wan(1050_00), .en) == "10.50m")
    }

    @Test func percentagesAndChanges() {
        #expect(Format.change(BasisPoints(1_445)) == "+14.45%")
        #expect(Format.change(BasisPoints(-320)) == "-3.20%")
        #expect(Format.change(BasisPoints(0)) == "0.00%")
        #expect(Format.percent(BasisPoints(80)) == "0.80%")
        #expect(Format.percent(BasisPoints(-5)) == "-0.05%")
        #expect(Format.change(BasisPoints(1_445), arrow: true, ascii: false) == "+14.45% ↑")
        #expect(Format.change(BasisPoints(-320), arrow: true, ascii: true) == "-3.20% v")
        #expect(Format.change(BasisPoints(0), arrow: true, ascii: false) == "0.00%")
    }

    @Test func leverageHasTwoDecimals() {
        #expect(Format.leverage(BasisPoints(32_000), ascii: false) == "3.20×")
        #expect(Format.leverage(BasisPoints(32_000), ascii: true) == "3.20x")
        #expect(Format.leverage(BasisPoints(112_308), ascii: false) == "11.23×")
        #expect(Format.leverage(BasisPoints(4_950), ascii: false) == "0.50×")
        #expect(Format.leverage(BasisPoints(100_250), ascii: false) == "10.03×")  // half up
        #expect(Format.leverage(BasisPoints(100_000), ascii: false) == "10.00×")
    }

    @Test func countsUseSeparatorsInEnglishOnly() {
        #expect(Format.count(2334, .en) == "2,334")
        #expect(Format.count(2334, .zh) == "2334")
        #expect(Format.count(1_234_567, .en) == "1,234,567")
        #expect(Format.count(999, .en) == "999")
        #expect(Format.count(-1000, .en) == "-1,000")
        #expect(Format.count(2334, unit: .borrowersUnit, .zh) == "2334户")
        #expect(Format.count(2334, unit: .borrowersUnit, .en) == "2,334 firms")
    }

    @Test func changeRoles() {
        #expect(Format.role(of: BasisPoints(1)) == .up)
        #expect(Format.role(of: BasisPoints(-1)) == .down)
        #expect(Format.role(of: BasisPoints(0)) == .normal)
        #expect(Format.role(of: nil) == .normal)
    }

    @Test func screenTitlesAreDistinctInBothLanguages() {
        // (Every label's two texts are checked where it is declared: `Str.init` asserts both.)
        for language in [Language.zh, .en] {
            let titles = Screen.allCases.map { $0.title.text(language) }
            #expect(Set(titles).count == titles.count, "\(language)")
        }
    }
}
