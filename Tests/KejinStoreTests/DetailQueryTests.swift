import Foundation
import KejinCore
import Testing
@testable import KejinStore

/// Drill-down lists of the crafted fixture at 2025-06 (E = 2025-06-30), worked out by hand
/// from Fixture.files. Year-ago month 2024-06 is stored, so growth is defined.
@Suite struct DetailQueryTests {
    let store: Store
    let fixture: Fixture
    let june = Period("2025-06")!

    init() throws {
        fixture = try Fixture()
        store = try fixture.store()
        _ = try store.importFiles(try fixture.writeAll())
    }

    func rows(_ r: DrillRequest) throws -> DetailRows { try store.detail(r, period: june) }
    func column(_ d: DetailRows, _ f: DetailField) -> [DetailValue] {
        let i = d.fields.firstIndex(of: f)!
        return d.rows.map { $0.values[i] }
    }
    static func yuan(_ y: Int64) -> DetailValue { .money(.yuan(y)) }

    @Test func chainBanks() throws {
        let d = try rows(.chainBanks(chain: "TEA"))
        // TEA: E1 (L1 B1 700000, L2 B1 0) and E2 (L3 B2 600000); a year ago L1 900000, L2 500000, L3 800000.
        #expect(d.rows.map(\.code) == ["B1", "B2"])
        #expect(d.rows[0].name == Names(zh: "银行一", en: "Bank One"))
        #expect(column(d, .balance) == [Self.yuan(700_000), Self.yuan(600_000)])
        #expect(column(d, .borrowers) == [.count(1), .count(1)])
        #expect(column(d, .yoy) == [.growth(BasisPoints(-5_000)), .growth(BasisPoints(-2_500))])
        #expect(column(d, .techBalance) == [Self.yuan(700_000), Self.yuan(0)])
        #expect(column(d, .shareOfChain) == [.percent(BasisPoints(5_385)), .percent(BasisPoints(4_615))])
        #expect(d.rows[0].next == .enterprises(chain: "TEA", bank: "B1"))
    }

