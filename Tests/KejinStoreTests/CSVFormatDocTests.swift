import Foundation
import Testing
@testable import KejinStore

/// CSVFormat.md documents what the importer reads: one section per entity, in import order,
/// whose table lists exactly the header's required and optional columns (`Entity`). A column
/// added to the code and not to the document, or the other way round, fails here.
@Suite struct CSVFormatDocTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/KejinStore/CSVFormat.md").standardizedFileURL

    /// Entity file stem → the first column of its section's table, in the document's order.
    static func sections() throws -> [(entity: String, columns: [String])] {
        let text = try String(contentsOf: document, encoding: .utf8)
        var result: [(String, [String])] = []
        for section in text.components(separatedBy: "\n### ").dropFirst() {
            let lines = section.components(separatedBy: "\n")
            guard let title = lines.first, let m = title.firstMatch(of: /^[0-9]+[a-z]?\. ([a-z_]+)\.csv/) else { continue }
            var columns: [String] = [], inTable = false
            for line in lines.dropFirst() {
                if line.hasPrefix("| column") { inTable = true; continue }
                guard inTable else { continue }
                if line.hasPrefix("|---") { continue }
                guard line.hasPrefix("|") else { break }
                columns.append(line.split(separator: "|", omittingEmptySubsequences: true).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
            }
            result.append((String(m.1), columns))
        }
        return result
    }

    @Test func everyEntityIsDocumentedWithItsColumnsInImportOrder() throws {
        let sections = try Self.sections()
        #expect(sections.map(\.entity) == Entity.allCases.map(\.rawValue))
        for (entity, columns) in sections {
            guard let e = Entity(rawValue: entity) else { continue }
            #expect(Set(columns) == Set(e.required + e.optional), "\(entity)")
            #expect(columns.count == Set(columns).count, "\(entity): a column documented twice")
        }
    }

    /// The new entity's table lists its declaration's columns in the declared order, and its
    /// title names its key.
    @Test func rrrReleasesFollowTheirDeclaration() throws {
        let section = try #require(try Self.sections().first { $0.entity == "rrr_releases" })
        #expect(section.columns == RRRReleases.columns.map(\.csv))
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        #expect(text.contains("rrr_releases.csv — key `(\(RRRReleases.columns.filter(\.key).map(\.csv).joined(separator: ", ")))`"))
        #expect(Entity.rrrReleases.required == ["bank", "effective_date", "cut_pct", "released_yuan"])
        #expect(Entity.rrrReleases.optional == ["note"])
        #expect(RRRReleases.tableDDL == "CREATE TABLE rrr_releases(bank TEXT NOT NULL, effective_date TEXT NOT NULL, cut INTEGER NOT NULL, "
                + "released INTEGER NOT NULL, note TEXT NOT NULL, PRIMARY KEY(bank, effective_date)) WITHOUT ROWID")
    }
}

extension CSVFormatDocTests {
    /// enterprise_tags.csv's `tag` row names exactly the tags the importer takes (the tech and
    /// re-lending qualifications and the enterprise categories), each once.
    @Test func theTagEnumIsDocumentedAsDeclared() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let row = try #require(text.components(separatedBy: "\n").first { $0.hasPrefix("| tag | enum |") })
        let words = row.matches(of: /`([a-z_]+)`/).map { String($0.1) }
        #expect(words == RowWriters.tags)
    }

    /// The outreach's four tables list their declarations' columns in the declared order, and
    /// each title names its key (Import/Outreach.swift).
    @Test func theOutreachFilesFollowTheirDeclarations() throws {
        let sections = try Self.sections()
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        for entity in [Entity.guarantorCooperation, .serviceStations, .stationInstitutions, .stationDemands, .guidanceFunds, .fundLoans,
                       .subsidyBudgets, .subsidyAllocations, .subsidyClaims, .whitelistPushes, .matchmakingMeetings, .products] {
            let declaration = try #require(entity.declaration)
            let section = try #require(sections.first { $0.entity == entity.rawValue })
            #expect(section.columns == declaration.columns.map(\.csv), "\(entity.rawValue)")
            let key = declaration.columns.filter(\.key).map(\.csv)
            #expect(text.contains("\(entity.rawValue).csv — key `" + (key.count == 1 ? key[0] : "(\(key.joined(separator: ", ")))") + "`"))
            #expect(declaration.table == entity.rawValue)
        }
    }
}
