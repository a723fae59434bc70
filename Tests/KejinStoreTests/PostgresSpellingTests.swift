import Testing
@testable import KejinStore

/// The PostgreSQL backend's two spellings, checked in every build (no server needed).
@Suite struct PostgresSpellingTests {
    @Test func numberedPlaceholdersBecomeDollarsOutsideLiteralsAndComments() throws {
        #expect(try PostgresSpelling.numberedPlaceholders("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?12)")
                == "SELECT a FROM t WHERE b = $1 AND c IN ($2, $12)")
        #expect(try PostgresSpelling.numberedPlaceholders("SELECT '?1', 'it''s ?2', \"?3\" -- ?4\n, ?5")
                == "SELECT '?1', 'it''s ?2', \"?3\" -- ?4\n, $5")
        #expect(throws: StoreSQLError.self) { try PostgresSpelling.numberedPlaceholders("SELECT a FROM t WHERE b = ?") }
    }

    @Test func copyTextEscapesWhatCopyReadsSpecially() {
        var out: [UInt8] = []
        PostgresSpelling.appendCopyRow([.integer(-42), .null, .text("a\tb\nc\rd\\e 安康"), .blob([0x00, 0xAB])], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "-42\t\\N\ta\\tb\\nc\\rd\\\\e 安康\t\\\\x00ab\n")
    }
}
