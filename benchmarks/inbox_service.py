"""The inbox as a service, on SQLite and PostgreSQL: acceptance, and triage against raw embedding.

1. Acceptance (``POST /api/v1/inbound`` on a running ``postguard serve``, background worker
   off so the figure is the webhook alone): a burst of ``--burst`` messages in requests of
   ``--batch`` from ``--clients`` concurrent clients, then ``--singles`` one-message requests at
   each of ``--single-clients`` (the shape most integrations send; concurrent requests share
   the acceptor's group commit).
   Prints messages/s accepted (stored and committed when the 202 arrives) and the per-request
   p50/p99 latency measured at the client. Target (issue 5): >= 2,000 messages/s.
2. Triage end to end (in this process, the service's own ``TriageWorker`` with the trained
   model): ``--triage`` distinct messages accepted into a fresh database, then drained from
   ``pending`` to stored conversations (read, language, one embedding call per batch, all
   heads, triage, routing, replies, write). Side by side, the raw embedding throughput of the
   same texts (the embedding engine alone, batches of the worker's size, no cache). Target:
   triage >= 80 % of raw embedding.

    PYTHONPATH=src python benchmarks/inbox_service.py                    # both backends
    PYTHONPATH=src python benchmarks/inbox_service.py --backends sqlite --burst 2000 --triage 300

The machine is shared: figures move with the load (printed first); quote medians of runs.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.service_load import (PASSWORD, Server, _cli, _Connection, _cpu_seconds,  # noqa: E402
                                     _drop_schema, _postgres_schema)

OWN = ROOT / "benchmarks" / "data" / "inbound_situations.jsonl"
INTENT = Path("/work/shared/data/intent/en.dev.jsonl")
if not (ROOT.parent / "shared").exists() and not INTENT.exists():
    INTENT = ROOT.parent / "shared" / "data" / "intent" / "en.dev.jsonl"


def distinct_texts(count: int) -> list[str]:
    """The project's own messages in six languages first, then English intent texts; no repeats."""
    texts = [json.loads(line)["text"] for line in OWN.read_text(encoding="utf-8").splitlines() if line.strip()]
    if INTENT.exists():
        texts += [json.loads(line)["text"] for line in INTENT.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = list(dict.fromkeys(t for t in texts if t.strip()))
    if len(texts) < count:
        raise SystemExit(f"only {len(texts)} distinct texts available; ask for fewer")
    return texts[:count]


def record(text: str, number: int, tag: str) -> dict:
    return {"platform": "facebook", "external_id": f"{tag}-{number}", "thread_id": f"post-{number % 97}",
            "author_handle": f"customer{number % 1009}", "author_name": f"Customer {number % 1009}", "text": text,
            "received_at": "2026-11-24T10:00:00+01:00", "arrived_at": "official"}


def _request(port: int, token: str, body: list[dict]) -> bytes:
    payload = json.dumps(body).encode()
    return (f"POST /api/v1/inbound HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n").encode() + payload


async def _post_all(server: Server, token: str, bodies: list[list[dict]], clients: int) -> dict[str, float]:
    """Every body once, from ``clients`` keep-alive connections; the hand-written HTTP client of
    service_load.py (httpx spent more CPU per request than the server's whole acceptance)."""
    requests = [_request(server.port, token, body) for body in bodies]
    requests.reverse()
    latencies: list[float] = []
    sent = errors = 0
    connections = [await _Connection.open(server.port) for _ in range(clients)]

    async def worker(connection: _Connection) -> None:
        nonlocal sent, errors
        while requests:
            request = requests.pop()
            started = time.perf_counter()
            status, body = await connection.post(request)
            latencies.append(time.perf_counter() - started)
            if status != 202:
                errors += 1
            else:
                sent += json.loads(body)["accepted"]

    cpu_before = _cpu_seconds(server.process.pid)
    began = time.perf_counter()
    try:
        await asyncio.gather(*(worker(c) for c in connections))
    finally:
        for connection in connections:
            connection.close()
    elapsed = time.perf_counter() - began
    server_cpu = _cpu_seconds(server.process.pid) - cpu_before
    latencies.sort()
    return {"messages": sent, "errors": errors, "msgs_per_s": sent / elapsed,
            "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            # Comparable on a shared machine when the rate is not: the server's CPU per request.
            "cpu_ms": server_cpu / len(latencies) * 1000}


def acceptance(url: str | None, args: argparse.Namespace, pool: list[str]) -> list[tuple[str, dict]]:
    os.environ["POSTGUARD_INBOX_WORKER"] = "0"  # the server inherits it: measure the webhook alone
    try:
        with Server(url) as server:
            user = f"hook-{uuid.uuid4().hex[:6]}"
            _cli(server.env, "users", "create", user, "--role", "spokesperson", "--password-stdin", stdin=PASSWORD + "\n")
            token = _cli(server.env, "users", "token", user, "--name", "benchmark")
            warm = [[record(pool[0], 0, "warm")]]
            asyncio.run(_post_all(server, token, warm, 1))
            burst = [record(pool[i % len(pool)], i, "burst") for i in range(args.burst)]
            batches = [burst[i:i + args.batch] for i in range(0, len(burst), args.batch)]
            rows = [(f"batch {args.batch} c{args.clients}", asyncio.run(_post_all(server, token, batches, args.clients)))]
            number = 0
            for clients in (int(c) for c in args.single_clients.split(",")):
                singles = [[record(pool[i % len(pool)], i, "single")] for i in range(number, number + args.singles)]
                number += args.singles
                rows.append((f"single c{clients}", asyncio.run(_post_all(server, token, singles, clients))))
            again = asyncio.run(_post_all(server, token, batches[:10], args.clients))
            rows.append(("re-delivery", {**again, "note": "duplicates stored: 0" if again["messages"] == 0 else "DUPLICATES"}))
            return rows
    finally:
        os.environ.pop("POSTGUARD_INBOX_WORKER", None)


def triage_vs_embedding(url: str | None, texts: list[str], warm: list[str], batch: int) -> dict[str, float]:
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.inbound.message import InboundMessage
    from postguard.inbox.worker import TriageWorker
    from postguard.nlp.embedder import default_embedder
    from postguard.store.db import Database
    from postguard.store.inbox_accept import accept
    from postguard.store.setup import prepare

    with tempfile.TemporaryDirectory(prefix="pg-inbox-bench-") as folder:
        db = Database.from_url(url or f"sqlite:///{folder}/triage.db")
        prepare(db)
        # Each backend starts cold: texts embedded for an earlier backend must not come from the cache.
        default_embedder()._cache.clear()
        worker = TriageWorker(db, classifier="model", batch_size=batch)
        # Warm up outside the clock, as a running service is: the model, the heads, the language
        # detector, the parsed policy and the keyword data load on first use. Other texts than the measured.
        with db.writer() as session:
            accept(session, [InboundMessage.model_validate(record(t, i, "warm")) for i, t in enumerate(warm)],
                   actor=CLI_ACTOR, source="import")
            session.commit()
        worker.drain()
        worker.warm_up()  # what the service's worker thread loads when it starts: all six languages' patterns
        messages = [InboundMessage.model_validate(record(t, i, "triage")) for i, t in enumerate(texts)]
        with db.writer() as session:
            accept(session, messages, actor=CLI_ACTOR, source="import")
            session.commit()
        raw = default_embedder().inner  # the engine itself: no cache in front of it

        def embed_seconds() -> float:
            began = time.perf_counter()
            for start in range(0, len(texts), batch):
                raw.embed(texts[start:start + batch])
            return time.perf_counter() - began

        # Raw embedding before and after triage, averaged: the load of the shared machine drifts.
        before = embed_seconds()
        began = time.perf_counter()
        triaged = worker.drain()
        triage_s = time.perf_counter() - began
        embed_s = (before + embed_seconds()) / 2
        db.dispose()
    return {"messages": triaged, "triage_per_s": triaged / triage_s, "embed_per_s": len(texts) / embed_s,
            "ratio": (triaged / triage_s) / (len(texts) / embed_s)}


class _Skip(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--burst", type=int, default=10_000, help="messages in the batched burst")
    parser.add_argument("--batch", type=int, default=100, help="messages per request in the burst")
    parser.add_argument("--singles", type=int, default=1_000, help="one-message requests per client count")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients of the batched burst")
    parser.add_argument("--single-clients", default="1,8,32", help="client counts of the one-message rows")
    parser.add_argument("--triage", type=int, default=1_000, help="distinct messages triaged (and embedded raw)")
    parser.add_argument("--triage-batch", type=int, default=64)
    parser.add_argument("--parts", default="acceptance,triage", help="which measurements to run")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other processes share them)")
    pool = distinct_texts(max(args.triage + 24, 500))
    for backend in args.backends.split(","):
        schema = url = None
        if backend == "postgres":
            made = _postgres_schema()
            if made is None:
                continue
            schema, url = made
        try:
            if "acceptance" not in args.parts:
                raise _Skip
            print(f"\n[{backend}] acceptance, POST /api/v1/inbound (c = concurrent clients; server CPU per request)")
            print(f"{'requests':16} {'messages':>8} {'errors':>6} {'msgs/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'cpu ms':>7}")
            for name, r in acceptance(url, args, pool):
                print(f"{name:16} {r['messages']:8.0f} {r['errors']:6.0f} {r['msgs_per_s']:9.0f} {r['p50_ms']:8.1f} "
                      f"{r['p99_ms']:8.1f} {r['cpu_ms']:7.2f} {r.get('note', '')}", flush=True)
            print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)
        except _Skip:
            pass
        finally:
            if schema:
                _drop_schema(schema)
        if "triage" not in args.parts:
            continue
        schema = url = None
        if backend == "postgres":
            schema, url = _postgres_schema() or (None, None)
        try:
            r = triage_vs_embedding(url, pool[:args.triage], pool[args.triage:args.triage + 24], args.triage_batch)
            print(f"[{backend}] triage end to end: {r['messages']:.0f} distinct messages, {r['triage_per_s']:.1f} msgs/s; "
                  f"raw embedding of the same texts: {r['embed_per_s']:.1f} texts/s; triage/raw = {r['ratio']:.0%}",
                  flush=True)
        finally:
            if schema:
                _drop_schema(schema)


if __name__ == "__main__":
    main()
