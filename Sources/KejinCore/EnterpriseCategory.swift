/// Enterprise categories (issue 12, item 11): lists an enterprise is on that are neither a
/// tech qualification nor a re-lending one, kept as enterprise tags (enterprise_tags.csv) so a
/// chain can say "of which": 省级小微企业重点客户 (the province's key small/micro clients) and
/// 新型农业经营主体 (cooperatives and other listed new-type agricultural entities).
/// A tag's raw value is the word enterprise_tags.csv writes; this list is the one place it is
/// declared (the importer validates against it, CSVFormat.md documents it).
public enum EnterpriseCategory: String, CaseIterable, Sendable, Hashable, Comparable {
    case keySmallMicro = "key_small_micro"
    case newAgriEntity = "new_agri_entity"

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A chain's loans to the enterprises of one category at the period end: the firms holding the
/// category's tag in the month (its span touches the month) with a positive balance, and their
/// balance. The firms are also counted in the chain's own measure ("of which").
public struct CategoryMeasure: Sendable, Equatable {
    public var category: EnterpriseCategory
    public var firms: Int
    public var balance: Money

    public init(category: EnterpriseCategory, firms: Int, balance: Money) {
        self.category = category; self.firms = firms; self.balance = balance
    }
}

/// The first ledger loan a re-lending tool refinanced, as far as the store records: the
/// earliest-starting loan of the tool's earliest draw (ties by code). The demo's 科技创新和技术改造
/// 再贷款 reads ICBC Ankang's 500万元 loan of January 2025, the one the article calls the first.
public struct FirstLedgerLoan: Sendable, Equatable {
    public var loan: String
    public var draw: String
    public var bank: Names
    public var enterprise: Names
    public var startDate: String
    public var amount: Money

    public init(loan: String, draw: String, bank: Names, enterprise: Names, startDate: String, amount: Money) {
        self.loan = loan; self.draw = draw; self.bank = bank; self.enterprise = enterprise
        self.startDate = startDate; self.amount = amount
    }
}
