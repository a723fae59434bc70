#!/usr/bin/env python3
"""kejin serve under load: N concurrent sessions from OpenSSH's ssh on loopback.

Measures what issue 11 asks: each session's first full frame after its authentication, an
import reaching every session, CPU and bytes with nothing changing, and memory of the server
and of a session's dashboard. Everything stays on 127.0.0.1 in a temporary directory; only
processes this script started are signalled.

    swift build -c release
    Sources/KejinServe/bench/serve_bench.py --sessions 50            # ~90 s
    Sources/KejinServe/bench/serve_bench.py --sessions 5 --idle 10   # a quick look
"""
import argparse, datetime, fcntl, os, re, selectors, shutil, signal, struct, subprocess, sys, tempfile, termios, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))


def cpu_seconds(pid):
    """utime + stime of one process, in seconds."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def rss_mib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pss_mib(pid):
    """Proportional set size: shared pages (the binary, libraries) divided among their users."""
    try:
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid):
    found = set()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            found |= {int(p) for p in open(f"/proc/{pid}/task/{tid}/children").read().split()}
        except OSError:
            pass
    return sorted(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--idle", type=float, default=60, help="seconds of the idle window (default 60)")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--binary", help="kejin binary (default: .build/release/kejin, else .build/debug/kejin)")
    args = parser.parse_args()
    binary = args.binary or next(p for p in [f"{ROOT}/.build/release/kejin", f"{ROOT}/.build/debug/kejin"] if os.path.exists(p))
    width, height = (int(x) for x in args.size.split("x"))
    work = tempfile.mkdtemp(prefix="kejin-serve-bench-")
    server = None
    clients = []
    try:
        # Keys: one per session, so the audit log's auth time can be matched to each client.
        lines = []
        for i in range(args.sessions):
            key = f"{work}/k{i}"
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"s{i}", "-f", key], check=True)
            lines.append(open(key + ".pub").read().strip())
        open(f"{work}/authorized_keys", "w").write("\n".join(lines) + "\n")
        store = f"{work}/kejin.sqlite"
        subprocess.run([binary, "demo", "--store", store], check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        audit = f"{work}/audit.log"
        server = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--store", store,
                                   "--authorized-keys", f"{work}/authorized_keys", "--host-key", f"{work}/host_key",
                                   "--audit-log", audit, "--max-sessions", str(args.sessions + 10),
                                   "--idle-lock", "off", "--idle-timeout", "off"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        port = None
        while port is None:
            line = server.stdout.readline()
            if not line:
                sys.exit("the server did not start")
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            port = m and int(m.group(1))

        # Clients: OpenSSH's ssh on a pseudo-terminal of the given size, LANG sent along.
        selector = selectors.DefaultSelector()
        env = dict(os.environ, LANG="C.UTF-8", TERM="xterm-256color")
        for i in range(args.sessions):
            master, slave = os.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
            proc = subprocess.Popen(["ssh", "-tt", "-F", "/dev/null", "-i", f"{work}/k{i}", "-p", str(port),
                                     "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                                     "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
                                     "-o", "SendEnv=LANG", "127.0.0.1"],
                                    stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
            os.close(slave)
            os.set_blocking(master, False)
            client = {"i": i, "proc": proc, "master": master, "text": "", "bytes": 0, "frame": None, "update": None}
            clients.append(client)
            selector.register(master, selectors.EVENT_READ, client)

        def pump(until, stop=lambda: False):
            while time.time() < until and not stop():
                for key, _ in selector.select(timeout=0.05):
                    c = key.data
                    try:
                        data = os.read(c["master"], 65536)
                    except (BlockingIOError, OSError):
                        continue
                    now = time.time()
                    c["bytes"] += len(data)
                    if b"\x1b[6n" in data:  # the dashboard's width probe: answer as a narrow terminal would
                        os.write(c["master"], b"\x1b[1;2R")
                    if c["frame"] is None:
                        c["text"] += data.decode("utf-8", "replace")
                        if "退出" in c["text"]:  # the status line, drawn last
                            c["frame"] = now
                            c["text"] = ""
                    elif c.get("watch") and c["update"] is None:
                        c["update"] = now

        pump(time.time() + 60, lambda: all(c["frame"] for c in clients))
        auth = {}
        for line in open(audit):
            m = re.search(r'"comment":"s(\d+)".*"event":"auth_accepted".*"time":"([^"]+)"', line)
            if m:
                auth[int(m.group(1))] = datetime.datetime.fromisoformat(m.group(2).replace("Z", "+00:00")).timestamp()
        after_auth = sorted(c["frame"] - auth[c["i"]] for c in clients if c["frame"] and c["i"] in auth)
        shown = sum(1 for c in clients if c["frame"])

        # An import of one new month: every session follows the latest period.
        pump(time.time() + 3)
        loans = open(f"{ROOT}/Sources/KejinStore/Resources/demo/loans.csv").read().split("\n")
        csv = f"{work}/loan_balances-2025-06.csv"
        open(csv, "w").write(f"loan,period,balance_yuan\n{loans[1].split(',')[0]},2025-06,1000000\n")
        for c in clients:
            c["watch"] = True
        started = time.time()
        subprocess.run([binary, "import", "--store", store, csv], check=True, stdout=subprocess.DEVNULL)
        committed = time.time()
        pump(time.time() + 10, lambda: all(c["update"] for c in clients))
        updates = sorted(c["update"] - committed for c in clients if c["update"])

        # Nothing changing: CPU of the server and every session's dashboard, bytes to each client.
        pump(time.time() + 3)
        tree = [server.pid] + children(server.pid)
        cpu0 = {p: cpu_seconds(p) for p in tree}
        bytes0 = [c["bytes"] for c in clients]
        t0 = time.time()
        pump(t0 + args.idle)
        elapsed = time.time() - t0
        server_cpu = cpu_seconds(server.pid) - cpu0[server.pid]
        session_cpu = sum(cpu_seconds(p) - cpu0[p] for p in tree[1:])
        rates = [(c["bytes"] - b) / elapsed for c, b in zip(clients, bytes0)]
        dashboards = [rss_mib(p) for p in tree[1:]]
        shares = [pss_mib(p) for p in tree[1:]]

        def pct(values, q):
            return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

        per60 = 60 / elapsed
        rows = [
            ("sessions with a first frame", f"{shown} / {args.sessions}", "all"),
            ("first frame after auth: median / p95 / max", f"{pct(after_auth, .5):.3f} / {pct(after_auth, .95):.3f} / {max(after_auth or [0]):.3f} s", "≤ 1 s"),
            ("import seen after commit: median / max", f"{pct(updates, .5):.3f} / {max(updates or [0]):.3f} s ({len(updates)}/{args.sessions}; import took {committed - started:.2f} s)", "≤ 2 s"),
            ("idle CPU, server + sessions, per 60 s", f"{(server_cpu + session_cpu) * per60:.2f} CPU-s (server {server_cpu * per60:.2f}, sessions {session_cpu * per60:.2f})", "≤ 1.5"),
            ("idle bytes/s per session: mean / max", f"{sum(rates) / len(rates):.1f} / {max(rates):.1f} B/s", "≤ 30"),
            ("memory: server RSS", f"{rss_mib(server.pid):.1f} MiB", ""),
            ("memory: one session's dashboard RSS mean / max, PSS mean", f"{sum(dashboards) / max(1, len(dashboards)):.1f} / {max(dashboards or [0]):.1f} MiB, {sum(shares) / max(1, len(shares)):.1f} MiB ({len(dashboards)} running)", ""),
        ]
        print(f"kejin serve, {args.sessions} sessions at {width}x{height}, idle window {elapsed:.0f} s, {os.path.basename(os.path.dirname(binary))} build")
        print(f"| measure | value | target |\n|---|---|---|")
        for name, value, target in rows:
            print(f"| {name} | {value} | {target} |")
    finally:
        for c in clients:
            if c["proc"].poll() is None:
                c["proc"].kill()
            c["proc"].wait()
            os.close(c["master"])
        if server and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
