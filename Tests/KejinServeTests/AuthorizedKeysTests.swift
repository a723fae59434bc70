import Testing
@testable import KejinServe

/// The authorized_keys reader, fingerprints, durations and the exec whitelist. The keys are
/// test vectors made with `ssh-keygen`; their fingerprints are what `ssh-keygen -lf` printed.
@Suite struct AuthorizedKeysTests {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII/yHLU182FWHmix1IRmi2/4zThRExU9R2+rWgJ5EfQS"
    static let ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKUfW1p6FwtD8VVlbexdDxRtt3rVJBoTpYPPufFUxaFr2qFYqxO2IOXHNuudtHmEQ5lpcFBSfOinH/a8HNhVD+I="

    @Test func readsOptionsCommentsAndBlankLinesAndSkipsWhatItCannotUse() {
        let text = """
            # viewers of the Ankang branch

            operator,lang=en,theme="high contrast" \(Self.ed25519) wang wei@pboc
            restrict,no-port-forwarding \(Self.ecdsa)
            from="10.0.0.0/8,192.168.0.0/16",no-pty \(Self.ecdsa) kept out
            ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDDsxbD3UrCa97gk4YwPmcb old key
            lang=fr \(Self.ed25519)
            ssh-ed25519 not-base64!
            """
        let parsed = AuthorizedKeys.parse(text)
        #expect(parsed.keys.count == 2)
        let first = parsed.keys[0]
        #expect(first.isOperator && first.language == "en" && first.theme == "high contrast")
        #expect(first.comment == "wang wei@pboc" && first.identity == "wang wei@pboc")
        let second = parsed.keys[1]
        #expect(!second.isOperator && second.language == nil && second.comment.isEmpty)
        #expect(second.identity == second.fingerprint)  // no comment: the fingerprint names it
        #expect(parsed.problems.count == 4)
        #expect(parsed.problems[0].hasPrefix("line 5: option from is not supported"))
        #expect(parsed.problems[1].hasPrefix("line 6: key type ssh-rsa is not accepted"))
        #expect(parsed.problems[2].hasPrefix("line 7: lang=fr"))
        #expect(parsed.problems[3].hasPrefix("line 8: unreadable ssh-ed25519 key"))
    }

    @Test func fingerprintsAreOpenSSHs() {
        let keys = AuthorizedKeys.parse("\(Self.ed25519) a\n\(Self.ecdsa) b\n").keys
        #expect(keys.map(\.fingerprint) == ["SHA256:bjy7nFc8HxoCHF+CdTIRPRs4UKVRz7EPE7daLLKJOII",
                                            "SHA256:HfB9vW2wJJE3p6+KQ/KRbGoRSt34xBUNEPtqKShftKM"])
    }

    @Test func durationsReadAndWriteBack() {
        #expect(DurationText.parse("90s") == .seconds(90))
        #expect(DurationText.parse("10m") == .seconds(600))
        #expect(DurationText.parse("1h30m") == .seconds(5400))
        #expect(DurationText.parse("45") == .seconds(45))
        #expect(DurationText.parse("0.5s") == .milliseconds(500))
        for bad in ["", "0", "10x", "m", "5m3", "-1m"] { #expect(DurationText.parse(bad) == nil, "\(bad)") }
        for text in ["90s", "10m", "1h", "0.5s"] { #expect(DurationText.parse(text).map(DurationText.format) == text) }
    }

    @Test func execAllowsOnlyReadOnlyCommandsOnTheServersStore() {
        #expect(ExecWhitelist.arguments(for: "report --period 2025-03 --format=json", storePath: "/s")
                == ["report", "--store", "/s", "--period", "2025-03", "--format", "json"])
        #expect(ExecWhitelist.arguments(for: "alerts --all --lang en", storePath: "/s")
                == ["alerts", "--store", "/s", "--all", "--lang", "en"])
        for refused in ["sh", "", "alerts ack 1:RL-TECH", "report --store /etc/passwd", "report --period",
                        "report --format $(id)", "report;id", "import x.csv", "rules set 1", "report --all"] {
            #expect(ExecWhitelist.arguments(for: refused, storePath: "/s") == nil, "\(refused)")
        }
    }
}
