"""Cost of the policy itself: loading the demo policy, and rendering its handbook.

    PYTHONPATH=src python benchmarks/policy_load.py [--repeats 7]

Prints the median over the repeats (one process, pinned to one core) of: parsing the demo
policy with positions (ruamel round-trip), the whole load (parse, upgrade, schema,
cross-checks), and rendering the handbook per language and format. The load is part of
every cold start (``check_speed.py`` measures the cold start as a whole).
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

from postguard.languages import LANGUAGES
from postguard.policy.loader import DEMO_POLICY, bundled_text, check_policy_text, parse_yaml
from postguard.policy.render import FORMATS, render_handbook


def _median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="runs per figure; the median is printed")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    text = bundled_text(DEMO_POLICY)
    policy = check_policy_text(text, DEMO_POLICY).policy  # warm imports and the rule registry
    print(f"demo policy: {len(text.encode()) / 1024:.0f} KiB, {text.count(chr(10))} lines, repeats={args.repeats}")
    print(f"parse with positions   {_median_ms(lambda: parse_yaml(text, DEMO_POLICY), args.repeats):8.1f} ms (median)")
    print(f"load (parse+validate)  {_median_ms(lambda: check_policy_text(text, DEMO_POLICY), args.repeats):8.1f} ms (median)")
    for fmt in FORMATS:
        for language in LANGUAGES:
            ms = _median_ms(lambda: render_handbook(policy, language, fmt), args.repeats)
            print(f"handbook {fmt:<4} {language}       {ms:8.1f} ms (median)")


if __name__ == "__main__":
    main()
