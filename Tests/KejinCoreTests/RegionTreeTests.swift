import KejinCore
import Testing

/// The walks the region selector and the queries rely on (Region.swift).
@Suite struct RegionTreeTests {
    static func region(_ code: String, _ parent: String?, _ level: RegionLevel) -> Region {
        Region(code: code, name: Names(zh: code, en: code), parent: parent, level: level)
    }

    let tree = RegionTree([
        region("K12", "C1", .county), region("P", nil, .province), region("C1", "P", .city),
        region("K11", "C1", .county), region("C2", "P", .city), region("X", "GONE", .city),
    ])

    @Test func childrenSubtreePathAndContainment() {
        #expect(tree.children(of: nil).map(\.code) == ["P", "X"])   // a parent not in the tree: top level
        #expect(tree.children(of: "C1").map(\.code) == ["K11", "K12"])
        #expect(tree.subtree("P") == ["P", "C1", "C2", "K11", "K12"])
        #expect(tree.subtree("K11") == ["K11"])
        #expect(tree.path(to: "K12").map(\.code) == ["P", "C1", "K12"])
        #expect(tree.path(to: "NOPE").isEmpty)
        #expect(tree.contains("C1", "K11") && tree.contains("K11", "K11") && !tree.contains("C2", "K11"))
        #expect(RegionLevel.province < .city && RegionLevel.city < .county)
    }
}
