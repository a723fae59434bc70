import KejinCore

/// Bank–guarantor cooperation and the 四贷 service stations in `kejin report` (issue 12, items 7
/// and 8): JSON objects (fen) inside `programme`, and CSV sections. The text report prints the
/// screen's panels (ProgrammeReport.text).
enum OutreachReport {
    typealias Amount = JSONReport.Amount

    struct Cooperation: Encodable {
        struct Guarantor: Encodable { let guarantor, name: String; let institutions: Int }
        struct Mode: Encodable { let mode: String; let institutions: Int; let byGuarantor: [Guarantor] }
        struct Institution: Encodable { let institution, name: String; let modes, guarantors: [String] }
        /// Per mode (cooperation, online, guarantee_on_approval): the institutions with it, each once.
        let modes: [Mode]
        let institutions: [Institution]

        init(_ g: GuarantorCooperation, _ l: Language) {
            modes = g.modes.map { m in
                Mode(mode: m.mode.rawValue, institutions: m.institutions,
                     byGuarantor: m.byGuarantor.map { Guarantor(guarantor: $0.code, name: $0.name.text(l), institutions: $0.institutions) })
            }
            institutions = g.institutions.map { i in
                Institution(institution: i.code, name: i.name.text(l),
                            modes: CooperationMode.allCases.filter { i.modes.contains($0) }.map(\.rawValue), guarantors: i.guarantors)
            }
        }
    }

    struct Tally: Encodable {
        let count: Int, amount: Amount
        init(_ t: DemandTally, _ l: Language) { count = t.loans; amount = Amount(t.amount, l) }
    }
    struct Funnel: Encodable {
        /// Registered and matched at the amounts asked; loans at the loans' own amounts.
        let registered, matched, loans: Tally
        let conversionBp: Int64?
        init(_ f: ServiceStations.Funnel, _ l: Language) {
            registered = Tally(f.registered, l); matched = Tally(f.matched, l); loans = Tally(f.loans, l)
            conversionBp = f.conversion?.value
        }
    }
    struct Stations: Encodable {
        struct Station: Encodable { let station, name, level: String; let institutions: Int; let funnel: Funnel }
        let stations: Int
        let institutions: Int
        let total: Funnel
        let byStation: [Station]

        init(_ s: ServiceStations, _ l: Language) {
            stations = s.stations.count; institutions = s.institutions; total = Funnel(s.total, l)
            byStation = s.stations.map {
                Station(station: $0.code, name: $0.name.text(l), level: $0.level, institutions: $0.institutions, funnel: Funnel($0.funnel, l))
            }
        }
    }

    /// (title, header, rows): the modes' totals and each institution's modes; each station's funnel and the total.
    static func csvSections(_ p: ProgrammeFigures, _ l: Language) -> [(Names, [Names], [[String]])] {
        let code = Names(zh: "代码", en: "Code")
        let modes = CooperationMode.allCases
        let g = p.cooperation, s = p.stations
        func row(_ code: String, _ name: String, _ institutions: String, _ f: ServiceStations.Funnel) -> [String] {
            [code, name, institutions, "\(f.registered.loans)", f.registered.amount.yuanText, "\(f.matched.loans)",
             f.matched.amount.yuanText, "\(f.loans.loans)", f.loans.amount.yuanText]
        }
        return [
            (Str.cooperationTitle.names, [code, Names(zh: "机构", en: "Institution")] + modes.map { OutreachPanels.modeTitle($0).names }
                + [Names(zh: "担保机构", en: "Guarantors")],
             [["", Names(zh: "合计(家)", en: "Institutions").text(l)] + modes.map { "\(g.count($0))" } + [""]]
             + g.institutions.map { i in [i.code, i.name.text(l)] + modes.map { i.modes.contains($0) ? "1" : "0" } + [i.guarantors.joined(separator: " ")] }),
            (Str.stationsTitle.names, [code, Str.colStation.names, Str.stationedInstitutions.names,
                                       Names(zh: "登记笔数", en: "Registered"), Names(zh: "登记金额(元)", en: "Asked (¥)"),
                                       Names(zh: "匹配笔数", en: "Matched"), Names(zh: "匹配金额(元)", en: "Matched (¥)"),
                                       Names(zh: "放款笔数", en: "Loans"), Names(zh: "放款金额(元)", en: "Lent (¥)")],
             [row("", Names(zh: "合计 \(s.stations.count)个服务站", en: "All \(s.stations.count) stations").text(l), "\(s.institutions)", s.total)]
             + s.stations.map { row($0.code, $0.name.text(l), "\($0.institutions)", $0.funnel) }),
        ]
    }
}
