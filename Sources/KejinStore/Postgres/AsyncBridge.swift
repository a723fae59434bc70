#if PostgreSQL
import Foundation
import PostgresNIO

/// Runs postgres-nio's async calls for kejin's synchronous store API. The tasks run on a
/// Dispatch-backed executor, not the cooperative pool: a caller blocked here may itself be a
/// pool thread (a test, a server session), and 2 cores give the pool only 2 threads.
enum AsyncBridge {
    /// A started operation, waited for later.
    final class Running<T: Sendable>: @unchecked Sendable {
        fileprivate let done = DispatchSemaphore(value: 0)
        fileprivate var result: Result<T, any Error>?

        func wait() throws -> T {
            done.wait()
            done.signal()  // a second wait returns at once
            return try result!.get()
        }
    }

    static func start<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) -> Running<T> {
        let running = Running<T>()
        Task(executorPreference: executor) {
            do { running.result = .success(try await operation()) } catch { running.result = .failure(error) }
            running.done.signal()
        }
        return running
    }

    static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        try start(operation).wait()
    }

    /// Waits for a statement's `future` on the caller's thread, as `future.wait()` would, but
    /// gives up once `lost()` (the connection is closed) has held for a second: postgres-nio
    /// (1.33) never completes a query written to a connection already closed (its write has
    /// no promise), so `wait()` would block forever. No timeout on the statement itself: a
    /// big recompute may take minutes on a live connection.
    static func wait<T>(_ future: EventLoopFuture<T>, lost: () -> Bool) throws -> T {
        let outcome = Outcome<T>(), done = DispatchSemaphore(value: 0)
        future.whenComplete { outcome.result = $0; done.signal() }
        var seenLost = false
        while done.wait(timeout: .now() + .seconds(1)) == .timedOut {
            if lost() {
                if seenLost { throw ConnectionLost() }
                seenLost = true  // a second more: the answer may be on its way
            }
        }
        return try outcome.result!.get()
    }

    /// A future's result, set on the event loop, read after the semaphore.
    private final class Outcome<T>: @unchecked Sendable { var result: Result<T, any Error>? }

    /// The connection closed under a statement that will never be answered.
    struct ConnectionLost: Error {}

    static let executor = DispatchExecutor()

    final class DispatchExecutor: TaskExecutor {
        private let queue = DispatchQueue(label: "kejin.postgres", attributes: .concurrent)

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }
}

/// A statement's rows from postgres-nio's event loop to the thread reading them: each row made
/// a seam row as it arrives, handed over in batches. No back-pressure (postgres-nio's row
/// callback has none): at worst the whole result waits here, as it would collected whole.
final class RowPipe: @unchecked Sendable {
    private static let batchRows = 1_000
    private let condition = NSCondition()
    private var batches: [[SQLValues]] = []
    private var filling: [SQLValues] = []
    private var outcome: Result<Void, any Error>?
    private var stopped = false

    /// A row or the statement failed (the error postgres-nio or the row's decoding gave).
    struct Failed: Error { let underlying: any Error }

    init() { filling.reserveCapacity(Self.batchRows) }

    /// On the event loop: one row.
    func append(_ row: PostgresRow) {
        condition.lock()
        let skip = stopped || outcome != nil
        condition.unlock()
        if skip { return }
        let values: SQLValues
        do { values = try PostgresTransaction.values(row) } catch { return finish(.failure(error)) }
        filling.append(values)  // the event loop's own: no lock
        guard filling.count == Self.batchRows else { return }
        condition.withLock {
            batches.append(filling)
            condition.signal()
        }
        filling = []
        filling.reserveCapacity(Self.batchRows)
    }

    /// On the event loop: the statement ended (the first outcome stays).
    func finish(_ result: Result<Void, any Error>) {
        condition.withLock {
            if !filling.isEmpty, case .success = result { batches.append(filling) }
            filling = []
            if outcome == nil { outcome = result }
            condition.signal()
        }
    }

    /// The reader: the next batch, nil after the last; throws the statement's error when it
    /// failed (after the rows before it), or `ConnectionLost` when `lost()` held for a second
    /// with no answer (AsyncBridge.wait).
    func next(lost: () -> Bool) throws -> [SQLValues]? {
        condition.lock()
        defer { condition.unlock() }
        var seenLost = false
        while batches.isEmpty && outcome == nil {
            if !condition.wait(until: Date().addingTimeInterval(1)), lost() {
                if seenLost { throw AsyncBridge.ConnectionLost() }
                seenLost = true
            }
        }
        if !batches.isEmpty { return batches.removeFirst() }
        if case .failure(let error) = outcome! { throw Failed(underlying: error) }
        return nil
    }

    /// The reader wants no more rows: the ones still coming are dropped as they arrive.
    func stop() { condition.withLock { stopped = true; batches = [] } }

    /// Waits for the statement's end after `stop()`.
    func drain(lost: () -> Bool) throws {
        while try next(lost: lost) != nil {}
    }
}

/// COPY data from the importing thread to postgres-nio's writer: at most `slots` chunks in
/// flight (the importer waits for the server, memory stays flat), and either side's failure
/// stops the other.
final class CopyPipe: @unchecked Sendable {
    static let chunkBytes = 256 * 1024
    private static let slots = 4

    let chunks: AsyncThrowingStream<ByteBuffer, any Error>
    private let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    private let free = DispatchSemaphore(value: CopyPipe.slots)
    private let lock = NSLock()
    private var consumerEnded = false
    private var consumerError: (any Error)?

    init() { (chunks, continuation) = AsyncThrowingStream.makeStream() }

    /// From the importing thread: waits for a free slot; throws once the COPY has ended.
    func send(_ chunk: ByteBuffer) throws {
        free.wait()
        if let ended = ended() { throw ended }
        continuation.yield(chunk)
    }

    /// The last chunk was sent (`error` nil) or the rows failed: ends the stream.
    func close(_ error: (any Error)?) {
        if let error { continuation.finish(throwing: error) } else { continuation.finish() }
    }

    /// From the writer: a chunk reached the server.
    func consumed() { free.signal() }

    /// From the writer: the COPY ended, well or not; wakes a waiting sender.
    func finished(_ error: (any Error)?) {
        lock.lock()
        consumerEnded = true
        consumerError = error
        lock.unlock()
        free.signal()
    }

    private func ended() -> (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        guard consumerEnded else { return nil }
        return consumerError ?? StoreSQLError("COPY ended before all rows were sent")
    }
}
#endif
