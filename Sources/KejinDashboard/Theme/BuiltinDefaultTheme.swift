/// The default theme compiled in, so kejin has colours even when Themes/ cannot be found.
/// Keep identical to Themes/default.yaml (a test checks they parse the same).
extension Theme {
    public static let builtinDefaultYAML = """
        # kejin default theme: light text on a dark background.
        name: default
        description: Dark background; cyan titles, green for up, red for down.
        roles:
          normal:    { fg: default, bg: default }
          title:     { fg: bright-cyan, bold: true }
          label:     { fg: "#a8a8a8" }
          value:     { fg: bright-white }
          up:        { fg: bright-green }
          down:      { fg: bright-red }
          warning:   { fg: bright-yellow, bold: true }
          critical:  { fg: bright-white, bg: red, bold: true }
          gauge:     { fg: "#5fafff" }
          sparkline: { fg: "#87d7af" }
          border:    { fg: "#5f87af" }
          selection: { fg: black, bg: cyan, mono: [reverse] }
        """

    public static let builtinDefault: Theme = {
        do { return try ThemeParser.parse(builtinDefaultYAML, file: "builtin default theme") } catch {
            fatalError("builtin default theme is broken: \(error)")
        }
    }()
}
