import Testing
@Test func placeholderKejinStoreTests() { #expect(Bool(true)) }
