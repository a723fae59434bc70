import KejinCore

/// Every label the dashboard shows, in Chinese (the default) and English. One table, so a
/// translation is checked in one place and screens hold no literals.
public enum Str: String, CaseIterable, Sendable {
    // Chrome
    case appTitle, screenOverview, screenChains, screenRelending, screenGuarantees
    case period, updatedAt, refreshEvery, secondsUnit, theme, readOnly, error, errorSince, staleFigures, hintHelp, hintQuit
    case atFirstPeriod, atLastPeriod, noPeriods
    case tooSmall, needsAtLeast, currentSize
    case noData, noDataEmptyStore, noDataForPeriod, noDataKeys, noRows, notAvailable
    case keyChainsHint, keyRowsHint
    // Units
    case borrowersUnit, loansUnit, payoutsUnit, monthsUnit
    // Overview tiles
    case tileTechLoans, tileTechLoansShort, tileTechInnovation, tileTechInnovationShort
    case tileTechTransformation, tileTechTransformationShort, tileIPPledge, tileIPPledgeShort, yoy
    // Chains
    case chainsTitle, colChain, colLeadBank, colBalance, colBorrowers, colYoY, colTechLoans, colTechBorrowers
    case colTechYoY, colRelendingShare, colGuarantee, colTrend
    case chainLoans, techLoans, relendingFunded, guaranteeInForce, trend, shareOfChain, leadBank
    // Re-lending
    case relendingTitle, colTool, colQuota, colDrawn, colUsage, colRate, colLedger, colLedgerCount
    case colDue30, colDue60, colDue90, colRollover
    case quota, drawn, rate, usage, ledgerLoans, refinancedShare, maturities, within30, within60, within90
    case rolloverExhausted, rollovers
    // Guarantees
    case guarantorsTitle, colGuarantor, colFirmsInForce, colBalanceInForce, colAverageFee, colLowestBankShare
    case colNetAssets, colLeverage
    case capital, paidOut, remaining, coveredBalance, riskShare, lossRate, breaker, status, poolNormal, poolTripped
    // Alerts
    case relendingUsageTitle, poolsTitle
    case alertsTitle, noAlerts, moreAlerts, warning, critical, below, above, colEntity, colMeasure, colValue, colThreshold
    case measureRelendingUsage, measureRolloverExhausted, measureFeeRate, measureLeverage, measureBankRiskShare
    case measurePoolLossRate, measurePoolRemaining, measureChainTechGrowth, measureChainGrowthGap
    // Help
    case helpTitle, helpScreens, helpNextScreen, helpPeriod, helpFirstLastPeriod, helpRows, helpPage
    case helpFirstLastRow, helpTheme, helpLanguage, helpRefresh, helpHelp, helpClose, helpQuit
    case helpLegendMarkers, helpLegendChanges
    // Alerts screen and acknowledgements
    case screenAlerts, colAlertID, colAcknowledged, acknowledged, openAlerts, keyAlertsHint
    case ackHowTo, ackHowToOperator, ackDone, ackAlready, ackFailed, helpJump, helpAck, helpLegendAck
    case alertRule, alertThresholds, alertHysteresis, alertStatus, alertAllEntities, alertSince
    case heldByBand, heldByBandClears, noteLocaleNotUTF8, noteLangUnset, noteUsingCUTF8, noteEnglishASCII
    case noteNoUTF8Locale, noteAmbiguousWide, themeFileError, themeDefaultUsed
    // Drill-down, banks and the four loans
    case screenBanks, screenFourLoans, filter, sort, filterHint, filterNeedsList
    case deepestLevel, loading, keyDrillHint, noMatches, tagsLabel, tagValid
    case tagExpired, yes, notLoaded, levelBanks, levelFourLoans, levelChainBanks
    case levelEnterprises, levelLoans, levelDraws, levelLedgerLoans, levelGuarantees, levelGuaranteedLoans
    case levelPayouts, fieldBank, fieldChain, fieldEnterprise, fieldLoan, fieldDraw
    case fieldGuarantee, fieldPayout, fieldCity, fieldCode, fieldProduct, fieldPurpose
    case fieldTags, fieldGuarantor, fieldPool, fieldStartDate, fieldMaturityDate, fieldEndDate
    case fieldDrawDate, fieldRepaidDate, fieldDate, fieldBalance, fieldBorrowers, fieldLoans
    case fieldYoY, fieldTechBalance, fieldTechBorrowers, fieldTechYoY, fieldShareOfChain, fieldShareOfOwnLoans
    case fieldShareOfMarket, fieldTrend, fieldFourLoans, fieldIPPledge, fieldRate, fieldAmount
    case fieldRollovers, fieldOutstanding, fieldLedgerBalance, fieldLedgerLoans, fieldRelendingDrawn, fieldFee
    case fieldBankShare, fieldFirstFirms, fieldFirstBalance, fieldFirstShare, fieldCreditFirms, fieldCreditBalance
    case fieldCreditShare, fieldRenewalFirms, fieldRenewalBalance, fieldRenewalShare, fieldRevolvingFirms, fieldRevolvingBalance
    case fieldRevolvingShare, fieldTechNPL, fieldPolicyExecution, fieldProductInnovation, fieldServiceNetwork, fieldRiskControl
    case fieldCollaboration, tagHighTech, tagTechSME, tagInnovativeSME, tagSRDI, tagLittleGiant
    case tagWhitelist, tagHighTechShort, tagTechSMEShort, tagInnovativeSMEShort, tagSRDIShort, tagLittleGiantShort
    case tagWhitelistShort, purposeInnovation, purposeTransformation, purposeGeneral, flagFirst, flagCredit
    case flagRenewal, flagRevolving, helpOpenBack, helpFilter, helpSort
    case demoData
    // Idle lock (--idle-lock)
    case lockTitle, lockHint
    // Reporting status (报送情况)
    case screenReporting, reportingTitle, reportingProvisional, periodComplete, periodClosed, missingReporters
    case provisionalNoAlerts, colReporter, colEntityFile, colRows, colDeliveredAt, colImportID, delivered, notDelivered
    case closedBy, colDeliveryStatus, measureReportingLate, daysUnit, revisedMark, revisionsTitle
    case helpLegendProvisional
    // Guarantors and banks' draws as reporters; revisions of dated figures; the import log behind a delivery
    case fileLoanBalances, fileGuarantees, fileRelendingDraws, measureRelendingDrawn, measureGuaranteesInForce
    case levelDeliveries, fieldImportID, fieldFile, fieldImportedAt, fieldImportedBy, fieldRows, fieldAdded
    case fieldChanged, fieldRemoved, fieldChecksum, fieldPeriod
    // Regions (地区): the scope, its selector and the Regions view (issue 18)
    case region, wholeStore, screenRegions, regionsTitle, colRegion, colTechShare, colAlerts, regionLevelProvince
    case regionLevelCity, regionLevelCounty, regionPrompt, regionUnknown, regionOutside, regionFixed, helpRegion
    case noRegions, regionLoans
    // Re-lending ledger coverage and eligibility (issue 17)
    case colCoverage, ledgerCoverage, capWord, ineligibleWord, fieldIneligible, measureCapUse, measureIneligible
    case tagCandidate, tagCandidateShort, tagAgri, tagAgriShort, tagSmallMicro, tagSmallMicroShort, coverageByBank

