"""Load on a running ``postguard serve``: requests per second and p50/p99 latency.

Starts the server on loopback (SQLite in a temporary data directory; PostgreSQL in a
fresh schema when a server answers), creates a user and an API token with the CLI, then
drives ``POST /api/v1/checks`` and ``POST /api/v1/drafts`` with 1, 8 and 32 concurrent
clients (httpx, asyncio). Each run is bounded by a request count and a time limit.
Latency is measured at the client, per request, on the same machine as the server.

    PYTHONPATH=src python benchmarks/service_load.py                 # both backends
    PYTHONPATH=src python benchmarks/service_load.py --backends sqlite --clients 8 --requests 2000

Target (issue 4): rules-only check >= 400 checks/s and p99 <= 50 ms at 8 clients.
"""
from __future__ import annotations

import argparse
import asyncio
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
    def __init__(self, database_url: str | None, workers: int = 1):
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
        self.process = subprocess.Popen([sys.executable, "-m", "postguard", "serve", "--port", str(self.port),
                                         "--workers", str(self.workers)],
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


async def _drive(server: Server, endpoint: str, clients: int, requests: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    issued = 0
    headers = {"Authorization": f"Bearer {server.token}"}
    stop_at = 0.0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal issued, errors
        while issued < requests and time.perf_counter() < stop_at:
            issued += 1
            text = TEXTS[issued % len(TEXTS)]
            extra = {"Idempotency-Key": uuid.uuid4().hex} if endpoint == "drafts" else {}
            started = time.perf_counter()
            response = await client.post(f"/api/v1/{endpoint}", json={"text": text}, headers={**headers, **extra})
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 400:
                errors += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=30) as client:
        for text in TEXTS:  # warm-up: lazy resources load, connections open
            await client.post("/api/v1/checks", json={"text": text}, headers=headers)
        cpu_before = _cpu_seconds(server.process.pid)
        began = time.perf_counter()
        stop_at = began + seconds
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        elapsed = time.perf_counter() - began
    server_cpu = _cpu_seconds(server.process.pid) - cpu_before
    latencies.sort()
    if not latencies:
        raise SystemExit(f"no {endpoint} request completed within {seconds} s")
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        # Server CPU per request: comparable even when other processes load the machine.
        "cpu_ms": server_cpu / len(latencies) * 1000,
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--endpoints", default="checks,drafts")
    parser.add_argument("--requests", type=int, default=1500, help="per run (upper bound)")
    parser.add_argument("--workers", type=int, default=1, help="postguard serve --workers")
    parser.add_argument("--seconds", type=float, default=8.0, help="per run (upper bound)")
    args = parser.parse_args()
    print(f"server workers: {args.workers}")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other processes share them)")
    print(f"{'backend':9} {'endpoint':8} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>8} "
          f"{'p50 ms':>7} {'p99 ms':>7} {'srv cpu ms/req':>14}")
    for backend in args.backends.split(","):
        schema = None
        url = None
        if backend == "postgres":
            made = _postgres_schema()
            if made is None:
                continue
            schema, url = made
        try:
            with Server(url, args.workers) as server:
                for endpoint in args.endpoints.split(","):
                    for clients in (int(c) for c in args.clients.split(",")):
                        r = asyncio.run(_drive(server, endpoint, clients, args.requests, args.seconds))
                        print(f"{backend:9} {endpoint:8} {clients:7d} {r['requests']:8.0f} {r['errors']:6.0f} "
                              f"{r['rps']:8.1f} {r['p50_ms']:7.1f} {r['p99_ms']:7.1f} {r['cpu_ms']:14.2f}", flush=True)
        finally:
            if schema:
                _drop_schema(schema)


if __name__ == "__main__":
    main()
