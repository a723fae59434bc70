import Testing
@testable import KejinDashboard

/// `DisplayWidth.of` counts a text without breaking it into characters where it can: it must
/// give what counting character by character gives, for every mix kejin may meet.
@Suite struct DisplayWidthTests {
    /// ASCII and controls, CJK and fullwidth, box drawing, combining and spacing marks, a
    /// variation selector, the joiner, an emoji, a skin tone, flag letters, Hangul jamo.
    static let pool: [String] = ["a", " ", "\t", "\u{7F}", "科", "，", "Ａ", "─", "…", "é", "e\u{301}", "\u{301}",
                                 "क", "\u{93E}", "\u{FE0F}", "\u{200D}", "👩", "\u{1F3FD}", "🇨", "🇳", "\u{1100}", "\u{1161}",
                                 "가", "\u{11A8}", "¥", "·"]

    @Test func everyMixOfThreeCountsAsByCharacters() {
        var checked = 0
        for a in Self.pool {
            for b in Self.pool {
                for c in Self.pool {
                    let text = a + b + c
                    #expect(DisplayWidth.of(text) == DisplayWidth.byCharacters(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
                    checked += 1
                }
            }
        }
        #expect(checked == Self.pool.count * Self.pool.count * Self.pool.count)
    }

    /// The scalars counted two cells without a property lookup (`isWideLetter`) are what the
    /// lookup would give: wide, and no mark or format character (which take no cell).
    @Test func theWideLettersSkippingTheLookupAreWideAndNoMarks() {
        var checked = 0
        for v in UInt32(0)...0x10FFFF where DisplayWidth.isWideLetter(v) {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let category = scalar.properties.generalCategory
            #expect(![.nonspacingMark, .enclosingMark, .spacingMark, .format].contains(category), "U+\(String(v, radix: 16))")
            #expect(DisplayWidth.isWide(v), "U+\(String(v, radix: 16))")
            checked += 1
        }
        #expect(checked > 30_000)
    }

    @Test func theWidthsKejinDrawsWith() {
        #expect(DisplayWidth.of("余额 45.81亿元") == 14)
        #expect(DisplayWidth.of("ABC Ankang") == 10)
        #expect(DisplayWidth.of("👩\u{200D}👩") == 2)
        #expect(DisplayWidth.of("🇨🇳") == 2)
    }
}
