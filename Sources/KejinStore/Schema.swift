import GRDB
import KejinCore

/// A migration written once for every engine (v17 on): SQLite registers it into GRDB's
/// migrator, PostgreSQL's writable open runs it (`Schema.migrate`). `body` changes the tables;
/// the row `schema(version)` is recorded by whoever runs it, in the same transaction.
struct StoreMigration: Sendable {
    let version: Int
    let name: String
    let body: @Sendable (any StoreSession) throws -> Void
}

/// The store's tables, created by migrations. `schema.version` counts the migrations so a
/// read-only opener can tell an old file from a new one without writing.
enum Schema {
    /// v1 … v16: GRDB's own migrations below (SQLite). A PostgreSQL store starts here, made
    /// by copying a new SQLite store's tables.
    static let baseVersion = 16

    /// The migrations from v17 on, written once for both engines, in order, each one version
    /// more than the last. A new one goes at the end; `version` follows.
    static let migrations: [StoreMigration] = [
        // The Programme screen's whitelist coverage and ledger spreads per period, kept like
        // period_summary, so a period reads a row per listed firm and a few per bank, not each
        // firm's loans and each funded loan's balance (Query/ProgrammeSummary.swift).
        ProgrammeSummary.migration,
        // The reserves each bank's RRR cut released (rrr_releases.csv), the Programme screen's
        // low-cost funds with the re-lending and rediscount draws (Import/RRRReleases.swift).
        RRRReleases.migration,
        // Default rule 13, the bank evaluation's grade scale, in stores made before it
        // (Query/EvaluationQuery.swift); the enterprise tags by tag, for a chain's "of which"
        // per category (Query/CategoryQuery.swift).
        StoreMigration(version: 19, name: "v19 evaluation rule, tags by tag") { s in
            try EvaluationQuery.seedRule(s)
            try s.execute(FiguresQuery.tagIndexDDL)
        },
        // Bank–guarantor cooperation and the 四贷 service stations, their institutions and
        // demands (Import/Outreach.swift), the Programme screen's 五大矩阵 and 六项保障.
        Outreach.migration,
        // A chain's "of which" per enterprise category, kept per period like the whitelist's
        // rows (Query/CategorySummary.swift).
        CategorySummary.migration,
        // The guidance funds and the loans they back (Import/GuidanceFunds.swift), the
        // Programme screen's 五大矩阵; the interest subsidy's budgets, allocations and claims
        // (Import/InterestSubsidy.swift), 六项保障, with default rule 14 on a bank's claims.
        StoreMigration(version: 22, name: "v22 guidance funds, interest subsidy") { s in
            for entity in GuidanceFunds.entities + InterestSubsidy.entities { try entity.create(s) }
            try InterestSubsidy.seedRule(s)
        },
        // The whitelist's pushes to banks and the matchmaking meetings (Import/WhitelistPipeline.swift),
        // the Programme screen's 三维协同; default rule 15 on the ledger spread (Query/SpreadRule.swift).
        WhitelistPipeline.migration,
        // The banks' products (products.csv) from the loans' free text, and their figures per
        // period kept like period_summary (Import/Products.swift, Query/ProductSummary.swift).
        Products.migration,
        // The five-grade classification on each balance (existing rows: normal), NPL balances
        // per period, region, bank and chain kept like product_summary, and default rule 16 on
        // the tech NPL gap (Query/NPLSummary.swift).
        NPLSummary.migration,
        // The programme's new loans per start month, bank, chain and tech kind, kept at import,
        // so the Programme screen's first open reads them instead of every loan (Query/NewLoanSummary.swift).
        NewLoanSummary.migration,
        // The interest-subsidy claims per bank and month, recomputed by an import of claims, and
        // the draws by tool and day: a viewer's first frame reads neither every claim nor every
        // draw (Query/SubsidySummary.swift).
        StoreMigration(version: 27, name: "v27 subsidy summary, first-draw index") { s in
            try SubsidySummary.create(s)
            try s.execute(FirstLoanBook.indexDDL)
        },
        // The guarantees in force at each stored month's end per guarantor, chain, pool and
        // region, recomputed by an import of guarantees or firms: a viewer's first frame reads
        // tens of rows a month instead of every guarantee (Query/GuaranteeSummary.swift).
        GuaranteeSummary.migration,
        // A chain's "of which" per category and region, summed from category_summary's row per
        // firm whenever those change: the Chains and Programme screens read tens of rows a
        // month instead of every listed firm (Query/CategorySummary.swift).
        CategorySummary.Totals.migration,
        // The draw ledgers of the outstanding draws summed per tool and bank, whenever those
        // rows or the draws change: a month's Re-lending figures read tens of rows instead of
        // two per draw (Query/DrawSummary.swift).
        DrawSummary.Groups.migration,
    ]

