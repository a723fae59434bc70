import KejinCore
import Testing
@testable import KejinDashboard

@Suite struct TimingTests {
    /// A frame is drawn on every key and refresh: it must stay far below a display tick, even
    /// unoptimised and at a large size.
    @Test func aLargeFrameRendersQuickly() {
        let input = Fixture.input()
        let clock = ContinuousClock()
        for screen in Screen.allCases {
            let state = DashboardState(screen: screen)
            let elapsed = clock.measure {
                for _ in 0..<10 { _ = DashboardRenderer.render(input, state: state, width: 200, height: 60) }
            }
            print("render \(screen) 200x60: \(elapsed / 10) per frame")
            #expect(elapsed / 10 < .milliseconds(50))
        }
    }
}
