import KejinCore
import Testing
@testable import KejinDashboard

/// What an official reads must be exactly right: held alerts, zero amounts, the status line's
/// notes in the UI's language, reports that print names whole.
@Suite struct OfficialReadsTests {
    /// The fixture's first alert that is below a threshold, held by a 0.50% band at exactly
    /// its threshold (the demo's re-lending usage at 95.00% in 2025-03).
    static func inputWithAHeldAlert() -> (FrameInput, Alert) {
        var input = Fixture.input()
        let i = input.alerts.firstIndex { $0.below && $0.measure == .relendingUsage }!
        input.alerts[i].value = input.alerts[i].threshold
        input.alerts[i].band = 50
        return (input, input.alerts[i])
    }

    @Test func aHeldAlertShowsTheThresholdInForceAndSaysWhy() {
        let (input, held) = Self.inputWithAHeldAlert()
        let row = AlertsScreen.ordered(input.alerts).firstIndex { $0.id == held.id }!
        for language in Language.allCases {
            let text = GoldenRenderTests.render(.alerts, language, width: 120, height: 40, selected: row, input: input)
            Golden.check("alerts-held-\(language)-120x40", text)
            // Never "95.00%  below 95.00%": the threshold in force and the band's name.
            let value = Format.percent(BasisPoints(held.value))
            let inForce = Format.percent(BasisPoints(held.effectiveThreshold))
            #expect(text.contains(Str.below.text(language) + " " + inForce + " " + Str.heldByBand.text(language)))
            #expect(!text.contains(value + "  " + Str.below.text(language) + " " + value))
            #expect(text.contains(Str.heldByBandClears.text(language) + " " + inForce))
        }
        // The overview's alert list says it too.
        let overview = GoldenRenderTests.render(.overview, .zh, width: 120, height: 40, input: input)
        #expect(overview.contains(Str.heldByBand.text(.zh)))
    }

    @Test func exactlyZeroReadsZeroInTablesAndPanels() {
        var figures = Fixture.figures
        figures.chains[0].guaranteeBalance = .zero
        let input = Fixture.input(figures)
        for language in Language.allCases {
            let text = GoldenRenderTests.render(.chains, language, width: 120, height: 40, input: input)
            Golden.check("chains-zero-\(language)-120x40", text)
            #expect(!text.contains(" 0.00万") && !text.contains(" 0.00m"))
            #expect(text.contains(Format.zero + "  "))
        }
    }

    @Test func statusLineNotesAreInTheUILanguage() {
        var status = Fixture.status
        status.terminalNotes = [.usingCUTF8(notUTF8: nil), .ambiguousWide]
        status.themeError = ThemeError(file: "themes/broken.yaml", key: "roles.warning.fg", "\"bleu\" is not a colour")
        let input = Fixture.input(Fixture.figures, status: status)
        for language in Language.allCases {
            let text = GoldenRenderTests.render(.overview, language, width: 200, height: 24, input: input)
            Golden.check("status-notes-\(language)-200x24", text)
            let status = text.components(separatedBy: "\n").last!
            #expect(status.contains("broken.yaml roles.warning.fg") || status.contains("broken.yaml: roles.warning.fg"))
            if language == .zh {
                #expect(status.contains("C.UTF-8"))
                // Chinese words, no English sentence.
                #expect(status.contains(Str.noteLangUnset.text(.zh)) && status.contains(Str.themeDefaultUsed.text(.zh)))
                #expect(!status.contains("unset") && !status.contains("ambiguous") && !status.contains("not a colour"))
            } else {
                // English carries the parser's own words (it goes first: the notes give way).
                #expect(status.contains("\"bleu\" is not a colour"))
            }
        }
        #expect(TerminalNote.legacyLocale("zh_CN.GBK").text(.zh) == "区域设置 zh_CN.GBK 不是 UTF-8：英文与 ASCII 显示")
        #expect(TerminalNote.legacyLocale("zh_CN.GBK").text(.en) == "locale zh_CN.GBK is not UTF-8: English/ASCII")
    }

    @Test func aReportOutsideATerminalPrintsEveryNameWhole() {
        let f = Fixture.figures
        let whole = TextReport.render(f, alerts: Fixture.input().alerts, language: .zh)
        let names = f.chains.map(\.name.zh) + f.chains.compactMap(\.leadBank?.zh) + f.guarantors.map(\.name.zh)
            + f.relendingTools.map(\.name.zh) + Fixture.input().alerts.map(\.entity.zh)
        for name in names { #expect(whole.contains(name), "\(name) is cut") }
        #expect(!whole.contains("~"))
        // --width N fits the width: long names are cut with "~", no line is longer.
        let fitted = TextReport.render(f, alerts: Fixture.input().alerts, language: .zh, width: 80)
        #expect(fitted.contains("~"))
        #expect(fitted.components(separatedBy: "\n").allSatisfy { DisplayWidth.of($0) <= 80 })
        #expect(AlertReport.text(Fixture.input().alerts, period: f.period, language: .zh).contains(
            Fixture.input().alerts.map(\.entity.zh).max { $0.count < $1.count }!))
    }
}
