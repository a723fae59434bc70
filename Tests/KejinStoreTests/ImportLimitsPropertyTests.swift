import Foundation
import KejinCore
import PropertyBased
import Testing
@testable import KejinStore

/// Amounts the importer accepts, up to its limit of 15 whole digits, reach every figure and
/// alert without an arithmetic overflow; totals past what Int64 fen can hold are refused with
/// a clear error instead.
@Suite struct ImportLimitsPropertyTests {
    private static let loanHeader = "code,bank,enterprise,purpose,start_date,maturity_date,amount_yuan,rate_pct,first_loan,credit_loan,renewal,revolving,ip_pledge,guarantee,relending_draw"

    @Test func hugeAcceptedAmountsReachTheFiguresWithoutOverflow() async throws {
        // Yuan amounts: small, large or at the limit; a balance per loan in two periods a year apart.
        let yuan = Gen<String>.frequency(
            (1, Gen.always("0")), (1, Gen.always("0.01")), (1, Gen.always("999999999999999.99")),
            (2, Gen.int64(in: 0...999_999_999_999_999).map { String($0) })
        )
        let loan = zip(yuan, yuan, yuan, Gen.int(in: 0...2), Gen.bool())
        await propertyCheck(count: 12 * ImportPropertyTests.scale, input: loan.array(of: 1...120)) { loans in
            let f = try Fixture()
            let store = try f.store()
            _ = try store.importFiles(try f.writeAll())
            var loanRows: [String] = [], balances: [String] = []
            for (i, (amount, old, new, purpose, tech)) in loans.enumerated() {
                let p = ["general", "tech_innovation", "tech_transformation"][purpose]
                loanRows.append("X\(i),B\(i % 2 + 1),\(tech ? "E1" : "E4"),\(p),2024-01-01,2030-01-01,\(amount),\(amount),1,1,0,0,\(i % 2),\(tech ? "GU1" : ""),\(tech ? "D1" : "")")
                balances.append("X\(i),2024-07,\(old)")
                balances.append("X\(i),2025-07,\(new)")
            }
            let urls = [try f.write("loans.csv", ([Self.loanHeader] + loanRows).joined(separator: "\n") + "\n", folder: "big"),
                        try f.write("loan_balances.csv", (["loan,period,balance_yuan"] + balances).joined(separator: "\n") + "\n", folder: "big")]
            let before = try StoreDump(store)
            do {
                _ = try store.importFiles(urls)
            } catch let error as ImportError {
                #expect(error.reason.contains("too large"), "\(error)")
                #expect(try StoreDump(store) == before)
                return
            }
            let periods = try store.availablePeriods()
            for period in periods {
                _ = try store.evaluatedAlerts(for: period, periods: periods)
            }
        }
    }

    /// The ratio behind every growth and share: for any Int64 amounts it does not trap, stays
    /// within its clamp, agrees with the plain 64-bit formula wherever that one fits, and
    /// `ratio(_:_:atLeast:)` agrees with it (n/d is within half a basis point of the ratio).
    @Test func ratiosOfAnyAmounts() async {
        let amount = Gen<Int64>.frequency((1, Gen.int64()), (1, Gen.int64(in: -400_000_000_000_000...400_000_000_000_000)),
                                          (1, Gen.int64(in: -1000...1000)))
        await propertyCheck(count: 300 * ImportPropertyTests.scale, input: amount, amount) { n, d in
            guard let r = BasisPoints.ratio(n, d) else { #expect(d == 0); return }
            #expect(abs(r.value) <= BasisPoints.ratioLimit)
            if abs(n) <= 400_000_000_000_000 {
                let scaled = n * 20_000 / d
                let plain = scaled >= 0 ? (scaled + 1) / 2 : (scaled - 1) / 2
                #expect(r.value == max(-BasisPoints.ratioLimit, min(BasisPoints.ratioLimit, plain)), "\(n) / \(d)")
            }
            if d > 0, abs(r.value) < BasisPoints.ratioLimit {
                #expect(ratio(n, d, atLeast: BasisPoints(r.value - 1)))
                #expect(!ratio(n, d, atLeast: BasisPoints(r.value + 1)))
            }
        }
    }
}
