import Testing
@testable import KejinCore

@Suite struct PeriodTests {
    @Test func parsesAndFormats() {
        #expect(Period("2025-03")?.key == "2025-03")
        #expect(Period("2025-13") == nil)
        #expect(Period("25-03") == nil)
    }
    @Test func arithmetic() {
        #expect(Period("2025-01")!.previous == Period("2024-12")!)
        #expect(Period("2025-03")!.yearAgo == Period("2024-03")!)
        #expect(Period("2024-02")!.endDate == "2024-02-29")
        #expect(Period("2025-02")!.endDate == "2025-02-28")
    }
}
