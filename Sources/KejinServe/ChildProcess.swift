import Foundation

/// A child process of the server: a session's dashboard on its own pseudo-terminal, or an exec
/// command with pipes. The child is a session leader (`setsid`), so a dashboard's terminal is
/// its controlling terminal and a crash or hang-up there touches nothing else.
struct ChildProcess {
    let pid: pid_t
    /// The pseudo-terminal's master (dashboard) or the stdout pipe's read end (exec).
    let output: Int32
    /// The stderr pipe's read end (exec only).
    let errorOutput: Int32?
    /// The read end of the pipe the dashboard reports acknowledgements on (its fd 3), if asked.
    var notes: Int32? = nil

    /// Starts `arguments` (argv[0] is the program) on a new pseudo-terminal of the given size.
    /// With `notes`, the child's fd 3 is a pipe whose other end is `ChildProcess.notes`.
    static func onPseudoTerminal(_ arguments: [String], environment: [String: String],
                                 width: Int, height: Int, notes: Bool) throws -> ChildProcess {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        // posix_openpt, unlockpt and ptsname as Linux implements them (glibc's need _XOPEN_SOURCE,
        // which Swift's Glibc module does not set): open /dev/ptmx, unlock, ask the number.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0, ioctl(master, tiocgptn, &number) == 0 else {
            let reason = String(cString: strerror(errno))
            if master >= 0 { close(master) }
            throw ServeError("cannot create a pseudo-terminal: \(reason)")
        }
        let slavePath = "/dev/pts/\(number)"
        resize(master, width: width, height: height)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // setsid() runs before the file actions, so opening the slave without O_NOCTTY makes it
        // the new session's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var notesPipe: [Int32] = [-1, -1]
        if notes {
            guard pipe(&notesPipe) == 0 else { close(master); throw ServeError("pipe: \(String(cString: strerror(errno)))") }
            for fd in notesPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, notesPipe[1], 3)
        }
        defer { if notes { close(notesPipe[1]) } }
        let pid: pid_t
        do {
            pid = try spawn(arguments, environment: environment, actions: &actions)
        } catch {
            close(master)
            if notes { close(notesPipe[0]) }
            throw error
        }
        // glibc's posix_spawn returns after the child's exec, so the child already holds the
        // slave: the master never sees a hang-up before the dashboard starts.
        // The master is non-blocking: keystrokes are written from the event loop, which must never wait.
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        return ChildProcess(pid: pid, output: master, errorOutput: nil, notes: notes ? notesPipe[0] : nil)
    }

    /// Starts `arguments` with stdin from /dev/null and stdout, stderr to pipes.
    static func withPipes(_ arguments: [String], environment: [String: String]) throws -> ChildProcess {
        // Pipes and spawn under one lock: a pipe end must never leak into another session's child
        // (its output would then never reach its end while that child lives).
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe(&out) == 0 else { throw ServeError("pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&err) == 0 else {
            close(out[0]); close(out[1])
            throw ServeError("pipe: \(String(cString: strerror(errno)))")
        }
        for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        defer { close(out[1]); close(err[1]) }
        do {
            let pid = try spawn(arguments, environment: environment, actions: &actions)
            return ChildProcess(pid: pid, output: out[0], errorOutput: err[0])
        } catch {
            close(out[0]); close(err[0])
            throw error
        }
    }

    /// Sets the terminal's size; the kernel sends SIGWINCH to the dashboard.
    static func resize(_ master: Int32, width: Int, height: Int) {
        var size = winsize(ws_row: UInt16(clamping: height), ws_col: UInt16(clamping: width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    private static func spawn(_ arguments: [String], environment: [String: String],
                              actions: inout posix_spawn_file_actions_t) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The server blocks the signals it handles itself; its children start with none blocked
        // and every handler at its default.
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals); sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc ≥ 2.26), not exported to Swift
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | setsid))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw ServeError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        return pid
    }
}

private let spawnLock = NSLock()
// <asm-generic/ioctls.h>: _IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned int).
private let tiocsptlck = UInt(0x4004_5431)
private let tiocgptn = UInt(0x8004_5430)

/// The exit status as a shell reports it: the code, or 128 + the signal that ended the process.
func exitCode(fromWaitStatus status: Int32) -> Int {
    let signal = status & 0x7f
    return signal == 0 ? Int((status >> 8) & 0xff) : 128 + Int(signal)
}
