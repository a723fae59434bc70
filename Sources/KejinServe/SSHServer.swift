import Dispatch
import Foundation
import NIOCore
import NIOPosix
import NIOSSH

/// What every connection and session of one server shares.
final class ServerContext: @unchecked Sendable {
    let configuration: ServeConfiguration
    let audit: AuditLog
    let admission: Admission
    /// The environment a session's child starts from (the client adds TERM, LANG and LC_*).
    let childEnvironment: [String: String]
    /// The port actually bound (--listen …:0 picks a free one); set before the first connection.
    var port = 0
    private let lock = NSLock()
    private var sessions: [ObjectIdentifier: (SessionHandler, EventLoop)] = [:]
    private var nextConnection = 0

    init(configuration: ServeConfiguration, audit: AuditLog) {
        self.configuration = configuration
        self.audit = audit
        admission = Admission(maxSessions: configuration.maxSessions, maxSessionsPerKey: configuration.maxSessionsPerKey,
                              maxFailuresPerMinute: configuration.maxFailuresPerMinute)
        let inherited = ["PATH", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "KEJIN_AMBIGUOUS"]
        let environment = ProcessInfo.processInfo.environment
        var child = environment.filter { inherited.contains($0.key) }
        // A crashing dashboard must simply end: Swift's backtracer would otherwise stop, on the
        // viewer's terminal, at an interactive prompt showing the program's internals.
        child["SWIFT_BACKTRACE"] = "enable=no"
        childEnvironment = child
    }

    func connectionID() -> Int {
        lock.lock(); defer { lock.unlock() }
        nextConnection += 1
        return nextConnection
    }

    func register(_ session: SessionHandler) {
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else { return }
        lock.lock(); defer { lock.unlock() }
        sessions[ObjectIdentifier(session)] = (session, loop)
    }

    func unregister(_ session: SessionHandler) {
        lock.lock(); defer { lock.unlock() }
        sessions[ObjectIdentifier(session)] = nil
    }

    /// Tells every session why it ends and closes it (SIGTERM).
    func closeAllSessions(message: String) -> Int {
        lock.lock()
        let all = Array(sessions.values)
        lock.unlock()
        for (session, loop) in all {
            let bound = UnsafeTransfer(session)
            loop.execute { bound.value.sayAndClose(message) }
        }
        return all.count
    }

    var sessionCount: Int { lock.lock(); defer { lock.unlock() }; return sessions.count }
}

/// A value handed to the event loop that owns it (the handler is only touched there).
struct UnsafeTransfer<T>: @unchecked Sendable { let value: T; init(_ value: T) { self.value = value } }

