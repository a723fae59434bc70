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
    /// A 13-month sparkline, one cell a month.
    static let trendWidth = 13
    /// Reporting: from this width the reporter column shows whole names with their file.
    static let wideReporterNames = 140

    // MARK: Figure screens

    /// Overview: the tiles' height on a tall and on a short screen.
    static let tileLines = (tall: 5, short: 4)
    /// Overview: fewest lines the alert list keeps under the chain table (tall, short screen).
    static let overviewAlerts = (tall: 8, short: 5)
    /// Overview: fewest lines the chain table keeps: its header and one chain.
    static let overviewSmallestTable = ListBox.chrome + 1
    /// Re-lending: the selected tool's panel shows when the table keeps three rows (or all).
    static let tableBesidePanel = ListBox.chrome + 3
    /// Leftover room under a screen's panels lists its alerts from this height: one alert.
    static let smallestAlertList = Box.chrome + 1
    /// Re-lending with every tool's panel: most alerts listed under them.
    static let alertsUnderPanels = 5
    /// Chains: the panel's bar chart of the trend shows from this height.
    static let smallestChart = 5
    /// Widths of a bar in a panel (usage, a pool's loss rate), and of a maturity ladder's bars:
    /// what the line leaves, within these.
    static let panelBar = 10...40
    static let ladderBar = 10...32
    /// Help: screen titles per line, so 80 columns show them all.
    static let helpScreensPerLine = 4

    // MARK: Drill-down lists

    /// Widths of a list's first column, each row's own name.
    static let drillRowName = 16...36
    /// Widths of a name among a row's values (a loan's bank, a guarantee's pool).
    static let drillName = 8...30
    /// Widths of a free text among a row's values (a product, the tags).
    static let drillText = 6...24
    /// Columns without a headline priority give way from the right: 80, 77, 74 … (never below
    /// 10), so a narrow screen keeps the list's first columns.
    static func drillPriority(at index: Int) -> Int { max(10, 80 - 3 * index) }
    /// The enterprise's tags line shows above its loans when more lines than this are left.
    static let drillTagsAbove = 8
    /// Fewest lines the table keeps when the selected row's card shows under it: nine rows,
    /// or all of them.
    static let drillTableBesideCard = ListBox.chrome + 9
    /// Rows formatted to size the columns besides those on screen: the first ones, and as many
    /// spread over the rest, so widths stay steady while scrolling a long list.
    static let drillWidthSample = 50
}

extension ClosedRange where Bound == Int {
    /// `n`, brought within the range.
    func clamp(_ n: Int) -> Int { Swift.min(Swift.max(n, lowerBound), upperBound) }
}
