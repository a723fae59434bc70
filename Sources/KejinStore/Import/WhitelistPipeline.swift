import KejinCore

/// The whitelist's pipeline (三维协同 (二); issue 12, item 2; schema v23), each file declared once
/// (`DeclaredEntity`): the firms and projects pushed to banks (推送备选清单), each with the date it
/// reached each stage — pushed → contacted (对接) → approved (审批) → loan (放款, a loan of
/// loans.csv) — and the government–bank–enterprise meetings (政银企对接会) with what was signed
/// there. Query/PipelineQuery.swift counts them; CSVFormat.md §26–§27 documents them.
enum WhitelistPipeline {
    /// `whitelist_pushes.csv`: one firm or project pushed to one bank. The stage a push has
    /// reached at a period's end follows from its dates (the latest on or before it), so a
    /// month shows the funnel as it stood then.
    static let pushes = DeclaredEntity(table: "whitelist_pushes", columns: [
        .init("code", .code, key: true),
        .init("pushed_date", .date),
        .init("bank", .institution(["bank"])),
        .init("enterprise", .enterprise, optional: true),
        .init("project", .note, optional: true),
        .init("contacted_date", .date, optional: true),
        .init("approved_date", .date, optional: true),
        .init("approved_yuan", stored: "approved", .money, optional: true),
        .init("loan", .loan, optional: true),
    ], check: { try checkPush($0, $1, $2) })

    /// `matchmaking_meetings.csv`: a meeting the branch organised with banks and firms — a
    /// policy meeting (推进会) or a matchmaking meeting (对接会) — who came and what was signed.
    static let meetings = DeclaredEntity(table: "matchmaking_meetings", columns: [
        .init("code", .code, key: true),
        .init("held_date", .date),
        .init("name_zh", .text),
        .init("name_en", .text),
        .init("kind", .oneOf(PipelineFigures.MeetingKind.allCases.map(\.rawValue))),
        .init("region", .region, optional: true),
        .init("banks", .whole(0...10_000)),
        .init("firms", .whole(0...100_000)),
        .init("deals", .whole(0...100_000)),
        .init("signed_yuan", stored: "signed", .money),
    ], check: { r, v, _ in
        if v["deals"]!.integer! == 0, v["signed"]!.integer! > 0 { throw r.fail("signed_yuan", "is more than 0 with no deals signed") }
    })

    static let entities = [pushes, meetings]

    /// v23: the two tables (empty: the pipeline comes by import), and default rule 15 on the
    /// re-lending ledger's spread (SpreadRule.swift) in stores made before it.
    static let migration = StoreMigration(version: 23, name: "v23 whitelist pushes, matchmaking meetings, spread rule") { s in
        for entity in entities { try entity.create(s) }
        try SpreadRule.seedRule(s)
    }

    /// A push names a firm or a project; each stage comes after the one before and needs it —
    /// an approval names its amount, a loan needs the approval and the firm, is the bank's, lends
    /// to that firm and starts on or after the approval.
    static func checkPush(_ r: CSVRow, _ v: DeclaredEntity.Values, _ writers: RowWriters) throws {
        let enterprise = v.text("enterprise")
        if enterprise == nil, v.text("project") == "" { throw r.fail("project", "is empty; a push names an enterprise or a project") }
        try Outreach.ordered(r, v, "pushed_date", "contacted_date")
        try Outreach.ordered(r, v, "contacted_date", "approved_date")
        let approved = v.text("approved_date")
        if approved != nil, v.text("contacted_date") == nil { throw r.fail("contacted_date", "is empty; an approved push was contacted first") }
        if approved != nil, v["approved"]?.integer == nil { throw r.fail("approved_yuan", "is empty; an approval names its amount") }
        if approved == nil, v["approved"]?.integer != nil { throw r.fail("approved_date", "is empty; an approved amount names its date") }
        guard let loan = v.text("loan") else { return }
        guard let approved else { throw r.fail("approved_date", "is empty; a push with a loan was approved first") }
        guard let enterprise else { throw r.fail("enterprise", "is empty; a push with a loan names the enterprise lent to") }
        guard let row = try writers.session.fetch("SELECT enterprise, bank, start_date FROM loans WHERE code = ?1", loan).first else {
            throw r.fail("loan", "is not a known loan code")
        }
        let (borrower, lender, start): (String, String, String) = (try row.get(0), try row.get(1), try row.get(2))
        let bank = v.text("bank")!
        if lender != bank { throw r.fail("loan", "is a loan of \(lender), not of the push's bank \(bank)") }
        if borrower != enterprise { throw r.fail("loan", "is a loan to \(borrower), not to the push's enterprise") }
        if start < approved { throw r.fail("loan", "starts on \(start), before approved_date (\(approved))") }
    }
}
