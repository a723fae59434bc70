import KejinCore

/// What an idle dashboard shows instead of its figures (`--idle-lock`): that it is locked and
/// how to come back. No figure, no name, no period: nothing to read off an unattended screen.
public enum LockScreen {
    public static func render(language: Language, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let lines: [(String, CellStyle)] = [
            (Str.lockTitle.text(language), CellStyle(.warning, bold: true)),
            ("", .normal),
            (Str.lockHint.text(language), CellStyle(.normal)),
        ]
        MessageScreens.centred(lines, into: &grid, Rect(x: 0, y: 0, width: width, height: height))
        return grid
    }
}
