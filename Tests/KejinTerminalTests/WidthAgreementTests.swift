import CNcurses
import Glibc
import Testing
import KejinDashboard

/// DisplayWidth must count like ncursesw's wcwidth, or padding and borders drift.
extension Ncurses {
@Suite struct WidthAgreementTests {
    static let appCharacters: [Character] = Array(
        "科金看板产业链再贷款担保余额风险补偿资金池告警银行城市合计增长率同比环比万亿元年月日"
        + "安康市人民银行汉江生态经济带富硒食品新材料装备制造"
        + "，。：；（）「」、《》％"
        + "abcXYZ0123456789 .,:;-+*/%()[]<>=_|#@!?'\"~^$&"
        + "─│┌┐└┘├┤┬┴┼═║╔╗╚╝━┃"
        + "▁▂▃▄▅▆▇█░▒▓▏▎▍▌▋▊▉"
        + "↑↓←→·…•●○■□▲▼◆✓✗"
        + "¥€°±×÷"
    )

    @Test func displayWidthAgreesWithWcwidthUnderCUTF8() throws {
        let saved = String(cString: setlocale(LC_CTYPE, nil))
        defer { setlocale(LC_CTYPE, saved) }
        try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        for ch in Self.appCharacters {
            let scalar = ch.unicodeScalars.first!
            let expected = Int(kejin_wcwidth(wchar_t(bitPattern: scalar.value)))
            #expect(DisplayWidth.of(ch) == expected, "\(ch) U+\(String(scalar.value, radix: 16))")
        }
    }
}
}
