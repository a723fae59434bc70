import Testing
@Test func placeholderKejinTerminalTests() { #expect(Bool(true)) }
