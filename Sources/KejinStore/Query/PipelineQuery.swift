import KejinCore

/// The whitelist's pipeline (KejinCore's PipelineFigures) from the v23 tables
/// (Import/WhitelistPipeline.swift). Reference data only, so a viewer reads the book once per
/// reference version (`VersionedReads.pipeline`) and each period cuts it in Swift: the pushes
/// summed per bank and the months they were pushed, contacted, approved and lent (the loan's
/// start), the meetings per month and kind.
struct PipelineBook: Sendable {
    /// One bank's pushes with the same months ("" for a stage not reached), firm or project.
    struct Pushes: Sendable {
        var bank: String, pushed: String, contacted: String, approved: String, lent: String
        var project: Bool
        var count: Int, approvedAmount: Int64, loanAmount: Int64
    }
    /// One month's meetings of a kind.
    struct Meetings: Sendable { var month: String, kind: String, count: Int, banks: Int, firms: Int, deals: Int, signed: Int64 }
    var pushes: [Pushes] = []
    var meetings: [Meetings] = []
    var names: [String: Names] = [:]

    static func read(_ s: any StoreSession) throws -> PipelineBook {
        var book = PipelineBook()
        // A store migrated only part-way (tests' older stores) has none.
        guard try s.tableExists(WhitelistPipeline.meetings.table) else { return book }
        book.pushes = try s.fetch("""
            SELECT p.bank, substr(p.pushed_date, 1, 7), coalesce(substr(p.contacted_date, 1, 7), ''),
                   coalesce(substr(p.approved_date, 1, 7), ''), coalesce(substr(l.start_date, 1, 7), ''),
                   CASE WHEN p.enterprise IS NULL THEN 1 ELSE 0 END,
                   count(*), coalesce(sum(p.approved), 0), coalesce(sum(l.amount), 0)
            FROM \(WhitelistPipeline.pushes.table) p LEFT JOIN loans l ON l.code = p.loan
            GROUP BY 1, 2, 3, 4, 5, 6
            """).map {
                Pushes(bank: try $0.get(0), pushed: try $0.get(1), contacted: try $0.get(2), approved: try $0.get(3), lent: try $0.get(4),
                       project: try $0.get(5, as: Int64.self) == 1, count: Int(try $0.get(6, as: Int64.self)),
                       approvedAmount: try $0.get(7), loanAmount: try $0.get(8))
            }
        book.meetings = try s.fetch("""
            SELECT substr(held_date, 1, 7), kind, count(*), sum(banks), sum(firms), sum(deals), sum(signed)
            FROM \(WhitelistPipeline.meetings.table) GROUP BY 1, 2
            """).map {
                Meetings(month: try $0.get(0), kind: try $0.get(1), count: Int(try $0.get(2, as: Int64.self)),
                         banks: Int(try $0.get(3, as: Int64.self)), firms: Int(try $0.get(4, as: Int64.self)),
                         deals: Int(try $0.get(5, as: Int64.self)), signed: try $0.get(6))
            }
        book.names = try RelendingCoverage.bankNames(s)
        return book
    }

    /// The pushes of the period's year up to its end and the stage each had reached by then,
    /// and the year's meetings up to then.
    func figures(at period: Period) -> PipelineFigures {
        let from = PipelineFigures.since(period).key, to = period.key
        func by(_ month: String) -> Bool { !month.isEmpty && month <= to }
        var funnels: [String: PipelineFigures.Funnel] = [:]
        for p in pushes where p.pushed >= from && p.pushed <= to {
            let approved = by(p.approved), lent = by(p.lent)
            funnels[p.bank, default: .zero] = funnels[p.bank, default: .zero] + PipelineFigures.Funnel(
                pushed: p.count, projects: p.project ? p.count : 0, contacted: by(p.contacted) ? p.count : 0,
                approved: approved ? LoanTally(amount: Money(fen: p.approvedAmount), loans: p.count) : .zero,
                loans: lent ? LoanTally(amount: Money(fen: p.loanAmount), loans: p.count) : .zero)
        }
        let banks = funnels.map { PipelineFigures.Bank(code: $0.key, name: names[$0.key] ?? Names(zh: $0.key, en: $0.key), funnel: $0.value) }
            .sorted { ($1.funnel.pushed, $0.code) < ($0.funnel.pushed, $1.code) }
        var meetings = PipelineFigures.Meetings.empty
        for m in self.meetings where m.month >= from && m.month <= to {
            guard let kind = PipelineFigures.MeetingKind(rawValue: m.kind) else { continue }
            meetings.byKind[kind, default: 0] += m.count
            meetings.banks += m.banks; meetings.firms += m.firms; meetings.deals += m.deals
            meetings.signed += Money(fen: m.signed)
        }
        return PipelineFigures(total: banks.reduce(.zero) { $0 + $1.funnel }, banks: banks, meetings: meetings)
    }
}
