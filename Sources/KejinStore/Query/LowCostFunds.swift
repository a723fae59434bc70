import KejinCore

/// The low-cost funds since the policy count's start (KejinCore's `LowCostFunds`): the
/// reserves released per RRR cut (`rrr_releases`, summed per effective date) and the draws per
/// month and tool (`relending_draws`; rediscount is one of the tools), with the tools' names.
/// Reference data only — never balances — so a viewer reads it once per reference version
/// (`VersionedReads.lowCostFunds`) and each period cuts it in Swift. Two small grouped scans.
struct LowCostBook: Sendable {
    struct Cut: Sendable { var date: String, released: Int64, releases: Int }
    struct Draws: Sendable { var month: String, tool: String, amount: Int64, draws: Int }
    var cuts: [Cut]
    var draws: [Draws]
    var tools: [String: Names]

    static func read(_ s: any StoreSession) throws -> LowCostBook {
        let since = PolicyEffect.since
        // A store migrated only part-way (tests' v16 stores) has no releases.
        let cuts = try s.tableExists(RRRReleases.table) ? try s.fetch("""
            SELECT effective_date, sum(released), count(*) FROM \(RRRReleases.table)
            WHERE effective_date >= ?1 GROUP BY effective_date ORDER BY effective_date
            """, since).map {
                Cut(date: try $0.get(0), released: try $0.get(1), releases: Int(try $0.get(2, as: Int64.self)))
            } : []
        let draws = try s.fetch("""
            SELECT substr(draw_date, 1, 7), tool, sum(amount), count(*) FROM relending_draws
            WHERE draw_date >= ?1 GROUP BY 1, 2 ORDER BY 1, 2
            """, since).map {
                Draws(month: try $0.get(0), tool: try $0.get(1), amount: try $0.get(2), draws: Int(try $0.get(3, as: Int64.self)))
            }
        var tools: [String: Names] = [:]
        for r in try s.fetch("SELECT code, name_zh, name_en FROM relending_tools") {
            tools[try r.get(0)] = Names(zh: try r.get(1), en: try r.get(2))
        }
        return LowCostBook(cuts: cuts, draws: draws, tools: tools)
    }

    /// Since 2024-01 up to the end of `period`, per month and channel.
    func funds(through period: Period) -> LowCostFunds {
        let start = PolicyEffect.firstMonth
        var rrrByMonth: [String: Int64] = [:], toolsByMonth: [String: Int64] = [:]
        var rrr: Int64 = 0, releases = 0, cutCount = 0
        for c in cuts where String(c.date.prefix(7)) <= period.key {
            rrrByMonth[String(c.date.prefix(7)), default: 0] += c.released
            rrr += c.released; releases += c.releases; cutCount += 1
        }
        var byTool: [String: (amount: Int64, draws: Int)] = [:]
        for d in draws where d.month <= period.key {
            toolsByMonth[d.month, default: 0] += d.amount
            byTool[d.tool, default: (0, 0)].amount += d.amount
            byTool[d.tool, default: (0, 0)].draws += d.draws
        }
        var months: [LowCostFunds.Month] = []
        var p = start
        while p <= period {
            months.append(LowCostFunds.Month(period: p, rrrCuts: Money(fen: rrrByMonth[p.key] ?? 0),
                                             tools: Money(fen: toolsByMonth[p.key] ?? 0)))
            p = p.next
        }
        let tools = byTool.map { code, t in
            LowCostFunds.Tool(code: code, name: self.tools[code] ?? Names(zh: code, en: code), amount: Money(fen: t.amount), draws: t.draws)
        }.sorted { ($0.amount, $1.code) > ($1.amount, $0.code) }
        return LowCostFunds(months: months, rrrCuts: Money(fen: rrr), releases: releases, cuts: cutCount, tools: tools)
    }
}
