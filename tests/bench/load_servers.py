"""The servers of the check-in load test (tests/bench/load.py): gunicorn with the repo's
gunicorn.conf.py on free loopback ports, haproxy in front of two or more, or the whole stack of
deploy/stack.sh (haproxy, gunicorns, PgBouncer, the replica, the task worker); and the CPU each
used.
"""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def servers(count: int):
    """gunicorn x `count` on free loopback ports (behind haproxy when more than one): the
    port to send to, and the processes."""
    with tempfile.NamedTemporaryFile(
        "w+", prefix="bench-load-", suffix=".log", delete=False
    ) as log:
        procs = []
        try:
            ports = [free_port() for _ in range(count)]
            procs += [_gunicorn(port, log) for port in ports]
            front = ports[0] if count == 1 else free_port()
            if count > 1:
                config = Path(log.name).with_suffix(".haproxy.cfg")
                config.write_text(_haproxy_config(front, ports))
                procs.append(subprocess.Popen(["haproxy", "-db", "-f", str(config)], stdout=log))
            for port in {*ports, front}:
                wait_ready(port, procs, log.name)
            yield front, procs
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


class _Started:
    """A process the stack script started (from its pid file), as CpuMeter sees processes."""

    def __init__(self, pid: int, name: str):
        self.pid, self.args = pid, [name]


@contextmanager
def stack():
    """deploy/stack.sh start on this bench's database (STACK_DB), the stack's own ports and
    directory from the environment; stopped afterwards unless BENCH_LOAD_KEEP_STACK=1. The port
    to send to (haproxy), and the processes: the gunicorn masters, haproxy, PgBouncer."""
    script = ROOT / "deploy" / "stack.sh"
    env = os.environ | {"STACK_DB": connection.settings_dict["NAME"], "PY": sys.executable}
    home = Path(env.get("STACK_DIR") or f"/tmp/wfa-stack-{ROOT.name}")
    try:
        subprocess.run([script, "start"], env=env, check=True, stdout=sys.stderr)
        pids = {"pgbouncer": home / "pgbouncer" / "pgbouncer.pid"}
        pids |= {"haproxy": home / "portal" / "haproxy.pid"}
        pids |= {f"gunicorn{i}": p for i, p in enumerate(sorted(home.glob("portal/app*.pid")))}
        procs = [_Started(int(path.read_text()), name) for name, path in pids.items()]
        port = int(env.get("STACK_HTTP_PORT") or 8140)
        wait_ready(port, [], str(home))
        yield port, procs
    finally:
        if not os.environ.get("BENCH_LOAD_KEEP_STACK"):
            subprocess.run([script, "stop"], env=env, check=False, stdout=sys.stderr)


def _gunicorn(port: int, log):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wfa_portal.wsgi"],
        cwd=ROOT,
        env=os.environ | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=log,
    )


def _haproxy_config(front: int, ports: list[int]) -> str:
    servers = "\n".join(f"  server app{i} 127.0.0.1:{port}" for i, port in enumerate(ports))
    return (
        "global\n  maxconn 4096\n"
        "defaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n"
        "  timeout server 60s\n"
        f"frontend portal\n  bind 127.0.0.1:{front}\n  default_backend app\n"
        f"backend app\n  balance roundrobin\n{servers}\n"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(port: int, procs, log_name: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if any(proc.poll() is not None for proc in procs):
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/masuk/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
        finally:
            conn.close()
    raise SystemExit(f"load: server on port {port} did not start; see {log_name}")


class CpuMeter:
    """CPU seconds used, while it runs, by the app servers (gunicorn masters and workers), the
    balancer and this database's PostgreSQL backends: what the check-ins cost, whatever else
    runs on the machine. Sampled twice a second, so a backend that closes during the run (its
    connection reached CONN_MAX_AGE) still counts, and one that opens counts from its start."""

    def __init__(self, procs):
        self.procs = procs
        self.first, self.last = {}, {}  # (kind, pid) -> CPU seconds
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self._sample(initial=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self._sample()

    def totals(self) -> dict[str, float]:
        sums = dict.fromkeys(("app", "db", "balancer", "pooler"), 0.0)
        for (kind, pid), seconds in self.last.items():
            sums[kind] += seconds - self.first.get((kind, pid), 0.0)
        return sums

    def _loop(self):
        try:
            while not self.stop.wait(0.5):
                self._sample()
        finally:
            connection.close()  # this thread's own connection

    def _sample(self, initial=False):
        for kind, pids in self._pids().items():
            for pid in pids:
                seconds = _seconds([pid])
                if initial:
                    self.first[(kind, pid)] = seconds
                self.last[(kind, pid)] = max(seconds, self.last.get((kind, pid), 0.0))

    def _pids(self) -> dict[str, list[int]]:
        gunicorns = [p.pid for p in self.procs if p.args[0] not in ("haproxy", "pgbouncer")]
        app = gunicorns + [pid for pid, parent in _parents().items() if parent in gunicorns]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            backends = [pid for (pid,) in cursor.fetchall()]
        balancer = [p.pid for p in self.procs if p.args[0] == "haproxy"]
        pooler = [p.pid for p in self.procs if p.args[0] == "pgbouncer"]
        return {"app": app, "db": backends, "balancer": balancer, "pooler": pooler}


def _parents() -> dict[int, int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
    return parents


def _seconds(pids) -> float:
    """User + system CPU of the processes, from /proc (utime and stime, in clock ticks)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def gunicorn_shape() -> str:
    """workers x threads as gunicorn.conf.py computes them in this environment."""
    namespace = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own file
    return f"{namespace['workers']} workers x {namespace['threads']} threads"
