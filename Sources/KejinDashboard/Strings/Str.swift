import KejinCore

/// A label the dashboard shows, in Chinese (the default) and English, declared once with both
/// (`Strings/Str+*.swift`, one file per part of the dashboard), so screens hold no literals and
/// a translation sits beside its original.
public struct Str: Sendable {
    public let names: Names

    init(_ zh: String, _ en: String) {
        assert(!zh.isEmpty && !en.isEmpty, "a label needs both languages: \"\(zh)\" / \"\(en)\"")
        names = Names(zh: zh, en: en)
    }

    public func text(_ language: Language) -> String { names.text(language) }
}
