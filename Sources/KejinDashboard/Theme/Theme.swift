/// Bold / underline / reverse: the attributes that carry meaning without colour.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let underline = TextAttributes(rawValue: 2)
    public static let reverse = TextAttributes(rawValue: 4)
}

/// How a theme draws one role: colours plus attributes, and the attributes to use instead
/// when the terminal shows no colours (NO_COLOR, monochrome terminals).
public struct RoleStyle: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: TextAttributes
    /// Attributes used when colours are off; nil means "the role's usual monochrome hint"
    /// (`Theme.monochromeHints`) added to `attributes`.
    public var monochrome: TextAttributes?

    public init(fg: ThemeColor = .default, bg: ThemeColor = .default,
                attributes: TextAttributes = [], monochrome: TextAttributes? = nil) {
        foreground = fg; background = bg; self.attributes = attributes; self.monochrome = monochrome
    }

    public static let plain = RoleStyle()
}

/// A named set of role styles. Widgets name roles; only the theme names colours.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var description: String?
    /// Every `Role` has an entry: roles a file leaves out get `normal`'s style.
    public private(set) var roles: [Role: RoleStyle]

    public init(name: String, description: String? = nil, roles: [Role: RoleStyle]) {
        self.name = name; self.description = description
        let normal = roles[.normal] ?? .plain
        self.roles = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, roles[$0] ?? normal) })
    }

    public subscript(role: Role) -> RoleStyle { roles[role] ?? .plain }

    /// Attributes for `role` when the terminal shows colours (`colors == true`) or not.
    public func attributes(for role: Role, colors: Bool) -> TextAttributes {
        let style = self[role]
        if colors { return style.attributes }
        return style.monochrome ?? style.attributes.union(Theme.monochromeHints[role] ?? [])
    }

    /// Whether any role names a colour other than the terminal default.
    public var usesColor: Bool {
        roles.values.contains { $0.foreground != .default || $0.background != .default }
    }

    /// What keeps roles apart when colours are gone.
    public static let monochromeHints: [Role: TextAttributes] = [
        .title: [.bold], .warning: [.bold], .critical: [.bold, .reverse],
        .selection: [.reverse], .up: [.bold], .label: [], .down: [.underline],
    ]
}
