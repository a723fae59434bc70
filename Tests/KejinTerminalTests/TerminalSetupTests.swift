import CNcurses
import Glibc
import Testing
import KejinDashboard
@testable import KejinTerminal

extension Ncurses {
@Suite struct TerminalSetupTests {
    @Test func refusesWithoutATtyOrUnknownTerm() {
        let noTTY = isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1
        let options = TerminalOptions(environment: ["TERM": "no-such-terminal-kejin"])
        #expect(throws: noTTY ? TerminalError.notATerminal : TerminalError.unknownTerminal("no-such-terminal-kejin")) {
            try Terminal(options: options)
        }
        #expect(throws: noTTY ? TerminalError.notATerminal : TerminalError.unknownTerminal("")) {
            try Terminal(options: TerminalOptions(environment: [:]))
        }
    }

    @Test func noColorComesFromTheEnvironment() {
        #expect(TerminalOptions(environment: ["NO_COLOR": "1"]).noColor)
        #expect(!TerminalOptions(environment: ["NO_COLOR": ""]).noColor)
        #expect(!TerminalOptions(environment: [:]).noColor)
        #expect(!TerminalOptions(noColor: false, environment: ["NO_COLOR": "1"]).noColor)
    }

    @Test func timeoutsRoundUpToMilliseconds() {
        #expect(Terminal.milliseconds(.zero) == 0)
        #expect(Terminal.milliseconds(.seconds(-1)) == 0)
        #expect(Terminal.milliseconds(.microseconds(1)) == 1)
        #expect(Terminal.milliseconds(.milliseconds(250)) == 250)
        #expect(Terminal.milliseconds(.seconds(1) + .nanoseconds(1)) == 1001)
        #expect(Terminal.milliseconds(.seconds(10_000_000)) == Int32.max)
    }

    @Test func errorsExplainThemselves() {
        #expect(TerminalError.notATerminal.description.contains("tty"))
        #expect(TerminalError.unknownTerminal("vt999").description.contains("vt999"))
    }

    @Test func timeoutWaitsWithoutInput() throws {
        let term = try headless()
        defer { term.restore() }
        let start = ContinuousClock.now
        // Headless input is /dev/null-backed ncurses; stdin of the test runner is polled, so
        // only check that a short timeout returns in about that time (or reports hangup at EOF).
        let event = term.nextEvent(timeout: .milliseconds(50))
        let elapsed = ContinuousClock.now - start
        #expect(event == .timeout || event == .hangup)
        #expect(elapsed < .seconds(2))
    }
}
}
