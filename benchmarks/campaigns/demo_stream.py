"""Write the demo company's comment stream (``src/postguard/demo/campaign.jsonl``) with this generator.

    PYTHONPATH=src:. python -m benchmarks.campaigns.demo_stream

A small slice of the benchmark's world (real multilingual background texts, Zipf-like users,
pages with regulars) with two hater campaigns in progress (Hebrew and English with this seed). The file is
committed so ``postguard demo`` needs neither the benchmark nor ``../shared/data``; re-running
with the same seed writes the same file.
"""
from __future__ import annotations

import json
from pathlib import Path

from .generate import Config, generate

OUT = Path(__file__).resolve().parents[2] / "src" / "postguard" / "demo" / "campaign.jsonl"
SEED = 1


def main() -> None:
    config = Config(days=20, threads_per_day=16, users=1200, pages=40, mean_comments=6.0, group_sizes=(8, 6),
                    pile_on_share=0.01)
    stream = generate(SEED, config)
    with OUT.open("w", encoding="utf-8") as out:
        for comment in stream.comments:
            out.write(json.dumps(comment.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    for truth in stream.campaigns:
        print(f"campaign {truth.language}: leader {truth.leader}, {len(truth.members)} members, {len(truth.waves)} waves")
    print(f"{len(stream.comments)} comments -> {OUT}")


if __name__ == "__main__":
    main()
