import Foundation
import NIOCore
import NIOSSH

/// One SSH "session" channel: a pseudo-terminal request, then a shell request starts the
/// dashboard (a child process on its own pseudo-terminal); an exec request runs one of the
/// whitelisted read-only commands. Environment requests pass on LANG and LC_* only;
/// everything else (subsystems such as sftp, X11, agent forwarding) is refused.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = SSHChannelData

    private let connection: Connection
    private let server: ServerContext
    private var terminal: SSHChannelRequestEvent.PseudoTerminalRequest?
    private var locale: [String: String] = [:]
    private var child: ChildProcess?
    private var pump: OutputPump?
    private var slotFingerprint: String?
    private var started: ContinuousClock.Instant?
    private var bytesSent = 0
    private var lastInput = NIODeadline.now()
    private var idleTimer: Scheduled<Void>?
    private var channel: Channel?
    /// Set once the child has ended or the channel closed: the session is over.
    private var ended = false

    init(connection: Connection, server: ServerContext) {
        self.connection = connection
        self.server = server
    }

    func handlerAdded(context: ChannelHandlerContext) {
        channel = context.channel
        // The client may close its input (ssh < /dev/null) and still want the command's output.
        _ = context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .byteBuffer(let bytes) = message.data, case .channel = message.type else { return }
        lastInput = .now()
        guard let child, child.errorOutput == nil else { return }  // exec commands read no input
        let written = bytes.withUnsafeReadableBytes { write(child.output, $0.baseAddress, $0.count) }
        _ = written  // a key the terminal has no room for is dropped: the dashboard is not a text editor
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            terminal = request
            reply(context, request.wantReply, ok: true)
        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            let accepted = request.name == "LANG" || request.name.hasPrefix("LC_")
            if accepted { locale[request.name] = request.value }
            reply(context, request.wantReply, ok: accepted)
        case let request as SSHChannelRequestEvent.WindowChangeRequest:
            if let child, child.errorOutput == nil {
                ChildProcess.resize(child.output, width: request.terminalCharacterWidth, height: request.terminalRowHeight)
            }
        case let request as SSHChannelRequestEvent.ShellRequest:
            reply(context, request.wantReply, ok: true)
            startDashboard(context)
        case let request as SSHChannelRequestEvent.ExecRequest:
            reply(context, request.wantReply, ok: true)
            startExec(request.command, context)
        case let request as SSHChannelRequestEvent.SubsystemRequest:
            server.audit.record("refused", ["connection": connection.id, "what": "subsystem \(request.subsystem)"])
            reply(context, request.wantReply, ok: false)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        if let pump, !pump.hasExited { pump.hangUp() }  // the client went away: the dashboard gets its terminal's hang-up at once
        finishSession(exitStatus: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    // MARK: Starting

    private func startDashboard(_ context: ChannelHandlerContext) {
        guard let key = connection.key, child == nil else { return context.close(promise: nil) }
        guard let terminal else {
            return refuseAndClose(context, "kejin serve shows a live dashboard and needs a terminal.\n"
                + "Connect with: ssh -t -p \(server.port) HOST   (or run: ssh -p \(server.port) HOST report --format json)\n",
                                  audit: "no pseudo-terminal requested")
        }
        guard takeSlot(context, key: key) else { return }
        var arguments = [server.configuration.kejinExecutable, "dashboard", "--store", server.configuration.storePath]
        if let lang = key.language { arguments += ["--lang", lang] }
        if let theme = key.theme { arguments += ["--theme", theme] }
        if let region = key.region { arguments += ["--region-root", region] }
        if key.isOperator { arguments += ["--operator", "--acknowledger", key.identity, "--ack-log-fd", "3"] }
        if let lock = server.configuration.idleLock { arguments += ["--idle-lock", DurationText.format(lock)] }
        var environment = server.childEnvironment.merging(locale) { $1 }
        environment["TERM"] = terminal.term.isEmpty ? "xterm-256color" : terminal.term
        let width = terminal.terminalCharacterWidth, height = terminal.terminalRowHeight
        server.audit.record("session_start", ["connection": connection.id, "remote": connection.remoteAddress,
                                              "fingerprint": key.fingerprint, "comment": key.comment,
                                              "term": environment["TERM"]!, "width": width, "height": height,
                                              "lang": locale["LANG"] ?? locale["LC_ALL"] ?? ""])
        do {
            let child = try ChildProcess.onPseudoTerminal(arguments, environment: environment,
                                                          width: max(1, width), height: max(1, height),
                                                          notes: key.isOperator)
            run(child, context)
        } catch {
            refuseAndClose(context, "kejin serve: \(error)\n", audit: "\(error)")
        }
    }

    private func startExec(_ command: String, _ context: ChannelHandlerContext) {
        guard let key = connection.key, child == nil else { return context.close(promise: nil) }
        guard let arguments = ExecWhitelist.arguments(for: command, storePath: server.configuration.storePath, regionRoot: key.region) else {
            server.audit.record("exec_refused", ["connection": connection.id, "fingerprint": key.fingerprint,
                                                 "comment": key.comment, "command": command])
            return refuseAndClose(context, "kejin serve: \"\(command)\" is not allowed. "
                + "Commands: \(ExecWhitelist.summary)\n", audit: nil)
        }
        guard takeSlot(context, key: key) else { return }
        server.audit.record("exec", ["connection": connection.id, "fingerprint": key.fingerprint,
                                     "comment": key.comment, "command": command])
        do {
            let environment = server.childEnvironment.merging(locale) { $1 }
            run(try ChildProcess.withPipes([server.configuration.kejinExecutable] + arguments, environment: environment), context)
        } catch {
            refuseAndClose(context, "kejin serve: \(error)\n", audit: "\(error)")
        }
    }

    private func takeSlot(_ context: ChannelHandlerContext, key: AuthorizedKey) -> Bool {
        if let why = server.admission.openSession(fingerprint: key.fingerprint) {
            refuseAndClose(context, "kejin serve: \(why).\n", audit: why)
            return false
        }
        slotFingerprint = key.fingerprint
        started = .now
        server.register(self)
        return true
    }

    /// Relays the child's output to the channel from the pump's thread; when the child ends,
    /// sends its exit status and closes the channel.
    private func run(_ child: ChildProcess, _ context: ChannelHandlerContext) {
        self.child = child
        let channel = context.channel, loop = context.eventLoop
        let counter = NIOLoopBound(self, eventLoop: loop)
        let audit = server.audit, connectionID = connection.id, key = connection.key
        let pump = OutputPump(child: child, send: { stream, bytes in
            if stream == .notes {  // the dashboard's acknowledgements, one JSON object a line
                for line in bytes.split(separator: 0x0A) {
                    var fields = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] ?? [:]
                    fields["connection"] = connectionID
                    fields["fingerprint"] = key?.fingerprint
                    fields["comment"] = key?.comment
                    audit.record("acknowledge", fields)
                }
                return true
            }
            let data = SSHChannelData(type: stream == .standard ? .channel : .stdErr,
                                      data: .byteBuffer(channel.allocator.buffer(bytes: bytes)))
            loop.execute { counter.value.bytesSent += bytes.count }
            return (try? channel.writeAndFlush(data).wait()) != nil
        }, finished: { status in
            loop.execute {
                counter.value.finishSession(exitStatus: status)
                channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: status))
                    .whenComplete { _ in channel.close(promise: nil) }
            }
        })
        self.pump = pump
        pump.start()
        scheduleIdleCheck(loop)
    }

    // MARK: Ending

    /// Closes the session after `--idle-timeout` without input; re-arms itself while input comes.
    private func scheduleIdleCheck(_ loop: EventLoop) {
        guard let timeout = server.configuration.idleTimeout, child?.errorOutput == nil else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        let nanos = TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                                           + timeout.components.attoseconds / 1_000_000_000)
        idleTimer = loop.scheduleTask(deadline: lastInput + nanos) {
            let me = bound.value
            guard !me.ended else { return }
            if NIODeadline.now() >= me.lastInput + nanos {
                me.server.audit.record("idle_timeout", ["connection": me.connection.id])
                me.sayAndClose("\r\n\r\nkejin serve: no input for \(DurationText.format(timeout)); session closed.\r\n")
            } else {
                me.scheduleIdleCheck(loop)
            }
        }
    }

    /// Writes a last message to the client and ends the session (idle timeout, server stopping).
    func sayAndClose(_ text: String) {
        guard let channel, !ended else { return }
        let data = SSHChannelData(type: .channel, data: .byteBuffer(channel.allocator.buffer(string: text)))
        channel.writeAndFlush(data).whenComplete { _ in channel.close(promise: nil) }
    }

    private func refuseAndClose(_ context: ChannelHandlerContext, _ message: String, audit: String?) {
        if let audit { server.audit.record("session_refused", ["connection": connection.id, "reason": audit]) }
        let channel = context.channel
        let text = message.replacingOccurrences(of: "\n", with: "\r\n")
        let data = SSHChannelData(type: .stdErr, data: .byteBuffer(channel.allocator.buffer(string: text)))
        channel.writeAndFlush(data).flatMap {
            channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: 1))
        }.whenComplete { _ in channel.close(promise: nil) }
    }

    /// Records the end once (child ended or channel closed, whichever comes first) and frees the slot.
    private func finishSession(exitStatus: Int?) {
        guard !ended else { return }
        ended = true
        idleTimer?.cancel()
        connection.bytesSent += bytesSent
        guard let fingerprint = slotFingerprint, let started else { return }
        server.admission.closeSession(fingerprint: fingerprint)
        server.unregister(self)
        var fields: [String: Any] = ["connection": connection.id, "fingerprint": fingerprint,
                                     "seconds": Self.seconds(ContinuousClock.now - started), "bytes_sent": bytesSent]
        if let exitStatus { fields["exit_status"] = exitStatus } else { fields["reason"] = "client gone" }
        server.audit.record("session_end", fields)
    }

    private func reply(_ context: ChannelHandlerContext, _ wanted: Bool, ok: Bool) {
        guard wanted else { return }
        context.triggerUserOutboundEvent(ok ? ChannelSuccessEvent() as Any : ChannelFailureEvent() as Any, promise: nil)
    }

    static func seconds(_ d: Duration) -> Double {
        ((Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) * 1000).rounded() / 1000
    }
}
