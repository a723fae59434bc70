import Foundation
import GRDB
import KejinCore
import PropertyBased
import Testing
@testable import KejinStore

/// Small imports of loans, enterprises and tags keep the summaries by delta
/// (Query/ReferenceDelta.swift): after any sequence of loan corrections (every column a summary
/// groups by), new loans, firms moved between chains and regions, tags given and taken, alone
/// or together, and dry runs, `store check` (which recomputes every summary from the ledgers)
/// finds nothing.
@Suite struct ReferenceDeltaTests {
    let data = ScaleData(loans: 2_000, months: 6)
    static let loanHeader = "code,bank,enterprise,product,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw"
    static let firmHeader = "code,name_zh,name_en,chain,region"
    static let tagHeader = "enterprise,tag,certificate,valid_from,valid_to"

    /// A loan row for `code` with every grouped column drawn at random: bank, firm, purpose,
    /// start month (inside the stored months or before), amount, rate, flags, re-lending draw.
    private func randomLoan(_ code: String, _ rng: inout Xoshiro) -> String {
        let bank = Int.random(in: 0..<10, using: &rng)
        let start = data.first.advanced(by: Int.random(in: -8..<data.months, using: &rng))
        let flag = { (rng: inout Xoshiro) in Int.random(in: 0..<3, using: &rng) == 0 ? "1" : "0" }
        return [code, "B\(bank)", "E\(Int.random(in: 0..<data.enterprises, using: &rng))", "",
                ["general", "tech_innovation", "tech_transformation"].randomElement(using: &rng)!,
                "\(start.key)-\(Int.random(in: 10...28, using: &rng))", "2029-01-01",
                "\(Int.random(in: 100_000...9_000_000, using: &rng))", "\(Int.random(in: 2...6, using: &rng)).\(Int.random(in: 10...99, using: &rng))",
                flag(&rng), flag(&rng), flag(&rng), flag(&rng), flag(&rng), "",
                Int.random(in: 0..<3, using: &rng) == 0 ? "D\(Int.random(in: 0..<10, using: &rng))" : ""].joined(separator: ",")
    }

    private func randomFirm(_ e: Int, _ rng: inout Xoshiro) -> String {
        let chain = Int.random(in: 0..<11, using: &rng)
        return "E\(e),企业\(e),Firm \(e),\(chain == 10 ? "" : "C\(chain)"),\((ScaleData.counties + [""]).randomElement(using: &rng)!)"
    }

    private func randomTag(_ e: Int, _ rng: inout Xoshiro) -> String {
        let tag = ["whitelist", "high_tech", "srdi", "key_small_micro", "new_agri_entity", "tech_sme"].randomElement(using: &rng)!
        let from = data.first.advanced(by: Int.random(in: -12..<data.months, using: &rng))
        let to = from.advanced(by: Int.random(in: 0..<12, using: &rng))
        return "E\(e),\(tag),T\(e),\(from.key)-01,\(to.endDate)"
    }

