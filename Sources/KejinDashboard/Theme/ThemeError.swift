/// A theme that could not be loaded, naming the file and the key at fault, e.g.
/// `Themes/x.yaml: roles.warning.fg: "bleu" is not a colour`.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// Dotted path of the offending key (`roles.warning.fg`), empty for whole-file problems.
    public var key: String
    public var message: String

    public init(file: String, key: String = "", _ message: String) {
        self.file = file; self.key = key; self.message = message
    }

    public var description: String {
        key.isEmpty ? "\(file): \(message)" : "\(file): \(key): \(message)"
    }
}
