/// A calendar month, keyed `YYYY-MM`. Figures for a period are month-end figures.
public struct Period: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int  // 1...12

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month out of range")
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), y >= 1900 else { return nil }
        self.init(year: y, month: m)
    }

    /// The `YYYY-MM` key.
    public var key: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    public var description: String { key }

    public func advanced(by months: Int) -> Period {
        let index = year * 12 + (month - 1) + months
        return Period(year: index / 12, month: index % 12 + 1)
    }
    public var previous: Period { advanced(by: -1) }
    public var next: Period { advanced(by: 1) }
    public var yearAgo: Period { advanced(by: -12) }

    /// The last day of the month, `YYYY-MM-DD`: the date at which month-end figures are taken.
    public var endDate: String {
        let days: Int
        switch month {
        case 2: days = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return "\(key)-\(days)"
    }

    public static func < (a: Period, b: Period) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
