import Foundation
import KejinCore

/// A deterministic province-scale data set for `kejin bench`, written as CSV files in the
/// import format so the benchmark measures the real import path (validation included).
struct SyntheticDataSet {
    var loans: Int
    var months: Int
    var enterprises: Int { max(10, loans / 10) }
    var chains: Int { 40 }
    var banks: Int { 200 }
    var guarantors: Int { 20 }
    var guarantees: Int { min(5_000, max(10, loans / 200)) }
    /// A province: 10 cities of 6 to 10 counties each (80 counties).
    var cities: Int { 10 }
    func counties(inCity c: Int) -> Int { 6 + c % 5 }

    /// Enterprise e's county. Loan l goes to bank l % 200 and enterprise l % enterprises, so
    /// with the city e % 10 a bank (city b % 10) lends in its own city's counties.
    func region(ofEnterprise e: Int) -> String {
        let city = e % cities
        return "P\(city)-\(e / cities % counties(inCity: city))"
    }
    let firstPeriod = Period(year: 2023, month: 1)
    var periods: [Period] { (0..<months).map { firstPeriod.advanced(by: $0) } }

    /// The files of the reference data (everything but the monthly balances), in import order.
    func writeReferenceFiles(to dir: URL) throws -> [URL] {
        var rng = SplitMix64(seed: 20250718)
        var files: [URL] = []
        func write(_ name: String, _ header: String, _ rows: (inout CSVWriter) -> Void) throws {
            let url = dir.appendingPathComponent(name)
            var writer = try CSVWriter(url: url, header: header)
            rows(&writer)
            try writer.close()
            files.append(url)
        }
        try write("regions.csv", "code,name_zh,name_en,parent,level") { w in
            w.row("P,省,Province,,province")
            for c in 0..<cities {
                w.row("P\(c),市\(c),City \(c),P,city")
                for k in 0..<counties(inCity: c) { w.row("P\(c)-\(k),县\(c)-\(k),County \(c)-\(k),P\(c),county") }
            }
        }
        try write("institutions.csv", "code,kind,name_zh,name_en,net_assets_yuan,region") { w in
            for b in 0..<banks { w.row("B\(b),bank,银行\(b),Bank \(b),,P\(b % cities)") }
            for g in 0..<guarantors { w.row("G\(g),guarantor,担保\(g),Guarantor \(g),\(200_000_000 + g * 10_000_000),P\(g % cities)") }
        }
        // Each bank's evaluation at the end of every stored year (the Programme screen ranks them).
        try write("bank_scores.csv", "bank,period,policy_execution,product_innovation,service_network,risk_control,collaboration") { w in
            for year in Set(periods.map(\.year)).sorted() {
                for b in 0..<banks {
                    w.row("B\(b),\(year)-12," + (0..<5).map { String(60 + (b * 7 + year + $0 * 13) % 40) }.joined(separator: ","))
                }
            }
        }
        try write("chains.csv", "code,name_zh,name_en,lead_bank") { w in
            for c in 0..<chains { w.row("C\(c),产业链\(c),Chain \(c),B\(c % banks)") }
        }
        try write("enterprises.csv", "code,name_zh,name_en,chain,region") { w in
            for e in 0..<enterprises { w.row("E\(e),企业\(e),Enterprise \(e),C\(e % chains),\(region(ofEnterprise: e))") }
        }
        try write("enterprise_tags.csv", "enterprise,tag,certificate,valid_from,valid_to") { w in
            for e in 0..<enterprises {
                if e % 3 != 0 { w.row("E\(e),\(e % 2 == 0 ? "high_tech" : "tech_sme"),GR\(e),2021-01-01,2026-12-31") }
                // What qualifies a ledger loan for agriculture and small-business re-lending:
                // most firms, so a few hundred ledger loans per tool are ineligible.
                if e % 7 != 0 { w.row("E\(e),agri,NY\(e),2021-01-01,2026-12-31") }
                if e % 6 != 0 { w.row("E\(e),small_micro,XW\(e),2021-01-01,2026-12-31") }
                // The city's whitelist (the Programme screen's coverage): one firm in ten.
                if e % 10 == 1 { w.row("E\(e),whitelist,BM\(e),2023-01-01,2026-12-31") }
                // Enterprise categories (a chain's "of which"): one firm in twenty a provincial
                // key client, one in fifteen a new-type agricultural entity.
                if e % 20 == 3 { w.row("E\(e),key_small_micro,SXXW\(e),2023-01-01,2026-12-31") }
                if e % 15 == 4 { w.row("E\(e),new_agri_entity,,2023-01-01,2026-12-31") }
            }
        }
        try write("relending_tools.csv", "code,name_zh,name_en") { w in
            w.row("KJZD,科技创新和技术改造再贷款,Sci-tech innovation and transformation re-lending")
            w.row("ZN,支农再贷款,Agriculture re-lending")
            w.row("ZX,支小再贷款,Small-business re-lending")
        }
        try write("relending_rates.csv", "tool,effective_from,rate_pct") { w in
            w.row("KJZD,2023-01-01,1.75"); w.row("ZN,2023-01-01,2"); w.row("ZX,2023-01-01,2")
        }
        try write("relending_caps.csv", "tool,effective_from,cap_pct,qualification") { w in
            w.row("KJZD,2023-01-01,60,high_tech tech_sme"); w.row("ZN,2023-01-01,100,agri"); w.row("ZX,2023-01-01,100,small_micro")
        }
        let drawCount = max(3, loans / 1_000)
        try write("relending_quotas.csv", "tool,effective_from,quota_yuan") { w in
            for t in ["KJZD", "ZN", "ZX"] { w.row("\(t),2023-01-01,\(drawCount * 5_000_000)") }
        }
        try write("relending_draws.csv", "code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used,repaid_date") { w in
            for d in 0..<drawCount {
                let tool = ["KJZD", "ZN", "ZX"][d % 3]
                let month = 1 + d % 12
                w.row("D\(d),\(tool),B\(d % banks),2023-\(twoDigits(month))-01,2025-\(twoDigits(month))-01,\(3_000_000 + d % 7 * 100_000),\(d % 3),")
            }
        }
        // What each bank's reserves the three RRR cuts since 2024 released (the Programme
        // screen's low-cost funds): 600 rows.
        try write("rrr_releases.csv", "bank,effective_date,cut_pct,released_yuan,note") { w in
            for day in ["2024-02-05", "2024-09-27", "2025-05-15"] {
                for b in 0..<banks { w.row("B\(b),\(day),0.5,\(20_000_000 + b % 13 * 1_000_000).25,") }
            }
        }
        try write("risk_pools.csv", "code,name_zh,name_en,capital_yuan,risk_share_pct,breaker_pct") { w in
            w.row("POOL,风险补偿资金池,Risk-compensation pool,10500000,10,3")
        }
        try write("guarantees.csv", "code,guarantor,enterprise,bank,start_date,end_date,amount_yuan,fee_pct,bank_share_pct,pool,released_date") { w in
            for g in 0..<guarantees {
                w.row("GU\(g),G\(g % guarantors),E\(g * 7 % enterprises),B\(g % banks),2023-01-15,2026-01-15,\(1_000_000 + rng.next(below: 9_000_000)),0.8,20,\(g % 2 == 0 ? "POOL" : ""),")
            }
        }
        // Every bank's twelve products (一链一行, products.csv): the first three on chains, then
        // tech, IP-pledge, fund-backed and general ones; loan l names product l % 12 of its bank.
        try write("products.csv", "code,bank,chain,name_zh,name_en,kind,launched_date") { w in
            let kinds = ["chain", "chain", "chain", "tech", "tech", "ip_pledge", "fund", "general", "general", "general", "general", "general"]
            for b in 0..<banks {
                for k in 0..<12 { w.row("P\(k),B\(b),\(k < 3 ? "C\((b + k) % chains)" : ""),产品\(k),Product \(k),\(kinds[k]),2022-01-01") }
            }
        }
        try write("loans.csv", "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw") { w in
            let purposes = ["general", "general", "general", "tech_innovation", "tech_transformation"]
            for l in 0..<loans {
                let start = startMonth(loan: l)
                let amount = 100_000 + rng.next(below: 20_000_000)
                let guarantee = l % 200 == 0 ? "GU\(l / 200 % guarantees)" : ""
                let draw = l % 97 == 0 ? "D\(l % drawCount)" : ""
                w.row("L\(l),B\(l % banks),E\(l % enterprises),P\(l % 12),\(purposes[l % 5]),\(start.key)-10,\(start.year + 5)-\(twoDigits(start.month))-10,\(amount),\(3 + l % 3),\(l % 9 == 0 ? 1 : 0),\(l % 4 == 0 ? 1 : 0),\(l % 11 == 0 ? 1 : 0),\(l % 13 == 0 ? 1 : 0),\(l % 17 == 0 ? 1 : 0),\(guarantee),\(draw)")
            }
        }
        try writeOutreachFiles(write)
        try writeProgrammeFiles(write)
        return files
    }

