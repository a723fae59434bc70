import KejinCore

/// The region scope, its selector and the Regions view.
extension Str {
    // Regions (地区): the scope, its selector and the Regions view (issue 18)
    public static let region = Str("地区", "Region")
    public static let wholeStore = Str("全部地区", "All regions")
    public static let screenRegions = Str("地区", "Regions")
    public static let regionsTitle = Str("下辖地区", "Regions within")
    public static let colRegion = Str("地区", "Region")
    public static let colTechShare = Str("科技占比", "Tech share")
    public static let colAlerts = Str("预警", "Alerts")
    public static let regionLevelProvince = Str("省", "province")
    public static let regionLevelCity = Str("市", "city")
    public static let regionLevelCounty = Str("区县", "county")
    public static let regionPrompt = Str("地区代码或名称 (空=全部): ", "Region code or name (empty = all): ")
    public static let regionUnknown = Str("无此地区", "no such region")
    public static let regionOutside = Str("不在可查看地区内", "outside the regions this viewer may see")
    public static let regionFixed = Str("地区已限定", "region fixed")
    public static let helpRegion = Str("选择地区 (代码或名称)", "Choose a region (code or name)")
    public static let noRegions = Str("无下辖地区 (地区见 regions.csv)", "no regions within (regions come from regions.csv)")
    public static let regionLoans = Str("各项贷款", "All loans")
}
