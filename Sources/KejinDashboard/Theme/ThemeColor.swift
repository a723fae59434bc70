import Foundation

/// A colour as a theme file names it: the terminal's default, one of the 16 ANSI colours,
/// an xterm-256 index, or a 24-bit RGB value. The terminal degrades it to what it can show.
public enum ThemeColor: Hashable, Sendable, CustomStringConvertible {
    case `default`
    /// 0–7 normal, 8–15 bright, in `ThemeColor.ansiNames` order.
    case ansi(Int)
    /// An xterm-256 palette index, 0–255.
    case indexed(Int)
    case rgb(red: UInt8, green: UInt8, blue: UInt8)

    /// The 16 ANSI colour names a theme may use, index = ANSI number.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses `default`, an ANSI name (`bright-cyan`, also `gray`/`grey` for bright-black),
    /// a decimal index `0`–`255`, or `#RRGGBB`. Returns nil for anything else.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t == "none" { self = .default; return }
        if t == "gray" || t == "grey" { self = .ansi(8); return }
        if let i = Self.ansiNames.firstIndex(of: t.replacingOccurrences(of: "_", with: "-")) {
            self = .ansi(i); return
        }
        if let n = Int(t) {
            guard (0...255).contains(n) else { return nil }
            self = .indexed(n); return
        }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(red: UInt8(v >> 16 & 0xFF), green: UInt8(v >> 8 & 0xFF), blue: UInt8(v & 0xFF))
            return
        }
        return nil
    }

    /// The spelling a theme file would use for this colour.
    public var description: String {
        switch self {
        case .default: return "default"
        case .ansi(let i): return Self.ansiNames[i]
        case .indexed(let i): return String(i)
        case let .rgb(r, g, b):
            return "#" + [r, g, b].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        }
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
