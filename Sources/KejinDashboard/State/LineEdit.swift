/// The line editing every prompt shares (`/` filter, `R` region): Backspace, Ctrl-U (the
/// whole line) and Ctrl-W (the word before the cursor), as in a shell. Other control
/// characters are not text: a stray Ctrl key never lands invisibly in a filter or a region name.
enum LineEdit {
    /// `draft` after `key`; nil when `key` is not an edit (Enter, Esc, arrows belong to the prompt).
    static func apply(_ key: Key, to draft: String) -> String? {
        switch key {
        case .backspace:
            return String(draft.dropLast())
        case .character("\u{15}"):
            return ""
        case .character("\u{17}"):
            var line = Substring(draft)
            while line.last == " " { line.removeLast() }
            while let last = line.last, last != " " { line.removeLast() }
            return String(line)
        case .character(let c) where c.unicodeScalars.contains { $0.properties.generalCategory == .control }:
            return draft
        case .character(let c):
            return draft + String(c)
        default:
            return nil
        }
    }
}
