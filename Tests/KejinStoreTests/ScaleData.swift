import Foundation
import KejinCore
@testable import KejinStore

/// A generated data set big enough to exercise the summary's paths (chains and no chain,
/// tags valid or not at a loan's start, every purpose, IP pledges, re-lending, zero and
/// missing balances), written as CSV text in the import format.
struct ScaleData {
    let loans: Int
    let months: Int
    var enterprises: Int { max(20, loans / 10) }
    let first = Period(year: 2023, month: 1)
    var periods: [Period] { (0..<months).map { first.advanced(by: $0) } }

    /// A province P with two cities (C1: counties K11, K12; C2: counties K21, K22).
    static let regions = """
        code,name_zh,name_en,parent,level
        P,省,Province,,province
        C1,市1,City 1,P,city
        K11,县11,County 11,C1,county
        K12,县12,County 12,C1,county
        C2,市2,City 2,P,city
        K21,县21,County 21,C2,county
        K22,县22,County 22,C2,county

        """
    static let counties = ["K11", "K12", "K21", "K22"]
    /// Enterprise e's county; one in seven has no region.
    static func region(ofEnterprise e: Int) -> String { e % 7 == 6 ? "" : counties[e % 4] }

    var references: [(String, String)] {
        var institutions = "code,kind,name_zh,name_en,net_assets_yuan,region\n"
        for b in 0..<10 { institutions += "B\(b),bank,银行\(b),Bank \(b),,\(b < 8 ? Self.counties[b % 4] : "C\(b - 7)")\n" }
        institutions += "G0,guarantor,担保,Guarantor,300000000,P\n"
        var chains = "code,name_zh,name_en,lead_bank\n"
        for c in 0..<10 { chains += "C\(c),链\(c),Chain \(c),B\(c)\n" }
        var firms = "code,name_zh,name_en,chain,region\n"
        // One enterprise in eleven has no chain.
        for e in 0..<enterprises { firms += "E\(e),企业\(e),Firm \(e),\(e % 11 == 10 ? "" : "C\(e % 11)"),\(Self.region(ofEnterprise: e))\n" }
        var tags = "enterprise,tag,certificate,valid_from,valid_to\n"
        for e in 0..<enterprises {
            // Valid from mid-2023 (earlier loans are not tech), or long expired.
            if e % 3 == 0 { tags += "E\(e),high_tech,GR\(e),2023-06-01,2026-12-31\n" }
            if e % 5 == 0 { tags += "E\(e),tech_sme,TS\(e),2019-01-01,2020-12-31\n" }
        }
        var draws = "code,tool,bank,draw_date,maturity_date,amount_yuan,rollovers_used,repaid_date\n"
        for d in 0..<10 { draws += "D\(d),KJZD,B\(d),2023-0\(1 + d % 9)-01,2026-01-01,5000000,\(d % 3),\n" }
        return [
            ("regions.csv", Self.regions), ("institutions.csv", institutions), ("chains.csv", chains), ("enterprises.csv", firms),
            ("enterprise_tags.csv", tags),
            ("relending_tools.csv", "code,name_zh,name_en\nKJZD,科技再贷款,Sci-tech re-lending\n"),
            ("relending_rates.csv", "tool,effective_from,rate_pct\nKJZD,2023-01-01,1.75\n"),
            ("relending_quotas.csv", "tool,effective_from,quota_yuan\nKJZD,2023-01-01,100000000\n"),
            ("relending_draws.csv", draws),
        ]
    }

    var loanFile: String {
        let purposes = ["general", "tech_innovation", "general", "tech_transformation"]
        var text = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw\n"
        text.reserveCapacity(loans * 90)
        for l in 0..<loans {
            let start = first.advanced(by: l % months - 6)
            text += "L\(l),B\(l % 10),E\(l % enterprises),,\(purposes[l % 4]),\(start.key)-15,2028-01-01,"
                + "\(1_000_000 + l),3.45,\(l % 2),\(l % 3 == 0 ? 1 : 0),\(l % 6 == 1 ? 1 : 0),\(l % 4 == 2 ? 1 : 0),\(l % 7 == 0 ? 1 : 0),,\(l % 13 == 0 ? "D\(l % 10)" : "")\n"
        }
        return text
    }

    /// A fresh store with the references, the loans and every month imported (a file a month).
    func importedStore() throws -> (Fixture, Store) {
        let f = try Fixture()
        let store = try f.store()
        _ = try store.importFiles(try references.map { try f.write($0.0, $0.1) } + [try f.write("loans.csv", loanFile)])
        _ = try store.importFiles(try (0..<months).map { try f.write("loan_balances-\(periods[$0].key).csv", balanceFile(month: $0)) })
        return (f, store)
    }

    /// Month `m`'s balances: loans appear from month l % 5; one in seventeen is 0 on even months.
    func balanceFile(month m: Int) -> String {
        var text = "loan,period,balance_yuan\n"
        text.reserveCapacity(loans * 24)
        let p = periods[m].key
        for l in 0..<loans where m >= l % 5 {
            let balance = l % 17 == 0 && m % 2 == 0 ? 0 : (l * 37 % 1000) * 1000 + m
            text += "L\(l),\(p),\(balance).\(l % 10)5\n"
        }
        return text
    }
}
