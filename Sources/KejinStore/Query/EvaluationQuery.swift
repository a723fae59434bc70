import KejinCore

/// The bank evaluation in force at a period (bank_scores.csv): the latest evaluation at or
/// before it, ranked, graded on the alert rules' scale (EvaluationScale), with the evaluation
/// before it for the trend. Figures (the Banks screen, the alerts) and the Programme screen
/// read it alike.
enum EvaluationQuery {
    /// nil when no evaluation is loaded up to the period.
    static func read(_ session: any StoreSession, period: Period, rules: [AlertRule]) throws -> BankEvaluation? {
        try EvaluationBook.read(session).evaluation(at: period, rules: rules)
    }
}

/// Every evaluation's scores and the banks' names: a small table, read once per reference
/// version (`VersionedReads.evaluations`) and cut per period in Swift, so a period move does
/// not read it again (~0.6 ms of a month's figures at 1M loans).
struct EvaluationBook: Sendable {
    /// Evaluated period → bank → its five scores.
    var scores: [String: [String: [Int]]] = [:]
    var names: [String: Names] = [:]

    static func read(_ session: any StoreSession) throws -> EvaluationBook {
        var book = EvaluationBook()
        for row in try session.fetch("""
            SELECT period, bank, policy_execution, product_innovation, service_network, risk_control, collaboration
            FROM bank_scores
            """) {
            book.scores[try row.get(0), default: [:]][try row.get(1)] = try (2...6).map { Int(try row.get($0, as: Int64.self)) }
        }
        for r in try session.fetch("SELECT code, name_zh, name_en FROM institutions WHERE kind = 'bank'") {
            book.names[try r.get(0)] = Names(zh: try r.get(1), en: try r.get(2))
        }
        return book
    }

    /// nil when no evaluation is loaded up to the period.
    func evaluation(at period: Period, rules: [AlertRule]) -> BankEvaluation? {
        let evaluated = scores.keys.filter { $0 <= period.key }.sorted(by: >)
        guard let latest = evaluated.first else { return nil }
        let previous = evaluated.count > 1 ? evaluated[1] : nil
        let now = scores[latest] ?? [:], before = previous.flatMap { scores[$0] } ?? [:]
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
