import KejinCore

/// The filter and sort of a figure screen's own table (Chains, Re-lending, Guarantees); the
/// drill-down lists keep theirs in `DrillFrame`.
public struct ListView: Equatable, Sendable {
    /// Case-insensitive substring of a row's code or name (either language); "" = all rows.
    public var filter = ""
    public var sort: DetailSort?
    public init(filter: String = "", sort: DetailSort? = nil) { self.filter = filter; self.sort = sort }
}

/// Filtering and sorting of the figure screens' tables: pure, shared by the renderer (what is
/// drawn) and the state (which entity Enter opens, where an alert jumps), so both see the same
/// order. Columns are the tables' columns, left to right; keys as in `DetailList`.
enum FigureList {
    /// The column titles of the screen's table; nil for screens without a figure table.
    static func columns(_ screen: Screen) -> [Str]? {
        switch screen {
        case .chains:
            return [.colChain, .colBalance, .colBorrowers, .colYoY, .colTrend, .colRelendingShare, .colGuarantee,
                    .colLeadBank, .colTechLoans, .colTechBorrowers, .colTechYoY]
        case .relending:
            return [.colTool, .colQuota, .colDrawn, .colUsage, .colRate, .colLedger, .colLedgerCount,
                    .colDue30, .colDue60, .colDue90, .colRollover]
        case .guarantees:
            return [.colGuarantor, .colFirmsInForce, .colBalanceInForce, .colAverageFee, .colLowestBankShare,
                    .colNetAssets, .colLeverage]
        default:
            return nil
        }
    }

    /// Indices into the screen's figure list (`chains`, `relendingTools`, `guarantors`) in the
    /// order shown: filtered, then sorted (stable).
    static func order(_ screen: Screen, _ f: Figures, view: ListView, language: Language) -> [Int] {
        let all = entities(screen, f)
        let needle = view.filter.lowercased()
        var shown = Array(all.indices)
        if !needle.isEmpty {
            shown = shown.filter { i in
                let e = all[i]
                return e.code.lowercased().contains(needle) || e.name.zh.lowercased().contains(needle)
                    || e.name.en.lowercased().contains(needle)
            }
        }
        guard let s = view.sort, let count = columns(screen)?.count, s.column >= 0, s.column < count else { return shown }
        let keyed = shown.map { (index: $0, key: key(screen, f, $0, s.column, language)) }
        return keyed.sorted { a, b in
            if a.key != b.key { return s.descending ? b.key < a.key : a.key < b.key }
            return a.index < b.index
        }.map(\.index)
    }

    /// Whether a column holds numbers (sorted high-first when picked).
    static func isNumeric(_ screen: Screen, _ f: Figures, column: Int) -> Bool {
        for i in entities(screen, f).indices {
            switch key(screen, f, i, column, .en) {
            case .number: return true
            case .text: return false
            case .missing: continue
            }
        }
        return false
    }

    private static func entities(_ screen: Screen, _ f: Figures) -> [(code: String, name: Names)] {
        switch screen {
        case .chains: return f.chains.map { ($0.code, $0.name) }
        case .relending: return f.relendingTools.map { ($0.code, $0.name) }
        case .guarantees: return f.guarantors.map { ($0.code, $0.name) }
        default: return []
        }
    }

    private typealias Key = DetailList.Key

    private static func key(_ screen: Screen, _ f: Figures, _ i: Int, _ column: Int, _ language: Language) -> Key {
        func money(_ m: Money?) -> Key { m.map { .number($0.fen) } ?? .missing }
        func bp(_ b: BasisPoints?) -> Key { b.map { .number($0.value) } ?? .missing }
        func count(_ n: Int) -> Key { .number(Int64(n)) }
        func name(_ n: Names?) -> Key { n.map { .text($0.text(language)) } ?? .missing }
        switch screen {
        case .chains:
            let ch = f.chains[i]
            let keys: [Key] = [name(ch.name), money(ch.loans.balance), count(ch.loans.borrowers), bp(ch.loans.growth),
                               money(ch.trend.last), bp(ch.relendingShare), money(ch.guaranteeBalance), name(ch.leadBank),
                               money(ch.techLoans.balance), count(ch.techLoans.borrowers), bp(ch.techLoans.growth)]
            return keys.indices.contains(column) ? keys[column] : .missing
        case .relending:
            let t = f.relendingTools[i]
            let keys: [Key] = [name(t.name), money(t.quota), money(t.drawn), bp(t.usage), bp(t.rate),
                               money(t.ledgerLoanBalance), count(t.ledgerLoans), money(t.due30), money(t.due60),
                               money(t.due90), count(t.rolloverExhaustedDue30)]
            return keys.indices.contains(column) ? keys[column] : .missing
        case .guarantees:
            let g = f.guarantors[i]
            let keys: [Key] = [name(g.name), count(g.firmsInForce), money(g.balanceInForce), bp(g.averageFeeRate),
                               bp(g.lowestBankRiskShare), money(g.netAssets), bp(g.leverage)]
            return keys.indices.contains(column) ? keys[column] : .missing
        default:
            return .missing
        }
    }
}

extension DashboardState {
    /// The filter and sort of a figure screen's own table.
    public func listView(_ screen: Screen) -> ListView { listViews[screen] ?? ListView() }

    /// The figure screen's entities (indices into its figure list) in the order shown.
    func figureOrder(_ screen: Screen, _ f: Figures) -> [Int] {
        FigureList.order(screen, f, view: listView(screen), language: language)
    }

    /// Whether the current list is a figure screen's own table (no drill-down open).
    var onFigureTable: Bool { activeFrame == nil && FigureList.columns(screen) != nil }
}
