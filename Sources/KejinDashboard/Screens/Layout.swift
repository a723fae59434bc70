/// Layout numbers the screens share, named once.
enum Layout {
    /// Fewest lines a selectable table keeps when a panel shares its screen: four rows.
    static let minimumTable = ListBox.chrome + 4
    /// Most lines the Chains screen's bar chart of the trend takes.
    static let chartHeight = 14
    /// From this width the Re-lending screen shows every tool's panel and a wide usage bar.
    static let wide = 110
    /// Overview: tiles get a fifth line, and the alert list more room, from this height.
    static let tall = 30
    /// Overview: the re-lending and pool summaries show from this width.
    static let summaries = 100
}
