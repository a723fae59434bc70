import KejinCore
import Testing
@testable import KejinDashboard

/// A store holding the demo data set says so on the status line of every screen, at every
/// size, so nobody takes demo figures for real ones; a real store never does.
@Suite struct DemoMarkRenderTests {
    func statusLine(_ screen: Screen, _ language: Language, _ w: Int, _ h: Int, demo: Bool) -> String {
        var status = Fixture.status
        status.demoData = demo
        let state = DashboardState(screen: screen, language: language)
        let input = DetailFixture.input(Fixture.input(status: status), for: state)
        return DashboardRenderer.render(input, state: state, width: w, height: h).text.components(separatedBy: "\n").last!
    }

    @Test(arguments: Screen.allCases)
    func everyScreenAtEverySizeShowsTheMark(_ screen: Screen) {
        for (w, h) in [(60, 16), (80, 24), (120, 40), (200, 60)] {
            #expect(statusLine(screen, .zh, w, h, demo: true).contains("演示数据"), "\(screen) \(w)x\(h)")
            #expect(statusLine(screen, .en, w, h, demo: true).contains("DEMO DATA"), "\(screen) \(w)x\(h)")
            #expect(!statusLine(screen, .zh, w, h, demo: false).contains("演示数据"))
            #expect(!statusLine(screen, .en, w, h, demo: false).contains("DEMO DATA"))
        }
    }

    /// The whole line at 80×24 (golden): the mark first, before the update time (in English the
    /// refresh interval gives way to it).
    @Test func theStatusLineAt80x24() {
        #expect(statusLine(.overview, .zh, 80, 24, demo: true)
                == " 演示数据  数据更新 2025-06-10 09:30:00  刷新 5秒  只读  ?帮助  q退出  09:41:07")
        #expect(statusLine(.overview, .en, 80, 24, demo: true)
                == " DEMO DATA  Data updated 2025-06-10 09:30:00           ? help  q quit  09:41:07")
    }
}
