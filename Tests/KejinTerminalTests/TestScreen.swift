import CNcurses
import KejinDashboard
@testable import KejinTerminal

/// Helpers to read a headless test screen back.
extension Terminal {
    /// Row `y` as ncurses holds it (wide characters once), trailing spaces trimmed.
    func row(_ y: Int) -> String {
        var buffer = [wchar_t](repeating: 0, count: size.width + 2)
        guard wmove(window, Int32(y), 0) != ERR, winnwstr(window, &buffer, Int32(buffer.count) - 1) != ERR else { return "<error>" }
        var s = String(String.UnicodeScalarView(buffer.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
        while s.last == " " { s.removeLast() }
        return s
    }

    struct ScreenCell: Equatable { var character: Character; var attributes: attr_t; var pair: Int32 }

    func cell(x: Int, y: Int) -> ScreenCell? {
        var cell = cchar_t()
        var chars = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)
        var attrs: attr_t = 0
        var shortPair: Int16 = 0
        var pair: Int32 = 0
        guard mvwin_wch(window, Int32(y), Int32(x), &cell) != ERR,
              getcchar(&cell, &chars, &attrs, &shortPair, &pair) != ERR,
              let scalar = Unicode.Scalar(UInt32(bitPattern: chars[0])) else { return nil }
        // Attributes without the colour bits: the pair is reported on its own.
        return ScreenCell(character: Character(scalar), attributes: attrs & ~kejin_a_color(), pair: pair)
    }

    /// The colour pair's foreground and background numbers.
    func colors(ofPair pair: Int32) -> (fg: Int32, bg: Int32) {
        var fg: Int32 = 0, bg: Int32 = 0
        extended_pair_content(pair, &fg, &bg)
        return (fg, bg)
    }
}

func headless(width: Int = 40, height: Int = 6, theme: Theme = .builtinDefault, noColor: Bool = false,
              forceASCII: Bool = false, terminalName: String = "xterm-256color") throws -> Terminal {
    let options = TerminalOptions(theme: theme, forceASCII: forceASCII, noColor: noColor,
                                  environment: ["LANG": "C.UTF-8"])
    return try Terminal(headlessWidth: width, height: height, options: options, terminalName: terminalName)
}
