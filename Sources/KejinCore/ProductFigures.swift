/// The banks' loan products (一链一行, the article's 五大矩阵 (四); issue 12, item 5): 硒链贷, 医链贷,
/// 毛玩贷, 产业链e贷, 科技贷, 知识产权质押贷, 产业基金贷 …, each a bank's, on a chain or none, with its
/// loans' balance, borrowers and growth in one period (KejinStore's ProductSummary, products.csv).
/// Money in fen.
public struct ProductFigures: Sendable, Equatable {
    /// What a product is for (products.csv `kind`).
    public enum Kind: String, CaseIterable, Sendable {
        /// A chain product (产业链金融: 硒链贷, 医链贷, 毛玩贷, 产业链e贷).
        case chain
        /// Tech credit (科技贷, 科创信用贷).
        case tech
        /// Lending against intellectual property (知识产权质押贷).
        case ipPledge = "ip_pledge"
        /// Backed by a guidance fund (产业基金贷).
        case fund
        /// Working capital, fixed assets and the rest.
        case general
    }

    public struct Product: Sendable, Equatable {
        /// The code, unique within its bank.
        public var code: String
        public var bank: String
        public var bankName: Names
        /// nil: a product of no single chain.
        public var chain: String?
        public var chainName: Names?
        public var name: Names
        public var kind: Kind
        /// `YYYY-MM-DD`.
        public var launched: String
        /// The balance of its loans at the period end.
        public var balance: Money
        /// Enterprises whose loans of the product have a positive balance (户数).
        public var borrowers: Int
        /// The balance a year before; nil when the store has no balances for that month.
        public var balanceYearAgo: Money?

        public init(code: String, bank: String, bankName: Names, chain: String?, chainName: Names?, name: Names, kind: Kind,
                    launched: String, balance: Money, borrowers: Int, balanceYearAgo: Money?) {
            self.code = code; self.bank = bank; self.bankName = bankName; self.chain = chain; self.chainName = chainName
            self.name = name; self.kind = kind; self.launched = launched; self.balance = balance; self.borrowers = borrowers
            self.balanceYearAgo = balanceYearAgo
        }

        /// Year-on-year growth of the balance; nil without a year-ago month or from nothing.
        public var growth: BasisPoints? { balanceYearAgo.flatMap { BasisPoints.growth(from: $0, to: balance) } }
    }

    /// Every product launched by the period end, chain products first (by chain, then bank),
    /// then those of no chain, each group by balance, largest first.
    public var products: [Product]

    public init(products: [Product]) { self.products = products }
    public static let empty = ProductFigures(products: [])

    /// The products of one chain (its lead bank's and others').
    public func onChain(_ chain: String) -> [Product] { products.filter { $0.chain == chain } }
    /// One bank's products.
    public func of(bank: String) -> [Product] { products.filter { $0.bank == bank } }
    /// The total balance of the listed products.
    public var balance: Money { products.reduce(Money.zero) { $0 + $1.balance } }
}
