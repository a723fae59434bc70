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

    static let executor = DispatchExecutor()

    final class DispatchExecutor: TaskExecutor {
        private let queue = DispatchQueue(label: "kejin.postgres", attributes: .concurrent)

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
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
