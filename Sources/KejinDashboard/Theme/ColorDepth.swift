/// How many colours the terminal can show, from none (NO_COLOR, monochrome terminals) to 24-bit.
public enum ColorDepth: String, Sendable, CaseIterable, Comparable {
    case none, eight, sixteen, c256, direct

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
