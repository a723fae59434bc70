import Foundation
import Testing
@testable import KejinTerminal

extension Ncurses {
    /// The wake-up pipe: another thread's `signal()` ends `nextEvent`'s wait with `.wakeUp`;
    /// any number of signals before a look make one wake-up; without one the wait times out.
    @Suite struct WakeUpTests {
        @Test func aSignalFromAnotherThreadEndsTheWait() throws {
            let terminal = try headless()
            defer { terminal.restore() }
            #expect(terminal.nextEvent(timeout: .milliseconds(20)) == .timeout)

            let wakeUp = terminal.wakeUp
            let thread = Thread { Thread.sleep(forTimeInterval: 0.05); wakeUp.signal() }
            thread.start()
            let start = ContinuousClock.now
            #expect(terminal.nextEvent(timeout: .seconds(10)) == .wakeUp)
            #expect(ContinuousClock.now - start < .seconds(5))   // woken, not timed out

            for _ in 0..<5 { wakeUp.signal() }
            #expect(terminal.nextEvent(timeout: .seconds(1)) == .wakeUp)
            #expect(terminal.nextEvent(timeout: .milliseconds(20)) == .timeout)
        }
    }
}
