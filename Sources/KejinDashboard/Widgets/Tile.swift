/// A headline tile: a boxed figure with its title, and lines under it (change, borrowers).
public struct Tile {
    public var title: String
    public var value: String
    public var lines: [(String, CellStyle)]
    public init(title: String, value: String, lines: [(String, CellStyle)]) {
        self.title = title; self.value = value; self.lines = lines
    }

    public func draw(into grid: inout CellGrid, _ rect: Rect, glyphs: Glyphs) {
        let inner = Box.draw(into: &grid, rect, title: title, glyphs: glyphs)
        guard inner.height > 0 else { return }
        grid.put(" " + value, x: inner.x, y: inner.y, style: CellStyle(.value, bold: true), maxWidth: inner.width)
        for (i, line) in lines.enumerated() where i + 1 < inner.height {
            grid.put(" " + line.0, x: inner.x, y: inner.y + 1 + i, style: line.1, maxWidth: inner.width)
        }
    }
}
