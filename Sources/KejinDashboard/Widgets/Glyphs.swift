/// The drawing characters, Unicode or plain ASCII. Box, block and arrow glyphs are East-Asian
/// ambiguous width: layout assumes one cell each, and `ascii` avoids them altogether.
public struct Glyphs: Sendable {
    public let ascii: Bool
    public init(ascii: Bool) { self.ascii = ascii }

    public var topLeft: String { ascii ? "+" : "┌" }
    public var topRight: String { ascii ? "+" : "┐" }
    public var bottomLeft: String { ascii ? "+" : "└" }
    public var bottomRight: String { ascii ? "+" : "┘" }
    public var horizontal: String { ascii ? "-" : "─" }
    public var vertical: String { ascii ? "|" : "│" }
    public var gaugeFull: Character { ascii ? "#" : "█" }
    public var gaugeEmpty: Character { ascii ? "-" : "░" }
    /// Eight levels, lowest first.
    public var sparkLevels: [Character] {
        ascii ? [" ", ".", ":", "-", "=", "+", "*", "#"] : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    }
    public var ellipsis: String { ascii ? "~" : "…" }
    public var separator: String { ascii ? "|" : "│" }
    public var times: String { ascii ? "x" : "×" }
    public var selected: String { ">" }
    public var rightArrow: String { ascii ? "->" : "→" }
}
