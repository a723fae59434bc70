/// Pure nearest-colour arithmetic: #RRGGBB → xterm-256 index → 16 ANSI → 8 ANSI.
/// The terminal layer calls `terminalColor(_:depth:)` and hands the number to ncurses.
public enum ColorMapping {
    public typealias RGB = (r: Int, g: Int, b: Int)

    /// xterm's default RGB for the 16 ANSI colours (what most terminals approximate).
    static let ansi16: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    /// The six levels of each axis of the 6×6×6 colour cube (indices 16–231).
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB value xterm shows for a 256-palette index.
    public static func rgb(ofXterm256 index: Int) -> RGB {
        switch index {
        case ..<16: return ansi16[max(0, index)]
        case 16..<232:
            let i = index - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        default:
            let v = 8 + 10 * (min(index, 255) - 232)
            return (v, v, v)
        }
    }

    /// The nearest xterm-256 index for an RGB value, from the cube or the grey ramp
    /// (never 0–15: those vary between terminals and themes).
    public static func xterm256(r: Int, g: Int, b: Int) -> Int {
        func nearestLevel(_ c: Int) -> Int {
            cubeLevels.indices.min { abs(cubeLevels[$0] - c) < abs(cubeLevels[$1] - c) }!
        }
        let cube = 16 + 36 * nearestLevel(r) + 6 * nearestLevel(g) + nearestLevel(b)
        let average = (r + g + b) / 3
        let greyStep = min(23, max(0, (average - 3) / 10))
        let grey = 232 + greyStep
        return distance((r, g, b), rgb(ofXterm256: grey)) < distance((r, g, b), rgb(ofXterm256: cube)) ? grey : cube
    }

    /// The nearest of the 16 ANSI colours for a 256-palette index.
    public static func ansi16(fromXterm256 index: Int) -> Int {
        if index < 16 { return max(0, index) }
        return nearestANSI(rgb(ofXterm256: index), among: 0..<16)
    }

    /// Bright colours fold onto their normal counterparts on 8-colour terminals.
    public static func ansi8(fromANSI16 index: Int) -> Int { index % 8 }

    /// The colour number to give ncurses for `color` at `depth`: -1 for the terminal's default,
    /// nil when the terminal shows no colours. At `.direct` it is 0xRRGGBB (xterm-direct
    /// convention; values below 8 are the ANSI colours).
    public static func terminalColor(_ color: ThemeColor, depth: ColorDepth) -> Int? {
        if depth == .none { return nil }
        switch color {
        case .default: return -1
        case .ansi(let i):
            switch depth {
            case .eight: return ansi8(fromANSI16: i)
            case .direct where i >= 8: return packed(rgb(ofXterm256: i))
            default: return i
            }
        case .indexed(let i):
            switch depth {
            case .eight: return ansi8(fromANSI16: ansi16(fromXterm256: i))
            case .sixteen: return ansi16(fromXterm256: i)
            case .direct where i >= 8: return packed(rgb(ofXterm256: i))
            default: return i
            }
        case let .rgb(r, g, b):
            let index = xterm256(r: Int(r), g: Int(g), b: Int(b))
            switch depth {
            case .direct: return max(8, packed((Int(r), Int(g), Int(b))))
            case .c256: return index
            case .sixteen: return nearestANSI((Int(r), Int(g), Int(b)), among: 0..<16)
            default: return ansi8(fromANSI16: nearestANSI((Int(r), Int(g), Int(b)), among: 0..<16))
            }
        }
    }

    static func packed(_ c: RGB) -> Int { c.r << 16 | c.g << 8 | c.b }

    static func nearestANSI(_ c: RGB, among range: Range<Int>) -> Int {
        range.min { distance(c, ansi16[$0]) < distance(c, ansi16[$1]) }!
    }

    /// Squared distance weighted roughly by how sensitive the eye is to each channel.
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }
}
