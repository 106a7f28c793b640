"""Advocacy speed targets (issue 8): the ``/r/<code>`` redirect, and reports over a year of data.

1. Redirect: ``postguard serve`` on loopback (SQLite in a temporary data directory, or
   PostgreSQL in a fresh schema), 40 real shares made through the store, then keep-alive
   clients (raw HTTP/1.1 over asyncio streams: an HTTP library would be the bottleneck on this
   machine) follow the shares' links as fast as the server answers. Latency is per request at
   the client; afterwards the stored clicks are counted: every one must be there.
2. Reports: a database with a year of activity for 10,000 employees (built with bulk inserts:
   shares every other week, daily click counts, imported engagement, then ``advocacy_daily``
   computed from them as the migration does), then each report (per campaign, team, employee,
   week) over the whole year, timed.

    PYTHONPATH=src python -m benchmarks.advocacy                        # both parts, SQLite
    PYTHONPATH=src python -m benchmarks.advocacy --part redirect --clients 32 --requests 20000
    PYTHONPATH=src python -m benchmarks.advocacy --backend postgres     # POSTGUARD_TEST_POSTGRES_URL

Targets: >= 2,000 clicks/s with p99 <= 20 ms on loopback, every click counted; a report over
a year for 10,000 employees in <= 1 s.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("POSTGUARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


@contextmanager
def database_url(backend: str) -> Iterator[tuple[str, Path]]:
    """A fresh database: a SQLite file in a temporary directory, or a PostgreSQL schema."""
    with tempfile.TemporaryDirectory(prefix="pg-adv-bench-") as folder:
        if backend == "sqlite":
            yield f"sqlite:///{folder}/postguard.db", Path(folder)
            return
        from postguard.store.db import make_engine

        schema = f"advbench_{uuid.uuid4().hex[:8]}"
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in PG_URL else "?"
        try:
            yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}", Path(folder)
        finally:
            with admin.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()


# --- 1. the redirect --------------------------------------------------------------------------

def make_shares(url: str, count: int) -> list[str]:
    """``count`` shares through the store (checked like any share); returns their link paths."""
    from postguard.advocacy.content import ContentItem
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.store import advocacy, people
    from postguard.store.db import Database
    from postguard.store.setup import prepare

    db = Database.from_url(url)
    prepare(db)
    items, per_item = [], 10
    with db.writer() as session:
        users = [people.actor_of(people.create_user(session, actor=CLI_ACTOR, username=f"adv{n:04d}", role="employee",
                                                    password=None, passwords=None)) for n in range(per_item)]
        for n in range(count // per_item):
            row = advocacy.create_content(session, actor=CLI_ACTOR, item=ContentItem(
                id=f"bench-{n}", campaign=f"Campaign {n % 5}", texts={"en": f"Our solar park number {n} is live! #GreenerNorth"},
                link=f"https://nordlys.example/park/{n}", hashtags=("#GreenerNorth",)))
            row.status = "approved"
            items.append(row.id)
        session.commit()
    paths = []
    for item_id in items:
        for actor in users:
            share = advocacy.share_item(db, actor=actor, item_id=item_id, channel="linkedin", base_url="http://x/").share
            paths.append(f"/r/{share.link.code}")
    db.dispose()
    return paths


async def _client(host: str, port: int, paths: list[str], count: int, latencies: list[float], offset: int) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for n in range(count):
            path = paths[(offset + n) % len(paths)]
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {AGENT}\r\n\r\n".encode())
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if not status.startswith(b"HTTP/1.1 302"):
                raise SystemExit(f"{path}: unexpected answer {status!r}")
    finally:
        writer.close()


async def _load(port: int, paths: list[str], clients: int, requests: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    per_client = requests // clients
    started = time.perf_counter()
    await asyncio.gather(*(_client("127.0.0.1", port, paths, per_client, latencies, i * 7) for i in range(clients)))
    return time.perf_counter() - started, latencies


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_redirect(backend: str, clients: int, requests: int, workers: int) -> bool:
    from sqlalchemy import func, select

    from postguard.store.advocacy_models import AdvocacyDaily, LinkClick, LinkClicksDaily
    from postguard.store.db import Database

    with database_url(backend) as (url, folder):
        paths = make_shares(url, 40)
        port = _free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "POSTGUARD_DATA_DIR": str(folder),
               "POSTGUARD_DATABASE_URL": url, "POSTGUARD_WARM_UP": "false", "OMP_NUM_THREADS": "1"}
        server = subprocess.Popen([sys.executable, "-m", "postguard", "serve", "--port", str(port), "--workers",
                                   str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(port)
            asyncio.run(_load(port, paths, clients, clients * 20))  # warm the code cache and the connections
            cpu_before = _cpu_seconds(server.pid)
            elapsed, latencies = asyncio.run(_load(port, paths, clients, requests))
            cpu = _cpu_seconds(server.pid) - cpu_before
        finally:
            server.terminate()
            server.wait(timeout=30)
        db = Database.from_url(url)
        with db.reader() as session:
            stored = session.scalar(select(func.count()).select_from(LinkClick))
            daily = session.scalar(select(func.sum(LinkClicksDaily.clicks)))
            reported = session.scalar(select(func.sum(AdvocacyDaily.clicks)))  # what reports read
        db.dispose()
    sent = len(latencies) + clients * 20
    rate = len(latencies) / elapsed
    p50, p99 = _percentile(latencies, 0.5) * 1000, _percentile(latencies, 0.99) * 1000
    ok = rate >= 2000 and p99 <= 20 and stored == sent == daily == reported
    print(f"redirect [{backend}, {workers} worker(s), {clients} clients]: {len(latencies)} clicks in {elapsed:.2f} s = "
          f"{rate:,.0f} clicks/s; p50 {p50:.1f} ms, p99 {p99:.1f} ms; stored {stored} of {sent} sent "
          f"(daily counts {daily}, in reports {reported}) -> {'meets' if ok else 'MISSES'} the target (>= 2,000/s, p99 <= 20 ms, all counted)")
    # On a shared machine the wall-clock rate says as much about the neighbours as about the
    # server: the server's own CPU time per click is the figure that carries over.
    print(f"  server CPU: {cpu:.2f} s for {len(latencies)} clicks = {cpu / len(latencies) * 1e6:.0f} µs per click, "
          f"{len(latencies) / cpu:,.0f} clicks per CPU-second; machine load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    return ok


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process and its children (uvicorn workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _process_cpu(pid: int | None) -> float:
    """User + system CPU seconds of one process (0 without one), from /proc."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/r/0000000000", timeout=2)
        except urllib.error.HTTPError:
            return  # 404 from the app: it is up
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit("the server did not start within 120 s")


