import Testing
@Test func placeholderKejinDashboardTests() { #expect(Bool(true)) }
