import CSV
import Foundation
import GRDB
import Testing
@testable import KejinStore

/// Files from Excel in a Chinese locale ("CSV (逗号分隔)") are GBK/GB18030: they import and read
/// back the same Chinese names; bytes valid in neither encoding name their file, row and column.
@Suite struct ImportEncodingTests {
    /// `code,kind,name_zh,name_en` / `B9,bank,中国工商银行安康分行,ICBC`, CRLF, as Python's
    /// `str.encode('gb18030')` writes it (an encoder independent of the importer's).
    static let excelGB18030: [UInt8] = [
        0x63, 0x6F, 0x64, 0x65, 0x2C, 0x6B, 0x69, 0x6E, 0x64, 0x2C, 0x6E, 0x61, 0x6D, 0x65, 0x5F, 0x7A, 0x68, 0x2C,
        0x6E, 0x61, 0x6D, 0x65, 0x5F, 0x65, 0x6E, 0x0D, 0x0A, 0x42, 0x39, 0x2C, 0x62, 0x61, 0x6E, 0x6B, 0x2C, 0xD6,
        0xD0, 0xB9, 0xFA, 0xB9, 0xA4, 0xC9, 0xCC, 0xD2, 0xF8, 0xD0, 0xD0, 0xB0, 0xB2, 0xBF, 0xB5, 0xB7, 0xD6, 0xD0,
        0xD0, 0x2C, 0x49, 0x43, 0x42, 0x43, 0x0D, 0x0A,
    ]

    private func write(_ f: Fixture, _ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = f.dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    private func names(_ store: Store, _ table: String) throws -> [String: String] {
        try store.dbQueue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, name_zh FROM \(table)").map {
                ($0[0] as String, $0[1] as String)
            })
        }
    }

    @Test func excelGB18030FileImports() throws {
        let f = try Fixture()
        let store = try f.store()
        let summary = try store.importFiles([try write(f, "institutions.csv", Self.excelGB18030)])
        #expect(summary.files.map(\.encoding) == ["GB18030"])
        #expect(try names(store, "institutions") == ["B9": "中国工商银行安康分行"])
    }

    /// The demo's reference files, converted to GBK by the iconv program, import with the same names.
    @Test func gbkReferenceFilesReadBackTheSameNames() throws {
        let f = try Fixture()
        let store = try f.store()
        let demo = try #require(Bundle.module.url(forResource: "demo", withExtension: nil))
        var urls: [URL] = [], expected: [String: [String: String]] = [:]
        for entity in ["regions", "institutions", "chains", "enterprises"] {
            let source = demo.appendingPathComponent("\(entity).csv")
            let gbk = f.dir.appendingPathComponent("\(entity).csv")
            let iconv = Process()
            iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
            iconv.arguments = ["-f", "UTF-8", "-t", "GBK", source.path]
            FileManager.default.createFile(atPath: gbk.path, contents: nil)
            iconv.standardOutput = try FileHandle(forWritingTo: gbk)
            try iconv.run()
            iconv.waitUntilExit()
            #expect(iconv.terminationStatus == 0)
            #expect(String(data: try Data(contentsOf: gbk), encoding: .utf8) == nil, "GBK bytes are not valid UTF-8")
            let reader = try CSVReader(string: try String(contentsOf: source, encoding: .utf8), hasHeaderRow: true)
            var names: [String: String] = [:]
            while let row = reader.next() { names[row[0]] = row[reader.headerRow!.firstIndex(of: "name_zh")!] }
            expected[entity] = names
            urls.append(gbk)
        }
        let summary = try store.importFiles(urls)
        #expect(summary.files.map(\.encoding) == ["GB18030", "GB18030", "GB18030", "GB18030"])
        for entity in ["regions", "institutions", "chains", "enterprises"] {
            #expect(try names(store, entity) == expected[entity])
            #expect(expected[entity]!.count > 5)
        }
    }

    @Test func forcedEncodingIsUsed() throws {
        let f = try Fixture()
        let store = try f.store()
        let url = try write(f, "institutions.csv", Self.excelGB18030)
        #expect { try store.importFiles([url], options: ImportOptions(encoding: .utf8)) } throws: { error in
            let e = error as? ImportError
            return e?.file == "institutions.csv" && e?.row == 2 && e?.column == "name_zh"
                && e?.reason.contains("not valid UTF-8") == true
        }
        #expect(try store.isEmpty() && store.importLog().isEmpty)
        // Valid UTF-8 read as GB18030 on request: stored as decoded (mojibake), labelled GB18030.
        let utf8 = try f.write("chains.csv", "code,name_zh,name_en\nT,中国,China\n")
        let summary = try store.importFiles([utf8], options: ImportOptions(encoding: .gb18030))
        #expect(summary.files.map(\.encoding) == ["GB18030"])
        #expect(try names(store, "chains")["T"] == "涓\u{E15E}浗")  // as Python decodes these bytes
    }

    @Test func bytesValidInNeitherEncodingNameRowAndColumn() throws {
        let f = try Fixture()
        let store = try f.store()
        // 0x80 and 0xFF are not GB18030; the file is not UTF-8 either.
        let bad = Array("code,name_zh,name_en\nT,茶叶,Tea\nU,".utf8) + [0xB2, 0xE8, 0x80] + Array(",Tea 2\n".utf8)
        let gb = try write(f, "chains.csv", Array("code,name_zh,name_en\r\nT,".utf8) + [0xB2, 0xE8]
                           + Array(",Tea\r\nU,x,".utf8) + [0xFF] + Array("\r\n".utf8))
        #expect { try store.importFiles([gb]) } throws: { error in
            let e = error as? ImportError
            return e?.row == 3 && e?.column == "name_en" && e?.reason.contains("neither UTF-8 nor GB18030") == true
        }
        // Mostly UTF-8 with one stray byte: read as damaged UTF-8 (not as GB18030 mojibake).
        let damaged = try write(f, "enterprises.csv", bad)
        #expect { try store.importFiles([damaged]) } throws: { error in
            let e = error as? ImportError
            return e?.file == "enterprises.csv" && e?.row == 3 && e?.column == "name_zh"
                && e?.reason.contains("not valid UTF-8") == true
        }
        let utf16 = try write(f, "chains.csv", [0xFF, 0xFE] + Array("c\0".utf8))
        #expect { try store.importFiles([utf16]) } throws: { error in
            (error as? ImportError)?.reason.hasPrefix("is UTF-16") == true
        }
        #expect(try store.importLog().isEmpty)
    }

    @Test func summaryNamesTheEncodingRead() throws {
        let f = try Fixture()
        let store = try f.store()
        let plain = try f.write("chains.csv", "code,name_zh,name_en\nT,茶,Tea\n")
        let bom = try f.write("enterprises.csv", "\u{FEFF}code,name_zh,name_en\nE,企业,Firm\n")
        #expect(try store.importFiles([plain, bom]).files.map(\.encoding) == ["UTF-8", "UTF-8 with BOM"])
        #expect(try names(store, "enterprises") == ["E": "企业"])
    }
}
