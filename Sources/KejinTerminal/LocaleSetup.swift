import CNcurses
import Glibc
import KejinDashboard

/// Makes sure ncursesw can draw UTF-8: the user's locale, else C.UTF-8, else ASCII only.
enum LocaleSetup {
    static func configure(environment: [String: String]) -> (unicode: Bool, note: TerminalNote?) {
        setlocale(LC_ALL, "")
        if codesetIsUTF8() { return (true, nil) }
        let user = ["LC_ALL", "LC_CTYPE", "LANG"].compactMap { environment[$0] }.first { !$0.isEmpty }
        // A locale that names another encoding (zh_CN.GBK, zh_CN = GB2312, zh_TW.Big5,
        // en_US.ISO-8859-1) means a terminal set up for that encoding: UTF-8 would come out as
        // mojibake and its box characters are two cells wide there. Stay with ASCII.
        if let user, namesLegacyEncoding(user) {
            return (false, .legacyLocale(user))
        }
        // Unset, C or POSIX (common over SSH), or a UTF-8 locale that is not installed here:
        // the terminal most likely speaks UTF-8.
        for fallback in ["C.UTF-8", "C.utf8"] where setlocale(LC_CTYPE, fallback) != nil && codesetIsUTF8() {
            let named = user.flatMap { $0 == "C" || $0 == "POSIX" ? nil : $0 }
            return (true, .usingCUTF8(notUTF8: named))
        }
        setlocale(LC_CTYPE, "")
        return (false, .noUTF8Locale)
    }

    /// True for a locale name that says (or, bare, implies) an encoding other than UTF-8.
    static func namesLegacyEncoding(_ name: String) -> Bool {
        let base = name.split(separator: "@").first.map(String.init) ?? name
        if base == "C" || base == "POSIX" { return false }
        guard let dot = base.firstIndex(of: ".") else { return true }   // zh_CN alone is GB2312 in glibc
        let codeset = base[base.index(after: dot)...].lowercased().replacingOccurrences(of: "-", with: "")
        return codeset != "utf8"
    }

    static func codesetIsUTF8() -> Bool {
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: cs).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