    /// Bank–guarantor cooperation (every bank online with a guarantor, one in three exploring
    /// with two, one in two 见贷即保: ~430 rows) and the 四贷 service stations (a city's and a
    /// county's each, 90, five banks stationed at each) with a demand per 200 loans, two in
    /// three matched with that loan (5,000 demands at 1M loans): the Programme screen's
    /// 五大矩阵 and 六项保障 panels (Import/Outreach.swift).
    func writeOutreachFiles(_ write: (String, String, (inout CSVWriter) -> Void) throws -> Void) throws {
        try write("guarantor_cooperation.csv", "bank,guarantor,mode,from_date,to_date,note") { w in
            for b in 0..<banks {
                w.row("B\(b),G\(b % guarantors),online,2023-\(twoDigits(1 + b % 12))-01,,")
                if b % 3 == 0 {
                    w.row("B\(b),G\(b % guarantors),cooperation,2023-03-01,,")
                    w.row("B\(b),G\((b + 1) % guarantors),cooperation,2024-03-01,\(b % 6 == 0 ? "2024-12-31" : ""),")
                }
                if b % 2 == 0 { w.row("B\(b),G\(b % guarantors),guarantee_on_approval,2024-\(twoDigits(1 + b % 12))-15,,") }
            }
        }
        let countyCodes = (0..<cities).flatMap { c in (0..<self.counties(inCity: c)).map { "P\(c)-\($0)" } }
        try write("service_stations.csv", "code,name_zh,name_en,level,region,opened_date") { w in
            for c in 0..<cities { w.row("S-P\(c),市\(c)四贷服务站,City \(c) station,city,P\(c),2023-01-01") }
            for (i, county) in countyCodes.enumerated() { w.row("S-\(county),县\(county)四贷服务站,County \(county) station,county,\(county),2023-\(twoDigits(1 + i % 12))-01") }
        }
        try write("station_institutions.csv", "station,institution,from_date,to_date") { w in
            for (i, station) in ((0..<cities).map { "S-P\($0)" } + countyCodes.map { "S-\($0)" }).enumerated() {
                for k in 0..<5 { w.row("\(station),B\((i * 5 + k) % banks),2023-01-01,") }
            }
        }
        try write("station_demands.csv", "code,station,enterprise,registered_date,amount_yuan,matched_date,bank,loan") { w in
            for d in 0..<max(1, loans / 200) {
                let l = d * 200, e = l % enterprises, start = startMonth(loan: l)
                let station = "S-\(region(ofEnterprise: e))"
                if d % 3 == 2 {
                    w.row("SD\(d),\(station),E\(e),\(start.key)-01,\(500_000 + d % 9 * 100_000),,,")
                } else {
                    w.row("SD\(d),\(station),E\(e),\(start.key)-01,\(500_000 + d % 9 * 100_000),\(start.key)-05,B\(l % banks),L\(l)")
                }
            }
        }
    }