/// `kejin serve`: listens, shakes hands with the host key, admits authorized public keys and
/// gives each session channel a SessionHandler. Port forwarding and every other channel type
/// are refused.
public final class SSHServer {
    private let context: ServerContext
    private let hostKey: HostKey
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)

    public init(configuration: ServeConfiguration, hostKey: HostKey, audit: AuditLog) {
        context = ServerContext(configuration: configuration, audit: audit)
        self.hostKey = hostKey
    }

    /// Binds and serves until SIGTERM or SIGINT; SIGHUP reopens the audit log.
    public func run(announce: (String) -> Void) throws {
        let configuration = context.configuration
        let channel = try bootstrap().bind(host: configuration.host, port: configuration.port).wait()
        let port = channel.localAddress?.port ?? configuration.port
        context.port = port
        context.audit.record("server_start", ["listen": "\(configuration.host):\(port)", "pid": Int(getpid()),
                                              "host_key": hostKey.publicKey.fingerprint, "store": configuration.storePath,
                                              "authorized_keys": configuration.authorizedKeysPath])
        let keyNote = "ED25519, \(hostKey.path)" + (hostKey.created ? ", new" : "")
        let lines: [String] = [
            "kejin serve: listening on \(configuration.host):\(port)",
            "  host key \(hostKey.publicKey.fingerprint) (\(keyNote))",
            "  authorized keys \(configuration.authorizedKeysPath)",
            "  audit log \(configuration.auditLogPath)",
            "  store \(configuration.storePath)",
            "  connect: ssh -p \(port) \(configuration.host)",
        ]
        announce(lines.joined(separator: "\n"))

        let stopped = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [context] in
                if signalNumber == SIGHUP {
                    try? context.audit.reopen()
                    context.audit.record("audit_reopened")
                } else {
                    stopped.signal()
                }
            }
            source.resume()
            sources.append(source)
        }
        stopped.wait()
        stop(channel)
        sources.forEach { $0.cancel() }
    }

    /// Stops listening, tells each session the server is stopping, waits up to 3 s for them.
    private func stop(_ listener: Channel) {
        try? listener.close().wait()
        let count = context.closeAllSessions(message: "\r\n\r\nkejin serve is stopping; session closed.\r\n")
        let deadline = Date().addingTimeInterval(3)
        while context.sessionCount > 0 && Date() < deadline { usleep(20_000) }
        context.audit.record("server_stop", ["sessions_closed": count])
        try? group.syncShutdownGracefully()
    }

    private func bootstrap() -> ServerBootstrap {
        let context = context, hostKey = hostKey.privateKey
        return ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let remote = channel.remoteAddress?.ipAddress ?? "unknown"
                let connection = Connection(id: context.connectionID(), remoteAddress: remote)
                if let wait = context.admission.blockedSeconds(for: remote) {
                    return Self.turnAway(channel, connection, context, waitSeconds: wait)
                }
                context.audit.record("connect", ["connection": connection.id, "remote": remote,
                                                 "port": channel.remoteAddress?.port ?? 0])
                channel.closeFuture.whenComplete { _ in
                    var fields: [String: Any] = ["connection": connection.id, "remote": remote,
                                                 "seconds": SessionHandler.seconds(ContinuousClock.now - connection.started),
                                                 "bytes_sent": connection.bytesSent]
                    if let key = connection.key { fields["fingerprint"] = key.fingerprint; fields["comment"] = key.comment }
                    context.audit.record("disconnect", fields)
                }
                return channel.eventLoop.makeCompletedFuture {
                    let authenticator = KeyAuthenticator(connection: connection,
                                                         authorizedKeysPath: context.configuration.authorizedKeysPath,
                                                         admission: context.admission, audit: context.audit)
                    let handler = NIOSSHHandler(
                        role: .server(.init(hostKeys: [hostKey], userAuthDelegate: authenticator)),
                        allocator: channel.allocator,
                        inboundChildChannelInitializer: { child, type in
                            guard case .session = type else {
                                context.audit.record("refused", ["connection": connection.id, "what": "channel \(type)"])
                                return child.eventLoop.makeFailedFuture(ServeError("only sessions are offered"))
                            }
                            return child.eventLoop.makeCompletedFuture {
                                try child.pipeline.syncOperations.addHandler(
                                    SessionHandler(connection: connection, server: context))
                            }
                        })
                    try channel.pipeline.syncOperations.addHandlers([handler, CloseOnError()])
                }
            }
    }

    /// A source with too many failed attempts: one line before the SSH greeting (RFC 4253
    /// allows it; `ssh -v` shows it), then the connection is closed.
    private static func turnAway(_ channel: Channel, _ connection: Connection, _ context: ServerContext,
                                 waitSeconds: Int) -> EventLoopFuture<Void> {
        context.audit.record("connection_refused", ["connection": connection.id, "remote": connection.remoteAddress,
                                                    "reason": "too many failed authentications; retry in \(waitSeconds) s"])
        let line = "kejin serve: too many failed authentications from \(connection.remoteAddress); try again in \(waitSeconds) s\r\n"
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(SayAndClose(line: line))
        }
    }
}

/// Writes one line as soon as the connection is up, then closes it.
final class SayAndClose: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let line: String
    init(line: String) { self.line = line }

    func channelActive(context: ChannelHandlerContext) {
        let context = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.value.writeAndFlush(wrapOutboundOut(context.value.channel.allocator.buffer(string: line)))
            .whenComplete { _ in context.value.close(promise: nil) }
    }
}

/// A protocol error or a dropped socket ends that connection, nothing else.
final class CloseOnError: ChannelInboundHandler, Sendable {
    typealias InboundIn = Any
    func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
}
