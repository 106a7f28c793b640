"""Language identification: accuracy per language, postguard's detector vs plain lingua.

Labelled texts come from two places: the rule fixtures (short, realistic posts in all six
languages, with links, mentions and hashtags) and the shared dev data (sentiment/abuse
sets in en, pl, sv, he; there is no Norwegian or Dutch data). Each text is also cut to
its first five words to measure short posts. "plain lingua" is the same restricted
lingua detector without postguard's cleaning, Danish handling and thresholds.

Posts in other languages (``benchmarks/data/other_languages.jsonl``, the project's own: the
same kinds of post in German, French, Spanish, Italian, Portuguese, Danish, Finnish, Russian
and Arabic) measure the other direction: how many are named as the language they are (or,
in another script than Latin, tagged by it: ``und-Cyrl``), how many are forced into one of ours (the check would then run the wrong language's rules and
could say "OK to publish"), how many are left undecided. Clearly Danish text is named
"da"; Danish without Danish-only words is read as Norwegian on purpose.

    PYTHONPATH=src python benchmarks/langid_accuracy.py [--per-language 300]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from postguard.languages import LANGUAGES  # noqa: E402
from postguard.text import langid  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def fixture_texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "tests" / "rules" / "fixtures").glob("PG*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
        for language, cases in data.items():
            for case in cases:
                text = case if isinstance(case, str) else case["text"]
                out.append((language, text.replace("[[", "").replace("]]", "")))
    return out


def data_texts(per_language: int, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    for language in LANGUAGES:
        rows = []
        for path in sorted(DATA.glob(f"*/{language}.dev.jsonl")):
            rows += [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
        rng.shuffle(rows)
        out += [(language, text) for text in rows[:per_language]]
    return out


def plain_lingua(text: str) -> str | None:
    values = langid._detector().compute_language_confidence_values(text)
    if not values:
        return None
    code = values[0].language.iso_code_639_1.name.lower()
    return langid._LINGUA_TO_OURS.get(code)


def score(name: str, texts: list[tuple[str, str]], detect) -> None:
    print(f"\n{name}")
    print(f"  {'lang':4} {'n':>5} {'accuracy':>9} {'undecided':>9}")
    for language in LANGUAGES:
        subset = [t for lang, t in texts if lang == language]
        if not subset:
            print(f"  {language:4} {0:5d} {'-':>9} {'-':>9}")
            continue
        guesses = [detect(t) for t in subset]
        right = sum(g == language for g in guesses)
        undecided = sum(g is None for g in guesses)
        print(f"  {language:4} {len(subset):5d} {right / len(subset):9.3f} {undecided / len(subset):9.3f}")


def other_languages() -> None:
    rows = [json.loads(line) for line in (ROOT / "benchmarks" / "data" / "other_languages.jsonl").open(encoding="utf-8")]
    print("\nposts in other languages — postguard")
    print(f"  {'lang':4} {'n':>5} {'named':>7} {'script':>7} {'as ours':>8} {'undecided':>9}")
    for language in dict.fromkeys(row["language"] for row in rows):
        found = [langid.identify(row["text"]) for row in rows if row["language"] == language]
        named = sum(f.other == language for f in found)
        script = sum((f.other or "").startswith("und-") for f in found)  # told by its letters: und-Cyrl
        ours = sum(f.language is not None for f in found)
        print(f"  {language:4} {len(found):5d} {named:7d} {script:7d} {ours:8d} {len(found) - named - script - ours:9d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-language", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    langid._detector()
    sets = {
        "rule fixtures (short posts)": fixture_texts(),
        "shared dev data": data_texts(args.per_language, rng),
    }
    sets["shared dev data, first five words"] = [(lang, " ".join(t.split()[:5])) for lang, t in sets["shared dev data"]]
    for set_name, texts in sets.items():
        started = time.perf_counter()
        score(f"{set_name} — postguard", texts, lambda t: langid.detect_language(t)[0])
        elapsed = time.perf_counter() - started
        score(f"{set_name} — plain lingua", texts, plain_lingua)
        print(f"  postguard: {len(texts) / elapsed:,.0f} texts/s")
    other_languages()


if __name__ == "__main__":
    main()
