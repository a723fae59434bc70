import KejinCore

/// Bank–guarantor cooperation and the 四贷 service stations (KejinCore's OutreachFigures) from
/// the v20 tables (Import/Outreach.swift). Reference data only — the demands' loans are loans,
/// whose imports move the reference version too — so a viewer reads the book once per
/// reference version (`VersionedReads.outreach`) and each period cuts it in Swift: the
/// cooperation and stationing rows as they are (a few per bank and station), the demands
/// summed per station and registration, match and loan month (four small scans).
struct OutreachBook: Sendable {
    struct Span: Sendable { var from: String, to: String? }
    struct Cooperation: Sendable { var bank: String, guarantor: String, mode: CooperationMode, span: Span }
    struct Station: Sendable { var code: String, name: Names, level: String, opened: String }
    struct Stationed: Sendable { var station: String, institution: String, span: Span }
    /// Demands of one station registered, matched and lent in these months ("" none).
    struct Demands: Sendable {
        var station: String, registered: String, matched: String, lent: String
        var count: Int, asked: Int64, lentAmount: Int64
    }
    var cooperation: [Cooperation] = []
    var stations: [Station] = []
    var stationed: [Stationed] = []
    var demands: [Demands] = []
    var names: [String: Names] = [:]

    static func read(_ s: any StoreSession) throws -> OutreachBook {
        var book = OutreachBook()
        // A store migrated only part-way (tests' older stores) has none.
        guard try s.tableExists(Outreach.demands.table) else { return book }
        book.cooperation = try s.fetch("SELECT bank, guarantor, mode, from_date, to_date FROM \(Outreach.cooperation.table)").compactMap {
            guard let mode = CooperationMode(rawValue: try $0.get(2)) else { return nil }
            return Cooperation(bank: try $0.get(0), guarantor: try $0.get(1), mode: mode, span: Span(from: try $0.get(3), to: try $0.get(4)))
        }
        book.stations = try s.fetch("SELECT code, name_zh, name_en, level, opened_date FROM \(Outreach.stations.table)").map {
            Station(code: try $0.get(0), name: Names(zh: try $0.get(1), en: try $0.get(2)), level: try $0.get(3), opened: try $0.get(4))
        }
        book.stationed = try s.fetch("SELECT station, institution, from_date, to_date FROM \(Outreach.stationed.table)").map {
            Stationed(station: try $0.get(0), institution: try $0.get(1), span: Span(from: try $0.get(2), to: try $0.get(3)))
        }
        book.demands = try s.fetch("""
            SELECT d.station, substr(d.registered_date, 1, 7), coalesce(substr(d.matched_date, 1, 7), ''),
                   coalesce(substr(l.start_date, 1, 7), ''), count(*), sum(d.amount), coalesce(sum(l.amount), 0)
            FROM \(Outreach.demands.table) d LEFT JOIN loans l ON l.code = d.loan
            GROUP BY 1, 2, 3, 4
            """).map {
                Demands(station: try $0.get(0), registered: try $0.get(1), matched: try $0.get(2), lent: try $0.get(3),
                        count: Int(try $0.get(4, as: Int64.self)), asked: try $0.get(5), lentAmount: try $0.get(6))
            }
        for r in try s.fetch("SELECT code, name_zh, name_en FROM institutions") {
            book.names[try r.get(0)] = Names(zh: try r.get(1), en: try r.get(2))
        }
        return book
    }

    private func name(_ code: String) -> Names { names[code] ?? Names(zh: code, en: code) }

    /// In force on `day`: from on or before it, to (inclusive) absent or on or after it.
    private static func holds(_ span: Span, on day: String) -> Bool { span.from <= day && (span.to.map { $0 >= day } ?? true) }

    /// The cooperation in force at the end of `period`.
    func cooperation(at period: Period) -> GuarantorCooperation {
        let day = period.endDate
        let rows = cooperation.filter { Self.holds($0.span, on: day) }
        let modes = CooperationMode.allCases.map { mode -> GuarantorCooperation.Mode in
            let of = rows.filter { $0.mode == mode }
            let byGuarantor = Dictionary(grouping: of, by: \.guarantor).map { code, rows in
                GuarantorCooperation.Guarantor(code: code, name: name(code), institutions: Set(rows.map(\.bank)).count)
            }.sorted { ($0.institutions, $1.code) > ($1.institutions, $0.code) }
            return GuarantorCooperation.Mode(mode: mode, institutions: Set(of.map(\.bank)).count, byGuarantor: byGuarantor)
        }
        let institutions = Dictionary(grouping: rows, by: \.bank).map { bank, rows in
            GuarantorCooperation.Institution(code: bank, name: name(bank), modes: Set(rows.map(\.mode)),
                                             guarantors: Set(rows.map(\.guarantor)).sorted())
        }.sorted { $0.code < $1.code }
        return GuarantorCooperation(modes: modes, institutions: institutions)
    }

    /// The stations open at the end of `period`, their institutions then, and their demands
    /// up to then.
    func stations(at period: Period) -> ServiceStations {
        let day = period.endDate, month = period.key
        let open = self.stations.filter { $0.opened <= day }
        let openCodes = Set(open.map(\.code))
        let stationed = self.stationed.filter { openCodes.contains($0.station) && Self.holds($0.span, on: day) }
        var funnels: [String: ServiceStations.Funnel] = [:]
        for d in demands where openCodes.contains(d.station) && d.registered <= month {
            var f = funnels[d.station] ?? .zero
            let asked = DemandTally(amount: Money(fen: d.asked), loans: d.count)
            f.registered = f.registered + asked
            if !d.matched.isEmpty, d.matched <= month {
                f.matched = f.matched + asked
                if !d.lent.isEmpty, d.lent <= month { f.loans = f.loans + DemandTally(amount: Money(fen: d.lentAmount), loans: d.count) }
            }
            funnels[d.station] = f
        }
        let stations = open.map { s in
            ServiceStations.Station(code: s.code, name: s.name, level: s.level,
                                    institutions: Set(stationed.filter { $0.station == s.code }.map(\.institution)).count,
                                    funnel: funnels[s.code] ?? .zero)
        }.sorted { ($0.level == "city" ? 0 : 1, $0.code) < ($1.level == "city" ? 0 : 1, $1.code) }
        return ServiceStations(stations: stations, institutions: Set(stationed.map(\.institution)).count,
                               total: stations.reduce(.zero) { $0 + $1.funnel })
    }
}