# --- 2. reports over a year -------------------------------------------------------------------

def build_year(url: str, employees: int, seed: int = 8) -> dict[str, int]:
    """A year of activity: every employee shares every other week; clicks on the three days after
    each share; engagement for each share. Bulk inserts (this builds data, it does not measure)."""
    from sqlalchemy import insert

    from postguard.store import advocacy_daily
    from postguard.store.advocacy_models import AdvocateProfile, ContentItem, Engagement, LinkClicksDaily, Share
    from postguard.store.db import Database
    from postguard.store.models import User
    from postguard.store.setup import prepare

    rng = random.Random(seed)
    db = Database.from_url(url)
    prepare(db)
    start = datetime(2025, 11, 24, 9, tzinfo=timezone.utc)
    teams = [f"team-{n:02d}" for n in range(40)]
    counts = {"shares": 0, "click_days": 0, "engagement": 0, "daily": 0}
    with db.writer() as session:
        session.execute(insert(User), [{"id": 10_000 + n, "username": f"e{n:05d}", "display_name": f"E {n}", "role": "employee",
                                        "language": "en", "is_active": True, "created_at": start, "updated_at": start}
                                       for n in range(employees)])
        session.execute(insert(AdvocateProfile), [{"user_id": 10_000 + n, "team": teams[n % len(teams)],
                                                   "leaderboard_opt_out": False, "updated_at": start} for n in range(employees)])
        session.execute(insert(ContentItem), [{"id": week + 1, "key": f"w{week}", "campaign": f"Campaign {week // 4}",
                                               "texts": {"en": "x"}, "media": [], "hashtags": [], "teams": [],
                                               "status": "approved", "created_at": start} for week in range(52)])
        share_id = 0
        for week in range(0, 52, 2):
            shares, clicks, engaged = [], [], []
            for n in range(employees):
                share_id += 1
                at = start + timedelta(weeks=week, hours=rng.randint(0, 100))
                url = f"https://www.linkedin.com/posts/{share_id}"
                shares.append({"id": share_id, "item_id": week + 1, "user_id": 10_000 + n, "team": teams[n % len(teams)],
                               "channel": "linkedin", "language": "en", "text": "x", "verdict": "pass", "report": {},
                               "policy_version": 1, "post_url": url, "created_at": at})
                for day in range(3):
                    clicks.append({"share_id": share_id, "day": at.date() + timedelta(days=day),
                                   "clicks": rng.randint(0, 9), "bot_clicks": rng.randint(0, 2)})
                engaged.append({"post_url": url, "day": at.date() + timedelta(days=1), "likes": rng.randint(0, 40),
                                "comments": rng.randint(0, 5), "reshares": rng.randint(0, 3),
                                "impressions": rng.randint(50, 3000), "source": "bench", "imported_at": at})
            session.execute(insert(Share), shares)
            session.execute(insert(LinkClicksDaily), clicks)
            session.execute(insert(Engagement), engaged)
            counts["shares"] += len(shares)
            counts["click_days"] += len(clicks)
            counts["engagement"] += len(engaged)
        # What the running service keeps as it goes (and migration 0006 fills): the per-share-day
        # table reports read, computed here from the rows just inserted.
        counts["daily"] = advocacy_daily.rebuild(session.connection())
        session.commit()
    if not db.is_sqlite:
        # Fresh planner statistics, as autovacuum keeps on a running PostgreSQL (committed: ANALYZE
        # in a transaction that rolls back leaves none). A SQLite database of the service has no
        # statistics (nothing runs ANALYZE on it), so the SQLite figure is measured without.
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    db.dispose()
    return counts


