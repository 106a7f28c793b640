"""Quality of the heads per task and per language, side by side with the peers, same texts.

    PYTHONPATH=src python benchmarks/nlp_quality.py [--heads DIR] [--sets dev,heldout] [--detail]

Data sets: ``dev`` = the shared dev files (``../shared/data``; the English intents sampled as in
``corpus.DEV_SAMPLE``), ``heldout`` = the project's own held-out examples (``nlp/data/*.heldout.txt``,
never trained on), ``unseen`` = the project's own examples in German, French and Spanish
(``benchmarks/data/unseen/*.txt``): languages with no training data at all, where the heads read
the overall centre and calibration — how far the models generalise, not a first-class figure.
For each task, language and set it prints macro-F1 of every system and the margin of the heads
over the best peer; ``--detail`` adds P/R/F1 per label. ``log-loss`` is the
label-balanced log-loss of postguard's probabilities (every label weighs the same, as in
training's calibration): lower is better calibrated, ln 2 = 0.693 is a coin for a binary task.
Embeddings are cached on disk (``POSTGUARD_CACHE_DIR``) so a second run takes seconds.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nlp_peers import ZeroShot, alt_profanity_check, glin_profanity  # noqa: E402

from postguard.nlp.corpus import own_examples, parse_own_file, shared_examples  # noqa: E402
from postguard.nlp.diskcache import DiskCachedEmbedder  # noqa: E402
from postguard.nlp.embedder import configured_embedder  # noqa: E402
from postguard.nlp.evaluate import Scores, format_table, score  # noqa: E402
from postguard.nlp.heads import load_heads  # noqa: E402


UNSEEN = Path(__file__).resolve().parent / "data" / "unseen"


def unseen_examples() -> list:
    """The project's own examples in languages the heads were never trained on (abuse, threat, sentiment)."""
    return [e for path in sorted(UNSEEN.glob("*.txt"))
            for e in parse_own_file(path.read_text(encoding="utf-8"), path.stem, path.name)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--heads", type=Path, default=None, help="heads directory (default: bundled)")
    parser.add_argument("--sets", default="dev,heldout")
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args()
    embedder = DiskCachedEmbedder(configured_embedder())
    headset = load_heads(args.heads, embedder.name)
    zero = ZeroShot(lambda texts: embedder.embed(texts))
    sets = {"dev": lambda: shared_examples("dev"), "heldout": lambda: own_examples("heldout"), "unseen": unseen_examples}
    summary = []
    for set_name in args.sets.split(","):
        examples = sets[set_name]()
        groups: dict[tuple[str, str], list] = {}
        for e in examples:
            groups.setdefault((e.task, e.lang), []).append(e)
        print(f"\n=== {set_name} ===")
        for (task, lang), rows in sorted(groups.items()):
            texts, langs, gold = [e.text for e in rows], [e.lang for e in rows], [e.label for e in rows]
            vectors = embedder.embed(texts)
            labels = headset.head(task).task.labels
            probs = headset.probabilities(task, vectors, langs, texts)
            systems: dict[str, list[str]] = {"postguard": [labels[i] for i in probs.argmax(axis=1)]}
            systems["zero-shot e5"] = zero.predict(task, vectors)
            if task == "abuse":
                systems["glin-profanity"] = glin_profanity(texts, langs)
                davidson = set_name == "dev" and lang == "en"
                if not davidson:  # alt-profanity-check was trained on the Davidson data
                    systems["alt-profanity-check"] = alt_profanity_check(texts)
            results = {name: score(task, lang, gold, pred) for name, pred in systems.items()}
            ours = results["postguard"].macro_f1
            peers = {n: s.macro_f1 for n, s in results.items() if n != "postguard"}
            best_name = max(peers, key=peers.get)
            counts = ", ".join(f"{l} {gold.count(l)}" for l in labels if gold.count(l))
            gold_index = np.array([labels.index(label) for label in gold])
            log_loss = np.mean([-np.log(np.clip(probs[gold_index == k, k], 1e-9, 1.0)).mean()
                                for k in np.unique(gold_index)])
            print(f"{task:<10} {lang:<3} n={len(rows):<5} postguard {ours:.3f} (log-loss {log_loss:.3f}) | " +
                  " | ".join(f"{n} {v:.3f}" for n, v in peers.items()) +
                  f" | margin over best peer {ours - peers[best_name]:+.3f}   [{counts}]")
            summary.append((set_name, task, lang, ours, best_name, peers[best_name]))
            if args.detail:
                print(format_table([results["postguard"]], "  postguard:"))
                print(format_table([results[best_name]], f"  {best_name}:"))
    print("\nmacro-F1 (postguard vs best peer) per set, task and language:")
    for set_name, task, lang, ours, peer, value in summary:
        print(f"  {set_name:<8} {task:<10} {lang}  {ours:.3f}  vs {value:.3f} ({peer})  {ours - value:+.3f}")


if __name__ == "__main__":
    main()
