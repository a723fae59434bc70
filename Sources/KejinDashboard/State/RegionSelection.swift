import Foundation
import KejinCore

/// The region shown (regions.csv; nil = the whole store): `R` then a code or a name (Chinese,
/// or English in any case; a unique beginning is enough) and Enter picks one, an empty line the
/// whole store; on the Regions view Enter opens the selected region and Esc goes up to the
/// parent. A restricted viewer (`regionRoot`) cannot leave its region: anything outside is
/// refused with a message. Lists and drill-downs show the region's rows (`DrillRequest.within`);
/// a region change closes the lists opened in the one before.
extension DashboardState {
    /// `R`, and the keys while a region is being typed; nil for keys left to the rest.
    mutating func regionKey(_ key: Key, input: FrameInput) -> DashboardAction? {
        if let draft = regionDraft {
            switch key {
            case .enter:
                regionDraft = nil
                return choose(draft, input.figures?.regionTree ?? .empty)
            case .escape:
                regionDraft = nil
            default:
                guard let edited = LineEdit.apply(key, to: draft) else { return DashboardAction.none }
                regionDraft = edited
            }
            return .redraw
        }
        guard key == .character("R"), filterDraft == nil, input.showsRegions else { return nil }
        message = nil
        showingHelp = false
        regionDraft = ""
        return .redraw
    }

    /// The region named by `text`: a code, else a name (exactly, then a unique beginning).
    static func region(named text: String, in tree: RegionTree) -> Region? {
        if let r = tree[text] { return r }
        let t = text.lowercased()
        if let r = tree.regions.first(where: { $0.name.zh == text || $0.name.en.lowercased() == t }) { return r }
        let starts = tree.regions.filter { $0.name.zh.hasPrefix(text) || $0.name.en.lowercased().hasPrefix(t) }
        return starts.count == 1 ? starts[0] : nil
    }

    private mutating func choose(_ text: String, _ tree: RegionTree) -> DashboardAction {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return setRegion(regionRoot, tree) }
        guard let r = Self.region(named: t, in: tree) else {
            message = Str.regionUnknown.text(language) + ": " + t
            return .redraw
        }
        return setRegion(r.code, tree)
    }

    /// Shows `code` (nil: the whole store) when the viewer may see it.
    mutating func setRegion(_ code: String?, _ tree: RegionTree) -> DashboardAction {
        if let root = regionRoot, !(code.map { tree.contains(root, $0) } ?? false) {
            message = Str.regionOutside.text(language)
            return .redraw
        }
        guard code != region else { return .redraw }
        region = code
        drills = [:]
        cursors[.regions] = RowCursor()
        listViews[.regions] = nil
        return .redraw
    }

    /// Enter on the Regions view: the selected child region becomes the scope.
    mutating func enterRegion(_ input: FrameInput) -> DashboardAction {
        guard let f = input.figures else { return .none }
        let order = figureOrder(.regions, f)
        guard !order.isEmpty else { return .none }
        let row = f.childRegions[order[min(max(0, cursor(.regions).selected), order.count - 1)]]
        return setRegion(row.region.code, f.regionTree)
    }

    /// Esc on the Regions view: the parent region (the whole store above the top).
    mutating func regionUp(_ input: FrameInput) -> DashboardAction? {
        guard let code = region, let tree = input.figures?.regionTree else { return nil }
        if code == regionRoot {
            message = Str.regionFixed.text(language)
            return .redraw
        }
        return setRegion(tree[code]?.parent, tree)
    }
}

extension FrameInput {
    /// The store has regions: the Regions tab and the region selector apply.
    var showsRegions: Bool { !(figures?.regionTree.isEmpty ?? true) }
}
