// swift-tools-version: 6.1
//
// kejin (科金看板): a terminal dashboard for sci-tech finance supervision.
//
// Imports flow one way:
//   kejin (CLI) ─┬─> KejinTerminal ─> KejinDashboard ─> KejinCore
//                ├─> KejinStore ─────────────────────> KejinCore
//                └─> KejinServe (SSH; runs the kejin binary per session)
// Only KejinTerminal touches ncurses; only KejinStore touches SQL.
import PackageDescription

/// postgres-nio, linked only when the PostgreSQL trait is enabled.
let postgresNIO: Target.Dependency = .product(
    name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"]))

let package = Package(
    name: "kejin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kejin", targets: ["kejin"]),
    ],
    // PostgreSQL stores (issue 10) are opt-in, so the default build compiles nothing of
    // postgres-nio: `swift build --traits PostgreSQL`. Sources test `#if PostgreSQL`.
    traits: [
        .trait(name: "PostgreSQL", description: "PostgreSQL stores through postgres-nio (and TLS through swift-nio-ssl)."),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Tests only: property-based tests of the importer (arbitrary bytes, numbers, quoting).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssh", from: "0.15.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Only with the PostgreSQL trait (see `traits`).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // No pkgConfig: ncursesw's .pc adds -D flags SwiftPM prohibits (a warning on every
        // build); shim.h defines what they would, and module.modulemap links the libraries.
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Domain values (money, periods, figures) and the FigureSource protocol.
        .target(name: "KejinCore"),
        // SQLite through GRDB: schema, migrations, CSV import, queries, demo data.
        .target(
            name: "KejinStore",
            dependencies: [
                "KejinCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                postgresNIO,
            ],
            exclude: ["DemoGenerator", "CSVFormat.md"],
            resources: [.copy("Resources/demo")]
        ),
        // Pure Swift: formatting, layout, widgets and screens drawing into a cell grid.
        .target(
            name: "KejinDashboard",
            dependencies: [
                "KejinCore", .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),  // report --format csv
            ]
        ),
        // Async-signal-safe handlers and the exit backstops that restore the terminal (C).
        .target(name: "CTerminalSignals", linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]),
        // The only code that touches ncurses: paints the grid, reads keys, signals.
        .target(name: "KejinTerminal", dependencies: ["KejinDashboard", "CNcurses", "CTerminalSignals"]),
        // `kejin serve`: an SSH server whose sessions run `kejin dashboard` on a pseudo-terminal.
        // Knows no screens and no SQL: each session is a child process of the kejin binary.
        .target(
            name: "KejinServe",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["systemd", "bench"]
        ),
        .executableTarget(
            name: "kejin",
            dependencies: [
                "KejinCore", "KejinStore", "KejinDashboard", "KejinTerminal", "KejinServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Bench/MEASUREMENTS.md"]
        ),
        .testTarget(name: "KejinCoreTests", dependencies: ["KejinCore"]),
        .testTarget(
            name: "KejinStoreTests",
            dependencies: [
                "KejinStore", "KejinCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "KejinDashboardTests",
            dependencies: ["KejinDashboard", "KejinCore", .product(name: "CSV", package: "CSV.swift")],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "KejinServeTests", dependencies: ["KejinServe"]),
        // Throwaway PostgreSQL 15 clusters (primary, streaming replica) for tests and CI.
        .target(name: "ThrowawayPostgres", path: "Tests/Support/ThrowawayPostgres"),
        // The clusters themselves (psql, every build); connection and faults with the trait.
        .testTarget(name: "PostgresTests", dependencies: ["ThrowawayPostgres", "KejinStore", postgresNIO]),
        .testTarget(name: "KejinTerminalTests", dependencies: ["KejinTerminal", "KejinDashboard", "CNcurses"]),
        // Runs the built `kejin` binary inside tmux (ServeEndToEndTests: `kejin serve` through
        // OpenSSH's ssh; PostgresEndToEndTests: dashboards on a throwaway primary and replica).
        .testTarget(name: "EndToEndTests", dependencies: ["KejinStore", "KejinCore", "ThrowawayPostgres"]),
    ]
)

// Test code (the test targets and their support under Tests/) compiles unoptimised even in a
// release build (`swift test -c release`, CI): it is glue around the modules it tests, which
// stay optimised. -O on it cost 383 CPU-s of a cold build's 2,600 (-Onone: 247), and the suite
// ran no slower without it (2-core machine, 2026-12-04).
for target in package.targets where target.type == .test || target.path?.hasPrefix("Tests/") == true {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-Onone"])]
}
