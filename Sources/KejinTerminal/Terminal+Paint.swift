import CNcurses
import Glibc
import KejinDashboard

extension Terminal {
    /// Paints `grid`: only cells that differ from the last painted grid go to ncurses (all of
    /// them after a resize, resume or theme change), then one `doupdate`. Cells beyond the
    /// screen are dropped; continuation cells are skipped (the wide character covers them).
    public func paint(_ grid: CellGrid) {
        guard !restored else { return }
        let (width, height) = size
        let previous = lastGrid.flatMap { $0.width == grid.width && $0.height == grid.height ? $0 : nil }
        if previous == nil {
            werase(window)
            if needsClear { clearok(kejin_curscr(), true) }
        }
        needsClear = false
        for y in 0..<min(height, grid.height) {
            for x in 0..<min(width, grid.width) {
                let cell = grid[x, y]
                if cell.isContinuation { continue }
                if let previous, previous[x, y] == cell { continue }
                draw(cell, x: x, y: y, screenWidth: width)
            }
        }
        lastGrid = grid
        wnoutrefresh(window)
        doupdate()
    }

    /// Forgets what the screen shows, so the next paint clears and redraws it from scratch
    /// (for a redraw key such as Ctrl-L; resize, resume and setTheme do it themselves).
    public func invalidate() {
        lastGrid = nil
        needsClear = true
    }

    private func draw(_ cell: Cell, x: Int, y: Int, screenWidth: Int) {
        cellsWritten += 1
        let look = palette.look(of: cell.style)
        let scalars = cell.character.unicodeScalars
        let wide = DisplayWidth.of(cell.character) == 2
        if wide && x + 1 >= screenWidth {
            put(" ", look: look, x: x, y: y)   // half a wide character would wrap: blank instead
        } else if capabilities.unicode || scalars.allSatisfy(\.isASCII) {
            var chars = scalars.prefix(Int(CCHARW_MAX)).map { wchar_t(bitPattern: $0.value) }
            chars.append(0)
            var cc = cchar_t()
            var pair = look.pair
            setcchar(&cc, chars, look.attributes, Int16(truncatingIfNeeded: look.pair), &pair)
            mvwadd_wch(window, Int32(y), Int32(x), &cc)
        } else if let acs = Terminal.lineDrawing[cell.character] {
            // No UTF-8: box drawing through the terminal's alternate character set.
            wattr_set(window, look.attributes, Int16(truncatingIfNeeded: look.pair), nil)
            mvwaddch(window, Int32(y), Int32(x), kejin_acs(acs))
            wattr_set(window, kejin_a_normal(), 0, nil)
        } else {
            put(wide ? "??" : "?", look: look, x: x, y: y)
        }
    }

    private func put(_ ascii: String, look: RolePalette.Entry, x: Int, y: Int) {
        for (i, byte) in ascii.utf8.enumerated() {
            var cc = cchar_t()
            var pair = look.pair
            setcchar(&cc, [wchar_t(byte), 0], look.attributes, Int16(truncatingIfNeeded: look.pair), &pair)
            mvwadd_wch(window, Int32(y), Int32(x + i), &cc)
        }
    }

    /// Box-drawing characters and their ACS letters (ncurses maps them to the terminal's set).
    static let lineDrawing: [Character: CChar] = [
        "─": CChar(UInt8(ascii: "q")), "━": CChar(UInt8(ascii: "q")), "│": CChar(UInt8(ascii: "x")), "┃": CChar(UInt8(ascii: "x")),
        "┌": CChar(UInt8(ascii: "l")), "┐": CChar(UInt8(ascii: "k")), "└": CChar(UInt8(ascii: "m")), "┘": CChar(UInt8(ascii: "j")),
        "├": CChar(UInt8(ascii: "t")), "┤": CChar(UInt8(ascii: "u")), "┬": CChar(UInt8(ascii: "w")), "┴": CChar(UInt8(ascii: "v")),
        "┼": CChar(UInt8(ascii: "n")), "·": CChar(UInt8(ascii: "~")), "█": CChar(UInt8(ascii: "0")), "▒": CChar(UInt8(ascii: "a")),
    ]
}
