import Foundation
import Testing
import ThrowawayPostgres
#if canImport(Glibc)
import Glibc
#endif

/// The throwaway clusters every PostgreSQL test and CI run stand on: a primary and a streaming
/// replica start, a row written on the primary reaches the replica, and stopping leaves no
/// server process behind. Uses `psql`, so it runs in every build (no PostgreSQL trait needed).
@Suite(.serialized) struct ThrowawayClusterTests {
    @Test func aRowWrittenOnThePrimaryIsReadOnTheReplica() throws {
        let primary = try ThrowawayCluster.startPrimary()
        let replica = try primary.startReplica()
        let pids = [primary.postmasterPID, replica.postmasterPID]
        #expect(primary.isRunning && replica.isRunning)
        #expect(try primary.psql("SELECT pg_is_in_recovery()") == "f")
        #expect(try replica.psql("SELECT pg_is_in_recovery()") == "t")

        try primary.psql("CREATE TABLE generation(n bigint NOT NULL); INSERT INTO generation VALUES (41)")
        try primary.psql("UPDATE generation SET n = n + 1")
        #expect(waitFor(seconds: 10) { (try? replica.psql("SELECT n FROM generation")) == "42" },
                "the replica did not show the primary's row within 10 s")
        // A hot standby refuses writes.
        #expect(throws: ClusterError.self) { try replica.psql("UPDATE generation SET n = 0") }

        replica.stop()
        primary.stop()
        for pid in pids { #expect(!ThrowawayCluster.processRuns(pid), "postmaster \(pid) still runs") }
        #expect(!FileManager.default.fileExists(atPath: primary.directory))
        #expect(!FileManager.default.fileExists(atPath: replica.directory))
    }

    @Test func droppingTheLastReferenceStopsTheServer() throws {
        var pid: pid_t = 0
        var directory = ""
        do {
            let cluster = try ThrowawayCluster.startPrimary()
            pid = cluster.postmasterPID
            directory = cluster.directory
            #expect(try cluster.psql("SELECT 1 + 1") == "2")
        }
        #expect(pid > 0 && !ThrowawayCluster.processRuns(pid), "postmaster \(pid) outlived its cluster")
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    /// The watchdog: a process holding a cluster dies by SIGKILL (no deinit, no atexit); the
    /// cluster is stopped and its folder removed all the same.
    @Test func aKilledOwnerLeavesNothingRunning() throws {
        let owner = ThrowawayCluster.startProcess(["/bin/sleep", "600"])
        #expect(owner > 0)
        let cluster = try ThrowawayCluster.startPrimary()
        let pid = cluster.postmasterPID
        cluster.stopWhenProcessEnds(owner)
        kill(owner, SIGKILL)
        ThrowawayCluster.reap(owner)
        // The cluster's own watchdog (for this process) is still waiting: only the owner's acted.
        #expect(waitFor(seconds: 20) { !ThrowawayCluster.processRuns(pid) }, "postmaster \(pid) outlived a killed owner")
        #expect(waitFor(seconds: 5) { !FileManager.default.fileExists(atPath: cluster.directory) })
        cluster.stop()
    }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass.
func waitFor(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(50_000)
    }
    return try condition()
}