    @Test func randomReferenceCorrectionsKeepEverySummaryEqualToARecompute() throws {
        let (f, store) = try data.importedStore()
        var rng = Xoshiro(seed: (5, 2026, 12, 5))
        // Some firms listed and in a category first, so the whitelist and category rows move,
        // and the tool's ledger loans need a tag (those without one are ineligible).
        let listed = (0..<30).map { e in "E\(e * 6),\(["whitelist", "key_small_micro", "new_agri_entity"][e % 3]),W\(e),2022-01-01,2030-12-31" }
        _ = try store.importFiles([try f.write("enterprise_tags-listed.csv", ([Self.tagHeader] + listed).joined(separator: "\n") + "\n"),
                                   try f.write("relending_caps.csv", "tool,effective_from,cap_pct,qualification\nKJZD,2022-01-01,60,high_tech whitelist srdi\n")])
        #expect(try store.check().findings.map(\.description) == [])
        let ineligible = try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM ledger_ineligible") ?? 0 }
        #expect(ineligible > 10)
        var newLoans = 0
        for step in 0..<24 {
            let kind = step % 6
            var files: [(String, [String])] = []
            func loans() -> [String] {
                (0..<Int.random(in: 1...4, using: &rng)).map { _ in randomLoan("L\(Int.random(in: 0..<data.loans, using: &rng))", &rng) }
            }
            switch kind {
            case 0, 5: files = [("loans-fix\(step).csv", [Self.loanHeader] + loans())]  // 5: as a dry run
            case 1:
                newLoans += 1
                files = [("loans-new\(step).csv", [Self.loanHeader, randomLoan("N\(newLoans)", &rng)] + loans())]
            case 2: files = [("enterprises-fix\(step).csv", [Self.firmHeader] + (0..<2).map { _ in randomFirm(Int.random(in: 0..<data.enterprises, using: &rng), &rng) })]
            case 3: files = [("enterprise_tags-fix\(step).csv", [Self.tagHeader] + (0..<2).map { _ in randomTag(Int.random(in: 0..<data.enterprises, using: &rng), &rng) })]
            default:
                let e = Int.random(in: 0..<data.enterprises, using: &rng)
                files = [("enterprises-all\(step).csv", [Self.firmHeader, randomFirm(e, &rng)]),
                         ("enterprise_tags-all\(step).csv", [Self.tagHeader, randomTag(e, &rng)]),
                         ("loans-all\(step).csv", [Self.loanHeader] + loans())]
            }
            let urls = try files.map { try f.write($0.0, $0.1.joined(separator: "\n") + "\n") }
            if kind == 5 {
                let before = try StoreDump(store)
                _ = try store.importFiles(urls, options: ImportOptions(dryRun: true))
                #expect(try StoreDump(store) == before, "step \(step): a dry run changed the store")
            } else {
                _ = try store.importFiles(urls)
            }
            let findings = try store.check().findings.map(\.description)
            #expect(findings == [], "step \(step) (kind \(kind)): \(files)")
            if !findings.isEmpty { break }
        }
    }

    /// Not vacuous: a loans correction, a firm moved and a tag given leave an unrelated
    /// summary error in place (no month was recomputed), and still the figures they move are
    /// right; a loans file naming more loans than the delta keeps recomputes the months.
    @Test func smallReferenceImportsGoByDeltaAndBigOnesRecompute() throws {
        let (f, store) = try data.importedStore()
        let p = data.periods[4]
        try store.dbQueue.write { try $0.execute(sql: "UPDATE bank_summary SET all_balance = all_balance + 7 WHERE period = ? AND bank = 'B9' AND chain = 'C0'", arguments: [p.key]) }
        let planted = try store.check().findings.map(\.message)
        #expect(planted.count == 1 && planted.allSatisfy { $0.hasPrefix("bank_summary \(p.key) bank B9 ") }, "\(planted)")
        // L10 (bank B0, firm E10) to bank B3 and firm E12, a month earlier; E21 to chain C4; E30 tagged.
        let fixes = [
            ("loans-fix.csv", "\(Self.loanHeader)\nL10,B3,E12,,tech_innovation,2022-06-15,2028-01-01,1000010,3.45,0,1,0,0,1,,\n"),
            ("enterprises-fix.csv", "\(Self.firmHeader)\nE21,企业21,Firm 21,C4,K12\n"),
            ("enterprise_tags-fix.csv", "\(Self.tagHeader)\nE30,srdi,S30,2022-01-01,2030-12-31\n"),
        ]
        for (name, text) in fixes {
            _ = try store.importFiles([try f.write(name, text)])
            #expect(try store.check().findings.map(\.message) == planted, "\(name)")
        }
        // Past the delta's limit (a twentieth of the loans, in balance rows): every month recomputed.
        let all = data.loanFile.split(separator: "\n").prefix(400).joined(separator: "\n") + "\n"
        _ = try store.importFiles([try f.write("loans-many.csv", all.replacingOccurrences(of: ",3.45,", with: ",3.55,"))])
        #expect(try store.check().findings == [])
    }
}
