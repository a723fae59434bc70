import CNcurses
import KejinDashboard
@testable import KejinTerminal

/// Helpers to read a headless test screen back.
extension Terminal {
    /// Row `y` as ncurses holds it (wide characters once), trailing spaces trimmed.
    func row(_ y: Int) -> String {
        var buffer = [wchar_t](repeating: 0, count: size.width + 2)
        guard kejin_read_row(window, Int32(y), 0, &buffer, Int32(buffer.count)) != ERR else { return "<error>" }
        var s = String(String.UnicodeScalarView(buffer.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
        while s.last == " " { s.removeLast() }
        return s
    }

    struct ScreenCell: Equatable { var character: Character; var attributes: attr_t; var pair: Int32 }

    func cell(x: Int, y: Int) -> ScreenCell? {
        var wch: wchar_t = 0
        var attrs: attr_t = 0
        var pair: Int32 = 0
        guard kejin_cell_at(window, Int32(y), Int32(x), &wch, &attrs, &pair) != ERR,
              let scalar = Unicode.Scalar(UInt32(bitPattern: wch)) else { return nil }
        return ScreenCell(character: Character(scalar), attributes: attrs, pair: pair)
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
