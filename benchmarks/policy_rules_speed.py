"""Speed of the policy-term rule families with a policy that names things to look for.

    python benchmarks/policy_rules_speed.py [--per-language 300] [--repeats 3]

The demo policy may name few terms; this runs the same six-language corpus as
``check_speed.py`` against ``tests/rules/fixture_policy.yaml`` (confidential projects,
embargoed products, internal tools, routines, competitors, e-mail and advocacy settings)
and prints, per run in a fresh process pinned to one core (median of the repeats):
the whole rules-only check, the policy families alone (PG1xx, PG5xx, PG6xx, PG8xx, PG9xx)
and the term matcher by itself (build per policy, cost per post).
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
import json, os, sys, time
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
sys.path.insert(0, BENCH_DIR)
from corpus import corpus
from postguard.engine import check
from postguard.context import CheckContext
from postguard.policy.loader import load_policy
from postguard.rules.registry import all_rules
from postguard.text.terms import policy_terms
policy = load_policy(POLICY)
model_codes = [r.code for r in all_rules() if getattr(r, "needs_model", False)]
everything = policy.model_copy(update={"rules": policy.rules.model_copy(update={"ignore": model_codes})})
families = policy.model_copy(update={"rules": policy.rules.model_copy(update={"select": ["PG1", "PG5", "PG6", "PG8", "PG9"]})})
posts = corpus(PER_LANGUAGE)
contexts = {lang: CheckContext(language=lang) for lang in ("en", "pl", "no", "sv", "he", "nl")}

def timed(pol):
    for lang, text in posts[:200]:
        check(text, pol, contexts[lang])
    lat = []
    for lang, text in posts:
        t = time.perf_counter_ns()
        check(text, pol, contexts[lang])
        lat.append(time.perf_counter_ns() - t)
    lat.sort()
    return len(posts) / (sum(lat) / 1e9), lat[len(lat) // 2] / 1e6, lat[int(len(lat) * 0.99)] / 1e6

t = time.perf_counter()
fresh = policy.model_copy()
matcher = policy_terms(fresh)
build_ms = (time.perf_counter() - t) * 1e3
t = time.perf_counter_ns()
hits = sum(len(matcher.find(text, lang)) for lang, text in posts)
term_us = (time.perf_counter_ns() - t) / len(posts) / 1e3
all_rate, all_p50, all_p99 = timed(everything)
fam_rate, fam_p50, fam_p99 = timed(families)
print(json.dumps({"posts": len(posts), "variants": len(matcher), "term_hits": hits, "build_ms": build_ms,
                  "term_us": term_us, "all_rate": all_rate, "all_p50": all_p50, "all_p99": all_p99,
                  "fam_rate": fam_rate, "fam_p50": fam_p50, "fam_p99": fam_p99}))
"""


def run_once(per_language: int, policy: Path) -> dict:
    code = (_WORKER.replace("BENCH_DIR", repr(str(ROOT))).replace("PER_LANGUAGE", str(per_language))
            .replace("POLICY", repr(str(policy))))
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT.parent / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"benchmark worker failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-language", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--policy", type=Path, default=ROOT.parent / "tests" / "rules" / "fixture_policy.yaml")
    args = parser.parse_args()
    runs = [run_once(args.per_language, args.policy) for _ in range(args.repeats)]
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    rows = [
        ("posts per run (6 languages)", f"{med['posts']:.0f}"),
        ("term spellings in the policy", f"{med['variants']:.0f}"),
        ("term matches in the corpus", f"{med['term_hits']:.0f}"),
        ("term matcher: build once per policy", f"{med['build_ms']:.1f} ms"),
        ("term matcher: per post", f"{med['term_us']:.1f} µs"),
        ("policy families alone: throughput", f"{med['fam_rate']:,.0f} posts/s"),
        ("policy families alone: p50 / p99", f"{med['fam_p50']:.3f} / {med['fam_p99']:.3f} ms"),
        ("whole check (rules only): throughput", f"{med['all_rate']:,.0f} posts/s"),
        ("whole check (rules only): p50 / p99", f"{med['all_p50']:.3f} / {med['all_p99']:.3f} ms"),
    ]
    print(f"policy-term families — median of {args.repeats} runs, one core, {args.policy.name}")
    for name, value in rows:
        print(f"  {name:<40} {value:>20}")


if __name__ == "__main__":
    main()