    @Test func enterprisesOfAChainAtABank() throws {
        let d = try rows(.enterprises(chain: "TEA", bank: "B1"))
        #expect(d.rows.map(\.code) == ["E1"])
        #expect(column(d, .balance) == [Self.yuan(700_000)])
        #expect(column(d, .loans) == [.count(1)])  // L2 is at 0
        #expect(column(d, .yoy) == [.growth(BasisPoints(-5_000))])
        guard case .tags(let tags) = column(d, .tags)[0] else { Issue.record("no tags"); return }
        #expect(tags == [EnterpriseTag(tag: "high_tech", certificate: "GR202361000001", validFrom: "2023-01-01",
                                       validTo: "2025-12-31", validAtPeriodEnd: true)])
        #expect(d.rows[0].next == .enterpriseLoans(enterprise: "E1", bank: "B1"))
    }

    @Test func enterprisesOfABankAcrossChains() throws {
        let d = try rows(.enterprises(chain: nil, bank: "B2"))
        // L3 (E2) 600000, L4 (E3) 600000, L6 (E4) 150000; ties by code.
        #expect(d.rows.map(\.code) == ["E2", "E3", "E4"])
        #expect(column(d, .chain) == [.name(Names(zh: "茶叶", en: "Tea")), .name(Names(zh: "富硒食品", en: "Selenium food")),
                                      .name(Names(zh: "-", en: "-"))])
        // E3 had nothing at B2 a year ago: growth is undefined, not infinite.
        #expect(column(d, .yoy) == [.growth(BasisPoints(-2_500)), .growth(nil), .growth(BasisPoints(-2_500))])
    }

    @Test func anEnterprisesLoans() throws {
        let d = try rows(.enterpriseLoans(enterprise: "E1", bank: nil))
        #expect(d.rows.map(\.code) == ["L1", "L2"])
        #expect(d.tags.map(\.tag) == ["high_tech"])
        let l1 = d.rows[0].values
        // 13 months 2024-06 … 2025-06: stored balances where present, 0 in the months between.
        var trend = Array(repeating: Money.zero, count: 13)
        trend[0] = .yuan(900_000); trend[11] = .yuan(750_000); trend[12] = .yuan(700_000)
        #expect(column(d, .trend)[0] == .trend(trend))
        #expect(column(d, .balance) == [Self.yuan(700_000), Self.yuan(0)])
        #expect(column(d, .fourLoans) == [.flags(LoanFlags(firstLoan: true, creditLoan: false, renewal: false, revolving: false)),
                                          .flags(LoanFlags(firstLoan: false, creditLoan: true, renewal: false, revolving: false))])
        #expect(column(d, .ipPledge) == [.flag(true), .flag(false)])
        #expect(column(d, .guarantee) == [.text("GU1"), .text("")])
        #expect(column(d, .draw) == [.text("D1"), .text("")])
        #expect(column(d, .purpose) == [.word("tech_innovation"), .word("general")])
        #expect(column(d, .product) == [.name(Names(zh: "茶贷", en: "Tea loan")), .text("")])
        #expect(l1.count == d.fields.count)
        #expect(d.rows[0].next == nil)
    }

    @Test func reLendingDrawsAndTheirLedgerLoans() throws {
        let d = try rows(.toolDraws(tool: "TI"))
        // D4 is drawn after the period end; D3 was repaid 2025-06-15.
        #expect(d.rows.map(\.code) == ["D1", "D2", "D3"])
        #expect(column(d, .outstanding) == [Self.yuan(500_000), Self.yuan(300_000), Self.yuan(0)])
        #expect(column(d, .ledgerBalance) == [Self.yuan(700_000), Self.yuan(600_000), Self.yuan(300_000)])
        #expect(column(d, .ledgerLoans) == [.count(1), .count(1), .count(1)])
        #expect(column(d, .rollovers) == [.count(2), .count(0), .count(1)])
        #expect(column(d, .repaidDate) == [.date(nil), .date(nil), .date("2025-06-15")])
        #expect(d.rows[1].next == .drawLoans(draw: "D2"))
        let loans = try rows(.drawLoans(draw: "D2"))
        #expect(loans.rows.map(\.code) == ["L3"])
        #expect(column(loans, .enterprise) == [.name(Names(zh: "企业二", en: "Firm 2"))])
    }

    @Test func guaranteesInForceAndTheLoanBehind() throws {
        let d = try rows(.guarantorGuarantees(guarantor: "G1"))
        // GU3 ended on 2025-06-30, GU4 was released then; GU5 is released only on 2025-07-01.
        #expect(d.rows.map(\.code) == ["GU1", "GU2", "GU5"])
        #expect(column(d, .amount) == [Self.yuan(1_000_000), Self.yuan(500_000), Self.yuan(200_000)])
        #expect(column(d, .fee)[0] == .percent(BasisPoints(80)))
        #expect(column(d, .bankShare)[0] == .percent(BasisPoints(2_000)))
        #expect(column(d, .pool) == [.name(Names(zh: "风险补偿资金池", en: "Risk pool")), .text(""), .text("")])
        #expect(d.rows[0].name == Names(zh: "企业一", en: "Firm 1"))
        #expect(try rows(.guaranteeLoans(guarantee: "GU1")).rows.map(\.code) == ["L1"])
        #expect(try rows(.guaranteeLoans(guarantee: "GU2")).rows.map(\.code) == ["L3"])
    }

    @Test func poolPayouts() throws {
        let d = try rows(.poolPayouts(pool: "P1"))
        // PO3 is paid after the period end; newest first.
        #expect(d.rows.map(\.code) == ["PO2", "PO1"])
        #expect(column(d, .amount) == [.money(Money(fen: 1_000_050)), Self.yuan(20_000)])
        #expect(column(d, .enterprise)[1] == .name(Names(zh: "企业一", en: "Firm 1")))
        #expect(d.rows.map(\.next) == [nil, .guaranteeLoans(guarantee: "GU3")])
    }

    @Test func banks() throws {
        let d = try rows(.banks)
        // B1: L1 700000 (tech, first), L2 0 (tech, credit), L5 300000 (tech, revolving).
        // B2: L3 600000, L4 600000 (renewal, not tech: started before E3's tag), L6 150000.
        #expect(d.rows.map(\.code) == ["B1", "B2"])
        #expect(column(d, .techBalance) == [Self.yuan(1_000_000), Self.yuan(0)])
        #expect(column(d, .yoy) == [.growth(BasisPoints(-2_857)), .growth(nil)])
        #expect(column(d, .shareOfOwnLoans) == [.percent(BasisPoints(10_000)), .percent(BasisPoints(0))])
        #expect(column(d, .shareOfMarket) == [.percent(BasisPoints(10_000)), .percent(BasisPoints(0))])
        #expect(column(d, .firstFirms) == [.count(1), .count(0)])
        #expect(column(d, .firstBalance) == [Self.yuan(700_000), Self.yuan(0)])
        #expect(column(d, .creditFirms) == [.count(0), .count(0)])
        #expect(column(d, .renewalBalance) == [Self.yuan(0), Self.yuan(0)])
        #expect(column(d, .revolvingFirms) == [.count(1), .count(0)])
        #expect(column(d, .revolvingBalance) == [Self.yuan(300_000), Self.yuan(0)])
        // Outstanding draws: D1 (B1); D2 and D5 (B2). D3 is repaid.
        #expect(column(d, .relendingDrawn) == [Self.yuan(500_000), Self.yuan(301_000)])
        // No classification in the crafted ledger: every balance normal, NPL 0 (B2 has no tech loans).
        #expect(column(d, .techNPL) == [.percent(BasisPoints(0)), .percent(nil)])
        #expect(column(d, .npl) == [.percent(BasisPoints(0)), .percent(BasisPoints(0))])
        #expect(d.rows[0].next == .enterprises(chain: nil, bank: "B1"))
    }

    @Test func fourLoans() throws {
        let d = try rows(.fourLoans)
        #expect(d.rows.map(\.code) == ["", "TEA", "SE", "NM"])
        #expect(column(d, .techBalance) == [Self.yuan(1_000_000), Self.yuan(700_000), Self.yuan(300_000), Self.yuan(0)])
        #expect(column(d, .techBorrowers) == [.count(2), .count(1), .count(1), .count(0)])
        #expect(column(d, .firstShare) == [.percent(BasisPoints(7_000)), .percent(BasisPoints(10_000)),
                                           .percent(BasisPoints(0)), .percent(nil)])
        #expect(column(d, .revolvingShare)[0] == .percent(BasisPoints(3_000)))
        #expect(column(d, .revolvingFirms) == [.count(1), .count(0), .count(1), .count(0)])
        #expect(d.rows[1].next == .chainBanks(chain: "TEA"))
    }

    @Test func aPeriodWithoutYearAgoDataHasNoGrowth() throws {
        let d = try store.detail(.chainBanks(chain: "TEA"), period: Period("2025-05")!)
        #expect(column(d, .yoy).allSatisfy { $0 == .growth(nil) })
        #expect(column(d, .balance) == [Self.yuan(750_000), Self.yuan(650_000)])
    }
}

