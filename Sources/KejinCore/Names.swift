/// Label language. Chinese is the default: the users are Chinese officials.
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh, en
}

/// A name in both label languages.
public struct Names: Hashable, Sendable, Codable {
    public var zh: String
    public var en: String
    public init(zh: String, en: String) { self.zh = zh; self.en = en }
    public func text(_ language: Language) -> String { language == .zh ? zh : en }
}
