"""Speed of the rules-only check: posts/s on one core, p50/p99 latency, cold start, peak RSS.

    .venv/bin/python benchmarks/check_speed.py [--per-language 500] [--repeats 3]

Targets (issue 2): >= 2,000 short posts/s on one core, p99 <= 5 ms, cold start <= 2 s,
peak RSS <= 500 MB. Throughput is given by the wall clock and per CPU second: on a busy
machine the second is the honest one-core figure (the first counts time the core spent on
other processes). Each figure is the median of the repeats, run in fresh processes
pinned to one core, on the bundled demo policy with model-based rules switched off.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

_WORKER = r"""
import json, os, resource, sys, time
t0 = time.perf_counter()
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
sys.path.insert(0, BENCH_DIR)
import postguard
from postguard.engine import check
from postguard.context import CheckContext
from postguard.policy.loader import default_policy
from postguard.rules.registry import all_rules
policy = default_policy()
policy = policy.model_copy(update={"rules": policy.rules.model_copy(update={"models": False})})  # rules only
check("Cold start: the first check of the process.", policy, CheckContext(language="en"))
cold = time.perf_counter() - t0
from corpus import corpus
posts = corpus(PER_LANGUAGE)
contexts = {lang: CheckContext(language=lang) for lang in ("en", "pl", "no", "sv", "he", "nl")}
model_codes = [r.code for r in all_rules() if getattr(r, "needs_model", False)]
if model_codes:
    policy = policy.model_copy(update={"rules": policy.rules.model_copy(update={"ignore": list(policy.rules.ignore) + model_codes})})
for lang, text in posts[:200]:
    check(text, policy, contexts[lang])
lat = []
findings = 0
start = time.perf_counter()
cpu_start = time.process_time()
for lang, text in posts:
    t = time.perf_counter_ns()
    findings += len(check(text, policy, contexts[lang]).findings)
    lat.append(time.perf_counter_ns() - t)
total = time.perf_counter() - start
cpu_total = time.process_time() - cpu_start
lat.sort()
detected = []
for lang, text in posts[:300]:
    t = time.perf_counter_ns()
    check(text, policy, CheckContext())
    detected.append(time.perf_counter_ns() - t)
detected.sort()
print(json.dumps({
    "posts": len(posts), "findings": findings, "cold_start_s": cold,
    "posts_per_s": len(posts) / total, "posts_per_cpu_s": len(posts) / cpu_total,
    "p50_ms": lat[len(lat) // 2] / 1e6, "p99_ms": lat[int(len(lat) * 0.99)] / 1e6,
    "p99_detect_ms": detected[int(len(detected) * 0.99)] / 1e6,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run_once(per_language: int) -> dict:
    code = _WORKER.replace("BENCH_DIR", repr(str(ROOT))).replace("PER_LANGUAGE", str(per_language))
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT.parent / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"benchmark worker failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-language", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    runs = [run_once(args.per_language) for _ in range(args.repeats)]
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    rows = [
        ("posts per run (6 languages)", f"{med['posts']:.0f}", ""),
        ("findings per run", f"{med['findings']:.0f}", ""),
        ("throughput, one core", f"{med['posts_per_s']:,.0f} posts/s", ">= 2,000"),
        ("throughput per CPU second (load-independent)", f"{med['posts_per_cpu_s']:,.0f} posts/s", ">= 2,000"),
        ("latency p50", f"{med['p50_ms']:.2f} ms", ""),
        ("latency p99", f"{med['p99_ms']:.2f} ms", "<= 5"),
        ("latency p99, language detected", f"{med['p99_detect_ms']:.2f} ms", ""),
        ("cold start (import, policy, first check)", f"{med['cold_start_s']:.2f} s", "<= 2"),
        ("peak RSS", f"{med['peak_rss_mb']:.0f} MB", "<= 500"),
    ]
    print(f"postguard check speed — median of {args.repeats} runs, rules only, demo policy; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, value, target in rows:
        print(f"  {name:<46} {value:>16}   {('target ' + target) if target else ''}")


if __name__ == "__main__":
    main()
