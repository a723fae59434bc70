/// What a cell is for. Themes give each role a colour; widgets never name colours.
public enum Role: String, Sendable, CaseIterable, Codable {
    case normal, title, label, value, up, down, warning, critical, gauge, sparkline, border, selection
}

/// How one cell looks: its role plus the attributes that carry meaning without colour.
public struct CellStyle: Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role; self.bold = bold; self.reverse = reverse; self.underline = underline
    }
    public static let normal = CellStyle()
}

/// One terminal cell. A double-width character fills its cell and marks the next one as its
/// continuation (`isContinuation`), which backends skip.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: CellStyle = .normal, isContinuation: Bool = false) {
        self.character = character; self.style = style; self.isContinuation = isContinuation
    }
    public static let blank = Cell()
}

/// A rectangle of cells: widgets draw into it, a terminal backend paints it.
/// Modelled on ratatui's `Buffer`.
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from (x, y), never past `x + maxWidth` nor the grid's edge. A wide
    /// character that would not fit whole is replaced by a space: never cut in half.
    /// Returns the number of cells written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit {
                if col < limit, col >= 0 { self[col, y] = Cell(" ", style: style); col += 1 }
                break
            }
            if col >= 0 {
                clearHalfOfWide(at: col, y: y)
                self[col, y] = Cell(ch, style: style)
                if w == 2 { clearHalfOfWide(at: col + 1, y: y); self[col + 1, y] = Cell(" ", style: style, isContinuation: true) }
            }
            col += w
        }
        return col - x
    }

    /// Fills a rectangle with one character.
    /// A wide character straddling either edge of the rectangle is blanked whole, so an overlay
    /// never leaves half of one behind.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ character: Character = " ", style: CellStyle = .normal) {
        let left = max(0, x), right = min(width, x + w)
        guard left < right else { return }
        for row in max(0, y)..<min(height, y + h) {
            clearHalfOfWide(at: left, y: row)
            if right < width, self[right, row].isContinuation { self[right, row] = Cell(" ", style: self[right, row].style) }
            for col in left..<right { self[col, row] = Cell(character, style: style) }
        }
    }

    /// Overwriting one half of a wide character blanks the other half, so none is left torn.
    private mutating func clearHalfOfWide(at x: Int, y: Int) {
        guard x < width else { return }
        if self[x, y].isContinuation, x > 0 { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
        if !self[x, y].isContinuation, DisplayWidth.of(self[x, y].character) == 2, x + 1 < width {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
    }

    /// The grid as plain text, one line per row (continuation cells omitted), trailing spaces
    /// trimmed: what golden files and tests compare.
    public var text: String {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line.append(self[x, y].character) }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
