import Foundation
import Testing
@testable import KejinStore

/// `importDemo` finds the bundled folder and goes through the normal importer. (The demo
/// figures themselves are checked in DemoFiguresTests.)
@Suite struct BundledDemoImportTests {
    @Test func importDemoUsesTheBundledFolderAndIsIdempotent() throws {
        let folder = try #require(Bundle.module.url(forResource: "demo", withExtension: nil))
        let csvs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
        let f = try Fixture()
        let store = try f.store()
        guard !csvs.isEmpty else {
            #expect(throws: StoreError.noDemoData) { try store.importDemo() }
            return
        }
        let summary = try store.importDemo()
        #expect(Set(summary.files.map(\.name)) == Set(csvs))
        #expect(try !store.isEmpty())
        let counts = try Fixture.counts(store)
        _ = try store.importDemo()
        var again = try Fixture.counts(store)
        again["import_log"] = counts["import_log"]
        #expect(again == counts)
    }
}
