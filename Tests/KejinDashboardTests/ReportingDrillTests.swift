import KejinCore
import Testing
@testable import KejinDashboard

/// Screen 8's drill-down: Enter on a reporter opens the import log behind its delivery for the
/// shown period; Esc goes back. Guarantors and banks' draws files are named beside the reporter.
@Suite struct ReportingDrillTests {
    /// The provisional month of ProvisionalMarkRenderTests (AKRCB missing), plus a guarantor.
    static func figures() -> Figures {
        var f = ProvisionalMarkRenderTests.input(provisional: true).figures!
        f.reporting?.reporters.append(ReporterStatus(code: "AKFG", name: Names(zh: "安康市融资担保", en: "Ankang Financing Guarantee"),
                                                     entity: "guarantees", delivery: Delivery(rows: 41, at: "2025-06-04 09:00:00", importID: 44)))
        return f
    }

    /// What the store answers for CCB's delivery: a replacement, then the first file.
    static func entries(_ request: DrillRequest) -> DetailRows {
        let fields: [DetailField] = [.importID, .importedAt, .importedBy, .rows, .added, .changed, .removed, .checksum]
        func row(_ id: Int, _ file: String, _ at: String, _ rows: Int, _ acr: (Int, Int, Int)?, _ sum: String) -> DetailRow {
            DetailRow(code: "\(id)", name: Names(zh: file, en: file), values: [
                .count(id), .date(at), .text("ops"), .count(rows),
                .count(acr?.0), .count(acr?.1), .count(acr?.2), .text(sum)], next: nil)
        }
        return DetailRows(request: request, period: Fixture.figures.period, nameField: .file, fields: fields, rows: [
            row(47, "loan_balances-2025-05-ccb-fix.csv", "2025-06-09 16:20:00", 299, (0, 3, 1), "9f1c2a7e5b3d8c40"),
            row(42, "loan_balances-2025-05-ccb.csv", "2025-06-05 10:15:00", 300, nil, "03ab55e19c7d2f61"),
        ])
    }

    struct Session {
        var state: DashboardState
        let width = 120, height = 40
        init(_ language: Language) { state = DashboardState(screen: .reporting, language: language) }
        var input: FrameInput {
            var input = Fixture.input(ReportingDrillTests.figures())
            input.detail = state.detailRequest.map(ReportingDrillTests.entries)
            return input
        }
        var lines: [String] { DashboardRenderer.render(input, state: state, width: width, height: height).text.components(separatedBy: "\n") }
        mutating func press(_ key: Key) -> DashboardAction { state.handle(key, input: input, width: width, height: height) }
    }

    @Test(arguments: Language.allCases)
    func enterOnAReporterOpensTheImportLogBehindItAndEscGoesBack(_ language: Language) {
        var s = Session(language)
        let screen = s.lines.joined(separator: "\n")
        // The guarantor's file is named beside it.
        #expect(screen.contains(language == .zh ? "担保业务 · 安康市融资担保" : "guarantees · Ankang Financing"))
        // Missing first (AKRCB), then by code: AKFG, CCB, ICBC.
        _ = s.press(.down)
        _ = s.press(.down)
        #expect(s.press(.enter) == .openDetail(.deliveries(reporter: "CCB")))
        let lines = s.lines
        let text = lines.joined(separator: "\n")
        #expect(lines[1].contains(Str.screenReporting.text(language)) && lines[1].contains(language == .zh ? "中国建设银行安康分行" : "China Construction"))
        #expect(text.contains(Str.levelDeliveries.text(language)))
        #expect(text.contains("loan_balances-2025-05-ccb-fix.csv") && text.contains("9f1c2a7e5b3d8c40") && text.contains("ops"))
        Golden.check("reporting-drill-\(language)-120x40", text)
        #expect(s.press(.escape) == .redraw)
        #expect(s.state.detailRequest == nil)
        let back = s.lines.joined(separator: "\n")
        #expect(!back.contains(Str.levelDeliveries.text(language)) && back.contains(Str.reportingTitle.text(language)))
        #expect(s.lines.first { $0.hasPrefix("│ > ") }?.contains(language == .zh ? "中国建设银行" : "China Construction") == true)
    }

    @Test func aMissingGuarantorIsNamedWithItsFileInTextAndJSON() throws {
        var r = try #require(Self.figures().reporting)
        r.reporters[r.reporters.count - 1].delivery = nil
        r.status = .provisional
        #expect(ReportingText.line(r, .zh).contains("未报送 安康农商银行、安康市融资担保(担保业务)"))
        #expect(ReportingText.line(r, .en).contains("Ankang Rural Commercial Bank, Ankang Financing Guarantee (guarantees)"))
        let doc = ReportingText.Document(r, .en)
        #expect(doc.missing.map(\.entity) == ["loan_balances", "guarantees"] && doc.expected == 4 && doc.delivered == 2)
    }

    @Test func theReportersFilterAndSortLikeEveryList() {
        var s = Session(.en)
        _ = s.press(.character("/"))
        for c in "guarantee" { _ = s.press(.character(c)) }
        _ = s.press(.enter)
        let rows = s.lines.filter { $0.contains("Ankang") || $0.contains("Bank") }
        #expect(rows.contains { $0.contains("guarantees · Ankang Financing") })
        #expect(!rows.contains { $0.contains("China Construction") })
        // Enter opens the filtered row.
        #expect(s.press(.enter) == .openDetail(.deliveries(reporter: "AKFG")))
    }
}
