import Testing
@testable import KejinDashboard

@Suite struct LineEditTests {
    private static let ctrlU = Key.character("\u{15}"), ctrlW = Key.character("\u{17}")

    @Test func backspaceCtrlUAndCtrlWEditLikeAShell() {
        #expect(LineEdit.apply(.backspace, to: "汉阴县") == "汉阴")
        #expect(LineEdit.apply(.backspace, to: "") == "")
        #expect(LineEdit.apply(Self.ctrlU, to: "Hanyin county") == "")
        #expect(LineEdit.apply(Self.ctrlW, to: "Hanyin county") == "Hanyin ")
        #expect(LineEdit.apply(Self.ctrlW, to: "Hanyin   ") == "")
        #expect(LineEdit.apply(.character("县"), to: "汉阴") == "汉阴县")
    }

    @Test func otherControlCharactersAreNotText() {
        for scalar in [0x01, 0x02, 0x0B, 0x1C, 0x7F] as [UInt32] {
            #expect(LineEdit.apply(.character(Character(Unicode.Scalar(scalar)!)), to: "ab") == "ab")
        }
        #expect(LineEdit.apply(.enter, to: "ab") == nil)
        #expect(LineEdit.apply(.up, to: "ab") == nil)
    }

    /// Over ssh an official typed R, cleared the line with Ctrl-U and pressed Enter to see the
    /// whole store: the region prompt and the list filter both take Ctrl-U.
    @Test func ctrlUClearsTheRegionPromptAndTheFilter() {
        var s = DashboardState(screen: .overview)
        let input = Fixture.input(RegionsScreenTests.figures())
        for key in [Key.character("R")] + "汉阴".map({ Key.character($0) }) + [.enter] {
            _ = s.handle(key, input: input, width: 120, height: 40)
        }
        #expect(s.region == "610921")
        for key in [Key.character("R"), .character("x"), Self.ctrlU, .enter] {
            _ = s.handle(key, input: input, width: 120, height: 40)
        }
        #expect(s.region == nil && s.message == nil)

        var list = NavigationTests.Session(.chains, language: .en)
        list.press(.down, .down, .enter, .enter, .character("/"))
        list.type("PINGLI")
        list.press(Self.ctrlW)
        #expect(list.state.activeFrame?.filter == "")
        list.type("e-tea")
        list.press(Self.ctrlU)
        #expect(list.state.activeFrame?.filter == "" && list.state.filterDraft == "")
    }
}
