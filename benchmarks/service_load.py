"""Load on a running ``postguard serve``: requests per second and p50/p99 latency.

Starts the server on loopback (SQLite in a temporary data directory; PostgreSQL in a
fresh schema when a server answers), creates a user and an API token with the CLI, then
drives ``POST /api/v1/checks`` (rules only: ``"models": false``; ``checks+models`` runs the
model-based rules too) and ``POST /api/v1/drafts`` (each with a new Idempotency-Key) with 1, 8
and 32 concurrent keep-alive connections. The client is this process, separate from the
server's; it speaks HTTP/1.1 by hand so that it costs far less CPU than the server (both CPU
figures are printed, from /proc and ``time.process_time``). Each row warms up, then runs
``--repeats`` times, bounded by a request count and a time limit, and prints the medians.
Latency is measured at the client, per request. The machine's load (``uptime``) is printed
before and after each backend: on a shared machine compare the CPU per request first.

    PYTHONPATH=src python benchmarks/service_load.py                 # both backends
    PYTHONPATH=src python benchmarks/service_load.py --backends sqlite --endpoints checks --clients 8

Target (issue 4): rules-only check >= 400 checks/s and p99 <= 50 ms at 8 clients.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("POSTGUARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "benchmark password"

#: Drafts in the six languages, clean and with findings, as employees write them.
TEXTS = [
    "Proud of our team today: the new solar park in Finnmark is delivering power to 4,000 homes!",
    "Dumni z zespołu: nowa farma wiatrowa dostarcza prąd do 4000 domów. #energia #praca",
    "Stolt av teamet i dag! Den nye solparken leverer strøm til 4000 hjem. #nordlys",
    "Stolt över teamet idag! Den nya solparken levererar el till 4000 hem.",
    "גאה בצוות שלנו היום: חוות השמש החדשה מספקת חשמל ל-4,000 בתים!",
    "Trots op ons team: het nieuwe zonnepark levert stroom aan 4.000 huizen! #a #b #c #d #e #f #g",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, "-m", "postguard", *args], env=env, input=stdin, text=True,
                          capture_output=True, check=False)
    if done.returncode:
        raise SystemExit(f"postguard {' '.join(args)} failed: {done.stderr}")
    return done.stdout.strip()


class Server:
    def __init__(self, database_url: str | None, workers: int = 0):
        self.workers = workers
        self.dir = tempfile.TemporaryDirectory(prefix="pg-bench-")
        self.port = _free_port()
        self.env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "POSTGUARD_DATA_DIR": self.dir.name,
                    "OMP_NUM_THREADS": "1"}
        if database_url:
            self.env["POSTGUARD_DATABASE_URL"] = database_url
        else:
            self.env.pop("POSTGUARD_DATABASE_URL", None)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        _cli(self.env, "db", "upgrade")
        user = f"bench-{uuid.uuid4().hex[:6]}"
        _cli(self.env, "users", "create", user, "--role", "employee", "--password-stdin", stdin=PASSWORD + "\n")
        self.token = _cli(self.env, "users", "token", user, "--name", "benchmark")
        workers = ["--workers", str(self.workers)] if self.workers else []
        self.process = subprocess.Popen([sys.executable, "-m", "postguard", "serve", "--port", str(self.port), *workers],
                                        env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 180  # start-up warms the language models (seconds on a busy machine)
        while True:
            try:
                httpx.get(f"{self.url}/openapi.json", timeout=2)
                return self
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("postguard serve did not start")
                time.sleep(0.2)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.dir.cleanup()


class _Connection:
    """One keep-alive HTTP/1.1 connection, written by hand.

    A general client (httpx) spends more CPU per request than the server's whole check, and on
    a 2-core machine the load generator would then measure itself. This one only writes a
    prepared request and reads the status line, the headers and a Content-Length body.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "_Connection":
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def post(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = None
        for line in head.split(b"\r\n")[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length is None:
            raise SystemExit(f"the server answered without Content-Length: {head[:200]!r}")
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


def _request(port: int, token: str, endpoint: str, number: int) -> bytes:
    text = TEXTS[number % len(TEXTS)]
    path, payload, extra = "/api/v1/checks", {"text": text, "models": False}, ""
    if endpoint == "checks+models":
        payload = {"text": text}
    elif endpoint == "drafts":
        path, payload, extra = "/api/v1/drafts", {"text": text}, f"Idempotency-Key: {uuid.uuid4().hex}\r\n"
    body = json.dumps(payload).encode()
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n").encode() + body


async def _drive(server: Server, endpoint: str, clients: int, requests: int, seconds: float,
                 warm_up: float) -> dict[str, float]:
    """Warm up for ``warm_up`` seconds, then measure one run of ``clients`` concurrent connections."""
    connections = [await _Connection.open(server.port) for _ in range(clients)]
    latencies: list[float] = []
    errors = 0
    issued = 0

    async def run(connection: _Connection, limit: int, until: float, record: bool) -> None:
        nonlocal issued, errors
        while issued < limit and time.perf_counter() < until:
            issued += 1
            request = _request(server.port, server.token, endpoint, issued)
            started = time.perf_counter()
            status, body = await connection.post(request)
            if record:
                latencies.append(time.perf_counter() - started)
                if status >= 400:
                    errors += 1
                    if errors == 1:
                        print(f"  first error: {status} {body[:300]!r}", file=sys.stderr)

    try:
        await asyncio.gather(*(run(c, 10**9, time.perf_counter() + warm_up, False) for c in connections))
        issued = 0
        cpu_before, client_before = _cpu_seconds(server.process.pid), time.process_time()
        began = time.perf_counter()
        await asyncio.gather(*(run(c, requests, began + seconds, True) for c in connections))
        elapsed = time.perf_counter() - began
        server_cpu = _cpu_seconds(server.process.pid) - cpu_before
        client_cpu = time.process_time() - client_before
    finally:
        for connection in connections:
            connection.close()
    latencies.sort()
    if not latencies:
        raise SystemExit(f"no {endpoint} request completed within {seconds} s")
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        # CPU per request: comparable even when other processes load the machine.
        "cpu_ms": server_cpu / len(latencies) * 1000,
        "client_cpu_ms": client_cpu / len(latencies) * 1000,
    }


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its worker processes (Linux /proc), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


def _postgres_schema() -> tuple[str, str] | None:
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(PG_URL)
        schema = f"postguard_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                             dbname=url.database, connect_timeout=3, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in PG_URL else "?"
        return schema, f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"; say why and go on
        print(f"postgres: skipped ({type(exc).__name__}: {exc})")
        return None


def _drop_schema(schema: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                         dbname=url.database, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return f"load average {os.getloadavg()[0]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--endpoints", default="checks,drafts",
                        help="checks (rules only, the target), checks+models (with the model-based rules), drafts")
    parser.add_argument("--requests", type=int, default=3000, help="per measured run (upper bound)")
    parser.add_argument("--seconds", type=float, default=5.0, help="per measured run (upper bound)")
    parser.add_argument("--warm-up", type=float, default=1.0, help="seconds of the same load before each run")
    parser.add_argument("--repeats", type=int, default=3, help="runs per row; the row shows their medians")
    parser.add_argument("--workers", type=int, default=0, help="postguard serve --workers (0: its default, one per core)")
    args = parser.parse_args()
    try:
        import uvloop  # the client's own event loop costs less CPU per request with uvloop

        uvloop.install()
    except ImportError:
        pass
    print(f"server workers: {args.workers or f'{os.cpu_count()} (one per core)'}; client: one separate process, "
          f"hand-written HTTP/1.1 keep-alive; {args.repeats} runs of <= {args.seconds:g} s after {args.warm_up:g} s "
          "warm-up; medians")
    print(f"{'backend':9} {'endpoint':13} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>8} "
          f"{'p50 ms':>7} {'p99 ms':>7} {'srv cpu ms/req':>14} {'client cpu ms/req':>17}")
    for backend in args.backends.split(","):
        schema = None
        url = None
        if backend == "postgres":
            made = _postgres_schema()
            if made is None:
                continue
            schema, url = made
        print(f"# {backend}: before: {_uptime()}", flush=True)
        try:
            with Server(url, args.workers) as server:
                for endpoint in args.endpoints.split(","):
                    for clients in (int(c) for c in args.clients.split(",")):
                        runs = [asyncio.run(_drive(server, endpoint, clients, args.requests, args.seconds,
                                                   args.warm_up)) for _ in range(args.repeats)]
                        r = _median_run(runs)
                        print(f"{backend:9} {endpoint:13} {clients:7d} {r['requests']:8.0f} {r['errors']:6.0f} "
                              f"{r['rps']:8.1f} {r['p50_ms']:7.1f} {r['p99_ms']:7.1f} {r['cpu_ms']:14.2f} "
                              f"{r['client_cpu_ms']:17.2f}", flush=True)
        finally:
            if schema:
                _drop_schema(schema)
        print(f"# {backend}: after:  {_uptime()}", flush=True)


if __name__ == "__main__":
    main()