def bench_reports(backend: str, employees: int) -> bool:
    from sqlalchemy import text

    from postguard.auth.permissions import CLI_ACTOR
    from postguard.store import advocacy_metrics
    from postguard.store.db import Database

    ok = True
    with database_url(backend) as (url, _folder):
        started = time.perf_counter()
        counts = build_year(url, employees)
        print(f"reports [{backend}]: a year for {employees:,} employees: {counts['shares']:,} shares, "
              f"{counts['click_days']:,} daily click counts, {counts['engagement']:,} engagement rows, "
              f"{counts['daily']:,} rows of advocacy_daily "
              f"(built in {time.perf_counter() - started:.0f} s)")
        db = Database.from_url(url)
        for by in advocacy_metrics.DIMENSIONS:
            timings, cpu = [], []
            for _ in range(3):
                with db.reader() as session:
                    # PostgreSQL does the grouping in its own server process: its CPU time counts too.
                    backend_pid = None if db.is_sqlite else session.execute(text("SELECT pg_backend_pid()")).scalar()
                    server_before = _process_cpu(backend_pid)
                    began, began_cpu = time.perf_counter(), time.process_time()
                    rows = advocacy_metrics.report(session, actor=CLI_ACTOR, by=by, since=date(2025, 11, 24),
                                                   until=date(2026, 11, 30))
                    timings.append(time.perf_counter() - began)
                    cpu.append(time.process_time() - began_cpu + _process_cpu(backend_pid) - server_before)
            best, worst, median = min(timings), max(timings), statistics.median(timings)
            ok &= worst <= 1.0
            # SQLite runs inside this process, so its CPU time is what the report costs on a core
            # of its own; on a shared machine the wall time adds the neighbours' share. With
            # PostgreSQL the server process's CPU is added, but not that of the parallel workers
            # it may start for the scan (they are gone when the query ends): a lower bound.
            print(f"  by {by:<8} {len(rows):>6,} rows: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms, worst "
                  f"{worst * 1000:.0f} ms of 3 (CPU median {statistics.median(cpu) * 1000:.0f} ms"
                  f"{'' if db.is_sqlite else ' without parallel workers'}; "
                  f"load average {os.getloadavg()[0]:.1f}) "
                  f"-> {'meets' if worst <= 1.0 else 'MISSES'} the 1 s target")
        db.dispose()
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("redirect", "reports", "both"), default="both")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--employees", type=int, default=10_000)
    args = parser.parse_args(argv)
    ok = True
    if args.part in ("redirect", "both"):
        ok &= bench_redirect(args.backend, args.clients, args.requests, args.workers)
    if args.part in ("reports", "both"):
        ok &= bench_reports(args.backend, args.employees)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
