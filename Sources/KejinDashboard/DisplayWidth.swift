/// Display width in terminal cells, the way ncursesw's `wcwidth` counts for the characters kejin
/// uses: East Asian wide and fullwidth characters take two cells, combining marks none.
/// Ambiguous-width symbols (`·`, `─`, `…`, arrows) count one; alignment-critical places avoid them.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        var total = 0
        for scalar in character.unicodeScalars { total += of(scalar) }
        return min(total, 2)
    }

    /// A text's width: its characters' (`byCharacters`), counted without breaking it into
    /// characters where that gives the same — every frame measures every cell of every table,
    /// and grapheme breaking was most of it. ASCII is a cell per printable byte; other text is
    /// its scalars' sum, which a character's width is unless it joins scalars that each take
    /// room (a ZWJ sequence, a flag, a skin tone, Hangul jamo, a spacing mark): those by characters.
    public static func of(_ text: String) -> Int {
        var cells = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return beyondASCII(text) }
            if byte >= 0x20, byte != 0x7F { cells += 1 }
        }
        return cells
    }

    /// By characters, each its scalars' sum capped at two cells: what `of(_:)` gives.
    static func byCharacters(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    private static func beyondASCII(_ text: String) -> Int {
        var cells = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if isWideLetter(v) {
                cells += 2
                continue
            }
            if v == 0x200D || (0x1F1E6...0x1F1FF).contains(v) || (0x1F3FB...0x1F3FF).contains(v) || (0x1100...0x11FF).contains(v)
                || (v >= 0x300 && scalar.properties.generalCategory == .spacingMark) {
                return byCharacters(text)
            }
            cells += of(scalar)
        }
        return cells
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        if isWideLetter(v) { return 2 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || v == 0x200B { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    /// CJK ideographs, Hangul syllables and fullwidth forms — most of a Chinese frame's text:
    /// two cells, and never a mark, so no Unicode property lookup (that lookup was most of a
    /// frame's width measuring).
    static func isWideLetter(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xFF01...0xFF60).contains(v)
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1,
             0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA,
             0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
             0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C,
             0x2B50, 0x2B55, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Pads (or truncates, never splitting a wide character) `text` to exactly `width` cells.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let fitted = truncate(text, to: width)
        let gap = String(repeating: " ", count: max(0, width - of(fitted)))
        return alignRight ? gap + fitted : fitted + gap
    }

    /// The longest prefix of `text` that fits in `width` cells.
    public static func truncate(_ text: String, to width: Int) -> String {
        var used = 0
        var out = ""
        for ch in text {
            let w = of(ch)
            if used + w > width { break }
            out.append(ch); used += w
        }
        return out
    }
}