    /// The schema this kejin writes and reads: the last migration's version.
    static let version = version(of: migrations)

    /// The version a store has after `list` (the real list, or a test's longer one).
    static func version(of list: [StoreMigration]) -> Int {
        for (i, m) in list.enumerated() {
            precondition(m.version == baseVersion + 1 + i, "migration \(m.name): expected version \(baseVersion + 1 + i)")
        }
        return list.last?.version ?? baseVersion
    }

    static var migrator: DatabaseMigrator { migrator(migrations) }

    /// GRDB's migrator: v1 … v16, then `list` through the seam's SQLite session.
    static func migrator(_ list: [StoreMigration]) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 tables") { db in
            try db.execute(sql: v1)
            let insert = try db.makeStatement(sql: """
                INSERT INTO alert_rules(id, measure, scope, warn_below, critical_below, warn_above, critical_above, enabled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for r in AlertEngine.defaultRules {
                try insert.execute(arguments: [r.id, r.measure.rawValue, r.scope, r.warnBelow, r.criticalBelow,
                                               r.warnAbove, r.criticalAbove, r.enabled])
            }
            try db.execute(sql: "INSERT INTO schema(version) VALUES (1)")
        }
        migrator.registerMigration("v2 alert acknowledgements") { db in
            try db.execute(sql: v2)
            // Existing rules get their measure's default hysteresis (NULL would read the same).
            for measure in AlertMeasure.allCases {
                try db.execute(sql: "UPDATE alert_rules SET hysteresis = ? WHERE measure = ?",
                               arguments: [measure.defaultHysteresis, measure.rawValue])
            }
            try db.execute(sql: "INSERT INTO schema(version) VALUES (2)")
        }
        // Banks → their enterprises and loans: without this
        // index a bank's list scans every loan.
        migrator.registerMigration("v3 drill-down indexes") { db in
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS loans_bank ON loans(bank, enterprise)")
            // The five-dimension bank evaluation (bank_scores.csv), scores 0–100 per bank and period.
            try db.execute(sql: """
                CREATE TABLE bank_scores(
                    bank TEXT NOT NULL, period TEXT NOT NULL, policy_execution INTEGER NOT NULL,
                    product_innovation INTEGER NOT NULL, service_network INTEGER NOT NULL,
                    risk_control INTEGER NOT NULL, collaboration INTEGER NOT NULL,
                    PRIMARY KEY(bank, period)) WITHOUT ROWID
                """)
            try db.execute(sql: "INSERT INTO schema(version) VALUES (3)")
        }
        // The re-lending ledger per period and draw, kept by the importer's per-period
        // recompute, so a period move does not look up every funded loan (see DrawSummary.swift).
        migrator.registerMigration("v4 draw summary") { db in
            try DrawSummary.migrate(db)
            try db.execute(sql: "INSERT INTO schema(version) VALUES (4)")
        }
        // What the store holds (empty, the demo data set, or real imports), so `kejin demo`
        // never mixes into real data; see Store+Demo.swift. Older stores are classified here.
        migrator.registerMigration("v5 store meta") { db in
            try db.execute(sql: "CREATE TABLE store_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
            try Store.classifyLegacyContents(db)
            try db.execute(sql: "INSERT INTO schema(version) VALUES (5)")
        }
        // Who reports what, their deliveries per period, and close/reopen events: a period's
        // figures are provisional until every expected reporter delivered (Reporting/Deliveries.swift).
        migrator.registerMigration("v6 reporting") { db in
            try Deliveries.migrate(db)
            try db.execute(sql: "INSERT INTO schema(version) VALUES (6)")
        }
        // The four loans join the summary measures, and loan measures per (period, bank, chain)
        // let Banks and Four loans read summaries (Query/BankSummary.swift). Filled from the ledgers.
        migrator.registerMigration("v7 bank summary") { db in
            try db.execute(sql: "ALTER TABLE period_summary ADD COLUMN balance_rows INTEGER NOT NULL DEFAULT 0")
            for kind in ["first", "credit", "renewal", "revolving"] {
                try db.execute(sql: """
                    ALTER TABLE period_summary ADD COLUMN \(kind)_balance INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE period_summary ADD COLUMN \(kind)_borrowers INTEGER NOT NULL DEFAULT 0;
                    """)
            }
            try BankSummary.migrate(db)
            try PeriodSummary.recompute(db, periods: PeriodSummary.periods(db).map(\.key))
            try db.execute(sql: "INSERT INTO schema(version) VALUES (7)")
        }
        // Every delivery an import made (not only the latest per period and reporter), with who
        // imported it: the Reporting screen's drill-down to the import log (Reporting/Deliveries.swift).
        migrator.registerMigration("v8 delivery log") { db in
            try Deliveries.migrateLog(db)
            try db.execute(sql: "INSERT INTO schema(version) VALUES (8)")
        }
        // Regions (province / city / county) as data, a region on enterprises and institutions,
        // and the loan summaries per region (Query/RegionSummary.swift). Existing stores get no
        // regions: every enterprise in region '' (one implicit region, the whole store).
        migrator.registerMigration("v9 regions") { db in
            try RegionSummary.migrate(db)
            try db.execute(sql: "INSERT INTO schema(version) VALUES (9)")
        }
        // A bank's enterprise list reads its loans' enterprise and tech flag from the index
        // alone (Query/LendingQuery.swift), not a table row per loan; it replaces loans_bank,
        // its prefix. (v8 and v9 are other branches' migrations.)
        migrator.registerMigration("v10 loans by bank covering") { db in
            try db.execute(sql: """
                CREATE INDEX loans_bank_enterprise_tech ON loans(bank, enterprise, is_tech);
                DROP INDEX IF EXISTS loans_bank;
                INSERT INTO schema(version) VALUES (10);
                """)
        }
        // An alert rule may be limited to a region (AlertRule.region): NULL, every region.
        migrator.registerMigration("v11 alert rules by region") { db in
            try db.execute(sql: """
                ALTER TABLE alert_rules ADD COLUMN region TEXT;
                INSERT INTO schema(version) VALUES (11);
                """)
        }
        // A month's guarantees in force look up each guarantee's enterprise for its chain or
        // region (5,000 look-ups at 1M loans): from the index alone, not index then table.
        migrator.registerMigration("v12 enterprise look-up covering") { db in
            try db.execute(sql: """
                CREATE INDEX enterprises_code_chain_region ON enterprises(code, chain, region);
                INSERT INTO schema(version) VALUES (12);
                """)
        }
        // Re-lending caps and qualifications as dated data, the ineligible ledger loans the
        // importer keeps, and the two rules on them (Query/LedgerEligibility.swift). A store
        // that already has a rule 11 or 12 keeps it.
        migrator.registerMigration("v13 re-lending coverage") { db in
            try LedgerEligibility.migrate(db)
            for r in AlertEngine.defaultRules where [.relendingCapUse, .ineligibleLedgerLoans].contains(r.measure) {
                try db.execute(sql: """
                    INSERT INTO alert_rules(id, measure, scope, warn_below, critical_below, warn_above, critical_above, enabled, hysteresis)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
                    """, arguments: [r.id, r.measure.rawValue, r.scope, r.warnBelow, r.criticalBelow, r.warnAbove,
                                     r.criticalAbove, r.enabled, r.hysteresis])
            }
            try db.execute(sql: "INSERT INTO schema(version) VALUES (13)")
        }
        // The ineligible ledger loans' balances per period and draw, kept like draw_summary,
        // so a period's coverage does not seek each one's balance (DrawSummary.swift).
        migrator.registerMigration("v14 ineligible ledger per draw") { db in
            try DrawSummary.Ledger.ineligible.create(db)
            try db.execute(sql: "INSERT INTO schema(version) VALUES (14)")
        }
        // The enterprise lists' figures per (period, chain, bank, enterprise), kept like
        // bank_summary, so a list reads a row per enterprise, not its loans' balances
        // (Query/EnterpriseSummary.swift).
        migrator.registerMigration("v15 enterprise summary") { db in
            try EnterpriseSummary.create(db)
            try db.execute(sql: "INSERT INTO schema(version) VALUES (15)")
        }
        // A counter the writes of reference tables move, so a viewer keeps what it read of
        // them across balance imports (Query/ReferenceVersion.swift). A version of its own:
        // a kejin that does not move it cannot write the store.
        migrator.registerMigration("v16 reference version") { db in
            try ReferenceVersion.bump(SQLiteSession(db: db))
            try db.execute(sql: "INSERT INTO schema(version) VALUES (16)")
        }
        _ = version(of: list)
        for m in list {
            migrator.registerMigration(m.name) { db in try apply(m, SQLiteSession(db: db)) }
        }
        return migrator
    }

    /// Runs `m` and records its version, in the caller's transaction.
    private static func apply(_ m: StoreMigration, _ s: any StoreSession) throws {
        try m.body(s)
        try s.execute("INSERT INTO schema(version) VALUES (?1)", m.version)
    }

    /// The version recorded in the store (either engine); 0 without kejin tables.
    static func storedVersion(_ s: any StoreSession) throws -> Int {
        guard try s.tableExists("schema") else { return 0 }
        return try s.fetchOne("SELECT max(version) FROM schema", as: Int.self) ?? 0
    }

    /// Brings a store at `baseVersion` or later up to the last of `list` (PostgreSQL; SQLite
    /// runs the same list in GRDB's migrator). Each missing migration runs in a write
    /// transaction of its own under the imports' lock, so it never interleaves with an import
    /// or another kejin migrating; the version is read again inside it (another kejin may
    /// have run it meanwhile). All or nothing per migration: a failed one leaves the store at
    /// the version before it. `waiting`: another writer holds the lock.
    static func migrate(_ backend: any StoreBackend, _ list: [StoreMigration], waiting: () -> Void = {}) throws {
        let found = try backend.read(storedVersion)
        for m in list where m.version > found {
            try backend.write(.importFiles, waiting: waiting) { s in
                let current = try storedVersion(s)
                guard current < m.version else { return }
                guard current == m.version - 1 else {
                    throw StoreSQLError("schema version \(current): cannot apply migration \(m.name)")
                }
                try apply(m, s)
            }
        }
    }

    /// The version recorded in the file; 0 for a file without kejin tables.
    static func storedVersion(_ db: Database) throws -> Int { try storedVersion(SQLiteSession(db: db)) }

    /// True when the file has tables but no kejin `schema` table: another program's database.
    static func hasForeignTables(_ db: Database) throws -> Bool {
        guard try !db.tableExists("schema") else { return false }
        return try Bool.fetchOne(db, sql: """
            SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%')
            """) ?? false
    }

    // Money in fen, rates in bp (Int64). References are codes, checked by the importer (no
    // SQL foreign keys: they would slow the bulk import and the importer names bad rows better).
    // Loans also get an integer id so the big loan_balances table stays small.
    private static let v1 = """
        CREATE TABLE schema(version INTEGER NOT NULL);
        CREATE TABLE import_log(
            id INTEGER PRIMARY KEY, file TEXT NOT NULL, checksum TEXT NOT NULL,
            rows INTEGER NOT NULL, imported_at TEXT NOT NULL);
        CREATE TABLE institutions(
            code TEXT PRIMARY KEY, kind TEXT NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
            net_assets INTEGER);
        CREATE TABLE chains(
            code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, lead_bank TEXT);
        CREATE TABLE enterprises(
            code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, chain TEXT);
        CREATE INDEX enterprises_chain ON enterprises(chain);
        CREATE TABLE enterprise_tags(
            enterprise TEXT NOT NULL, tag TEXT NOT NULL, certificate TEXT NOT NULL,
            valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
            PRIMARY KEY(enterprise, tag, valid_from)) WITHOUT ROWID;
        CREATE TABLE relending_tools(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL);
        CREATE TABLE relending_rates(
            tool TEXT NOT NULL, effective_from TEXT NOT NULL, rate INTEGER NOT NULL,
            PRIMARY KEY(tool, effective_from)) WITHOUT ROWID;
        CREATE TABLE relending_quotas(
            tool TEXT NOT NULL, effective_from TEXT NOT NULL, quota INTEGER NOT NULL,
            PRIMARY KEY(tool, effective_from)) WITHOUT ROWID;
        CREATE TABLE relending_draws(
            code TEXT PRIMARY KEY, tool TEXT NOT NULL, bank TEXT NOT NULL, draw_date TEXT NOT NULL,
            maturity_date TEXT NOT NULL, amount INTEGER NOT NULL, rollovers_used INTEGER NOT NULL,
            repaid_date TEXT);
        CREATE INDEX relending_draws_tool ON relending_draws(tool);
        CREATE TABLE risk_pools(
            code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, capital INTEGER NOT NULL,
            risk_share INTEGER NOT NULL, breaker INTEGER NOT NULL);
        CREATE TABLE guarantees(
            code TEXT PRIMARY KEY, guarantor TEXT NOT NULL, enterprise TEXT NOT NULL, bank TEXT NOT NULL,
            start_date TEXT NOT NULL, end_date TEXT NOT NULL, amount INTEGER NOT NULL, fee INTEGER NOT NULL,
            bank_share INTEGER NOT NULL, pool TEXT, released_date TEXT);
        CREATE INDEX guarantees_guarantor ON guarantees(guarantor);
        CREATE INDEX guarantees_enterprise ON guarantees(enterprise);
        CREATE INDEX guarantees_pool ON guarantees(pool);
        CREATE TABLE loans(
            id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, bank TEXT NOT NULL, enterprise TEXT NOT NULL,
            product TEXT NOT NULL, purpose TEXT NOT NULL, start_date TEXT NOT NULL, maturity_date TEXT NOT NULL,
            amount INTEGER NOT NULL, rate INTEGER NOT NULL, first_loan INTEGER NOT NULL,
            credit_loan INTEGER NOT NULL, renewal INTEGER NOT NULL, revolving INTEGER NOT NULL,
            ip_pledge INTEGER NOT NULL, guarantee TEXT, relending_draw TEXT,
            -- derived by the importer: the enterprise held a valid tag at start_date
            is_tech INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX loans_enterprise ON loans(enterprise);
        CREATE INDEX loans_relending_draw ON loans(relending_draw) WHERE relending_draw IS NOT NULL;
        CREATE TABLE loan_balances(
            period TEXT NOT NULL, loan_id INTEGER NOT NULL, balance INTEGER NOT NULL,
            PRIMARY KEY(period, loan_id)) WITHOUT ROWID;
        CREATE TABLE pool_payouts(
            code TEXT PRIMARY KEY, pool TEXT NOT NULL, date TEXT NOT NULL, guarantee TEXT,
            amount INTEGER NOT NULL);
        CREATE INDEX pool_payouts_pool ON pool_payouts(pool, date);
        CREATE TABLE alert_rules(
            id INTEGER PRIMARY KEY, measure TEXT NOT NULL, scope TEXT, warn_below INTEGER,
            critical_below INTEGER, warn_above INTEGER, critical_above INTEGER, enabled INTEGER NOT NULL);
        -- Loan measures per period and chain ('' = the whole city), kept by the importer.
        -- See Query/PeriodSummary.swift.
        CREATE TABLE period_summary(
            period TEXT NOT NULL, chain TEXT NOT NULL,
            all_balance INTEGER NOT NULL, all_borrowers INTEGER NOT NULL,
            tech_balance INTEGER NOT NULL, tech_borrowers INTEGER NOT NULL,
            innovation_balance INTEGER NOT NULL, innovation_borrowers INTEGER NOT NULL,
            transformation_balance INTEGER NOT NULL, transformation_borrowers INTEGER NOT NULL,
            ip_balance INTEGER NOT NULL, ip_borrowers INTEGER NOT NULL,
            relending_balance INTEGER NOT NULL, relending_borrowers INTEGER NOT NULL,
            PRIMARY KEY(period, chain)) WITHOUT ROWID;
        """

    // An acknowledgement silences one alert (rule, entity, severity) from `period` on while it
    // keeps firing at that severity; see KejinCore's AlertAck. `hysteresis`: NULL = the
    // measure's default.
    private static let v2 = """
        ALTER TABLE alert_rules ADD COLUMN hysteresis INTEGER;
        CREATE TABLE alert_ack(
            rule_id INTEGER NOT NULL, entity TEXT NOT NULL, severity TEXT NOT NULL, period TEXT NOT NULL,
            acknowledged_by TEXT NOT NULL, acknowledged_at TEXT NOT NULL,
            PRIMARY KEY(rule_id, entity, severity, period)) WITHOUT ROWID;
        """
}
