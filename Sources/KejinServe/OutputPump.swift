import Foundation

/// One thread per child: waits in poll(2) for the child's output, hands each chunk to `send`
/// (which blocks until the SSH channel took it, so a slow client slows the child rather than
/// filling the server's memory), and when every output is at its end reaps the child and
/// reports its exit status. Idle, it costs nothing: no timers, no wake-ups.
final class OutputPump: @unchecked Sendable {
    enum Stream { case standard, error, notes }

    private let child: ChildProcess
    private let send: (Stream, [UInt8]) -> Bool
    private let finished: (Int) -> Void
    private let lock = NSLock()
    private var exited = false

    init(child: ChildProcess, send: @escaping (Stream, [UInt8]) -> Bool, finished: @escaping (Int) -> Void) {
        self.child = child
        self.send = send
        self.finished = finished
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "kejin-serve-pump-\(child.pid)"
        thread.stackSize = 256 * 1024
        thread.start()
    }

    /// Asks the child to end (the client went away): SIGHUP to its session, as a terminal's
    /// hang-up does, then SIGKILL if it is still there two seconds later.
    func hangUp() {
        let pid = child.pid
        kill(-pid, SIGHUP)
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { [self] in
            if !hasExited { kill(-pid, SIGKILL) }
        }
    }

    var hasExited: Bool { lock.lock(); defer { lock.unlock() }; return exited }

    private func run() {
        let streams: [(Int32, Stream)] = [(child.output, .standard)] + (child.errorOutput.map { [($0, .error)] } ?? [])
            + (child.notes.map { [($0, .notes)] } ?? [])
        var fds = streams.map { pollfd(fd: $0.0, events: Int16(POLLIN), revents: 0) }
        var open = fds.count
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var receiving = true
        while open > 0 {
            let n = poll(&fds, nfds_t(fds.count), -1)
            if n < 0 { if errno == EINTR { continue } else { break } }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let count = read(fds[i].fd, &buffer, buffer.count)
                if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                if count <= 0 {  // end of output; EIO on a pseudo-terminal whose child has gone
                    close(fds[i].fd)
                    fds[i].fd = -1
                    open -= 1
                    continue
                }
                // Once the channel is gone, keep draining so the child never blocks on a full pipe.
                if receiving || streams[i].1 == .notes {
                    let delivered = send(streams[i].1, Array(buffer[0..<count]))
                    if streams[i].1 != .notes { receiving = delivered }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        lock.lock(); exited = true; lock.unlock()
        finished(exitCode(fromWaitStatus: status))
    }
}
