import Foundation
import Yams

/// Turns theme YAML into a `Theme`, rejecting unknown keys and bad values with a `ThemeError`
/// that names the key. The format is documented in Themes/README.md.
public enum ThemeParser {
    static let roleKeys: Set<String> = ["fg", "bg", "bold", "underline", "reverse", "mono"]

    public static func parse(_ yaml: String, file: String) throws(ThemeError) -> Theme {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            let hint = yaml.contains("#") ? " (quote #RRGGBB colours: fg: \"#1e90ff\")" : ""
            throw ThemeError(file: file, "not valid YAML\(hint): \(error)")
        }
        guard let map = root?.mapping else { throw ThemeError(file: file, "expected a mapping with name and roles") }
        for (k, _) in map {
            let key = k.string ?? ""
            guard ["name", "description", "roles"].contains(key) else {
                throw ThemeError(file: file, key: key, "unknown key (expected name, description, roles)")
            }
        }
        guard let name = map["name"]?.string, !name.isEmpty else {
            throw ThemeError(file: file, key: "name", "missing or not a string")
        }
        var description: String?
        if let d = map["description"] {
            guard let s = d.string else { throw ThemeError(file: file, key: "description", "not a string") }
            description = s
        }
        guard let rolesNode = map["roles"] else { throw ThemeError(file: file, key: "roles", "missing") }
        guard let rolesMap = rolesNode.mapping else { throw ThemeError(file: file, key: "roles", "expected a mapping of role names") }
        var roles: [Role: RoleStyle] = [:]
        for (k, v) in rolesMap {
            let roleName = k.string ?? ""
            guard let role = Role(rawValue: roleName) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(file: file, key: "roles.\(roleName)", "unknown role (known: \(known))")
            }
            roles[role] = try parseRole(v, key: "roles.\(roleName)", file: file)
        }
        return Theme(name: name, description: description, roles: roles)
    }

    static func parseRole(_ node: Node, key: String, file: String) throws(ThemeError) -> RoleStyle {
        guard let map = node.mapping else { throw ThemeError(file: file, key: key, "expected a mapping with fg, bg, bold, underline, reverse") }
        var style = RoleStyle()
        for (k, v) in map {
            let name = k.string ?? ""
            let path = "\(key).\(name)"
            switch name {
            case "fg": style.foreground = try parseColor(v, key: path, file: file)
            case "bg": style.background = try parseColor(v, key: path, file: file)
            case "bold": if try parseFlag(v, key: path, file: file) { style.attributes.insert(.bold) }
            case "underline": if try parseFlag(v, key: path, file: file) { style.attributes.insert(.underline) }
            case "reverse": if try parseFlag(v, key: path, file: file) { style.attributes.insert(.reverse) }
            case "mono": style.monochrome = try parseMono(v, key: path, file: file)
            default:
                throw ThemeError(file: file, key: path, "unknown key (expected fg, bg, bold, underline, reverse, mono)")
            }
        }
        return style
    }

    static func parseColor(_ node: Node, key: String, file: String) throws(ThemeError) -> ThemeColor {
        guard let scalar = node.scalar else { throw ThemeError(file: file, key: key, "expected a colour") }
        if scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            throw ThemeError(file: file, key: key, "missing colour (quote #RRGGBB values: \"#1e90ff\", or YAML reads # as a comment)")
        }
        guard let color = ThemeColor(parsing: scalar.string) else {
            throw ThemeError(file: file, key: key, "\"\(scalar.string)\" is not a colour (use default, an ANSI name like bright-cyan, 0–255, or \"#RRGGBB\")")
        }
        return color
    }

    static func parseFlag(_ node: Node, key: String, file: String) throws(ThemeError) -> Bool {
        guard let b = node.bool else { throw ThemeError(file: file, key: key, "expected true or false, got \"\(node.string ?? "?")\"") }
        return b
    }

    /// `mono: [bold, reverse]` or `mono: []` (nothing) or `mono: bold`.
    static func parseMono(_ node: Node, key: String, file: String) throws(ThemeError) -> TextAttributes {
        let names: [String]
        if let seq = node.sequence {
            names = seq.map { $0.string ?? "" }
        } else if let s = node.string {
            names = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else {
            throw ThemeError(file: file, key: key, "expected a list of bold, underline, reverse")
        }
        var attributes: TextAttributes = []
        for n in names {
            switch n {
            case "bold": attributes.insert(.bold)
            case "underline": attributes.insert(.underline)
            case "reverse": attributes.insert(.reverse)
            case "none": break
            default: throw ThemeError(file: file, key: key, "\"\(n)\" is not an attribute (bold, underline, reverse)")
            }
        }
        return attributes
    }
}