/// The five-dimension evaluation: imported from bank_scores.csv, shown from the latest
/// evaluation at or before the period, absent (no columns) when none is loaded.
@Suite struct BankScoresTests {
    @Test func scoresAppearOnceLoadedAndFollowTheLatestEvaluation() throws {
        let fixture = try Fixture()
        let store = try fixture.store()
        _ = try store.importFiles(try fixture.writeAll())
        let june = Period("2025-06")!
        #expect(!(try store.detail(.banks, period: june)).fields.contains(.policyExecution))

        _ = try store.importFiles([try fixture.write("bank_scores.csv", """
            bank,period,policy_execution,product_innovation,service_network,risk_control,collaboration
            B1,2024-12,80,70,60,90,75
            B1,2025-06,85,72,61,88,79
            B2,2024-12,66,55,70,81,60

            """, folder: "scores")])
        let d = try store.detail(.banks, period: june)
        let i = try #require(d.fields.firstIndex(of: .policyExecution))
        #expect(d.fields.suffix(5) == [.policyExecution, .productInnovation, .serviceNetwork, .riskControl, .collaboration])
        // June 2025: B1's June evaluation; B2 has none that month.
        #expect(Array(d.rows[0].values[i...]) == [.score(85), .score(72), .score(61), .score(88), .score(79)])
        #expect(Array(d.rows[1].values[i...]) == Array(repeating: .score(nil), count: 5))
        // May 2025: the December evaluation is the latest.
        let may = try store.detail(.banks, period: Period("2025-05")!)
        #expect(Array(may.rows.first { $0.code == "B2" }!.values[i...]) == [.score(66), .score(55), .score(70), .score(81), .score(60)])
    }

    @Test func aScoreAbove100OrAGuarantorIsRejected() throws {
        let fixture = try Fixture()
        let store = try fixture.store()
        _ = try store.importFiles(try fixture.writeAll())
        let header = "bank,period,policy_execution,product_innovation,service_network,risk_control,collaboration\n"
        #expect(throws: ImportError.self) {
            _ = try store.importFiles([try fixture.write("bank_scores.csv", header + "B1,2025-06,80,101,60,90,75\n", folder: "bad1")])
        }
        #expect(throws: ImportError.self) {
            _ = try store.importFiles([try fixture.write("bank_scores.csv", header + "G1,2025-06,80,70,60,90,75\n", folder: "bad2")])
        }
    }
}