    /// One month's balances for every loan (a bank's monthly ledger), deterministic per loan.
    func writeBalances(for period: Period, monthIndex: Int, to dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("loan_balances-\(period.key).csv")
        var writer = try CSVWriter(url: url, header: "loan,period,balance_yuan,classification")
        for l in 0..<loans {
            let balance = self.balance(loan: l, monthIndex: monthIndex)
            if balance > 0 { writer.row("L\(l),\(period.key),\(balance),\(classification(loan: l, monthIndex: monthIndex))") }
        }
        try writer.close()
        return url
    }
}

extension SyntheticDataSet {
    /// Loan `l`'s balance in yuan at month `monthIndex` (0 = the first period), deterministic per loan.
    /// Loan l's first month: one loan in three starts inside the stored months (new lending:
    /// the Programme screen's policy effect and rates read it), the others the year before.
    func startMonth(loan l: Int) -> Period {
        l % 3 == 2 ? firstPeriod.advanced(by: l / 3 % months) : Period(year: firstPeriod.year - 1, month: 1 + l % 12)
    }

    func balance(loan l: Int, monthIndex: Int) -> Int {
        // No balance before the loan starts.
        if firstPeriod.advanced(by: monthIndex) < startMonth(loan: l) { return 0 }
        var rng = SplitMix64(seed: UInt64(l))
        let base = 100_000 + rng.next(below: 20_000_000)
        // Amortise slowly and let one loan in forty be repaid in the last months.
        return l % 40 == 0 && monthIndex > months - 3 ? 0 : base - base * monthIndex / (months * 4)
    }
}

extension SyntheticDataSet {
    /// Loan `l`'s five-grade classification at month `monthIndex` as the ledger writes it (empty:
    /// normal). About 2% of loans turn non-performing at a month of their own and slide down
    /// from there (two months special mention first), and 1% more are special mention for a
    /// while: a bank's ledger with a few grades, as the demo's.
    func classification(loan l: Int, monthIndex m: Int) -> String {
        if l % 50 == 7 {
            let from = l / 50 % months
            switch m - from {
            case ..<(-2): return ""
            case -2 ..< 0: return "special_mention"
            case 0 ..< 4: return "substandard"
            case 4 ..< 9: return "doubtful"
            default: return "loss"
            }
        }
        if l % 100 == 13, (l / 100 % months ..< l / 100 % months + 3).contains(m) { return "special_mention" }
        return ""
    }
}

/// A month or day as two digits ("07"), as the CSV dates are written.
func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

/// A small buffered line writer: the generator writes hundreds of MB.
struct CSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(url: URL, header: String) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
        row(header)
    }

    mutating func row(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(10)
        if buffer.count > 1 << 20 { handle.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
    }

    mutating func close() throws {
        handle.write(Data(buffer))
        buffer.removeAll()
        try handle.close()
    }
}

/// A tiny deterministic random generator (SplitMix64), so every run builds the same data.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
