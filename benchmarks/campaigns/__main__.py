"""Benchmark of campaign detection: ``python -m benchmarks.campaigns [--seeds 5] [--days 60]``.

Per seed: one stream with three injected campaigns (groups of 5, 10 and 20 accounts, each
with a leader, in a random language of the six), run through postguard's detector and
incident book and through coordination-network-toolkit. Prints account-level precision,
recall and F1 with the leader included, leaders found, share of waves detected, the wave of
the first alert, false incidents per 10,000 ordinary threads per month, throughput and peak
memory — median and worst across seeds, per group size and per language.

Run from the repository root with ``PYTHONPATH=src``.
"""
from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import time
import tracemalloc

from postguard.campaigns.detector import CampaignDetector
from postguard.campaigns.incidents import IncidentBook
from postguard.campaigns.settings import DetectorSettings
from postguard.policy.loader import default_policy

from .generate import Config, generate, load_paraphrases, load_texts
from .metrics import Alert, SeedResult, median_worst, prf, score_detector, score_flags
from .peer import run_peer


def run_detector(stream, policy) -> tuple[list, list[Alert], float]:
    detector = CampaignDetector(DetectorSettings.from_policy(policy))
    book = IncidentBook(policy)
    alerts: list[Alert] = []
    # CPU time of this process: the cost on one core, whatever else shares the machine.
    started = time.process_time()
    for comment in stream.comments:
        for evidence in detector.process(comment):
            result = book.apply(evidence)
            if result and result[1]:
                alerts.append(Alert(result[0].id, comment.at))
    for evidence in detector.flush():
        result = book.apply(evidence)
        if result and result[1]:
            alerts.append(Alert(result[0].id, stream.comments[-1].at))
    return book.store.all(), alerts, time.process_time() - started


def peak_memory_mb(stream, policy) -> float:
    """Peak memory allocated by the detector and incident book (tracemalloc, a separate run)."""
    tracemalloc.start()
    run_detector(stream, policy)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def run_seed(seed: int, args, texts, paraphrases, policy) -> SeedResult:
    config = Config(days=args.days, threads_per_day=args.threads_per_day)
    stream = generate(seed, config, texts, paraphrases)
    # The whole stream is pre-generated here; a real one is read line by line. Freezing keeps
    # the collector from re-scanning these 150k objects, which a real run would never hold.
    gc.collect()
    gc.freeze()
    incidents, alerts, seconds = run_detector(stream, policy)
    memory = peak_memory_mb(stream, policy) if args.memory else None
    scored = score_detector(stream, incidents, alerts)
    result = SeedResult(seed, len(stream.comments), seconds, memory, scored["precision"], len(scored["flagged"]),
                        scored["false_incidents"], scored["false_per_10k_threads_month"], scored["per_group"],
                        scored["per_language"])
    if args.peer:
        peer = run_peer(stream.comments, args.peer_window, with_similar=seed in args.peer_similar_seeds)
        for method in ("co_reply", "co_similar"):
            if method in peer:
                result.peers[method] = {**score_flags(stream, peer[method]), "seconds": peer[f"{method}_seconds"]}
    gc.unfreeze()
    line = (f"seed {seed}: {len(stream.comments):,} comments, {stream.ordinary_threads:,} ordinary threads, "
            f"{result.throughput:,.0f} comments/s, precision {result.precision:.3f}, false incidents {result.false_incidents}")
    for size, g in sorted(result.per_group.items()):
        line += (f"\n  group {size:>2} ({g['language']}): recall {g['recall']:.3f} of {g['accounts']} accounts, "
                 f"leader {'found' if g['leader'] else 'MISSED'}, waves {g['waves_found']:.0%} of {g['waves']}, "
                 f"first alert at wave {g['first_alert_wave']}")
    for method, m in result.peers.items():
        line += (f"\n  peer {method}: precision {m['precision']:.3f} recall {m['recall']:.3f} "
                 f"leaders {m['leaders']:.2f} ({m['seconds']:.1f} s)")
    print(line, flush=True)
    return result


def summary(results: list[SeedResult]) -> None:
    print("\n== postguard campaign detector: median / worst across", len(results), "seeds ==")
    print(f"throughput (comments per CPU second, detector + incidents, one core): {median_worst([r.throughput for r in results])}")
    if results[0].peak_memory_mb is not None:
        print(f"peak memory of detector + incidents (MB, tracemalloc): {median_worst([r.peak_memory_mb for r in results], max)}")
    print(f"peak RSS of the whole benchmark process (MB): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    print(f"false incidents per 10,000 ordinary threads per month: {median_worst([r.false_per_10k_threads_month for r in results], max)}")
    print(f"account precision (whole stream): {median_worst([r.precision for r in results])}")
    print("per group size (leader included):")
    for size in sorted(results[0].per_group):
        rows = [r.per_group[size] for r in results]
        f1s = [prf_from(r, size) for r in results]
        print(f"  {size:>2}: recall {median_worst([g['recall'] for g in rows])}  F1 {median_worst(f1s)}  "
              f"leaders found {sum(g['leader'] for g in rows):.0f}/{len(rows)}  "
              f"waves detected {median_worst([g['waves_found'] for g in rows])}  "
              f"first alert wave {median_worst([g['first_alert_wave'] for g in rows], max)}")
    print("per language (accounts, all seeds pooled; background accounts count as false positives in their language):")
    pooled: dict[str, dict[str, int]] = {}
    for r in results:
        for lang, row in r.per_language.items():
            acc = pooled.setdefault(lang, {"tp": 0, "fp": 0, "fn": 0})
            for k in acc:
                acc[k] += row[k]
    for lang, row in sorted(pooled.items()):
        p, rec, f = prf(row["tp"], row["fp"], row["fn"])
        print(f"  {lang}: precision {p:.3f} recall {rec:.3f} F1 {f:.3f} (tp {row['tp']}, fp {row['fp']}, fn {row['fn']})")
    methods = sorted({m for r in results for m in r.peers})
    if methods:
        print("== coordination-network-toolkit on the same streams (median / worst) ==")
        for method in methods:
            rows = [r.peers[method] for r in results if method in r.peers]
            print(f"  {method} ({len(rows)} seeds): precision {median_worst([m['precision'] for m in rows])}  "
                  f"recall {median_worst([m['recall'] for m in rows])}  F1 {median_worst([m['f1'] for m in rows])}  "
                  f"leaders {median_worst([m['leaders'] for m in rows])}  seconds {median_worst([m['seconds'] for m in rows], max)}")


def prf_from(result: SeedResult, size: int) -> float:
    """F1 of one campaign: its recall with the stream's precision (false accounts are not per campaign)."""
    recall = result.per_group[size]["recall"]
    p = result.precision
    return 2 * p * recall / (p + recall) if p + recall else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.campaigns", description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="number of random seeds (1..N)")
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--threads-per-day", type=int, default=300)
    parser.add_argument("--no-peer", dest="peer", action="store_false", help="skip coordination-network-toolkit")
    parser.add_argument("--peer-window", type=float, default=3600.0, help="peer time window, seconds")
    parser.add_argument("--peer-similar-seeds", type=int, default=2,
                        help="run the (slow, quadratic) co_similar peer on this many seeds")
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="skip the tracemalloc run")
    args = parser.parse_args()
    args.peer_similar_seeds = set(range(1, args.peer_similar_seeds + 1))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    texts, paraphrases, policy = load_texts(), load_paraphrases(), default_policy()
    results = [run_seed(seed, args, texts, paraphrases, policy) for seed in range(1, args.seeds + 1)]
    summary(results)


if __name__ == "__main__":
    main()
