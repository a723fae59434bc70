import Foundation

/// SIGTERM and SIGINT for a loop that must stop between two units of work, never inside one:
/// both are blocked (created before any other thread, so no thread takes them) and stay
/// pending until `wait`, which sleeps with `sigtimedwait` — no handler, no busy loop.
final class StopSignals {
    private var set = sigset_t()

    init() {
        // Default dispositions first: an ignored signal (a shell's `&` ignores SIGINT) would
        // be discarded, never pending.
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Sleeps up to `seconds`; true when SIGTERM or SIGINT arrived (now or while working).
    func wait(seconds: Double) -> Bool {
        var timeout = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        while true {
            let signal = sigtimedwait(&set, nil, &timeout)
            if signal == SIGTERM || signal == SIGINT { return true }
            if signal == -1 && errno == EINTR { continue }
            return false  // EAGAIN: the time is up
        }
    }
}
