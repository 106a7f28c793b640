"""Inbox triage: situation accuracy per language and triage throughput, with the keyword baseline.

    OMP_NUM_THREADS=1 PYTHONPATH=src /work/venv/bin/python benchmarks/inbound_triage.py [--repeats 3] [--messages 2000]

Accuracy, per language, per situation (precision / recall / F1 / support) and macro-F1 over
the situations present in that language's labelled set, on:
  * ``intent-en``: the English intent dev split in ``../shared/data/intent/en.dev.jsonl``
    (rows whose ``situation`` is not null; banking77, CLINC150, Bitext — mostly questions);
  * ``own-<lang>``: ``benchmarks/data/inbound_situations.jsonl``, 36 messages per language
    (3 per situation), the project's own, written for this benchmark and kept out of the
    pattern files. Small: one message moves a per-situation figure by up to 33 points.
The language triage uses is the detected one, as in production; its accuracy is printed too.

Throughput (median of the repeats, one process, one thread): messages/s for reading and
validating a JSONL import of ``--messages`` messages, for the classifier alone, for triage without the reply check, and for full triage (reply filled
and checked by the post checker), over the same texts cycled to ``--messages``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sklearn.metrics import precision_recall_fscore_support  # noqa: E402

from postguard.connectors.jsonl import read_jsonl  # noqa: E402
from postguard.inbound.message import InboundMessage  # noqa: E402
from postguard.inbound.model_situations import ModelSituationClassifier  # noqa: E402
from postguard.inbound.situations import KeywordSituationClassifier  # noqa: E402
from postguard.inbound.triage import Triage  # noqa: E402
from postguard.policy.loader import load_policy  # noqa: E402
from postguard.text.langid import detect_language  # noqa: E402

INTENT = ROOT.parent / "shared" / "data" / "intent" / "en.dev.jsonl"
if not INTENT.exists():
    INTENT = Path("/work/shared/data/intent/en.dev.jsonl")
OWN = ROOT / "benchmarks" / "data" / "inbound_situations.jsonl"
POLICY = ROOT / "tests" / "inbound" / "policy.yaml"


def load_sets() -> dict[str, list[tuple[str, str, str]]]:
    """name -> [(text, language, situation)]."""
    sets: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for line in INTENT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("situation"):
            sets["intent-en"].append((row["text"], "en", row["situation"]))
    for line in OWN.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sets[f"own-{row['lang']}"].append((row["text"], row["lang"], row["situation"]))
    return dict(sets)


def accuracy(name: str, rows: list[tuple[str, str, str]], classifier) -> float:
    gold, predicted, language_right = [], [], 0
    for text, language, situation in rows:
        detected, _ = detect_language(text)
        language_right += detected == language
        guess, _ = classifier.classify(text, detected)
        gold.append(situation)
        predicted.append(guess)
    labels = sorted(set(gold))
    p, r, f, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    macro = statistics.fmean(f)
    print(f"\n{name}: {len(rows)} messages, language detected right {language_right / len(rows):.1%}, "
          f"accuracy {sum(g == q for g, q in zip(gold, predicted)) / len(rows):.1%}, macro-F1 {macro:.3f}")
    print(f"  {'situation':<24}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for label, pi, ri, fi, n in zip(labels, p, r, f, support):
        print(f"  {label:<24}{pi:>7.2f}{ri:>7.2f}{fi:>7.2f}{n:>6}")
    return macro


def messages_for(rows: list[tuple[str, str, str]], count: int) -> list[InboundMessage]:
    out = []
    for index in range(count):
        text, _, _ = rows[index % len(rows)]
        out.append(InboundMessage(platform="facebook", external_id=str(index), author_handle="bench",
                                  author_name="Bench Mark", text=text, received_at="2026-11-24T10:00:00+01:00",
                                  arrived_at="official"))
    return out


def rate(function, items, repeats: int) -> float:
    figures = []
    for _ in range(repeats):
        start = time.perf_counter()
        for item in items:
            function(item)
        figures.append(len(items) / (time.perf_counter() - start))
    return statistics.median(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--classifier", choices=("keywords", "model", "both"), default="both",
                        help="keyword baseline, the trained model, or both side by side (default)")
    args = parser.parse_args()
    sets = load_sets()
    choices = {"keywords": KeywordSituationClassifier, "model": ModelSituationClassifier}
    names = list(choices) if args.classifier == "both" else [args.classifier]
    summary = {}
    for name in names:
        print(f"\nSituation accuracy, {name} (per language; macro-F1 over the situations in each set)")
        summary[name] = {set_name: accuracy(set_name, rows, choices[name]()) for set_name, rows in sorted(sets.items())}
    for name, macros in summary.items():
        print(f"\nmacro-F1 by set, {name}: " + ", ".join(f"{set_name} {value:.3f}" for set_name, value in macros.items()))
    classifier = choices[names[-1]]()

    policy = load_policy(POLICY)
    own = [row for name, rows in sorted(sets.items()) if name.startswith("own-") for row in rows]
    messages = messages_for(own, args.messages)
    with_check = Triage(policy, classifier)
    without_check = Triage(policy, classifier, run_check=False)
    for message in messages[:len(own)]:  # load the detector, every language's patterns and the rules untimed
        with_check(message)
        without_check(message)
    languages = [(m.text, detect_language(m.text)[0]) for m in messages]
    print(f"\nThroughput on {len(messages)} messages (six languages, median of {args.repeats}, one thread):")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "burst.jsonl"
        path.write_text("".join(m.model_dump_json() + "\n" for m in messages), encoding="utf-8")
        reads = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            assert len(read_jsonl(path)) == len(messages)
            reads.append(len(messages) / (time.perf_counter() - start))
    print(f"  JSONL import (parse+validate){statistics.median(reads):>8,.0f} messages/s")
    print(f"  classifier only            {rate(lambda pair: classifier.classify(*pair), languages, args.repeats):>9,.0f} messages/s")
    print(f"  triage, reply not checked  {rate(without_check, messages, args.repeats):>9,.0f} messages/s")
    print(f"  triage, reply checked      {rate(with_check, messages, args.repeats):>9,.0f} messages/s")


if __name__ == "__main__":
    main()
