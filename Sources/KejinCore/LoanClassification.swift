/// The five-grade loan classification (五级分类) a bank reports with each month-end balance
/// (loan_balances.csv's `classification`), stored as its grade 1 … 5. Non-performing loans
/// (不良贷款) are the last three: substandard, doubtful, loss (metrics.md).
public enum LoanClassification: Int, CaseIterable, Sendable, Comparable {
    case normal = 1, specialMention, substandard, doubtful, loss

    /// The CSV word, lower case (`special_mention`).
    public var word: String {
        switch self {
        case .normal: "normal"
        case .specialMention: "special_mention"
        case .substandard: "substandard"
        case .doubtful: "doubtful"
        case .loss: "loss"
        }
    }

    /// The word a Chinese ledger writes (正常 / 关注 / 次级 / 可疑 / 损失), also accepted on import.
    public var zh: String {
        switch self {
        case .normal: "正常"
        case .specialMention: "关注"
        case .substandard: "次级"
        case .doubtful: "可疑"
        case .loss: "损失"
        }
    }

    /// A CSV field: empty is normal (a ledger written before classifications), else the
    /// English word or the Chinese one; nil for anything else.
    public init?(field: String) {
        if field.isEmpty { self = .normal; return }
        guard let c = Self.allCases.first(where: { $0.word == field || $0.zh == field }) else { return nil }
        self = c
    }

    /// Counted in NPL (不良): substandard, doubtful or loss.
    public var isNonPerforming: Bool { rawValue >= Self.firstNonPerforming }
    /// The lowest grade counted in NPL, as SQL compares it (`grade >= 3`).
    public static let firstNonPerforming = LoanClassification.substandard.rawValue

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
