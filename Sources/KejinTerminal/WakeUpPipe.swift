import Glibc

/// A self-pipe that lets another thread wake the run loop: `Terminal.nextEvent` polls it
/// beside standard input and returns `.wakeUp` when it was signalled (a background load
/// finished). Both ends stay open while anyone holds the pipe, so a late `signal()` from a
/// worker never writes into a file descriptor the process has reused.
public final class WakeUpPipe: Sendable {
    let readFD: Int32
    private let writeFD: Int32

    init() throws {
        (readFD, writeFD) = try nonBlockingPipe()
    }

    deinit { close(readFD); close(writeFD) }

    /// Wakes the run loop; safe from any thread. Never blocks: a full pipe means a wake-up is
    /// already pending.
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe: any number of signals since the last look make one `.wakeUp`.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }
}

/// A pipe whose ends never block and are closed on exec (the signal and wake-up pipes).
func nonBlockingPipe() throws -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { throw TerminalError.setupFailed("pipe: \(String(cString: strerror(errno)))") }
    for fd in fds {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    return (fds[0], fds[1])
}
