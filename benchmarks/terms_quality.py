"""Does term matching find the policy's names in inflected forms, and only them?

    python benchmarks/terms_quality.py

Scores ``postguard.text.terms`` against a baseline that finds each spelling in the policy
(name, aliases, translations) as a whole word, case-insensitively — what a plain keyword
list would do. The sentences (``benchmarks/data/term_mentions.tsv``, the project's own)
use inflected forms (Polish cases, Hebrew prefix letters, Nordic definite suffixes, Dutch
and English plurals and genitives) and near misses (Sokółka, falconer, natten, Valkenburg).
Prints precision, recall and F1 per language for both, counted over (sentence, name) pairs.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from postguard.policy.loader import load_policy  # noqa: E402
from postguard.text.terms import SENSITIVE_KINDS, policy_terms, term_surfaces  # noqa: E402

LANGUAGES = ("en", "pl", "no", "sv", "he", "nl")


def cases():
    for line in (ROOT / "data" / "term_mentions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, names, text = line.split("\t")
        yield language, set() if names == "-" else set(names.split("|")), text


def baseline(policy):
    patterns = []
    for section in SENSITIVE_KINDS.values():
        for term in getattr(policy.sensitive, section):
            for surface in term_surfaces(term):
                patterns.append((term.name, re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)", re.IGNORECASE)))
    return lambda text, language: {name for name, pattern in patterns if pattern.search(text)}


def score(found_by, data):
    rows = {}
    for language in LANGUAGES:
        tp = fp = fn = 0
        for lang, expected, text in data:
            if lang != language:
                continue
            found = found_by(text, lang)
            tp += len(found & expected)
            fp += len(found - expected)
            fn += len(expected - found)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows[language] = (precision, recall, f1, tp + fn)
    return rows


def main() -> None:
    policy = load_policy(ROOT.parent / "tests" / "rules" / "fixture_policy.yaml")
    matcher = policy_terms(policy)
    data = list(cases())
    ours = score(lambda text, lang: {m.entry.name for m in matcher.find(text, lang)}, data)
    plain = score(baseline(policy), data)
    print(f"term matching on {len(data)} sentences — precision / recall / F1 per language")
    print(f"  {'lang':<5} {'mentions':>8}   {'postguard.text.terms':<24} {'whole-word baseline':<24}")
    for language in LANGUAGES:
        p, r, f, n = ours[language]
        bp, br, bf, _ = plain[language]
        print(f"  {language:<5} {n:>8}   {p:5.2f} / {r:4.2f} / {f:4.2f}       {bp:5.2f} / {br:4.2f} / {bf:4.2f}")


if __name__ == "__main__":
    main()
