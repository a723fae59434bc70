import KejinCore

/// The frame around every screen: title bar, status line, sizes, locale notes, units, help, the idle lock.
extension Str {
    // Chrome
    public static let appTitle = Str("科金看板", "Kejin")
    public static let screenOverview = Str("总览", "Overview")
    public static let screenChains = Str("产业链", "Chains")
    public static let screenRelending = Str("再贷款", "Re-lending")
    public static let screenGuarantees = Str("担保", "Guarantees")
    public static let period = Str("期间", "Period")
    public static let updatedAt = Str("数据更新", "Data updated")
    public static let refreshEvery = Str("刷新", "refresh")
    public static let secondsUnit = Str("秒", "s")
    public static let theme = Str("主题", "theme")
    public static let readOnly = Str("只读", "read-only")
    public static let error = Str("错误", "Error")
    public static let errorSince = Str("起始", "since")
    public static let staleFigures = Str("所示数据截至", "figures shown are from")
    public static let hintHelp = Str("?帮助", "? help")
    public static let hintQuit = Str("q退出", "q quit")
    public static let atFirstPeriod = Str("已是最早一期", "Already at the first period")
    public static let atLastPeriod = Str("已是最新一期", "Already at the latest period")
    public static let noPeriods = Str("没有可选的期间", "No periods stored")
    public static let tooSmall = Str("终端窗口太小", "Terminal too small")
    public static let needsAtLeast = Str("至少需要", "needs at least")
    public static let currentSize = Str("当前", "now")
    public static let noData = Str("暂无数据", "No data")
    public static let noDataEmptyStore = Str("数据库中还没有数据，请先导入。", "The store holds no data yet: import some first.")
    public static let noDataForPeriod = Str("该期间没有数据。", "Nothing is stored for this period.")
    public static let noDataKeys = Str("[ ] 切换期间   r 刷新   q 退出", "[ ] period   r refresh   q quit")
    public static let noRows = Str("（无）", "(none)")
    public static let notAvailable = Str("暂无", "n/a")
    public static let keyChainsHint = Str("查看明细", "for detail")  // after the Chains key
    public static let keyRowsHint = Str("j/k 选择", "j/k select")

    // Locale and theme notes
    public static let noteLocaleNotUTF8 = Str("区域设置 {locale} 不是 UTF-8", "locale {locale} is not UTF-8")
    public static let noteLangUnset = Str("未设置 LANG", "LANG unset")
    public static let noteUsingCUTF8 = Str("改用 C.UTF-8", "using C.UTF-8")
    public static let noteEnglishASCII = Str("英文与 ASCII 显示", "English/ASCII")
    public static let noteNoUTF8Locale = Str("没有 UTF-8 区域设置", "no UTF-8 locale")
    public static let noteAmbiguousWide = Str("终端把歧义宽度字符画成两格：改用 ASCII 边框", "ambiguous-width terminal: ASCII borders")
    public static let themeFileError = Str("主题文件有误", "theme file error:")
    public static let themeDefaultUsed = Str("已改用默认主题", "default theme used")

    // Units
    public static let borrowersUnit = Str("户", "firms")
    public static let loansUnit = Str("笔", "loans")
    public static let payoutsUnit = Str("笔", "payouts")
    public static let monthsUnit = Str("个月", " months")

    // Help
    public static let helpTitle = Str("按键帮助", "Keys")
    public static let helpScreens = Str("总览 / 产业链 / 再贷款 / 担保 / 银行 / 四贷 / 预警", "Overview / chains / re-lending / guarantees / banks / four loans / alerts")
    public static let helpNextScreen = Str("下一页 / 上一页", "Next / previous screen")
    public static let helpPeriod = Str("上一期 / 下一期", "Previous / next period")
    public static let helpFirstLastPeriod = Str("最早一期 / 最新一期", "First / latest period")
    public static let helpRows = Str("选择上一行 / 下一行", "Select previous / next row")
    public static let helpPage = Str("上翻一页 / 下翻一页", "Page up / down")
    public static let helpFirstLastRow = Str("第一行 / 最后一行", "First / last row")
    public static let helpTheme = Str("切换配色主题", "Next colour theme")
    public static let helpLanguage = Str("中文 / English", "English / 中文")
    public static let helpRefresh = Str("立即刷新数据", "Reload the data now")
    public static let helpHelp = Str("显示本帮助", "Show this help")
    public static let helpClose = Str("Esc 关闭帮助", "Esc closes help")
    public static let helpQuit = Str("退出", "Quit")
    public static let helpLegendMarkers = Str("标记: ! 预警   !! 严重", "Markers: ! warning   !! critical")
    public static let helpLegendChanges = Str("变化: + 上升   - 下降 (同比)", "Changes: + up   - down (year on year)")

    // Idle lock (--idle-lock)
    public static let lockTitle = Str("看板已锁定 (长时间无操作)", "Dashboard locked (idle)")
    public static let lockHint = Str("按任意键返回", "Press any key to return")
}