    public func text(_ language: Language) -> String { names.text(language) }

    public var names: Names {
        let (zh, en) = pair
        return Names(zh: zh, en: en)
    }

    private var pair: (String, String) {
        switch self {
        case .appTitle: return ("科金看板", "Kejin")
        case .screenOverview: return ("总览", "Overview")
        case .screenChains: return ("产业链", "Chains")
        case .screenRelending: return ("再贷款", "Re-lending")
        case .screenGuarantees: return ("担保", "Guarantees")
        case .period: return ("期间", "Period")
        case .updatedAt: return ("数据更新", "Data updated")
        case .refreshEvery: return ("刷新", "refresh")
        case .secondsUnit: return ("秒", "s")
        case .theme: return ("主题", "theme")
        case .readOnly: return ("只读", "read-only")
        case .error: return ("错误", "Error")
        case .errorSince: return ("起始", "since")
        case .staleFigures: return ("所示数据截至", "figures shown are from")
        case .hintHelp: return ("?帮助", "? help")
        case .hintQuit: return ("q退出", "q quit")
        case .atFirstPeriod: return ("已是最早一期", "Already at the first period")
        case .atLastPeriod: return ("已是最新一期", "Already at the latest period")
        case .noPeriods: return ("没有可选的期间", "No periods stored")
        case .tooSmall: return ("终端窗口太小", "Terminal too small")
        case .needsAtLeast: return ("至少需要", "needs at least")
        case .currentSize: return ("当前", "now")
        case .noData: return ("暂无数据", "No data")
        case .noDataEmptyStore: return ("数据库中还没有数据，请先导入。", "The store holds no data yet: import some first.")
        case .noDataForPeriod: return ("该期间没有数据。", "Nothing is stored for this period.")
        case .noDataKeys: return ("[ ] 切换期间   r 刷新   q 退出", "[ ] period   r refresh   q quit")
        case .noRows: return ("（无）", "(none)")
        case .notAvailable: return ("暂无", "n/a")
        case .keyChainsHint: return ("查看明细", "for detail")  // after the Chains key
        case .keyRowsHint: return ("j/k 选择", "j/k select")
        case .borrowersUnit: return ("户", "firms")
        case .loansUnit: return ("笔", "loans")
        case .payoutsUnit: return ("笔", "payouts")
        case .monthsUnit: return ("个月", " months")
        case .tileTechLoans: return ("科技型企业贷款", "Tech-enterprise loans")
        case .tileTechLoansShort: return ("科技型企业贷款", "Tech loans")
        case .tileTechInnovation: return ("科技创新贷款", "Tech-innovation loans")
        case .tileTechInnovationShort: return ("科创贷款", "Innovation")
        case .tileTechTransformation: return ("技术改造贷款", "Tech-upgrade loans")
        case .tileTechTransformationShort: return ("技改贷款", "Tech upgrade")
        case .tileIPPledge: return ("知识产权质押贷款", "IP-pledge loans")
        case .tileIPPledgeShort: return ("知识产权质押", "IP pledge")
        case .yoy: return ("同比", "YoY")
        case .chainsTitle: return ("重点产业链", "Industry chains")
        case .colChain: return ("产业链", "Chain")
        case .colLeadBank: return ("主办行", "Lead bank")
        case .colBalance: return ("余额(元)", "Loans (¥)")
        case .colBorrowers: return ("户数", "Firms")
        case .colYoY: return ("同比", "YoY")
        case .colTechLoans: return ("科技贷款(元)", "Tech loans (¥)")
        case .colTechBorrowers: return ("科技户数", "Tech firms")
        case .colTechYoY: return ("科技同比", "Tech YoY")
        case .colRelendingShare: return ("再贷占比", "Re-lent")
        case .colGuarantee: return ("担保余额(元)", "Guar. (¥)")
        case .colTrend: return ("趋势", "Trend")
                case .chainLoans: return ("链上贷款", "Chain loans")
        case .techLoans: return ("科技贷款", "Tech loans")
        case .relendingFunded: return ("再贷款支持", "Re-lending funded")
        case .guaranteeInForce: return ("担保在保", "Guarantees")
        case .trend: return ("趋势", "Trend")
        case .shareOfChain: return ("占链上贷款", "share of chain loans")
        case .leadBank: return ("主办行", "lead bank")
        case .relendingTitle: return ("再贷款工具", "Re-lending tools")
        case .colTool: return ("工具", "Tool")
        case .colQuota: return ("额度(元)", "Quota (¥)")
        case .colDrawn: return ("已用(元)", "Drawn (¥)")
        case .colUsage: return ("使用率", "Usage")
        case .colRate: return ("利率", "Rate")
        case .colLedger: return ("台账贷款(元)", "Ledger (¥)")
        case .colLedgerCount: return ("笔数", "Loans")
        case .colDue30: return ("30天到期", "Due 30d")
        case .colDue60: return ("60天到期", "Due 60d")
        case .colDue90: return ("90天到期", "Due 90d")
        case .colRollover: return ("展期用尽", "No rollover")
        case .quota: return ("额度", "Quota")
        case .drawn: return ("已用", "drawn")
        case .rate: return ("利率", "rate")
        case .usage: return ("使用率", "Usage")
        case .ledgerLoans: return ("台账贷款", "Ledger loans")
        case .refinancedShare: return ("再贷款/台账", "refinanced")
        case .maturities: return ("到期", "Falling due")
        case .within30: return ("30天内", "30 days")
        case .within60: return ("60天内", "60 days")
        case .within90: return ("90天内", "90 days")
        case .rolloverExhausted: return ("30天内到期且展期已用尽", "no rollover left, due in 30d")
        case .rollovers: return ("展期", "Rollovers")
        case .guarantorsTitle: return ("政府性融资担保机构", "Government guarantors")
        case .colGuarantor: return ("担保机构", "Guarantor")
        case .colFirmsInForce: return ("户数", "Firms")
        case .colBalanceInForce: return ("在保余额(元)", "In force (¥)")
        case .colAverageFee: return ("平均费率", "Avg fee")
        case .colLowestBankShare: return ("最低分险", "Bank share")
        case .colNetAssets: return ("净资产(元)", "Net assets (¥)")
        case .colLeverage: return ("放大倍数", "Leverage")
        case .capital: return ("资金规模", "Capital")
        case .paidOut: return ("已代偿", "paid out")
        case .remaining: return ("剩余", "left")
        case .coveredBalance: return ("覆盖余额", "Covered")
        case .riskShare: return ("分担比例", "risk share")
        case .lossRate: return ("损失率", "Loss rate")
        case .breaker: return ("熔断线", "breaker")
        case .status: return ("状态", "status")
        case .poolNormal: return ("正常", "normal")
        case .poolTripped: return ("熔断", "suspended")
        case .screenBanks: return ("银行", "Banks")
        case .screenFourLoans: return ("四贷", "Four loans")
        case .filter: return ("筛选", "filter")
        case .sort: return ("排序", "sort")
        case .filterHint: return ("Enter 确定  Esc 清除", "Enter keeps  Esc clears")
        case .filterNeedsList: return ("筛选用于列表（产业链、再贷款、担保、银行、四贷及明细）", "Filtering works in lists (screens 2–6 and drill-downs)")
        case .deepestLevel: return ("已是最底层明细", "No deeper level")
        case .loading: return ("正在加载", "Loading")
        case .keyDrillHint: return ("Enter 明细  Esc 返回", "Enter open  Esc back")
        case .noMatches: return ("无匹配行", "No matching rows")
        case .tagsLabel: return ("资质", "Tags")
        case .tagValid: return ("有效", "valid")
        case .tagExpired: return ("已失效", "expired")
        case .yes: return ("是", "yes")
        case .notLoaded: return ("—", "—")
        case .levelBanks: return ("银行科技金融", "Banks: tech lending")
        case .levelFourLoans: return ("四贷：首贷 信用贷 无还本续贷 随借随还", "Four loans: first, credit, renewal, revolving")
        case .levelChainBanks: return ("放贷银行", "Lending banks")
        case .levelEnterprises: return ("企业", "Enterprises")
        case .levelLoans: return ("贷款", "Loans")
        case .levelDraws: return ("再贷款发放", "Re-lending draws")
        case .levelLedgerLoans: return ("台账贷款", "Ledger loans")
        case .levelGuarantees: return ("在保业务", "Guarantees in force")
        case .levelGuaranteedLoans: return ("担保贷款", "Guaranteed loans")
        case .levelPayouts: return ("代偿记录", "Pay-outs")
        case .fieldBank: return ("银行", "Bank")
        case .fieldChain: return ("产业链", "Chain")
        case .fieldEnterprise: return ("企业", "Enterprise")
        case .fieldLoan: return ("贷款编号", "Loan")
        case .fieldDraw: return ("再贷款", "Draw")
        case .fieldGuarantee: return ("担保编号", "Guarantee")
        case .fieldPayout: return ("代偿编号", "Pay-out")
        case .fieldCity: return ("地区", "Area")
        case .fieldCode: return ("代码", "Code")
        case .fieldProduct: return ("产品", "Product")
        case .fieldPurpose: return ("用途", "Purpose")
        case .fieldTags: return ("资质", "Tags")
        case .fieldGuarantor: return ("担保机构", "Guarantor")
        case .fieldPool: return ("资金池", "Pool")
        case .fieldStartDate: return ("发放日", "Start")
        case .fieldMaturityDate: return ("到期日", "Maturity")
        case .fieldEndDate: return ("到期日", "End")
        case .fieldDrawDate: return ("发放日", "Drawn")
        case .fieldRepaidDate: return ("归还日", "Repaid")
        case .fieldDate: return ("日期", "Date")
        case .fieldBalance: return ("余额(元)", "Balance (¥)")
        case .fieldBorrowers: return ("户数", "Firms")
        case .fieldLoans: return ("笔数", "Loans")
        case .fieldYoY: return ("同比", "YoY")
        case .fieldTechBalance: return ("科技贷款(元)", "Tech loans (¥)")
        case .fieldTechBorrowers: return ("科技户数", "Tech firms")
        case .fieldTechYoY: return ("科技同比", "Tech YoY")
        case .fieldShareOfChain: return ("占链比", "Chain share")
        case .fieldShareOfOwnLoans: return ("占本行贷款", "Of own loans")
        case .fieldShareOfMarket: return ("市场份额", "Market share")
        case .fieldTrend: return ("13月余额", "13 months")
        case .fieldFourLoans: return ("四贷", "4 loans")
        case .fieldIPPledge: return ("知产质押", "IP pledge")
        case .fieldRate: return ("利率", "Rate")
        case .fieldAmount: return ("金额(元)", "Amount (¥)")
        case .fieldRollovers: return ("展期", "Rollovers")
        case .fieldOutstanding: return ("未还(元)", "Outstanding (¥)")
        case .fieldLedgerBalance: return ("台账余额(元)", "Ledger (¥)")
        case .fieldLedgerLoans: return ("台账笔数", "Ledger loans")
        case .fieldRelendingDrawn: return ("再贷款(元)", "Re-lending (¥)")
        case .fieldFee: return ("费率", "Fee")
        case .fieldBankShare: return ("银行分险", "Bank share")
        case .fieldFirstFirms: return ("首贷户", "First firms")
        case .fieldFirstBalance: return ("首贷余额", "First (¥)")
        case .fieldFirstShare: return ("首贷占比", "First %")
        case .fieldCreditFirms: return ("信用贷户", "Credit firms")
        case .fieldCreditBalance: return ("信用贷余额", "Credit (¥)")
        case .fieldCreditShare: return ("信用贷占比", "Credit %")
        case .fieldRenewalFirms: return ("续贷户", "Renewal firms")
        case .fieldRenewalBalance: return ("续贷余额", "Renewal (¥)")
        case .fieldRenewalShare: return ("续贷占比", "Renewal %")
        case .fieldRevolvingFirms: return ("随借随还户", "Revolving firms")
        case .fieldRevolvingBalance: return ("随借随还余额", "Revolving (¥)")
        case .fieldRevolvingShare: return ("随借随还占比", "Revolving %")
        case .fieldTechNPL: return ("科技不良率", "Tech NPL")
        case .fieldPolicyExecution: return ("政策执行", "Policy")
        case .fieldProductInnovation: return ("产品创新", "Products")
        case .fieldServiceNetwork: return ("服务网络", "Network")
        case .fieldRiskControl: return ("风险控制", "Risk control")
        case .fieldCollaboration: return ("协同联动", "Collaboration")
        case .tagHighTech: return ("高新技术企业", "High-tech")
        case .tagTechSME: return ("科技型中小企业", "Tech SME")
        case .tagInnovativeSME: return ("创新型中小企业", "Innovative SME")
        case .tagSRDI: return ("专精特新", "SRDI")
        case .tagLittleGiant: return ("小巨人", "Little giant")
        case .tagWhitelist: return ("白名单", "Whitelist")
        case .tagHighTechShort: return ("高新", "HT")
        case .tagTechSMEShort: return ("科小", "TSME")
        case .tagInnovativeSMEShort: return ("创新", "ISME")
        case .tagSRDIShort: return ("专精", "SRDI")
        case .tagLittleGiantShort: return ("巨人", "LG")
        case .tagWhitelistShort: return ("白名单", "WL")
        case .purposeInnovation: return ("科技创新", "Innovation")
        case .purposeTransformation: return ("技术改造", "Upgrade")
        case .purposeGeneral: return ("一般", "General")
        case .flagFirst: return ("首", "F")
        case .flagCredit: return ("信", "C")
        case .flagRenewal: return ("续", "R")
        case .flagRevolving: return ("随", "V")
        case .helpOpenBack: return ("打开明细 / 返回上一层", "Open detail / go back")
        case .helpFilter: return ("筛选（Enter 确定，Esc 清除）", "Filter (Enter keeps, Esc clears)")
        case .helpSort: return ("切换排序列 / 反向", "Next sort column / reverse")
        case .relendingUsageTitle: return ("再贷款额度使用", "Re-lending quota used")
        case .poolsTitle: return ("风险补偿资金池 损失率/熔断线", "Risk pools: loss rate / breaker")
        case .alertsTitle: return ("当前预警", "Alerts")
        case .noAlerts: return ("无预警", "No alerts")
        case .moreAlerts: return ("另有", "more:")
        case .warning: return ("预警", "warn")
        case .critical: return ("严重", "crit")
        case .below: return ("低于", "below")
        case .above: return ("高于", "above")
        case .colEntity: return ("对象", "Entity")
        case .colMeasure: return ("指标", "Measure")
        case .colValue: return ("数值", "Value")
        case .colThreshold: return ("阈值", "Threshold")
        case .measureRelendingUsage: return ("再贷款使用率", "Re-lending usage")
        case .measureRolloverExhausted: return ("到期且展期用尽", "No rollover left")
        case .measureFeeRate: return ("平均担保费率", "Average fee")
        case .measureLeverage: return ("放大倍数", "Leverage")
        case .measureBankRiskShare: return ("银行分险比例", "Bank risk share")
        case .measurePoolLossRate: return ("资金池损失率", "Pool loss rate")
        case .measurePoolRemaining: return ("资金池剩余比例", "Pool remaining")
        case .measureChainTechGrowth: return ("科技贷款同比", "Tech-loan growth")
        case .measureChainGrowthGap: return ("科技贷款增速差", "Tech vs all-loan growth")
        case .helpTitle: return ("按键帮助", "Keys")
        case .helpScreens: return ("总览 / 产业链 / 再贷款 / 担保 / 银行 / 四贷 / 预警", "Overview / chains / re-lending / guarantees / banks / four loans / alerts")
        case .helpNextScreen: return ("下一页 / 上一页", "Next / previous screen")
        case .helpPeriod: return ("上一期 / 下一期", "Previous / next period")
        case .helpFirstLastPeriod: return ("最早一期 / 最新一期", "First / latest period")
        case .helpRows: return ("选择上一行 / 下一行", "Select previous / next row")
        case .helpPage: return ("上翻一页 / 下翻一页", "Page up / down")
        case .helpFirstLastRow: return ("第一行 / 最后一行", "First / last row")
        case .helpTheme: return ("切换配色主题", "Next colour theme")
        case .helpLanguage: return ("中文 / English", "English / 中文")
        case .helpRefresh: return ("立即刷新数据", "Reload the data now")
        case .helpHelp: return ("显示本帮助", "Show this help")
        case .helpClose: return ("Esc 关闭帮助", "Esc closes help")
        case .helpQuit: return ("退出", "Quit")
        case .helpLegendMarkers: return ("标记: ! 预警   !! 严重", "Markers: ! warning   !! critical")
        case .helpLegendChanges: return ("变化: + 上升   - 下降 (同比)", "Changes: + up   - down (year on year)")
        case .screenAlerts: return ("预警", "Alerts")
        case .colAlertID: return ("编号", "ID")
        case .colAcknowledged: return ("确认", "Acknowledged")
        case .acknowledged: return ("已确认", "ack'd")
        case .openAlerts: return ("未确认", "open")
        case .keyAlertsHint: return ("Enter 跳转  a 确认", "Enter: go to  a: acknowledge")
        case .ackHowTo: return ("确认预警请运行 kejin alerts ack", "To acknowledge, run kejin alerts ack")
        case .ackHowToOperator: return ("或以 kejin --operator 启动后按 a", "or start kejin --operator and press a")
        case .ackDone: return ("已确认预警", "Acknowledged alert")
        case .ackAlready: return ("该预警已确认", "Already acknowledged")
        case .ackFailed: return ("确认失败", "Acknowledgement failed")
        case .helpJump: return ("预警页: 跳到预警对象", "Alerts: go to the alert's entity")
        case .helpAck: return ("预警页: 确认所选预警", "Alerts: acknowledge the selected alert")
        case .alertRule: return ("规则", "Rule")
        case .alertThresholds: return ("阈值", "Thresholds")
        case .alertHysteresis: return ("回差", "Hysteresis")
        case .alertStatus: return ("状态", "Status")
        case .alertAllEntities: return ("全部对象", "all entities")
        case .alertSince: return ("起", "from")
        case .heldByBand: return ("回差保持", "held by band")
        case .heldByBandClears: return ("上期已预警，在回差内保持；解除需回到", "fired last period, held by the band; clears at")
        case .noteLocaleNotUTF8: return ("区域设置 {locale} 不是 UTF-8", "locale {locale} is not UTF-8")
        case .noteLangUnset: return ("未设置 LANG", "LANG unset")
        case .noteUsingCUTF8: return ("改用 C.UTF-8", "using C.UTF-8")
        case .noteEnglishASCII: return ("英文与 ASCII 显示", "English/ASCII")
        case .noteNoUTF8Locale: return ("没有 UTF-8 区域设置", "no UTF-8 locale")
        case .noteAmbiguousWide: return ("终端把歧义宽度字符画成两格：改用 ASCII 边框", "ambiguous-width terminal: ASCII borders")
        case .themeFileError: return ("主题文件有误", "theme file error:")
        case .themeDefaultUsed: return ("已改用默认主题", "default theme used")
        case .helpLegendAck: return ("✓ 已确认 (不计入未确认预警)", "✓ acknowledged (not counted as open)")
        case .demoData: return ("演示数据", "DEMO DATA")
        case .lockTitle: return ("看板已锁定 (长时间无操作)", "Dashboard locked (idle)")
        case .lockHint: return ("按任意键返回", "Press any key to return")
        case .screenReporting: return ("报送", "Reporting")
        case .reportingTitle: return ("报送情况", "Reporting status")
        case .reportingProvisional: return ("报送中", "provisional")
        case .periodComplete: return ("已报齐", "complete")
        case .periodClosed: return ("已关账", "closed")
        case .missingReporters: return ("未报送", "Missing")
        case .provisionalNoAlerts: return ("该期间报送未齐，数据为临时数，不评估预警。", "This period is provisional (reporting incomplete): alerts are not evaluated.")
        case .colReporter: return ("报送机构", "Reporter")
        case .colEntityFile: return ("文件", "File")
        case .colRows: return ("行数", "Rows")
        case .colDeliveredAt: return ("报送时间(UTC)", "Delivered (UTC)")
        case .colImportID: return ("导入号", "Import")
        case .delivered: return ("已报送", "delivered")
        case .notDelivered: return ("未报送", "missing")
        case .closedBy: return ("关账", "closed by")
        case .colDeliveryStatus: return ("状态", "Status")
        case .measureReportingLate: return ("逾期未报送", "Days late reporting")
        case .daysUnit: return ("天", " days")
        case .revisedMark: return ("修订", "rev")
        case .revisionsTitle: return ("修订记录", "Revisions")
        case .helpLegendProvisional: return ("* 临时数: 该期间报送未齐 (报送中)", "* provisional: the period's reporting is incomplete")
        case .fileLoanBalances: return ("贷款台账", "loan ledger")
        case .fileGuarantees: return ("担保业务", "guarantees")
        case .fileRelendingDraws: return ("再贷款提款", "re-lending draws")
        case .measureRelendingDrawn: return ("再贷款已用", "Re-lending drawn")
        case .measureGuaranteesInForce: return ("担保在保余额", "Guarantees in force")
        case .levelDeliveries: return ("导入记录", "Import log")
        case .fieldImportID: return ("导入号", "Import")
        case .fieldFile: return ("文件", "File")
        case .fieldImportedAt: return ("导入时间(UTC)", "Imported (UTC)")
        case .fieldImportedBy: return ("操作人", "By")
        case .fieldRows: return ("行数", "Rows")
        case .fieldAdded: return ("新增", "Added")
        case .fieldChanged: return ("变更", "Changed")
        case .fieldRemoved: return ("删除", "Removed")
        case .fieldChecksum: return ("校验和", "Checksum")
        case .fieldPeriod: return ("期间", "Period")
        case .region: return ("地区", "Region")
        case .wholeStore: return ("全部地区", "All regions")
        case .screenRegions: return ("地区", "Regions")
        case .regionsTitle: return ("下辖地区", "Regions within")
        case .colRegion: return ("地区", "Region")
        case .colTechShare: return ("科技占比", "Tech share")
        case .colAlerts: return ("预警", "Alerts")
        case .regionLevelProvince: return ("省", "province")
        case .regionLevelCity: return ("市", "city")
        case .regionLevelCounty: return ("区县", "county")
        case .regionPrompt: return ("地区代码或名称 (空=全部): ", "Region code or name (empty = all): ")
        case .regionUnknown: return ("无此地区", "no such region")
        case .regionOutside: return ("不在可查看地区内", "outside the regions this viewer may see")
        case .regionFixed: return ("地区已限定", "region fixed")
        case .helpRegion: return ("选择地区 (代码或名称)", "Choose a region (code or name)")
        case .noRegions: return ("无下辖地区 (地区见 regions.csv)", "no regions within (regions come from regions.csv)")
        case .regionLoans: return ("各项贷款", "All loans")
        case .colCoverage: return ("台账覆盖/上限", "Ledger cover / cap")
        case .ledgerCoverage: return ("台账覆盖", "Ledger cover")
        case .capWord: return ("上限", "cap")
        case .ineligibleWord: return ("资格不符", "ineligible")
        case .fieldIneligible: return ("资格不符", "Ineligible")
        case .measureCapUse: return ("台账覆盖/上限", "Ledger cover / cap")
        case .measureIneligible: return ("资格不符台账贷款", "Ineligible ledger loans")
        case .tagCandidate: return ("科技企业候选名单", "Candidate list")
        case .tagCandidateShort: return ("候选", "Cand")
        case .tagAgri: return ("涉农主体", "Agricultural")
        case .tagAgriShort: return ("涉农", "Agri")
        case .tagSmallMicro: return ("小微企业", "Small/micro firm")
        case .tagSmallMicroShort: return ("小微", "SMF")
        case .coverageByBank: return ("各行台账覆盖", "Ledger cover by bank")
        }
    }
}
