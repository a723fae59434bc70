import ArgumentParser
import Foundation
import KejinDashboard
import KejinStore

/// `kejin bench probe`: the cold-start child. Spawned fresh by `kejin bench`, it opens the store
/// read-only as the viewer does (three connections, the background loader), loads the Overview
/// and renders the first 120x40 frame, then (for the viewer's peak memory) does what a session
/// does: every screen with its list, and every period. It prints
/// one JSON line (`ProbeResult`) on stdout.
struct BenchProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Internal: cold-start child of `kejin bench`.", shouldDisplay: false)

    @Option(help: "The store to open read-only.") var store: String
    @Option(help: "CLOCK_MONOTONIC nanoseconds when the parent spawned this process.") var spawnedAt: UInt64
    @Flag(help: "Stop after the first frame (to profile the cold start alone: perf record … bench probe --first-frame-only).")
    var firstFrameOnly = false

    struct ProbeResult: Codable {
        /// Spawn → first frame in the grid, on the shared monotonic clock.
        var firstFrameFromSpawnMs: Double
        /// From this command's start (after process start-up and argument parsing) to the frame.
        var firstFrameInProcessMs: Double
        /// VmHWM after the first frame, and after visiting every screen and period.
        var peakAfterFirstFrameKiB: Int?
        var peakAfterSessionKiB: Int?
        /// A checksum of the frame text, so the work cannot be skipped.
        var frameCharacters: Int
    }

    func run() throws {
        let start = monotonicNanos()
        // The viewer's own path: its connections, the background loader, the first load.
        let viewer = try BenchSession(address: StoreAddress.parse(store, environment: ProcessInfo.processInfo.environment))
        let grid = viewer.render()
        let done = monotonicNanos()
        let characters = grid.text.count
        let peakFirst = peakResidentKiB()

        // A session: every screen (their lists loaded), then every period back to the first.
        if firstFrameOnly { return print(#"{"firstFrameInProcessMs":\#(Double(done - start) / 1e6)}"#) }
        for _ in Screen.allCases { _ = try viewer.press(.tab) }
        for _ in viewer.session.periods { _ = try viewer.press(.character("[")) }

        let result = ProbeResult(
            firstFrameFromSpawnMs: Double(done &- spawnedAt) / 1e6,
            firstFrameInProcessMs: Double(done - start) / 1e6,
            peakAfterFirstFrameKiB: peakFirst, peakAfterSessionKiB: peakResidentKiB(),
            frameCharacters: characters)
        let data = try JSONEncoder().encode(result)
        print(String(decoding: data, as: UTF8.self))
    }
}
