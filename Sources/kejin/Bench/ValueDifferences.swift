/// Where two values of one type differ, as paths ("chains[3].loans.balance: 12 ≠ 13"), found by
/// walking both through `Mirror` and descending only into the parts whose descriptions
/// differ. For the bench's checks, which otherwise could only say that two figures disagree.
func valueDifferences<T>(_ a: T, _ b: T, limit: Int = 5) -> [String] {
    var found: [String] = []
    func walk(_ a: Any, _ b: Any, _ path: String) {
        guard found.count < limit, String(describing: a) != String(describing: b) else { return }
        let ma = Mirror(reflecting: a), mb = Mirror(reflecting: b)
        let ca = Array(ma.children), cb = Array(mb.children)
        // A leaf, an optional turned nil, or collections of other lengths: report it here.
        guard !ca.isEmpty, ca.count == cb.count, ma.displayStyle == mb.displayStyle else {
            let length = ma.displayStyle == .collection ? " (\(ca.count) ≠ \(cb.count) elements)" : ""
            found.append("\(path.isEmpty ? "value" : path)\(length): \(String(describing: a).prefix(120)) ≠ \(String(describing: b).prefix(120))")
            return
        }
        for (i, (x, y)) in zip(ca, cb).enumerated() {
            let step = ma.displayStyle == .collection ? "[\(i)]" : ma.displayStyle == .optional ? "" : "." + (x.label ?? "\(i)")
            walk(x.value, y.value, path + step)
        }
    }
    walk(a, b, "")
    return found.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
}
