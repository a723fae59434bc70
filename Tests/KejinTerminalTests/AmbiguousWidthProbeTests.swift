import Testing
@testable import KejinTerminal

/// Reading the terminal's cursor position report after printing `─`.
@Suite struct AmbiguousWidthProbeTests {
    @Test func readsTheColumnOfACursorReport() {
        #expect(AmbiguousWidthProbe.column(inCursorReport: Array("\u{1B}[12;3R".utf8)) == 3)
        #expect(AmbiguousWidthProbe.column(inCursorReport: Array("\u{1B}[1;2R".utf8)) == 2)
        // A key typed just before the answer does not confuse it.
        #expect(AmbiguousWidthProbe.column(inCursorReport: Array("x\u{1B}[40;2R".utf8)) == 2)
    }

    @Test func ignoresWhatIsNotACursorReport() {
        #expect(AmbiguousWidthProbe.column(inCursorReport: []) == nil)
        #expect(AmbiguousWidthProbe.column(inCursorReport: Array("\u{1B}[12;3".utf8)) == nil)
        #expect(AmbiguousWidthProbe.column(inCursorReport: Array("R".utf8)) == nil)
        #expect(AmbiguousWidthProbe.column(inCursorReport: Array("\u{1B}[3R".utf8)) == nil)
    }
}
