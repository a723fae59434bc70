import KejinCore
import Testing
@testable import KejinDashboard

/// Issue 12, items 9 and 11 on screen: the Banks list ranked by the evaluation with its grade,
/// change and remediation mark; the tea chain's "of which" in its panel and on the Programme
/// screen; the tech tool's first loan in its panel; each in both languages at 80×24 and 120×40.
@Suite struct EvaluationCategoryRenderTests {
    /// The fixture's banks as the store sends them with an evaluation loaded: ranked by total,
    /// rank, total, grade, change, then the five scores (BankQuery.banks).
    static let evaluatedBanks: DetailRows = {
        let scale = EvaluationScale(rules: AlertEngine.defaultRules)!
        let scores: [String: (now: [Int], before: Int?)] = [
            "icbc": ([92, 90, 84, 88, 88], 431), "ccb": ([88, 86, 82, 88, 84], 419), "abc": ([93, 94, 92, 86, 90], 441),
            "arcb": ([68, 62, 64, 70, 66], 340), "xyrcb": ([60, 56, 58, 55, 62], 310),
        ]
        let ranked = BankEvaluation.ranked(DetailFixture.banks.rows.map {
            (code: $0.code, name: $0.name, scores: scores[$0.code]!.now, previousTotal: scores[$0.code]!.before)
        }, scale: scale)
        var rows = DetailFixture.banks
        rows.fields += [.evaluationRank, .evaluationTotal, .evaluationGrade, .evaluationChange,
                        .policyExecution, .productInnovation, .serviceNetwork, .riskControl, .collaboration]
        rows.rows = ranked.map { b in
            var row = DetailFixture.banks.rows.first { $0.code == b.code }!
            row.values += [.count(b.rank), .score(b.total), .grade(b.grade), .scoreChange(b.trend)] + b.scores.map { .score($0) }
            return row
        }
        return rows
    }()

    @Test func banksAreRankedByTheEvaluationWithGradeChangeAndRemediation() {
        var input = Fixture.input()
        input.detail = Self.evaluatedBanks
        for language in Language.allCases {
            for (w, h) in GoldenRenderTests.sizes {
                let text = GoldenRenderTests.render(.banks, language, width: w, height: h, input: input)
                Golden.check("banks-evaluation-\(language)-\(w)x\(h)", text)
                // The low grade and its remediation mark fit even at 80 columns.
                #expect(text.contains("D " + Str.remediationMark.text(language)), "\(language) \(w)x\(h)")
                let lines = text.components(separatedBy: "\n")
                let abc = lines.firstIndex { $0.contains(language == .zh ? "农业银行" : "ABC Ankang") }!
                let xyrcb = lines.firstIndex { $0.contains(language == .zh ? "旬阳农商" : "Xunyang") }!
                #expect(abc < xyrcb, "ranked by total: 455 first, 291 last")
            }
        }
        let wide = GoldenRenderTests.render(.banks, .zh, width: 120, height: 40, input: input)
        #expect(wide.contains("▼19") && wide.contains("▲14"))
    }

    @Test func theTeaChainsPanelShowsItsOfWhich() throws {
        for language in Language.allCases {
            for (w, h) in GoldenRenderTests.sizes {
                // The row the tea chain has in the table as shown.
                let text = try #require((0..<Fixture.chains.count).lazy
                    .map { GoldenRenderTests.render(.chains, language, width: w, height: h, selected: $0) }
                    .first { $0.contains(Str.ofWhich.text(language)) })
                Golden.check("chains-tea-\(language)-\(w)x\(h)", text)
                #expect(text.contains("42" + (language == .zh ? "户" : " firms")))
                #expect(text.contains(Format.amount(Fixture.wan(4901_50), language))
                        && text.contains(Format.amount(Fixture.wan(2370_69), language)))
            }
        }
    }

    @Test func theTechToolsPanelShowsItsFirstLoan() {
        for language in Language.allCases {
            let text = GoldenRenderTests.render(.relending, language, width: 120, height: 40)
            #expect(text.contains(Str.firstLedgerLoan.text(language) + " ") && text.contains("2025-01-10"))
        }
    }

    @Test func theProgrammeListsTheChainsOfWhichAndGrades() {
        let text = GoldenRenderTests.render(.programme, .zh, width: 120, height: 40)
        #expect(text.contains("茶叶 其中") && text.contains("4901.50万") && text.contains("42户"))
        #expect(text.contains("D 需整改"))
    }
}
