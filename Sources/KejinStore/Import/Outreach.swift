import KejinCore

/// The programme's outreach entities (issue 12, items 7 and 8; schema v20), each declared once
/// (`DeclaredEntity`): bank–guarantor cooperation (五大矩阵 (五)) and the 四贷 service stations
/// with the institutions stationed there and the financing demands they register (六项保障 (四)).
/// Query/OutreachQuery.swift counts them; CSVFormat.md §17–§20 documents them.
enum Outreach {
    /// The cooperation modes, as the article counts institutions: exploring an efficient
    /// bank–guarantor cooperation model (探索银担合作), business online with a guarantor (业务线上化,
    /// the article's "与财信开展业务线上化转型合作"), guarantee on loan approval (见贷即保).
    static let modes = CooperationMode.allCases.map(\.rawValue)

    /// `guarantor_cooperation.csv`: one row per bank, guarantor and mode, from a date (to one).
    static let cooperation = DeclaredEntity(table: "guarantor_cooperation", columns: [
        .init("bank", .institution(["bank"]), key: true),
        .init("guarantor", .institution(["guarantor"]), key: true),
        .init("mode", .oneOf(modes), key: true),
        .init("from_date", .date),
        .init("to_date", .date, optional: true),
        .init("note", .note, optional: true),
    ], check: { r, v, _ in try ordered(r, v, "from_date", "to_date") })

    /// `service_stations.csv`: the 四贷 promotion stations (四贷促进金融服务站), city or county level.
    static let stations = DeclaredEntity(table: "service_stations", columns: [
        .init("code", .code, key: true),
        .init("name_zh", .text),
        .init("name_en", .text),
        .init("level", .oneOf(["city", "county"])),
        .init("region", .region, optional: true),
        .init("opened_date", .date),
    ])

    /// `station_institutions.csv`: the financial institutions stationed at a station (入驻), from a
    /// date (to one); one row per station and institution.
    static let stationed = DeclaredEntity(table: "station_institutions", columns: [
        .init("station", .station, key: true),
        .init("institution", .institution(["bank", "guarantor"]), key: true),
        .init("from_date", .date),
        .init("to_date", .date, optional: true),
    ], check: { r, v, _ in try ordered(r, v, "from_date", "to_date") })

    /// `station_demands.csv`: a financing demand registered at a station (需求登记), the bank it
    /// was matched with (融资匹配) and the loan made (放款), a loan of loans.csv: what it counts
    /// is the loan's own amount and start date.
    static let demands = DeclaredEntity(table: "station_demands", columns: [
        .init("code", .code, key: true),
        .init("station", .station),
        .init("enterprise", .enterprise),
        .init("registered_date", .date),
        .init("amount_yuan", stored: "amount", .money),
        .init("matched_date", .date, optional: true),
        .init("bank", .institution(["bank"]), optional: true),
        .init("loan", .loan, optional: true),
    ], check: { try checkDemand($0, $1, $2) })

    /// v20: the four tables (empty: a store's outreach comes by import).
    static let migration = StoreMigration(version: 20, name: "v20 stations, guarantor cooperation") { s in
        for entity in [cooperation, stations, stationed, demands] { try entity.create(s) }
    }

    /// `later` (optional) is not before `earlier`.
    static func ordered(_ r: CSVRow, _ v: DeclaredEntity.Values, _ earlier: String, _ later: String) throws {
        if let a = v.text(earlier), let b = v.text(later), b < a {
            throw r.fail(CSVColumn(later), "is before \(earlier) (\(a))")
        }
    }

    /// A match names its bank and date together, after the registration; a loan needs a
    /// match, is the matched bank's, lends to the demand's enterprise and starts on or after
    /// the match.
    static func checkDemand(_ r: CSVRow, _ v: DeclaredEntity.Values, _ writers: RowWriters) throws {
        try ordered(r, v, "registered_date", "matched_date")
        let matched = v.text("matched_date"), bank = v.text("bank")
        if matched != nil, bank == nil { throw r.fail("bank", "is empty; a matched demand names its bank") }
        if matched == nil, bank != nil { throw r.fail("matched_date", "is empty; a demand with a bank was matched on a date") }
        guard let loan = v.text("loan") else { return }
        guard matched != nil else { throw r.fail("matched_date", "is empty; a demand with a loan was matched first") }
        guard let row = try writers.session.fetch("SELECT enterprise, bank, start_date FROM loans WHERE code = ?1", loan).first else {
            throw r.fail("loan", "is not a known loan code")
        }
        let (enterprise, lender, start): (String, String, String) = (try row.get(0), try row.get(1), try row.get(2))
        if lender != bank { throw r.fail("loan", "is a loan of \(lender), not of the matched bank \(bank ?? "")") }
        if enterprise != v.text("enterprise") { throw r.fail("loan", "is a loan to \(enterprise), not to the demand's enterprise") }
        if let matched, start < matched { throw r.fail("loan", "starts on \(start), before matched_date (\(matched))") }
    }
}
