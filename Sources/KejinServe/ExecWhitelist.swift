/// The commands an exec request may run: the read-only ones scripts need, with their read-only
/// options. The store is always the server's (a client cannot name another file), and nothing
/// reaches a shell: the words become the child's argv.
enum ExecWhitelist {
    /// Subcommand → its options that take a value, and its flags.
    static let commands: [String: (options: Set<String>, flags: Set<String>)] = [
        "report": (["--period", "--format", "--lang", "--region"], []),
        "alerts": (["--period", "--format", "--lang", "--region"], ["--all"]),
    ]

    static var summary: String {
        commands.keys.sorted().map { name in
            let c = commands[name]!
            return ([name] + (c.options.sorted().map { "\($0) V" } + c.flags.sorted()).map { "[\($0)]" })
                .joined(separator: " ")
        }.joined(separator: "; ")
    }

    /// kejin's arguments for `command`, or nil when it is not allowed.
    /// `regionRoot`: the key's `region=`, which the command cannot leave (`--region-root`).
    static func arguments(for command: String, storePath: String, regionRoot: String? = nil) -> [String]? {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first, let allowed = commands[name] else { return nil }
        var result = [name, "--store", storePath] + (regionRoot.map { ["--region-root", $0] } ?? [])
        var rest = words.dropFirst()[...]
        while let word = rest.popFirst() {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            if allowed.flags.contains(word) {
                result.append(word)
            } else if allowed.options.contains(parts[0]) {
                guard let value = parts.count == 2 ? parts[1] : rest.popFirst(), isPlainValue(value) else { return nil }
                result += [parts[0], value]
            } else {
                return nil
            }
        }
        return result
    }

    /// Values are periods, formats and languages: letters, digits and dashes only.
    static func isPlainValue(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 32 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
