import CNcurses
import Glibc

/// Makes sure ncursesw can draw UTF-8: the user's locale, else C.UTF-8, else ASCII only.
enum LocaleSetup {
    static func configure(environment: [String: String]) -> (unicode: Bool, note: String?) {
        setlocale(LC_ALL, "")
        if codesetIsUTF8() { return (true, nil) }
        let user = ["LC_ALL", "LC_CTYPE", "LANG"].compactMap { environment[$0] }.first { !$0.isEmpty }
        for fallback in ["C.UTF-8", "C.utf8"] where setlocale(LC_CTYPE, fallback) != nil && codesetIsUTF8() {
            let why = user.map { "locale \($0) is not UTF-8" } ?? "LANG unset"
            return (true, "\(why): using C.UTF-8")
        }
        setlocale(LC_CTYPE, "")
        return (false, "no UTF-8 locale: English/ASCII")
    }

    static func codesetIsUTF8() -> Bool {
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: cs).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
