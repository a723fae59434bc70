import KejinCore

/// The bank evaluation in force at a period (bank_scores.csv): the latest evaluation at or
/// before it, ranked, graded on the alert rules' scale (EvaluationScale), with the evaluation
/// before it for the trend. A small table: two reads. Figures (the Banks screen, the alerts)
/// and the Programme screen read it alike.
enum EvaluationQuery {
    /// nil when no evaluation is loaded up to the period.
    static func read(_ session: any StoreSession, period: Period, rules: [AlertRule]) throws -> BankEvaluation? {
        let evaluated = try session.fetchColumn(
            "SELECT DISTINCT period FROM bank_scores WHERE period <= ?1 ORDER BY period DESC LIMIT 2", period.key, as: String.self)
        guard let latest = evaluated.first else { return nil }
        let previous = evaluated.count > 1 ? evaluated[1] : nil
        func scores(_ p: String) throws -> [String: [Int]] {
            var result: [String: [Int]] = [:]
            for row in try session.fetch("""
                SELECT bank, policy_execution, product_innovation, service_network, risk_control, collaboration
                FROM bank_scores WHERE period = ?1 ORDER BY bank
                """, p) {
                result[try row.get(0)] = try (1...5).map { Int(try row.get($0, as: Int64.self)) }
            }
            return result
        }
        let now = try scores(latest), before = try previous.map(scores) ?? [:]
        var names: [String: Names] = [:]
        for r in try session.fetch("SELECT code, name_zh, name_en FROM institutions WHERE kind = 'bank'") {
            names[try r.get(0)] = Names(zh: try r.get(1), en: try r.get(2))
        }
        let scale = EvaluationScale(rules: rules)
        let ranked = BankEvaluation.ranked(now.map { code, s in
            (code: code, name: names[code] ?? Names(zh: code, en: code), scores: s, previousTotal: before[code].map { $0.reduce(0, +) })
        }, scale: scale)
        return BankEvaluation(evaluated: Period(latest), previous: previous.flatMap(Period.init), banks: ranked, scale: scale)
    }
}

extension EvaluationQuery {
    /// Part of v19: the bank evaluation's grade scale is data — default rule 13 on
    /// `bank_evaluation` (AlertEngine.defaultRules) goes into stores made before it; a store
    /// that already has a rule 13 keeps it.
    static func seedRule(_ s: any StoreSession) throws { try FiguresQuery.seedDefaultRules(s, on: .bankEvaluation) }
}
