import CNcurses
import KejinDashboard

/// Each role's colour pair (pair number = role index + 1) and attributes, from the theme at
/// the terminal's colour depth.
struct RolePalette {
    struct Entry { var attributes: attr_t; var pair: Int32 }
    let entries: [Role: Entry]

    init(theme: Theme, depth: ColorDepth) {
        let colors = depth != .none
        var entries: [Role: Entry] = [:]
        for (index, role) in Role.allCases.enumerated() {
            var pair: Int32 = 0
            if colors {
                let style = theme[role]
                let fg = ColorMapping.terminalColor(style.foreground, depth: depth) ?? -1
                let bg = ColorMapping.terminalColor(style.background, depth: depth) ?? -1
                pair = Int32(index + 1)
                if init_extended_pair(pair, Int32(fg), Int32(bg)) == ERR {
                    // No default-colour support: fall back to white on black for "default".
                    _ = init_extended_pair(pair, Int32(fg < 0 ? 7 : fg), Int32(bg < 0 ? 0 : bg))
                }
            }
            entries[role] = Entry(attributes: RolePalette.curses(theme.attributes(for: role, colors: colors)), pair: pair)
        }
        self.entries = entries
    }

    static func curses(_ a: TextAttributes) -> attr_t {
        var out = kejin_a_normal()
        if a.contains(.bold) { out |= kejin_a_bold() }
        if a.contains(.underline) { out |= kejin_a_underline() }
        if a.contains(.reverse) { out |= kejin_a_reverse() }
        return out
    }

    /// Attributes and pair for a cell: the theme's role style plus the cell's own attributes.
    func look(of style: CellStyle) -> Entry {
        var e = entries[style.role] ?? Entry(attributes: kejin_a_normal(), pair: 0)
        if style.bold { e.attributes |= kejin_a_bold() }
        if style.underline { e.attributes |= kejin_a_underline() }
        if style.reverse { e.attributes |= kejin_a_reverse() }
        return e
    }
}

extension Terminal {
    /// Starts colour when the terminal has it and NO_COLOR is not set, and says how deep.
    static func startColors(options: TerminalOptions) -> ColorDepth {
        guard !options.noColor, has_colors() else { return .none }
        start_color()
        _ = use_default_colors()
        let count = Int(kejin_colors())
        guard Int(kejin_color_pairs()) > Role.allCases.count else { return .none }
        switch count {
        case (1 << 24)...: return .direct      // xterm-direct style terminfo: colours are RGB
        case 256...: return .c256              // COLORTERM=truecolor alone cannot change this: nearest 256
        case 16...: return .sixteen
        case 8...: return .eight
        default: return .none
        }
    }
}
