/// A file that could not be imported, and where: reads like
/// `loans.csv: row 17, column amount_yuan: "12,3x" is not an amount in yuan (at most two decimals)`.
public struct ImportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// File name, without folder.
    public var file: String
    /// Row as a spreadsheet numbers it: the header is row 1, the first data row 2. Nil when the
    /// problem is the file itself (its name, or it cannot be read).
    public var row: Int?
    public var column: String?
    /// The offending field as written; nil when there is none (e.g. a missing column).
    public var value: String?
    public var reason: String

    public init(file: String, row: Int? = nil, column: String? = nil, value: String? = nil, reason: String) {
        self.file = file; self.row = row; self.column = column; self.value = value; self.reason = reason
    }

    public var description: String {
        var s = file + ":"
        if let row { s += " row \(row)" + (column == nil ? ":" : ",") }
        if let column { s += " column \(column):" }
        if let value { s += " \"\(value)\"" }
        return s + " " + reason
    }
}
